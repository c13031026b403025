"""Each seed's deadline rules on real dates across Tết 2026 and 2/9/2026, and the
law's defaults when a plan has no rule (calendar: dialogue.workdays)."""

import datetime as dt

import pytest
from django.utils import timezone

from deadlines.models import Deadline
from deadlines.services import compute, remind_date
from petitions.models import Assignment, ConclusionNotice
from petitions.tests.factories import PetitionFactory, make_conference

D = dt.date
K = Deadline.Kind

pytestmark = pytest.mark.django_db


def conference_on(org, day, plan=None):
    starts = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 8, 0))
    return make_conference(org, "scheduled", plan=plan, starts_at=starts)


def assignment_for(conference, agency, by, *, due_on, issued_on):
    petition = PetitionFactory(organization=conference.organization, conference=conference, created_by=by)
    assignment = Assignment.objects.create(petition=petition, agency=agency, assigned_by=by, due_on=due_on)
    # Assigned when the chair concluded, before the notice went out.
    Assignment.objects.filter(pk=assignment.pk).update(assigned_at=timezone.make_aware(dt.datetime.combine(issued_on, dt.time(8))) - dt.timedelta(days=1))
    assignment.refresh_from_db()
    notice = ConclusionNotice.objects.create(conference=conference, status="issued", issued_on=issued_on)
    return assignment, notice


def test_seed_000_notice_ten_working_days_after_a_conference_before_tet_2026(org, seed_plan):
    # Friday 06/02/2026: 09–13/02 are days 1–5, Tết 16–20/02 is off, 23–27/02 are days 6–10.
    conference = conference_on(org, D(2026, 2, 6), seed_plan("000"))
    dates = compute(K.NOTICE, conference=conference)
    assert (dates.due_on, dates.rule_code, dates.anchor_on) == (D(2026, 2, 27), "notice", D(2026, 2, 6))


def test_seed_000_opinions_ten_days_before_are_counted_as_calendar_days(org, seed_plan):
    # Before the event the day is kept as counted, even inside Tết: acting earlier keeps the rule.
    conference = conference_on(org, D(2026, 2, 27), seed_plan("000"))
    assert compute(K.OPINIONS, conference=conference).due_on == D(2026, 2, 17)


def test_seed_000_resolve_twenty_working_days_after_a_notice_before_2_9(org, agency_org, staff, seed_plan):
    # Notice Friday 28/08/2026: 31/08 (substitute), 01/09 and 02/09 are off; day 1 is 03/09, day 20 is 30/09.
    from petitions.services import default_deadlines

    conference = conference_on(org, D(2026, 8, 20), seed_plan("000"))
    petition = PetitionFactory(organization=org, conference=conference, created_by=staff)
    ack, due = default_deadlines(petition, D(2026, 8, 28))
    assert due == D(2026, 9, 30)
    # No "acknowledge" rule in seed 000: five calendar days, 02/09 a holiday, so Thursday 03/09.
    assert ack == D(2026, 9, 3)
    assignment, notice = assignment_for(conference, agency_org, staff, due_on=due, issued_on=D(2026, 8, 28))
    assert compute(K.RESOLVE, conference=conference, notice=notice, assignment=assignment).due_on == D(2026, 9, 30)
    assert compute(K.ACKNOWLEDGE, conference=conference, notice=notice, assignment=assignment).due_on == D(2026, 9, 3)


def test_seed_002_announce_seven_days_before_and_answer_thirty_days_after(org, agency_org, staff, seed_plan):
    plan = seed_plan("002")
    conference = conference_on(org, D(2026, 9, 9), plan)
    dates = compute(K.ANNOUNCE, conference=conference)
    assert (dates.due_on, dates.rule_code) == (D(2026, 9, 2), "announce")  # 2/9 itself: "at least 7 days before"
    # Answer: 30 days from the conference (06/02/2026) is Sunday 08/03/2026, so Monday 09/03.
    before_tet = conference_on(org, D(2026, 2, 6), plan)
    assignment, notice = assignment_for(before_tet, agency_org, staff, due_on=D(2026, 3, 20), issued_on=D(2026, 2, 10))
    dates = compute(K.ANSWER, conference=before_tet, notice=notice, assignment=assignment)
    assert (dates.due_on, dates.anchor_on, dates.rule_code) == (D(2026, 3, 9), D(2026, 2, 6), "answer")


def test_seed_004_notice_five_days_and_acknowledge_five_days(org, agency_org, staff, seed_plan):
    plan = seed_plan("004")
    # Friday 13/02/2026 + 5 = 18/02 (Tết) → the next working day, Monday 23/02.
    conference = conference_on(org, D(2026, 2, 13), plan)
    assert compute(K.NOTICE, conference=conference).due_on == D(2026, 2, 23)
    # Notice Friday 28/08/2026 + 5 = 02/09 (National Day) → Thursday 03/09.
    assignment, notice = assignment_for(conference, agency_org, staff, due_on=D(2026, 10, 30), issued_on=D(2026, 8, 28))
    dates = compute(K.ACKNOWLEDGE, conference=conference, notice=notice, assignment=assignment)
    assert (dates.due_on, dates.rule_code) == (D(2026, 9, 3), "acknowledge")


def test_defaults_without_a_plan(org, agency_org, staff):
    conference = conference_on(org, D(2026, 3, 20))
    assert compute(K.ANNOUNCE, conference=conference) .due_on == D(2026, 3, 13)
    assert compute(K.OPINIONS, conference=conference).due_on == D(2026, 3, 10)
    # Ten days after Friday 20/03 is Monday 30/03.
    notice_dates = compute(K.NOTICE, conference=conference)
    assert (notice_dates.due_on, notice_dates.rule_code) == (D(2026, 3, 30), "")
    assignment, notice = assignment_for(conference, agency_org, staff, due_on=D(2026, 5, 29), issued_on=D(2026, 3, 27))
    # 27/03 + 30 = 26/04 (Sunday, and the Hùng Kings' day) → 27/04 is observed off → Tuesday 28/04.
    assert compute(K.ANSWER, conference=conference, notice=notice, assignment=assignment).due_on == D(2026, 4, 28)
    assert compute(K.ACKNOWLEDGE, conference=conference, notice=notice, assignment=assignment).due_on == D(2026, 4, 1)


def test_a_conference_without_a_date_has_no_deadline_yet(org):
    assert compute(K.ANNOUNCE, conference=make_conference(org, "planned")) is None


def test_reminders_two_working_days_before_across_tet():
    # Due Monday 23/02/2026: the working days before are Friday 13/02 and Thursday 12/02.
    assert remind_date(D(2026, 2, 23)) == D(2026, 2, 12)
    # Due Thursday 03/09/2026: 02/09, 01/09, 31/08 are off; Friday 28/08 and Thursday 27/08 count.
    assert remind_date(D(2026, 9, 3)) == D(2026, 8, 27)
