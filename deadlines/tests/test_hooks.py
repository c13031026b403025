"""Deadlines opened and closed by the services of conferences and petitions."""

import datetime as dt

import pytest
from django.utils import timezone

from conferences import services as conferences
from deadlines.models import Deadline, DeadlineChange
from petitions import services as petitions
from petitions.tests.factories import make_conference
from petitions.tests.notice_fixtures import concluded, held, issue, notice  # noqa: F401 (fixtures)

K, S = Deadline.Kind, Deadline.State

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour=8) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def kinds(**filters):
    return {d.kind: d for d in Deadline.objects.filter(**filters)}


def test_scheduling_opens_announce_and_opinions_and_rescheduling_moves_them(org, staff):
    conference = make_conference(org, "planned")
    day = timezone.localdate() + dt.timedelta(days=40)
    conferences.conference_schedule(conference=conference, starts_at=at(day), venue="Hội trường", by=staff)
    found = kinds(conference=conference)
    assert set(found) == {K.ANNOUNCE, K.OPINIONS}
    assert found[K.ANNOUNCE].due_on == day - dt.timedelta(days=7)
    assert found[K.OPINIONS].due_on == day - dt.timedelta(days=10)
    assert found[K.ANNOUNCE].organization == org and found[K.ANNOUNCE].responsible == org
    assert all(d.state == S.OPEN and d.rule_code == "" for d in found.values())

    later = day + dt.timedelta(days=7)
    conferences.conference_schedule(conference=conference, starts_at=at(later), venue="Hội trường", by=staff)
    assert Deadline.objects.filter(conference=conference).count() == 2
    announce = Deadline.objects.get(conference=conference, kind=K.ANNOUNCE)
    assert announce.due_on == later - dt.timedelta(days=7)
    change = DeadlineChange.objects.get(deadline=announce)
    assert (change.old_due_on, change.new_due_on, change.by) == (day - dt.timedelta(days=7), announce.due_on, staff)


def test_announce_meets_the_announce_deadline_and_holding_closes_opinions(org, staff, clock):
    conference = make_conference(org, "planned")
    day = timezone.localdate() + dt.timedelta(days=30)
    conferences.conference_schedule(conference=conference, starts_at=at(day), venue="Hội trường", by=staff)
    conferences.conference_announce(conference=conference, by=staff)
    announce = Deadline.objects.get(conference=conference, kind=K.ANNOUNCE)
    assert (announce.state, announce.closed_on, announce.closed_by) == (S.MET, timezone.localdate(), staff)

    # The day comes and the conference is held: the opinions report was due ten
    # days before and nobody marked it done, so holding closes it late. (The
    # start is moved into the past directly, since the service checks the real date.)
    clock(day)
    type(conference).objects.filter(pk=conference.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    conference.refresh_from_db()
    conferences.conference_mark_held(conference=conference, by=staff)
    found = kinds(conference=conference)
    assert (found[K.OPINIONS].state, found[K.OPINIONS].closed_on) == (S.LATE, day)
    notice_deadline = found[K.NOTICE]
    held_day = timezone.localtime(conference.starts_at).date()
    from dialogue.workdays import add_calendar_days

    assert notice_deadline.state == S.OPEN and notice_deadline.due_on == add_calendar_days(held_day, 10)


def test_cancelling_cancels_the_open_deadlines(org, staff):
    conference = make_conference(org, "planned")
    day = timezone.localdate() + dt.timedelta(days=30)
    conferences.conference_schedule(conference=conference, starts_at=at(day), venue="Hội trường", by=staff)
    conferences.conference_cancel(conference=conference, by=staff, reason="Bão")
    assert set(Deadline.objects.filter(conference=conference).values_list("state", flat=True)) == {S.CANCELLED}


def test_an_issued_notice_meets_its_deadline_and_starts_each_assignment(notice, held, leader, concluded, agency_org):
    Deadline.objects.create(
        kind=K.NOTICE, organization=held.organization, responsible=held.organization, conference=held,
        due_on=timezone.localdate() + dt.timedelta(days=3), remind_on=timezone.localdate(),
    )
    issued = issue(notice, leader)
    assert Deadline.objects.get(kind=K.NOTICE, conference=held).state == S.MET
    assignment = concluded["road"].assignments.get()
    found = kinds(assignment=assignment)
    assert set(found) == {K.ACKNOWLEDGE, K.RESOLVE, K.ANSWER}
    for deadline in found.values():
        assert deadline.responsible == agency_org and deadline.organization == held.organization
        assert deadline.notice == issued and deadline.state == S.OPEN
    assert found[K.RESOLVE].due_on == assignment.effective_due_on and found[K.RESOLVE].fixed
    from dialogue.workdays import add_calendar_days

    assert found[K.ACKNOWLEDGE].due_on == min(add_calendar_days(issued.issued_on, 5), assignment.due_on)
    assert found[K.ANSWER].due_on == add_calendar_days(issued.issued_on, 30)


@pytest.fixture
def started(notice, leader, concluded):
    issue(notice, leader)
    return concluded["road"].assignments.get()


def test_acknowledge_extend_answer_accept(started, agency_user, staff):
    petitions.assignment_acknowledge(assignment=started, by=agency_user)
    assert Deadline.objects.get(assignment=started, kind=K.ACKNOWLEDGE).state == S.MET

    resolve = Deadline.objects.get(assignment=started, kind=K.RESOLVE)
    old = resolve.due_on
    new_date = old + dt.timedelta(days=15)
    petitions.assignment_extend(assignment=started, by=agency_user, new_date=new_date, reason="Chờ kinh phí")
    resolve.refresh_from_db()
    assert resolve.due_on == new_date and resolve.state == S.OPEN
    change = resolve.changes.get()
    assert (change.old_due_on, change.new_due_on, change.reason, change.by) == (old, new_date, "Chờ kinh phí", agency_user)

    response = petitions.response_submit(assignment=started, by=agency_user, text="Đã sửa xong.", is_final=True)
    petitions.response_review(response=response, by=staff, accept=True)
    found = kinds(assignment=started)
    assert found[K.RESOLVE].state == S.MET and found[K.ANSWER].state == S.MET
    assert found[K.RESOLVE].closed_on == timezone.localdate()


def test_a_returned_answer_closes_nothing(started, agency_user, staff):
    response = petitions.response_submit(assignment=started, by=agency_user, text="Đang xem xét.", is_final=True)
    assert Deadline.objects.get(assignment=started, kind=K.ACKNOWLEDGE).state == S.MET  # an answer acknowledges
    petitions.response_review(response=response, by=staff, accept=False, comment="Chưa đủ")
    assert set(Deadline.objects.filter(assignment=started, kind__in=[K.RESOLVE, K.ANSWER]).values_list("state", flat=True)) == {S.OPEN}


def test_transfer_cancels_the_first_agency_and_starts_the_second(started, staff, org):
    from dialogue.testing.factories import OrganizationFactory
    from dialogue.workdays import add_calendar_days
    from petitions.models import ConclusionNotice

    other = OrganizationFactory(name="Phòng Tài nguyên", code="tn", parent=org, kind="department")
    # The notice went out weeks ago: the new agency's count starts on the day of the transfer.
    today = timezone.localdate()
    ConclusionNotice.objects.filter(deadlines__assignment=started).update(issued_on=today - dt.timedelta(days=20))
    new = petitions.assignment_transfer(assignment=started, by=staff, agency=other)
    assert set(Deadline.objects.filter(assignment=started).values_list("state", flat=True)) == {S.CANCELLED}
    found = kinds(assignment=new)
    assert set(found) == {K.ACKNOWLEDGE, K.RESOLVE, K.ANSWER}
    assert {d.responsible_id for d in found.values()} == {other.pk}
    assert found[K.RESOLVE].due_on == new.due_on
    assert found[K.ACKNOWLEDGE].due_on == min(add_calendar_days(today, 5), new.due_on)
    assert found[K.ACKNOWLEDGE].due_on > today


def test_a_late_answer_is_closed_late(started, agency_user, staff, clock):
    answer = Deadline.objects.get(assignment=started, kind=K.ANSWER)
    clock(answer.due_on + dt.timedelta(days=2))
    response = petitions.response_submit(assignment=started, by=agency_user, text="Trả lời muộn.", is_final=False)
    petitions.response_review(response=response, by=staff, accept=True)
    answer.refresh_from_db()
    assert (answer.state, answer.closed_on) == (S.LATE, answer.due_on + dt.timedelta(days=2))
    # An interim answer does not resolve the petition.
    assert Deadline.objects.get(assignment=started, kind=K.RESOLVE).state == S.OPEN
