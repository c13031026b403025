"""The leader's decisions on conclusions the office drafted, and the agency's
acknowledgements: one at a time, or many at once from a list.

A bulk decision runs the single service on each item, so each item goes
through exactly the same checks (role, state, dates) as when it is done alone.
Each item is done completely or not at all (its own savepoint): the ones
refused are reported with the reason, and the others are done. A request
carries at most MAX_ITEMS items, and each item costs the same few queries, so
a bulk decision's cost is bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from . import services
from .models import CONCLUDABLE, Assignment, Conclusion, EventKind, Petition
from .services import PetitionError

# A list page shows 50 rows; a decision never takes more than two pages' worth at once.
MAX_ITEMS = 100


@dataclass
class Refusal:
    code: str
    reason: str

    def __str__(self) -> str:
        return f"{self.code}: {self.reason}"


@dataclass
class BulkResult:
    """What a bulk decision did, item by item."""

    done: list = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.done)


def _each(items: Iterable, code_of: Callable[[object], str], action: Callable[[object], object]) -> BulkResult:
    items = list(items)
    if not items:
        raise PetitionError(_("Select at least one petition."))
    if len(items) > MAX_ITEMS:
        raise PetitionError(_("Select at most %(n)s petitions at once.") % {"n": MAX_ITEMS})
    result = BulkResult()
    for item in items:
        try:
            with transaction.atomic():
                result.done.append(action(item))
        except PetitionError as error:
            result.refused.append(Refusal(code_of(item), str(error.message)))
    return result


# --- the leader: a conclusion returned -----------------------------------------------------


@transaction.atomic
def conclusion_return(*, conclusion: Conclusion, by, comment: str) -> Petition:
    """The leader sends a drafted conclusion back to the office with what to change.

    The draft goes (its content stays in the petition's history, with the comment),
    and the petition waits for a conclusion again, on the office's list of those
    without one. Nothing public changes: a draft never was."""
    conclusion = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
    petition = Petition.objects.select_for_update(of=("self",)).get(pk=conclusion.petition_id)
    if not services.can_approve(by, petition):
        raise PetitionError(_("You are not allowed to do this."))
    if conclusion.is_approved:
        raise PetitionError(_("This conclusion is already approved."))
    if petition.status not in CONCLUDABLE:
        raise PetitionError(_("This petition already has a conclusion in force."))
    comment = (comment or "").strip()
    if not comment:
        raise PetitionError(_("Say what should be changed in the conclusion."), field="comment")
    services.record_events(
        [petition], EventKind.CONCLUSION_RETURNED, by=by,
        text=_("%(comment)s (returned: %(outcome)s. %(direction)s)")
        % {"comment": comment, "outcome": conclusion.get_outcome_display(), "direction": conclusion.direction},
    )
    conclusion.delete()
    return petition


# --- many at once --------------------------------------------------------------------------


def _pending_conclusion(petition: Petition) -> Conclusion:
    draft = petition.conclusions.filter(approved_at__isnull=True).order_by("-recorded_at", "-pk").first()
    if draft is None:
        raise PetitionError(_("No conclusion of this petition awaits approval."))
    return draft


def conclusions_approve(*, petitions: Iterable[Petition], by) -> BulkResult:
    """The leader approves the drafted conclusions of the petitions, each as if alone."""
    return _each(
        petitions, lambda p: p.tracking_code,
        lambda p: services.conclusion_approve(conclusion=_pending_conclusion(p), by=by),
    )


def conclusions_return(*, petitions: Iterable[Petition], by, comment: str) -> BulkResult:
    """The leader returns the drafted conclusions of the petitions with one comment."""
    if not (comment or "").strip():
        raise PetitionError(_("Say what should be changed in the conclusion."), field="comment")
    return _each(
        petitions, lambda p: p.tracking_code,
        lambda p: conclusion_return(conclusion=_pending_conclusion(p), by=by, comment=comment),
    )


def assignments_acknowledge(*, assignments: Iterable[Assignment], by) -> BulkResult:
    """The agency acknowledges several assignments, each as if alone."""
    return _each(
        assignments, lambda a: a.petition.tracking_code,
        lambda a: services.assignment_acknowledge(assignment=a, by=by),
    )
