"""Decisions on many petitions at once, from the lists, and the leader's return of
one drafted conclusion.

Each bulk action asks once (dialogue.confirmation): the first POST shows what
will happen to how many petitions; only the confirmed POST acts, through the
services in petitions.decisions, and the list then reports what was done and
what was refused and why. Rows are reached only through the user's roles: a
petition of another organisation, or an assignment to another agency, is not a
valid choice and nothing is done.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dialogue.access import get_for_user, organization_ids, scope
from dialogue.confirmation import Confirmation, confirmation_page, is_confirmed
from dialogue.idempotency import idempotent
from dialogue.models import Role
from dialogue.text import plain_text

from . import decisions
from .models import Assignment, Conclusion, Petition
from .services import APPROVER_ROLES, PetitionError

CONTENT_SHOWN = 90


def _back(request, name: str) -> str:
    """The list the form came from, with its filters (a query string of our own page only)."""
    query = request.POST.get("next_query", "")
    return reverse(name) + (f"?{query}" if query else "")


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def report(request, result: decisions.BulkResult, done: str) -> None:
    """`done` (with %(n)s) for what was done, and one warning naming each refused item and why."""
    if result.done:
        messages.success(request, done % {"n": len(result.done)})
    if result.refused:
        items = "; ".join(map(str, result.refused))
        messages.warning(request, _("Not done for %(n)s: %(items)s") % {"n": len(result.refused), "items": items})


def _line(petition: Petition, *parts: str) -> str:
    content = Truncator(petition.content).chars(CONTENT_SHOWN)
    return " · ".join([petition.tracking_code, *[p for p in parts if p], content])


# --- the leader: conclusions -----------------------------------------------------------------


class BulkConclusionForm(forms.Form):
    petitions = forms.ModelMultipleChoiceField(
        queryset=Petition.objects.none(), error_messages={"required": gettext_lazy("Select at least one petition.")}
    )
    decision = forms.ChoiceField(choices=[("approve", gettext_lazy("Approve")), ("return", gettext_lazy("Return"))])
    comment = forms.CharField(required=False, max_length=2000, validators=[plain_text])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["petitions"].queryset = Petition.objects.filter(
            organization__in=organization_ids(user, APPROVER_ROLES)
        ).select_related("organization")

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what should be changed in the conclusion."))
        return data


def _conclusion_confirmation(petitions, decision: str, comment: str, back: str) -> Confirmation:
    drafts = {
        c.petition_id: c
        for c in Conclusion.objects.filter(petition__in=petitions, approved_at__isnull=True).select_related("agency")
    }
    items = []
    for p in petitions:
        draft = drafts.get(p.pk)
        what = draft.get_outcome_display() if draft else _("no conclusion awaits approval")
        if draft and draft.agency_id:
            what += f" ({draft.agency}, {draft.due_on:%d/%m/%Y})"
        items.append(_line(p, what))
    n = len(petitions)
    if decision == "approve":
        return Confirmation(
            question=_("Approve %(n)s conclusions?") % {"n": n},
            consequence=_(
                "Each takes effect at once: the agencies named receive their assignments and the citizens see the "
                "conclusion on the public page. An approved conclusion cannot be withdrawn."
            ),
            button=_("Approve %(n)s conclusions") % {"n": n}, back_url=back, items=items,
        )
    return Confirmation(
        question=_("Return %(n)s conclusions to the office?") % {"n": n},
        consequence=_("The drafts are removed and the office drafts them again; your comment goes into each "
                      "petition's history: %(comment)s") % {"comment": comment},
        button=_("Return %(n)s conclusions") % {"n": n}, back_url=back, items=items, danger=False,
    )


@login_required
@require_POST
@idempotent
def bulk_conclusions(request):
    """The leader approves, or returns with one comment, the conclusions selected on the list."""
    if not organization_ids(request.user, APPROVER_ROLES):
        raise Http404
    back = _back(request, "petitions:list")
    form = BulkConclusionForm(request.POST, user=request.user)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    petitions = list(form.cleaned_data["petitions"])
    decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"].strip()
    if not is_confirmed(request):
        return confirmation_page(request, _conclusion_confirmation(petitions, decision, comment, back))
    try:
        if decision == "approve":
            result = decisions.conclusions_approve(petitions=petitions, by=request.user)
            report(request, result, _("%(n)s conclusions were approved and take effect."))
        else:
            result = decisions.conclusions_return(petitions=petitions, by=request.user, comment=comment)
            report(request, result, _("%(n)s conclusions were returned to the office."))
    except PetitionError as error:
        messages.error(request, str(error))
    return redirect(back)


@login_required
@require_POST
@idempotent
def conclusion_return(request, pk):
    """The leader returns one drafted conclusion with what to change."""
    conclusion = get_for_user(Conclusion.objects.select_related("petition"), request.user, roles=[Role.LEADER], pk=pk)
    try:
        decisions.conclusion_return(conclusion=conclusion, by=request.user, comment=request.POST.get("comment", ""))
    except PetitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The conclusion was returned to the office with your comment."))
    return redirect("petitions:detail", pk=conclusion.petition_id)


# --- the agency: acknowledgements ------------------------------------------------------------


class BulkAcknowledgeForm(forms.Form):
    assignments = forms.ModelMultipleChoiceField(
        queryset=Assignment.objects.none(),
        error_messages={"required": gettext_lazy("Select at least one petition.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignments"].queryset = scope(Assignment.objects.all(), user, [Role.AGENCY]).select_related(
            "petition", "agency"
        )


@login_required
@require_POST
@idempotent
def bulk_acknowledge(request):
    """The agency acknowledges the assignments selected in its inbox."""
    if not organization_ids(request.user, [Role.AGENCY]):
        raise Http404
    back = _back(request, "petitions:inbox")
    form = BulkAcknowledgeForm(request.POST, user=request.user)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    assignments = list(form.cleaned_data["assignments"])
    if not is_confirmed(request):
        n = len(assignments)
        agencies = sorted({a.agency.name for a in assignments})
        return confirmation_page(request, Confirmation(
            question=_("Acknowledge %(n)s petitions?") % {"n": n},
            consequence=_(
                "The citizens see at once that %(agencies)s is handling them, and the time to answer runs. "
                "An acknowledgement cannot be withdrawn."
            ) % {"agencies": ", ".join(agencies)},
            button=_("Acknowledge %(n)s petitions") % {"n": n}, back_url=back, danger=False,
            items=[_line(a.petition, _("due %(date)s") % {"date": f"{a.effective_due_on:%d/%m/%Y}"})
                   for a in assignments],
        ))
    try:
        result = decisions.assignments_acknowledge(assignments=assignments, by=request.user)
    except PetitionError as error:
        messages.error(request, str(error))
    else:
        report(request, result, _("%(n)s petitions were acknowledged."))
    return redirect(back)
