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


@settings(max_examples=100, deadline=None)
@given(a=st.dates(min_value=D(2017, 1, 1), max_value=D(2028, 12, 31)),
       b=st.dates(min_value=D(2017, 1, 1), max_value=D(2028, 12, 31)))
def test_counting_agrees_with_stepping_day_by_day(a, b):
    low, high = sorted([a, b])
    stepped = sum(is_working_day(low + dt.timedelta(days=i)) for i in range(1, (high - low).days + 1))
    assert working_days_between(low, high) == stepped


def test_counting_follows_an_override_entered_later():
    before = working_days_between(D(2027, 3, 1), D(2027, 3, 31))
    CalendarOverride.objects.create(date=D(2027, 3, 10), kind=CalendarOverride.Kind.DAY_OFF, note="Nghỉ bù")
    assert working_days_between(D(2027, 3, 1), D(2027, 3, 31)) == before - 1
    assert working_days_between(D(2026, 12, 1), D(2027, 3, 31)) == working_days_between(
        D(2026, 12, 1), D(2027, 3, 1)) + before - 1


def test_a_decade_is_counted_per_year_not_per_day(monkeypatch):
    """A report counts working days for each petition of ten years: the calendar is read once a year spanned."""
    calls = []
    real = workdays._overrides_for
    monkeypatch.setattr(workdays, "_overrides_for", lambda year: calls.append(year) or real(year))
    working_days_between(D(2017, 1, 5), D(2026, 11, 30))
    first = len(calls)
    assert first <= 2 * 10
    working_days_between(D(2017, 1, 6), D(2026, 11, 27))
    assert len(calls) - first <= 2 * 10
