"""A read-only status API for one petition by its tracking code, with the
Open311 GeoReport v2 field names where they fit
(https://wiki.open311.org/GeoReport_v2/#get-service-request).

Like the public page it is built from the petition's public columns and public
events only (two queries), answers an array of one request, and gives an
unknown code and a code that may not be looked up the same 404.
"""

import datetime as dt

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import EventKind, PetitionStatus
from .public_views import public_events, public_petition
from dialogue.ratelimit import rate_limited

CLOSED = (PetitionStatus.RESOLVED, PetitionStatus.REFERRED)


def _iso(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _end_of_day(day: dt.date | None) -> str | None:
    if day is None:
        return None
    return _iso(timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59))))


def _error(status: int, description: str) -> JsonResponse:
    return JsonResponse([{"code": status, "description": description}], status=status, safe=False)


@never_cache
@rate_limited("api", json=True)
@require_GET
def request_status(request, code):
    return _status_response(code)


def _status_response(code: str) -> JsonResponse:
    petition = public_petition(code)
    if petition is None:
        return _error(404, "Không tìm thấy kiến nghị với mã này.")
    events = public_events(petition.pk)
    agency = due = None
    notes = []
    for event in events:
        if event.kind in (EventKind.ASSIGNED, EventKind.REFERRED):
            agency, due = event.agency_name, event.date
        elif event.kind == EventKind.EXTENDED:
            due = event.date
            notes = [f"Gia hạn đến {event.date:%d/%m/%Y}: {event.text}"]
    updated = events[-1].at if events else petition.created_at
    body = {
        "service_request_id": petition.tracking_code,
        "status": "closed" if petition.status in CLOSED else "open",
        "status_notes": " ".join([str(petition.get_status_display()), *notes]),
        "service_name": petition.field.name if petition.field_id else None,
        "agency_responsible": agency,
        "requested_datetime": _iso(petition.created_at),
        "updated_datetime": _iso(updated),
        "expected_datetime": _end_of_day(due) if petition.status not in CLOSED else None,
    }
    response = JsonResponse([body], safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@never_cache
@rate_limited("api", json=True)
@require_GET
def requests_query(request):
    """GeoReport v2's query form, requests.json?service_request_id=…, for one code only
    (listing or searching petitions is not offered)."""
    ids = [i for i in request.GET.get("service_request_id", "").split(",") if i.strip()]
    if len(ids) != 1:
        return _error(400, "Cần đúng một mã kiến nghị (service_request_id).")
    return _status_response(ids[0].strip())
