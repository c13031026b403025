"""The Vietnamese working-day calendar.

A working day is Monday to Friday, minus the public holidays of the `holidays`
package's Vietnam calendar (Tết, Giỗ Tổ Hùng Vương, 30/4, 1/5, 2/9 and the day
beside it, and the substitutes it knows), plus the Saturdays it knows are
worked, and finally the swaps an administrator entered in `CalendarOverride`
(the government announces them each year, often after the package was released).

Counting follows Bộ luật Dân sự 2015, Điều 147–148: counting starts the day
after the event.
"""

import datetime as dt
import threading
import time
import uuid
from functools import lru_cache

import holidays
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CalendarOverride

# Each process keeps the overrides it read. A change bumps a version in the shared cache
# (Redis in production), which every process looks at at most every VERSION_CHECK_SECONDS,
# so an edit in the admin reaches every web server and worker within seconds; the tables
# are re-read after OVERRIDE_TTL_SECONDS anyway, should the cache have lost the version.
OVERRIDE_TTL_SECONDS = 60
VERSION_CHECK_SECONDS = 2
VERSION_KEY = "workdays:overrides-version"

_lock = threading.Lock()
_overrides: dict[int, tuple[float, dict[dt.date, bool]]] = {}
# The shared version the tables above were read under, and when it was last compared.
_seen = {"version": None, "checked": float("-inf")}


@lru_cache(maxsize=64)
def _package_calendar(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    cal = holidays.Vietnam(years=year)
    return frozenset(cal.keys()), frozenset(cal.weekend_workdays)


def _follow_shared_version(now: float) -> None:
    with _lock:
        if now - _seen["checked"] < VERSION_CHECK_SECONDS:
            return
    version = cache.get(VERSION_KEY)
    with _lock:
        if version != _seen["version"]:
            _overrides.clear()
            _seen["version"] = version
        _seen["checked"] = now


def _overrides_for(year: int) -> dict[dt.date, bool]:
    now = time.monotonic()
    _follow_shared_version(now)
    with _lock:
        cached = _overrides.get(year)
        if cached and now - cached[0] < OVERRIDE_TTL_SECONDS:
            return cached[1]
    rows = CalendarOverride.objects.filter(date__year=year).values_list("date", "kind")
    table = {day: kind == CalendarOverride.Kind.WORKING_DAY for day, kind in rows}
    with _lock:
        _overrides[year] = (now, table)
    return table


def clear_cache() -> None:
    """Forget this process's tables (they are read again on next use)."""
    with _lock:
        _overrides.clear()
        _seen["checked"] = float("-inf")


def overrides_changed() -> None:
    """The calendar changed: every process reads it again (this one at once, others within seconds).

    A new random version rather than a counter, so a version the cache lost and started
    again can never match one a process still holds.
    """
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    clear_cache()


@receiver([post_save, post_delete], sender=CalendarOverride)
def _override_changed(**_kwargs) -> None:
    overrides_changed()


def is_working_day(day: dt.date) -> bool:
    override = _overrides_for(day.year).get(day)
    if override is not None:
        return override
    public_holidays, weekend_workdays = _package_calendar(day.year)
    if day in weekend_workdays:
        return True
    return day.weekday() < 5 and day not in public_holidays


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start` (before it when n is negative).

    `start` itself is never counted; n == 0 returns `start` unchanged.
    """
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    day = start
    while remaining:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (negative if end < start).

    The inverse of add_working_days: working_days_between(d, add_working_days(d, n)) == n.
    Read off each year's running count (_year_counts), so a badge two years overdue
    costs what one due tomorrow does: a list prints fifty of them.
    """
    if end == start:
        return 0
    sign = 1 if end > start else -1
    low, high = (start, end) if sign > 0 else (end, start)
    count = _counted_after(low, high)
    if sign < 0:
        # Going back, the earlier end is counted and the later start is not.
        count = count - (1 if is_working_day(high) else 0) + (1 if is_working_day(low) else 0)
    return sign * count


# year -> (the overrides table it was counted with, running count of working days by day of the year)
_counts: dict[int, tuple[dict[dt.date, bool], list[int]]] = {}


def _year_counts(year: int) -> list[int]:
    """counts[i]: working days from 1 January to the (i + 1)-th day of `year`, inclusive;
    counted again when the year's overrides are read again (an edit, or their TTL)."""
    table = _overrides_for(year)
    kept = _counts.get(year)
    if kept is not None and kept[0] is table:
        return kept[1]
    counts, n, day = [], 0, dt.date(year, 1, 1)
    while day.year == year:
        n += is_working_day(day)
        counts.append(n)
        day += dt.timedelta(days=1)
    _counts[year] = (table, counts)
    return counts


def _counted_after(low: dt.date, high: dt.date) -> int:
    """Working days after `low` up to and including `high` (low <= high)."""
    def upto(day: dt.date) -> int:
        return _year_counts(day.year)[day.timetuple().tm_yday - 1]

    if low.year == high.year:
        return upto(high) - upto(low)
    whole = sum(_year_counts(year)[-1] for year in range(low.year + 1, high.year))
    return _year_counts(low.year)[-1] - upto(low) + whole + upto(high)


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself when it is a working day, otherwise the next one."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_calendar_days(start: dt.date, n: int) -> dt.date:
    """A deadline of n calendar days after `start` (Điều 148: a last day that is
    not a working day moves to the next working day). Before the event (n < 0)
    the day is kept as counted: a rule like 'at least 7 days before' is met by
    acting on or before it."""
    day = start + dt.timedelta(days=n)
    return next_working_day(day) if n > 0 else day
