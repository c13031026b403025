"""The deadlines of the work, opened and closed as the work happens.

Other apps' services call the `on_*` functions below, one line each, inside
their own transaction, so a deadline appears or closes exactly when the thing
it watches does (and rolls back with it). Each hook takes what it needs as
arguments and never calls the domain apps back. Dates come from
deadlines.rules: the plan's rule for the work, else the law's.

A deadline's date is recomputed (rule edited, holiday swap entered, conference
re-scheduled) only while it is open, and each move is kept as a DeadlineChange.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogue import clock, workdays
from dialogue.access import OFFICE, has_role
from dialogue.errors import DomainError

from .models import Deadline, DeadlineChange
from .rules import Anchor, DayType, RuleCode, TimeRule, assignment_dates, count, plan_rules, rule_for

# Reminders go out this many working days before the due date.
REMIND_WORKING_DAYS = 2

# Who may mark by hand a deadline no event of the system closes.
DONE_ROLES = OFFICE
MANUAL_KINDS = (Deadline.Kind.OPINIONS,)

K = Deadline.Kind
S = Deadline.State


class DeadlineError(DomainError):
    """A refused operation on a deadline."""


@dataclass(frozen=True)
class Dates:
    due_on: dt.date
    anchor_on: dt.date
    rule_code: str = ""


def remind_date(due_on: dt.date) -> dt.date:
    return count(due_on, -REMIND_WORKING_DAYS, DayType.WORKING)


# --- computing dates from the plan's rules ---------------------------------------------------


def _anchor_day(rule: TimeRule, *, conference, assignment, start: dt.date) -> dt.date:
    """The event a rule counts from; `start` (the notice's date, or a later assignment's) otherwise."""
    if rule.anchor == Anchor.CONFERENCE and conference.day:
        return conference.day
    if rule.anchor == Anchor.ASSIGNMENT and assignment is not None:
        return clock.date_of(assignment.assigned_at)
    return start


def compute(kind: str, *, conference, notice=None, assignment=None) -> Dates | None:
    """The date a deadline of this kind falls on now, or None when its event has no date yet.

    Deadline kinds share their codes with the rules (deadlines.rules.RuleCode)."""
    rules = plan_rules(conference.plan)
    rule = rule_for(conference.plan, kind, rules=rules)
    if kind in (K.ANNOUNCE, K.OPINIONS, K.NOTICE):
        day = conference.day
        if day is None:
            return None
        return Dates(rule.due_from(day), day, rule.plan_code)

    # Counted from the notice; an assignment made later (a transfer) from its own day.
    start = max(notice.issued_on, clock.date_of(assignment.assigned_at))
    if kind == K.ACKNOWLEDGE:
        ack, _due = assignment_dates(conference.plan, start, rules=rules)
        return Dates(min(ack, assignment.effective_due_on), start, rule.plan_code)
    if kind == K.RESOLVE:
        return Dates(assignment.effective_due_on, start, rule.plan_code)
    anchor = _anchor_day(rule, conference=conference, assignment=assignment, start=start) if rule.from_plan else start
    return Dates(rule.due_from(anchor), anchor, rule.plan_code)


# --- opening, moving, closing ----------------------------------------------------------------


def _open(kind: str, *, organization_id: int, responsible_id: int, conference, notice=None, assignment=None,
          fixed: bool = False, by=None, reason: str = "") -> Deadline | None:
    """Open the deadline, or move the open one already watching the same work."""
    dates = compute(kind, conference=conference, notice=notice, assignment=assignment)
    if dates is None:
        return None
    existing = (
        Deadline.objects.select_for_update()
        .filter(kind=kind, conference=conference, notice=notice, assignment=assignment)
        .exclude(state=S.CANCELLED)
        .first()
    )
    if existing is not None:
        if existing.is_open:
            _move(existing, dates=dates, by=by, reason=reason)
        return existing
    return Deadline.objects.create(
        kind=kind, rule_code=dates.rule_code, organization_id=organization_id, responsible_id=responsible_id,
        conference=conference, notice=notice, assignment=assignment, anchor_on=dates.anchor_on, fixed=fixed,
        due_on=dates.due_on, remind_on=remind_date(dates.due_on),
    )


def _move(deadline: Deadline, *, dates: Dates, by=None, reason: str = "", fixed: bool | None = None) -> bool:
    """Give an open deadline its new date; a later date is reminded and escalated again."""
    changed = deadline.due_on != dates.due_on
    remind_on = remind_date(dates.due_on)
    if not changed and remind_on == deadline.remind_on and deadline.rule_code == dates.rule_code and (
        fixed is None or fixed == deadline.fixed
    ):
        return False
    today = clock.today()
    if changed:
        DeadlineChange.objects.create(
            deadline=deadline, old_due_on=deadline.due_on, new_due_on=dates.due_on, reason=str(reason)[:500], by=by
        )
    deadline.due_on, deadline.remind_on = dates.due_on, remind_on
    deadline.anchor_on, deadline.rule_code = dates.anchor_on, dates.rule_code
    if fixed is not None:
        deadline.fixed = fixed
    if remind_on > today:
        deadline.reminded_at = None
    if dates.due_on >= today:
        deadline.escalated_at = None
    deadline.save()
    return changed


def _close(deadlines: QuerySet, *, by=None, on: dt.date | None = None) -> int:
    """Close the open ones: met when done by the due date, late after it."""
    on = on or clock.today()
    open_ = deadlines.filter(state=S.OPEN)
    now = timezone.now()
    met = open_.filter(due_on__gte=on).update(state=S.MET, closed_on=on, closed_by=by, updated_at=now)
    late = open_.filter(due_on__lt=on).update(state=S.LATE, closed_on=on, closed_by=by, updated_at=now)
    return met + late


def _cancel(deadlines: QuerySet) -> int:
    return deadlines.filter(state=S.OPEN).update(state=S.CANCELLED, updated_at=timezone.now())


# --- hooks the other apps' services call -------------------------------------------------------


def on_conference_scheduled(*, conference, by) -> None:
    """Given a date (again): the announce and opinions deadlines open, or follow the new date."""
    reason = _("The conference was given a new date.")
    opinions = rule_for(conference.plan, RuleCode.OPINIONS)
    responsible = opinions.responsible_org_id or conference.organization_id
    for kind, responsible_id in ((K.ANNOUNCE, conference.organization_id), (K.OPINIONS, responsible)):
        _open(kind, organization_id=conference.organization_id, responsible_id=responsible_id,
              conference=conference, by=by, reason=reason)


def on_conference_announced(*, conference, by) -> None:
    _close(Deadline.objects.filter(conference=conference, kind=K.ANNOUNCE), by=by)


def on_conference_held(*, conference, by) -> None:
    """Opinions are due before the conference: holding it closes them; the notice's count starts."""
    _close(Deadline.objects.filter(conference=conference, kind__in=[K.ANNOUNCE, K.OPINIONS]), by=by)
    _open(K.NOTICE, organization_id=conference.organization_id, responsible_id=conference.organization_id,
          conference=conference, by=by)


def on_conference_cancelled(*, conference, by) -> None:
    _cancel(Deadline.objects.filter(conference=conference))


def _open_for_assignment(assignment, notice, by=None) -> None:
    conference = notice.conference
    common = dict(organization_id=conference.organization_id, responsible_id=assignment.agency_id,
                  conference=conference, notice=notice, assignment=assignment, by=by)
    if assignment.acknowledged_at is None:
        _open(K.ACKNOWLEDGE, **common)
    # The resolve date is the one the assignment names (the conclusion's or the
    # extension's): a rule edited later does not move a date already given.
    _open(K.RESOLVE, fixed=True, **common)
    _open(K.ANSWER, **common)


def on_notice_issued(*, notice, assignments: Iterable, by) -> None:
    """The notice closes its own deadline and starts the count of each open assignment it makes."""
    _close(Deadline.objects.filter(conference=notice.conference, kind=K.NOTICE), by=by, on=notice.issued_on)
    for assignment in assignments:
        _open_for_assignment(assignment, notice, by)


def on_assignment_acknowledged(*, assignment, by) -> None:
    _close(Deadline.objects.filter(assignment=assignment, kind=K.ACKNOWLEDGE), by=by)


def on_assignment_extended(*, assignment, by) -> None:
    """The extension moves the resolve date; the old one stays in the history."""
    on_assignment_acknowledged(assignment=assignment, by=by)
    deadline = Deadline.objects.select_for_update().filter(assignment=assignment, kind=K.RESOLVE, state=S.OPEN).first()
    if deadline is not None:
        dates = Dates(assignment.effective_due_on, deadline.anchor_on or assignment.effective_due_on, deadline.rule_code)
        _move(deadline, dates=dates, by=by, reason=assignment.extension_reason, fixed=True)


def on_assignment_transferred(*, old, new, by) -> None:
    """The first agency's deadlines end; the new agency's count starts from today."""
    _cancel(Deadline.objects.filter(assignment=old))
    started = Deadline.objects.filter(assignment=old).exclude(notice=None).select_related("notice__conference").first()
    if started is not None:
        _open_for_assignment(new, started.notice, by)


def on_response_submitted(*, assignment, by) -> None:
    """An answer sent is an acknowledgement too."""
    on_assignment_acknowledged(assignment=assignment, by=by)


def on_response_accepted(*, response, by) -> None:
    """An accepted answer meets the answer deadline; a final one resolves the petition."""
    kinds = [K.ACKNOWLEDGE, K.ANSWER] + ([K.RESOLVE] if response.is_final else [])
    _close(Deadline.objects.filter(assignment_id=response.assignment_id, kind__in=kinds), by=by)


# --- what users do -----------------------------------------------------------------------------


def can_mark_done(user, deadline: Deadline) -> bool:
    return has_role(user, deadline.organization_id, *DONE_ROLES) or has_role(
        user, deadline.responsible_id, *DONE_ROLES
    )


@transaction.atomic
def deadline_mark_done(*, deadline: Deadline, by) -> Deadline:
    """Staff record that work no event of the system closes (the opinions report) is done."""
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if not can_mark_done(by, deadline):
        raise DeadlineError(_("You may not do this."))
    if deadline.kind not in MANUAL_KINDS:
        raise DeadlineError(_("This deadline closes by itself when the work is recorded."))
    if not deadline.is_open:
        raise DeadlineError(_("This deadline is already closed."))
    _close(Deadline.objects.filter(pk=deadline.pk), by=by)
    deadline.refresh_from_db()
    return deadline


@transaction.atomic
def deadlines_recompute(*, plan_id: int | None = None, day: dt.date | None = None, by=None) -> int:
    """Recompute the open deadlines a rule change (of plan_id) or a calendar change
    (of day) affects; closed ones keep the date they were judged against. Returns
    how many moved."""
    qs = Deadline.objects.filter(state=S.OPEN).select_related("conference__plan", "notice", "assignment__petition")
    if plan_id is not None:
        qs = qs.filter(conference__plan_id=plan_id)
        reason = _("The plan's deadline rule was changed.")
    elif day is not None:
        workdays.clear_cache()
        # Only counts that pass over the day can change.
        qs = qs.filter(
            Q(anchor_on__lte=day, due_on__gte=day) | Q(anchor_on__gte=day, due_on__lte=day)
            | Q(remind_on__lte=day, due_on__gte=day)
        )
        reason = _("The working-day calendar was changed.")
    else:
        raise ValueError("give plan_id or day")
    moved = 0
    for deadline in qs.select_for_update(of=("self",)):
        if deadline.fixed:
            dates = Dates(deadline.due_on, deadline.anchor_on or deadline.due_on, deadline.rule_code)
        else:
            dates = compute(
                deadline.kind, conference=deadline.conference, notice=deadline.notice, assignment=deadline.assignment
            )
            if dates is None:
                continue
        moved += _move(deadline, dates=dates, by=by, reason=reason)
    return moved
