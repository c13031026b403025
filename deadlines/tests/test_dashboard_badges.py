"""The coloured deadline badges of the office's petition list and the agency
inbox: working days from dialogue.workdays, across Tết and 2/9, without a query
per row."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from deadlines.templatetags import deadline_badges
from deadlines.templatetags.deadline_badges import due_badge
from dialogue import workdays
from dialogue.models import CalendarOverride
from petitions import services
from petitions.models import Assignment
from petitions.tests.factories import PetitionFactory, make_conference

D = dt.date

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_calendar():
    workdays.clear_cache()
    yield
    workdays.clear_cache()


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


# Thursday 12/02/2026: the last working days before Tết Bính Ngọ are 12 and 13/02;
# 16–20/02 are the holiday; work resumes on Monday 23/02.
BEFORE_TET = D(2026, 2, 12)


@pytest.mark.parametrize(
    "due_on,level,days",
    [
        (D(2026, 2, 12), "urgent", 0),  # due today
        (D(2026, 2, 13), "urgent", 1),
        (D(2026, 2, 20), "urgent", 1),  # a holiday: no working day is added by it
        (D(2026, 2, 23), "urgent", 2),  # eleven calendar days away, yet only two working days
        (D(2026, 2, 24), "soon", 3),
        (D(2026, 2, 26), "soon", 5),
        (D(2026, 2, 27), "ok", 6),
    ],
)
def test_badge_levels_across_tet(due_on, level, days):
    badge = due_badge(due_on, today=BEFORE_TET)
    assert (badge.level, badge.days) == (level, days)


# Friday 28/08/2026: 31/08 (a substitute day off), 01/09 and 02/09 are not worked.
@pytest.mark.parametrize(
    "due_on,level,days",
    [
        (D(2026, 9, 3), "urgent", 1),
        (D(2026, 9, 4), "urgent", 2),
        (D(2026, 9, 7), "soon", 3),
        (D(2026, 9, 9), "soon", 5),
        (D(2026, 9, 10), "ok", 6),
    ],
)
def test_badge_levels_across_national_day(due_on, level, days):
    badge = due_badge(due_on, today=D(2026, 8, 28))
    assert (badge.level, badge.days) == (level, days)


@pytest.mark.parametrize(
    "today,days,label",
    [
        # Ten calendar days after the deadline, but Tết was in between: one working day late.
        (D(2026, 2, 23), 1, "quá hạn 1 ngày làm việc"),
        (D(2026, 2, 27), 5, "quá hạn 5 ngày làm việc"),
        # Past the date, during the holiday: no working day has been lost yet.
        (D(2026, 2, 17), 0, "đã quá hạn"),
    ],
)
def test_overdue_badge_counts_working_days_late(today, days, label):
    badge = due_badge(D(2026, 2, 13), today=today)
    assert (badge.level, badge.days, badge.label) == ("overdue", days, label)


def test_labels_are_vietnamese():
    assert due_badge(D(2026, 2, 27), today=BEFORE_TET).label == "còn 6 ngày làm việc"
    assert due_badge(BEFORE_TET, today=BEFORE_TET).label == "hạn là hôm nay"


def test_a_day_off_the_administrator_adds_moves_the_badge():
    assert due_badge(D(2026, 2, 24), today=BEFORE_TET).days == 3
    CalendarOverride.objects.create(date=D(2026, 2, 23), kind=CalendarOverride.Kind.DAY_OFF, note="Nghỉ bù")
    badge = due_badge(D(2026, 2, 24), today=BEFORE_TET)
    assert (badge.level, badge.days) == ("urgent", 2)


# --- the pages --------------------------------------------------------------------------------


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(deadline_badges, "_today", lambda: BEFORE_TET)
    return BEFORE_TET


@pytest.fixture
def assign(org, staff, leader, agency_org):
    conference = make_conference(org, "held")

    def _assign(due_on):
        petition = PetitionFactory(organization=org, created_by=staff, conference=conference)
        services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
        assignment = petition.assignments.get()
        Assignment.objects.filter(pk=assignment.pk).update(due_on=due_on)
        return petition

    return _assign


def _badge_of(body: str, code: str) -> str:
    """The deadline badge printed in the row of the petition with this code."""
    row = body[body.index(code):]
    row = row[: row.index("</tr>")] if "</tr>" in row else row[: row.index("</a>", row.index("deadline-badge"))]
    start = row.index('class="badge deadline-badge')
    return row[start: row.index("</span>", start)]


def test_petition_list_shows_the_badges(client, staff, assign, fixed_today):
    cases = {
        "ok": assign(D(2026, 2, 27)),
        "soon": assign(D(2026, 2, 26)),
        "urgent": assign(D(2026, 2, 23)),
        "overdue": assign(D(2026, 2, 10)),
    }
    client.force_login(staff)
    body = client.get(reverse("petitions:list")).content.decode()
    for level, petition in cases.items():
        badge = _badge_of(body, petition.tracking_code)
        assert f"deadline-{level}" in badge
    assert "text-bg-success" in _badge_of(body, cases["ok"].tracking_code)
    assert "text-bg-warning" in _badge_of(body, cases["soon"].tracking_code)
    assert "#fd7e14" in _badge_of(body, cases["urgent"].tracking_code)
    overdue = _badge_of(body, cases["overdue"].tracking_code)
    assert "text-bg-danger" in overdue and "quá hạn 2 ngày làm việc" in overdue
    assert "còn 2 ngày làm việc" in _badge_of(body, cases["urgent"].tracking_code)


def test_an_extension_is_what_the_badge_counts_to(client, staff, assign, fixed_today):
    petition = assign(D(2026, 2, 10))
    Assignment.objects.filter(petition=petition).update(extended_to=D(2026, 2, 27), extension_reason="Cần khảo sát thêm")
    client.force_login(staff)
    badge = _badge_of(client.get(reverse("petitions:list")).content.decode(), petition.tracking_code)
    assert "deadline-ok" in badge and "còn 6 ngày làm việc" in badge


def test_inbox_shows_the_badges(client, agency_user, assign, fixed_today):
    late, fresh = assign(D(2026, 2, 11)), assign(D(2026, 2, 24))
    client.force_login(agency_user)
    body = client.get(reverse("petitions:inbox")).content.decode()
    assert "quá hạn 1 ngày làm việc" in _badge_of(body, late.tracking_code)
    assert "deadline-soon" in _badge_of(body, fresh.tracking_code)


def _calendar_queries(queries) -> int:
    return sum("dialogue_calendaroverride" in q["sql"] for q in queries)


@pytest.mark.parametrize("who,url", [("staff", "petitions:list"), ("agency_user", "petitions:inbox")])
def test_the_calendar_is_read_once_per_page_not_per_row(client, request, assign, fixed_today, who, url):
    # Deadlines spread over two years: one read of the swap table per year, however many rows.
    for day in (D(2026, 2, 13), D(2026, 2, 23), D(2026, 3, 2), D(2026, 3, 31), D(2026, 4, 30), D(2026, 5, 4),
                D(2026, 9, 3), D(2026, 12, 31), D(2027, 1, 4), D(2027, 2, 1)):
        assign(day)
    client.force_login(request.getfixturevalue(who))
    workdays.clear_cache()
    with CaptureQueriesContext(connection) as first:
        body = client.get(reverse(url)).content.decode()
    assert body.count("deadline-badge") == 10
    assert _calendar_queries(first) == 2
    with CaptureQueriesContext(connection) as again:
        client.get(reverse(url))
    # Kept in memory (for a minute, so an administrator's edit reaches running workers).
    assert _calendar_queries(again) == 0
    assert len(again) == len(first) - 2
