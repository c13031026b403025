"""Issuing a plan: the confirmation that names the number it will take, the
checklist's one-step year replacement, and recording a plan issued elsewhere.

Each view finds the plan through dialogue.access (another organisation's
plan is a 404) and leaves the rules to plans.services and plans.checks.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dialogue import clock
from dialogue.idempotency import idempotent

from . import services
from .checks import issue_checks, next_number
from .forms_issue import IssuedElsewhereForm, ReplaceYearForm
from .selectors import get_plan
from .services import NumberMoved, PlanError


def _confirm_context(request, plan, **extra) -> dict:
    number = next_number(plan)
    return {
        "plan": plan,
        "checks": issue_checks(plan),
        "number": number,
        "symbol": services.symbol_for(plan, number),
        "today": clock.today(),
        "can_replace_year": services.can_replace_year(plan, request.user),
        **extra,
    }


@login_required
@idempotent
def plan_issue_confirm(request, pk: int):
    """GET: what issuing will do (the number, the date) and the checklist; POST: issue,
    if the number confirmed is still the one it takes."""
    plan = get_plan(request, pk, write=True)
    if not services.can_issue(plan, request.user):
        messages.error(request, _("Only a leader of the issuing organisation may issue an approved plan."))
        return redirect("plans:detail", pk=plan.pk)
    if request.method != "POST":
        return render(request, "plans/issue_confirm.html", _confirm_context(request, plan))
    try:
        expected = int(request.POST.get("number", ""))
    except ValueError:
        return HttpResponseBadRequest()
    try:
        services.plan_issue(plan=plan, by=request.user, expected_number=expected)
    except NumberMoved as moved:
        plan = get_plan(request, pk, write=True)
        return render(request, "plans/issue_confirm.html", _confirm_context(request, plan, moved=str(moved)), status=409)
    except PlanError as error:
        messages.error(request, str(error))
        return redirect("plans:detail", pk=plan.pk)
    messages.success(request, _("The plan was issued as %(symbol)s.") % {"symbol": plan.symbol_display})
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_POST
@idempotent
def plan_replace_year(request, pk: int):
    plan = get_plan(request, pk, write=True)
    form = ReplaceYearForm(request.POST)
    back = "plans:issue" if request.POST.get("back") == "issue" else "plans:detail"
    if not form.is_valid():
        messages.error(request, _("The years to replace are not valid."))
        return redirect(back, pk=plan.pk)
    old, new = form.cleaned_data["old"], form.cleaned_data["new"]
    try:
        fields = services.plan_replace_year(plan=plan, old=old, new=new, by=request.user)
    except PlanError as error:
        messages.error(request, str(error))
        return redirect("plans:detail", pk=plan.pk)
    if fields:
        messages.success(request, _("%(old)s was replaced with %(new)s in: %(fields)s.")
                         % {"old": old, "new": new, "fields": "; ".join(fields)})
    else:
        messages.info(request, _("No field names %(old)s any more.") % {"old": old})
    return redirect(back, pk=plan.pk)


@login_required
@idempotent
def plan_issued_elsewhere(request, pk: int):
    """Record a plan already issued (on paper, in another system) with its number, date and signed copy."""
    plan = get_plan(request, pk, write=True)
    if not services.can_record_issued_elsewhere(plan, request.user):
        messages.error(request, _("This plan cannot be recorded as issued outside the system."))
        return redirect("plans:detail", pk=plan.pk)
    form = IssuedElsewhereForm(request.POST or None, request.FILES or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_record_issued_elsewhere(plan=plan, by=request.user, **form.cleaned_data)
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The plan was recorded as issued outside the system: %(symbol)s.")
                             % {"symbol": plan.symbol_display})
            return redirect("plans:detail", pk=plan.pk)
    status = 400 if form.is_bound else 200
    return render(request, "plans/issued_elsewhere.html", {"plan": plan, "form": form}, status=status)
