"""The deadlines of the work, opened and closed as the work happens.

Other apps' services call the `on_*` functions below, one line each, inside
their own transaction, so a deadline appears or closes exactly when the thing
it watches does (and rolls back with it). Dates come from the plan's deadline
rules (plans.DeadlineRule, matched by code) through the functions the other
apps already use for them, else from the law's defaults; working days come
from dialogue.workdays.

A deadline's date is recomputed (rule edited, holiday swap entered, conference
re-scheduled) only while it is open, and each move is kept as a DeadlineChange.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogue import workdays
from dialogue.access import has_role
from dialogue.errors import DomainError
from dialogue.models import Role

from . import clock
from .models import Deadline, DeadlineChange

# Reminders go out this many working days before the due date.
REMIND_WORKING_DAYS = 2
# Luật Tổ chức chính quyền địa phương 2025, Điều 43 and the seeds: opinions are
# reported 10 days before the conference.
DEFAULT_OPINIONS_DAYS = -10
# Every answer within 30 days when the plan names no "answer" rule.
DEFAULT_ANSWER_DAYS = 30

# Who may mark by hand a deadline no event of the system closes.
DONE_ROLES = (Role.STAFF, Role.LEADER, Role.ADMIN)
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
    return workdays.add_working_days(due_on, -REMIND_WORKING_DAYS)


# --- computing dates from the plan's rules ---------------------------------------------------


def _rule(plan_id: int | None, code: str):
    if not plan_id:
        return None
    from plans.models import DeadlineRule

    return DeadlineRule.objects.filter(plan_id=plan_id, code=code).first()


def _count(day: dt.date, offset: int, day_type: str) -> dt.date:
    from plans.models import DayType

    if day_type == DayType.WORKING:
        return workdays.add_working_days(day, offset)
    return workdays.add_calendar_days(day, offset)


def _conference_day(conference) -> dt.date | None:
    from petitions.notices import conference_day

    return conference_day(conference)


def _anchor_day(rule, *, conference, notice, assignment, start) -> dt.date:
    """The event a rule counts from; `start` (the notice's date, or a later assignment's) otherwise."""
    from plans.models import Anchor

    if rule is not None and rule.anchor == Anchor.CONFERENCE and _conference_day(conference):
        return _conference_day(conference)
    if rule is not None and rule.anchor == Anchor.ASSIGNMENT and assignment is not None:
        return timezone.localdate(assignment.assigned_at)
    return start


def compute(kind: str, *, conference, notice=None, assignment=None) -> Dates | None:
    """The date a deadline of this kind falls on now, or None when its event has no date yet."""
    plan_id = conference.plan_id
    if kind in (K.ANNOUNCE, K.OPINIONS, K.NOTICE):
        day = _conference_day(conference)
        if day is None:
            return None
        if kind == K.ANNOUNCE:
            from conferences.services import ANNOUNCE_RULE_CODE, announce_rule

            code = ANNOUNCE_RULE_CODE if _rule(plan_id, ANNOUNCE_RULE_CODE) else ""
            return Dates(announce_rule(conference).latest_date(day), day, code)
        if kind == K.NOTICE:
            from petitions.notices import notice_due_on

            return Dates(notice_due_on(conference), day, "notice" if _rule(plan_id, "notice") else "")
        rule = _rule(plan_id, "opinions")
        if rule is None:
            return Dates(workdays.add_calendar_days(day, DEFAULT_OPINIONS_DAYS), day)
        return Dates(_count(day, rule.offset_days, rule.day_type), day, rule.code)

    # Counted from the notice; an assignment made later (a transfer) from its own day.
    start = max(notice.issued_on, timezone.localdate(assignment.assigned_at))
    if kind == K.ACKNOWLEDGE:
        from petitions.services import default_deadlines

        ack, _due = default_deadlines(assignment.petition, start)
        code = "acknowledge" if _rule(plan_id, "acknowledge") else ""
        return Dates(min(ack, assignment.effective_due_on), start, code)
    if kind == K.RESOLVE:
        return Dates(assignment.effective_due_on, start, "resolve" if _rule(plan_id, "resolve") else "")
    rule = _rule(plan_id, "answer")
    if rule is None:
        return Dates(workdays.add_calendar_days(start, DEFAULT_ANSWER_DAYS), start)
    anchor = _anchor_day(rule, conference=conference, notice=notice, assignment=assignment, start=start)
    return Dates(_count(anchor, abs(rule.offset_days), rule.day_type), anchor, rule.code)


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
    opinions = _rule(conference.plan_id, "opinions")
    responsible = opinions.responsible_org_id if opinions and opinions.responsible_org_id else conference.organization_id
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


def on_notice_issued(*, notice, by) -> None:
    """The notice closes its own deadline and starts each assignment's count."""
    from petitions.models import OPEN_ASSIGNMENT, Assignment
    from petitions.notices import notice_petitions

    _close(Deadline.objects.filter(conference=notice.conference, kind=K.NOTICE), by=by, on=notice.issued_on)
    assignments = Assignment.objects.filter(
        petition__in=notice_petitions(notice), status__in=OPEN_ASSIGNMENT
    ).select_related("petition")
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
    notice = Deadline.objects.filter(assignment=old).exclude(notice=None).values_list("notice", flat=True).first()
    if notice is not None:
        from petitions.models import ConclusionNotice

        _open_for_assignment(new, ConclusionNotice.objects.select_related("conference").get(pk=notice), by)


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
    from petitions.models import Assignment

    qs = Deadline.objects.filter(state=S.OPEN).select_related("conference", "notice")
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
            assignment = (
                Assignment.objects.select_related("petition").get(pk=deadline.assignment_id)
                if deadline.assignment_id else None
            )
            dates = compute(deadline.kind, conference=deadline.conference, notice=deadline.notice, assignment=assignment)
            if dates is None:
                continue
        moved += _move(deadline, dates=dates, by=by, reason=reason)
    return moved
