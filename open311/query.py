"""GET requests' parameters read into a Search, or a 400 naming what is wrong.

As GeoReport v2 says: `service_request_id` (a comma list) overrides the other
filters; `start_date` and `end_date` (W3C date and time, or a date) bound the
requested time and may not span more than 90 days, the most recent 90 days when
neither is given; `status` and `service_code` take comma lists. Pages are
`page` (from 1) and `page_size` (at most MAX_PAGE_SIZE).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from .errors import ApiError
from .selectors import OTHER_SERVICE, Search

MAX_SPAN = dt.timedelta(days=90)
PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
MAX_PAGE = 1000
STATUSES = {"open", "closed"}


def _list(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def parse_moment(name: str, value: str, *, end: bool = False) -> dt.datetime:
    """A W3C date and time (2026-11-20T08:00:00+07:00, …Z); without an offset it is
    Vietnam's time, and a date alone is its first moment (its last for end_date)."""
    value = value.strip()
    moment = None
    try:
        # A date alone first: parse_datetime would read it as its midnight.
        day = parse_date(value) if len(value) == 10 else None
        if day is not None:
            moment = dt.datetime.combine(day, dt.time.max if end else dt.time.min)
        else:
            moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None:
        raise ApiError(400, _("%(parameter)s: write a W3C date and time, e.g. 2026-11-20T08:00:00+07:00.")
                       % {"parameter": name})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _number(params, name: str, default: int, maximum: int) -> int:
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise ApiError(400, _("%(parameter)s: a whole number from 1 to %(maximum)s.")
                       % {"parameter": name, "maximum": maximum})
    return int(raw)


def _period(params) -> tuple[dt.datetime, dt.datetime]:
    start_raw, end_raw = (params.get("start_date") or "").strip(), (params.get("end_date") or "").strip()
    start = parse_moment("start_date", start_raw) if start_raw else None
    end = parse_moment("end_date", end_raw, end=True) if end_raw else None
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = end - MAX_SPAN
    if end is None:
        end = start + MAX_SPAN
    if end < start:
        raise ApiError(400, _("end_date: earlier than start_date."))
    if end - start > MAX_SPAN:
        raise ApiError(400, _("start_date, end_date: at most 90 days apart."))
    return start, end


def search(params, organization_id: int | None) -> Search:
    page_size = _number(params, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
    page = _number(params, "page", 1, MAX_PAGE)
    codes = _list(params.get("service_request_id"))
    if len(codes) > MAX_PAGE_SIZE:
        raise ApiError(400, _("service_request_id: at most %(maximum)s codes at once.") % {"maximum": MAX_PAGE_SIZE})
    statuses = {s.lower() for s in _list(params.get("status"))}
    if statuses - STATUSES:
        raise ApiError(400, _("status: open, closed or both (open,closed)."))
    services = _list(params.get("service_code"))
    fields = [s for s in services if s != OTHER_SERVICE]
    if any(not s.isdigit() or len(s) > 18 for s in fields):
        raise ApiError(400, _("service_code: the codes of services.json, separated by commas."))
    start, end = _period(params)
    if codes:
        return Search(start=start, end=end, codes=tuple(codes), organization_id=organization_id, limit=MAX_PAGE_SIZE)
    return Search(
        start=start, end=end, organization_id=organization_id, fields=tuple(int(s) for s in fields),
        other=OTHER_SERVICE in services, statuses=frozenset(statuses), offset=(page - 1) * page_size, limit=page_size,
    )
