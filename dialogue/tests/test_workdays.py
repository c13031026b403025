import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogue import workdays
from dialogue.models import CalendarOverride
from dialogue.workdays import add_calendar_days, add_working_days, is_working_day, working_days_between

D = dt.date

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    workdays.clear_cache()
    yield
    workdays.clear_cache()


@pytest.mark.parametrize(
    "day",
    [
        # Tết Giáp Thìn 2024: 08/02 to 14/02.
        D(2024, 2, 8), D(2024, 2, 9), D(2024, 2, 12), D(2024, 2, 13), D(2024, 2, 14),
        # Tết Ất Tỵ 2025: 27/01 to 31/01 (weekdays of the 25/01–02/02 break).
        D(2025, 1, 27), D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30), D(2025, 1, 31),
        # Tết Bính Ngọ 2026: 16/02 to 20/02.
        D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20),
        # Giỗ Tổ Hùng Vương, 30/4, 1/5, 2/9 and the day beside it.
        D(2024, 4, 18), D(2025, 4, 7), D(2026, 4, 27), D(2024, 4, 30), D(2025, 5, 1),
        D(2024, 9, 2), D(2024, 9, 3), D(2025, 9, 1), D(2025, 9, 2), D(2026, 9, 1), D(2026, 9, 2),
        # Substituted days off: 29/04/2024, 02/05/2025, 31/08/2026.
        D(2024, 4, 29), D(2025, 5, 2), D(2026, 8, 31),
        # 2026: 02/01 off, from the swap table (migration data).
        D(2026, 1, 2),
    ],
)
def test_holidays_are_not_working_days(day):
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        D(2024, 5, 4),  # Saturday worked for 29/04/2024
        D(2025, 4, 26),  # Saturday worked for 02/05/2025
        D(2026, 1, 10),  # Saturday worked for 02/01/2026 (swap table)
        D(2026, 8, 22),  # Saturday worked for 31/08/2026
        D(2026, 2, 23),  # Monday after Tết 2026
        D(2024, 2, 15),  # Thursday after Tết 2024
    ],
)
def test_make_up_days_and_ordinary_weekdays_are_working_days(day):
    assert is_working_day(day)


def test_weekends_are_off():
    assert not is_working_day(D(2026, 3, 7))  # Saturday
    assert not is_working_day(D(2026, 3, 8))  # Sunday


def test_ten_working_days_after_a_conference_before_tet_2026_fall_after_tet():
    # Friday 06/02/2026: 09–13/02 (5), Tết 16–20/02, then 23–27/02 (5).
    assert add_working_days(D(2026, 2, 6), 10) == D(2026, 2, 27)
    assert working_days_between(D(2026, 2, 6), D(2026, 2, 27)) == 10


def test_twenty_working_days_across_tet_2024():
    # Monday 05/02/2024: 06, 07/02 then Tết 08–14/02, then counting from 15/02.
    assert add_working_days(D(2024, 2, 5), 2) == D(2024, 2, 7)
    assert add_working_days(D(2024, 2, 5), 3) == D(2024, 2, 15)
    assert add_working_days(D(2024, 2, 5), 20) == D(2024, 3, 11)


def test_five_working_days_across_tet_2025():
    # Thursday 23/01/2025: 24/01 (1), Tết 27–31/01, 03–06/02 (2–5).
    assert add_working_days(D(2025, 1, 23), 5) == D(2025, 2, 6)


def test_counting_across_2_september_2025():
    # Friday 29/08/2025: 01 and 02/09 are off; 03/09 is the first working day.
    assert add_working_days(D(2025, 8, 29), 1) == D(2025, 9, 3)


def test_backwards_counting():
    assert add_working_days(D(2026, 2, 27), -10) == D(2026, 2, 6)
    assert working_days_between(D(2026, 2, 27), D(2026, 2, 6)) == -10


def test_calendar_deadline_moves_off_a_holiday():
    # Five days after 26/08/2026 is Monday 31/08 (substituted day off); then
    # 01 and 02/09 are National Day; the deadline moves to 03/09 (Điều 148).
    assert add_calendar_days(D(2026, 8, 26), 5) == D(2026, 9, 3)
    # Before the event the counted day stays, even on a weekend.
    assert add_calendar_days(D(2026, 3, 16), -7) == D(2026, 3, 9)


def test_an_override_entered_by_the_administrator_takes_effect():
    assert is_working_day(D(2027, 3, 10))
    CalendarOverride.objects.create(date=D(2027, 3, 10), kind=CalendarOverride.Kind.DAY_OFF, note="Nghỉ bù")
    assert not is_working_day(D(2027, 3, 10))
    CalendarOverride.objects.create(date=D(2027, 3, 13), kind=CalendarOverride.Kind.WORKING_DAY)
    assert is_working_day(D(2027, 3, 13))


dates = st.dates(min_value=D(2023, 1, 1), max_value=D(2028, 12, 31))


@settings(max_examples=150, deadline=None)
@given(start=dates, n=st.integers(min_value=0, max_value=60))
def test_add_then_count_round_trips(start, n):
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    assert end >= start
    if n:
        assert is_working_day(end)


@settings(max_examples=150, deadline=None)
@given(start=dates, n=st.integers(min_value=-60, max_value=0))
def test_backwards_round_trips(start, n):
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    if n:
        assert is_working_day(end)


@settings(max_examples=100, deadline=None)
@given(a=dates, b=dates, c=dates)
def test_counting_is_additive(a, b, c):
    a, b, c = sorted([a, b, c])
    assert working_days_between(a, b) + working_days_between(b, c) == working_days_between(a, c)


@settings(max_examples=100, deadline=None)
@given(start=dates, n=st.integers(min_value=1, max_value=40))
def test_working_days_are_never_fewer_than_calendar_days(start, n):
    assert (add_working_days(start, n) - start).days >= n


def _between_day_by_day(start: dt.date, end: dt.date) -> int:
    low, high = sorted((start, end))
    count = sum(is_working_day(low + dt.timedelta(days=i)) for i in range(1, (high - low).days + 1))
    if end < start:
        count = count - is_working_day(high) + is_working_day(low)
    return count if end >= start else -count


@settings(max_examples=150, deadline=None)
@given(start=st.dates(D(2023, 6, 1), D(2027, 6, 1)), days=st.integers(-900, 900))
def test_working_days_between_is_the_day_by_day_count(start, days):
    end = start + dt.timedelta(days=days)
    assert working_days_between(start, end) == _between_day_by_day(start, end)


def test_working_days_between_follows_an_override_entered_later():
    start, end = D(2027, 3, 1), D(2028, 3, 31)
    before = working_days_between(start, end)
    CalendarOverride.objects.create(date=D(2027, 3, 10), kind=CalendarOverride.Kind.DAY_OFF, note="Nghỉ bù")
    assert working_days_between(start, end) == before - 1 == _between_day_by_day(start, end)


def test_a_badge_years_overdue_does_not_walk_the_days(monkeypatch):
    working_days_between(D(2024, 1, 1), D(2026, 12, 31))  # each year's count, once
    calls = []
    real = workdays.is_working_day
    monkeypatch.setattr(workdays, "is_working_day", lambda day: calls.append(day) or real(day))
    assert working_days_between(D(2024, 3, 1), D(2026, 11, 30)) > 600
    assert len(calls) < 5


def _another_process_enters(day, kind):
    """What a save in another process leaves here: the row (no signal in this process) and a new shared version."""
    CalendarOverride.objects.bulk_create([CalendarOverride(date=day, kind=kind)])


def test_a_change_in_another_process_is_followed_through_the_shared_cache(monkeypatch):
    from django.core.cache import cache

    clock = [1000.0]
    monkeypatch.setattr(workdays.time, "monotonic", lambda: clock[0])
    assert is_working_day(D(2027, 4, 14))
    _another_process_enters(D(2027, 4, 14), CalendarOverride.Kind.DAY_OFF)

    # Without a new version, this process keeps its table until the TTL ...
    clock[0] += workdays.VERSION_CHECK_SECONDS + 1
    assert is_working_day(D(2027, 4, 14))
    # ... with one (the other process's save bumps it), it reads the calendar again within seconds.
    cache.set(workdays.VERSION_KEY, "bumped-elsewhere", timeout=None)
    assert is_working_day(D(2027, 4, 14)), "looked at the version at most every VERSION_CHECK_SECONDS"
    clock[0] += workdays.VERSION_CHECK_SECONDS + 1
    assert not is_working_day(D(2027, 4, 14))
    assert workdays.VERSION_CHECK_SECONDS + 1 < workdays.OVERRIDE_TTL_SECONDS


def test_saving_an_override_bumps_the_shared_version():
    from django.core.cache import cache

    before = cache.get(workdays.VERSION_KEY)
    override = CalendarOverride.objects.create(date=D(2027, 5, 10), kind=CalendarOverride.Kind.DAY_OFF)
    after_save = cache.get(workdays.VERSION_KEY)
    override.delete()
    after_delete = cache.get(workdays.VERSION_KEY)
    assert len({before, after_save, after_delete}) == 3 and after_save and after_delete
