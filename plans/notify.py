"""Who hears of a plan's step, and what they read: the plan services call
`plan_moved` after each change of state, inside their transaction, and the
deadline outbox delivers (deadlines.outbox).

    submitted ─▶ the issuer's leaders (to approve or return it)
    returned  ─▶ whoever submitted it (with the leader's comment)
    approved  ─▶ whoever submitted it (the leader may issue it now)
    issued    ─▶ the issuer's office staff and the Front's supervisors, and whoever submitted it

The one who took the step is never told of it. Each transition is one event
(its row's id is the key), so a step is told once however often it is retried.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from deadlines.outbox import active_users, notify, recipients
from dialogue.access import LEADERS
from dialogue.models import Role
from dialogue.text import person_name

from .models import Plan, PlanTransition, Status

KINDS = {
    Status.SUBMITTED: "plan_submitted",
    Status.RETURNED: "plan_returned",
    Status.APPROVED: "plan_approved",
    Status.ISSUED: "plan_issued",
}
ISSUED_READERS = (Role.STAFF, Role.SUPERVISOR)


def _submitter(plan: Plan) -> int | None:
    return (
        PlanTransition.objects.filter(plan=plan, to_status=Status.SUBMITTED)
        .order_by("-at", "-id").values_list("by_id", flat=True).first()
    )


def _users(plan: Plan, status: str, by) -> list[int]:
    if status == Status.SUBMITTED:
        return recipients([plan.issuer_id], LEADERS, exclude=by)
    submitter = _submitter(plan)
    if status == Status.ISSUED:
        return sorted({*recipients([plan.issuer_id], ISSUED_READERS, exclude=by), *active_users([submitter], exclude=by)})
    if submitter is None:
        return recipients([plan.issuer_id], (Role.STAFF,), exclude=by)
    return active_users([submitter], exclude=by)


def _words(plan: Plan, transition: PlanTransition, by) -> tuple[str, str]:
    name = plan.subject_one_line[:120] or str(plan.year)
    values = {"plan": name, "by": person_name(by), "organization": plan.issuer.name, "number": plan.symbol_display}
    status = transition.to_status
    if status == Status.SUBMITTED:
        return (
            _("Plan awaiting your approval: %(plan)s") % values,
            _("%(by)s submitted the plan “%(plan)s” of %(organization)s for your approval.") % values,
        )
    if status == Status.RETURNED:
        return (
            _("Plan returned: %(plan)s") % values,
            _("%(by)s returned the plan “%(plan)s” with what to change:") % values + "\n\n" + transition.comment,
        )
    if status == Status.APPROVED:
        return (
            _("Plan approved: %(plan)s") % values,
            _("%(by)s approved the plan “%(plan)s”; it can now be issued.") % values,
        )
    return (
        _("Plan issued: %(number)s %(plan)s") % values,
        _("%(by)s issued the plan “%(plan)s” of %(organization)s as %(number)s.") % values,
    )


def plan_moved(*, plan: Plan, transition: PlanTransition, by) -> int:
    """Tell who must act or know that the plan was submitted, returned, approved or issued."""
    kind = KINDS.get(transition.to_status)
    if kind is None or plan.is_template:
        return 0
    subject, body = _words(plan, transition, by)
    return notify(
        kind, _users(plan, transition.to_status, by), key=f"plan-transition:{transition.pk}", subject=subject,
        body=body, url=reverse("plans:detail", args=[plan.pk]),
    )
