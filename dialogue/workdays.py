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
from functools import lru_cache

import holidays
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CalendarOverride

# Overrides are re-read at most this often in a long-running process, so an
# edit in the admin reaches the Celery worker without a restart.
OVERRIDE_TTL_SECONDS = 60

_lock = threading.Lock()
_overrides: dict[int, tuple[float, dict[dt.date, bool]]] = {}


@lru_cache(maxsize=64)
def _package_calendar(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    cal = holidays.Vietnam(years=year)
    return frozenset(cal.keys()), frozenset(cal.weekend_workdays)


def _overrides_for(year: int) -> dict[dt.date, bool]:
    now = time.monotonic()
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
    with _lock:
        _overrides.clear()
        _running.clear()


@receiver([post_save, post_delete], sender=CalendarOverride)
def _override_changed(**_kwargs) -> None:
    clear_cache()


def _working(day: dt.date, overrides: dict[dt.date, bool]) -> bool:
    override = overrides.get(day)
    if override is not None:
        return override
    public_holidays, weekend_workdays = _package_calendar(day.year)
    if day in weekend_workdays:
        return True
    return day.weekday() < 5 and day not in public_holidays


def is_working_day(day: dt.date) -> bool:
    return _working(day, _overrides_for(day.year))


# Per year: the overrides table it was built from, and the running count of working
# days (index i: working days from 1 January to the i-th day after it, inclusive).
# Rebuilt when the overrides are re-read, so it follows them like is_working_day.
_running: dict[int, tuple[dict[dt.date, bool], list[int]]] = {}


def _running_count(year: int) -> list[int]:
    overrides = _overrides_for(year)
    cached = _running.get(year)
    if cached is not None and cached[0] is overrides:
        return cached[1]
    counts, total, day = [], 0, dt.date(year, 1, 1)
    while day.year == year:
        total += _working(day, overrides)
        counts.append(total)
        day += dt.timedelta(days=1)
    _running[year] = (overrides, counts)
    return counts


def _up_to(day: dt.date) -> int:
    """Working days from 1 January of its year up to and including `day`."""
    return _running_count(day.year)[day.toordinal() - dt.date(day.year, 1, 1).toordinal()]


def _after_up_to(low: dt.date, high: dt.date) -> int:
    """Working days after `low` up to and including `high` (low <= high): a look-up per year
    spanned, not a step per day (a report counts this for every petition of ten years)."""
    if low.year == high.year:
        return _up_to(high) - _up_to(low)
    count = _running_count(low.year)[-1] - _up_to(low)
    for year in range(low.year + 1, high.year):
        count += _running_count(year)[-1]
    return count + _up_to(high)


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
    """
    if end == start:
        return 0
    sign = 1 if end > start else -1
    low, high = (start, end) if sign > 0 else (end, start)
    count = _after_up_to(low, high)
    if sign < 0:
        # Going back, the earlier end is counted and the later start is not.
        count = count - (1 if is_working_day(high) else 0) + (1 if is_working_day(low) else 0)
    return sign * count


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
