"""Rule edits and holiday swaps move the open deadlines they affect, with a
history row, and never the closed ones."""

import datetime as dt

import pytest
from django.utils import timezone

from deadlines import services
from deadlines.models import Deadline
from dialogue.models import CalendarOverride
from petitions.tests.factories import make_conference

D = dt.date
K, S = Deadline.Kind, Deadline.State

pytestmark = pytest.mark.django_db


def on(day):
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 8, 0))


def test_a_rule_edit_moves_open_deadlines_of_its_plan_only(org, staff, seed_plan):
    plan = seed_plan("000")
    conference = make_conference(org, "scheduled", plan=plan, starts_at=on(D(2027, 3, 15)))
    other = make_conference(org, "scheduled", plan=seed_plan("000"), starts_at=on(D(2027, 3, 15)))
    for c in (conference, other):
        services.on_conference_scheduled(conference=c, by=staff)
    opinions = Deadline.objects.get(conference=conference, kind=K.OPINIONS)
    assert (opinions.due_on, opinions.rule_code) == (D(2027, 3, 5), "opinions")
    services.on_conference_announced(conference=conference, by=staff)  # closes "announce"
    announce = Deadline.objects.get(conference=conference, kind=K.ANNOUNCE)
    assert announce.state == S.MET and announce.due_on == D(2027, 3, 8)

    rule = plan.deadline_rules.get(code="opinions")
    rule.offset_days = -14
    rule.save()
    opinions.refresh_from_db()
    assert opinions.due_on == D(2027, 3, 1) and opinions.remind_on == D(2027, 2, 25)
    change = opinions.changes.get()
    assert (change.old_due_on, change.new_due_on) == (D(2027, 3, 5), D(2027, 3, 1))
    assert "quy định thời hạn" in change.reason.lower() or "rule" in change.reason
    assert Deadline.objects.get(conference=other, kind=K.OPINIONS).due_on == D(2027, 3, 5)

    # A new "announce" rule would move the announce deadline, but it is closed.
    plan.deadline_rules.create(code="announce", name="Thông báo", anchor="conference", offset_days=-10)
    announce.refresh_from_db()
    assert announce.due_on == D(2027, 3, 8) and not announce.changes.exists()

    # Deleting the rule brings back the default ten days.
    rule.delete()
    opinions.refresh_from_db()
    assert (opinions.due_on, opinions.rule_code) == (D(2027, 3, 5), "")
    assert opinions.changes.count() == 2


def test_a_holiday_swap_moves_open_working_day_counts_not_closed_ones(org, staff, seed_plan):
    plan = seed_plan("000")  # notice: 10 working days after the conference
    held = make_conference(org, "held", plan=plan, starts_at=on(D(2027, 3, 15)))
    done = make_conference(org, "held", plan=plan, starts_at=on(D(2027, 3, 15)))
    for c in (held, done):
        services.on_conference_held(conference=c, by=staff)
    services._close(Deadline.objects.filter(conference=done, kind=K.NOTICE), on=D(2027, 3, 20))
    notice = Deadline.objects.get(conference=held, kind=K.NOTICE)
    assert notice.due_on == D(2027, 3, 29)

    swap = CalendarOverride.objects.create(date=D(2027, 3, 22), kind="off", note="Nghỉ bù")
    notice.refresh_from_db()
    assert notice.due_on == D(2027, 3, 30) and notice.changes.count() == 1
    closed = Deadline.objects.get(conference=done, kind=K.NOTICE)
    assert closed.due_on == D(2027, 3, 29) and closed.state == S.MET

    # A swap outside the count changes nothing.
    CalendarOverride.objects.create(date=D(2027, 6, 1), kind="off")
    notice.refresh_from_db()
    assert notice.changes.count() == 1

    # Moving the swap's date recomputes around the old and the new day.
    swap.date = D(2027, 4, 20)
    swap.save()
    notice.refresh_from_db()
    assert notice.due_on == D(2027, 3, 29)
    swap.delete()
    notice.refresh_from_db()
    assert notice.due_on == D(2027, 3, 29) and notice.changes.count() == 2
