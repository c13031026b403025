"""Import from Word: the upload (a choice on "Kế hoạch mới"), the import report, and its two actions:
change what a paragraph became, and settle an issuer in the file that is not the user's organisation.

Thin views: the plan is found through dialogue.access (another organisation's
plan is a 404), the work is done by plans.importing.build, and a file that
cannot be read is an error next to the file field, never a 500.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .importing.build import import_confirm_issuer, import_reclassify, plan_import
from .importing.classify import FORCEABLE, Became
from .importing.reader import MAX_UPLOAD_BYTES, ImportFileError
from .models import ImportParagraph, Plan
from .selectors import get_plan
from .services import PlanError, can_edit

# Offered as one-click buttons on each row of the report; the rest sit in a short menu.
QUICK = (Became.SECTION, Became.PART, Became.ITEM, Became.TEXT)


def import_upload(request, form) -> Plan | None:
    """Validate the upload form and import the file; None (with the error on the form) when it cannot be read."""
    if not form.is_valid():
        return None
    upload = form.cleaned_data["file"]
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    try:
        plan = plan_import(
            data=data, file_name=upload.name, issuer=form.cleaned_data["issuer"], by=request.user,
            year=form.cleaned_data.get("year"),
        )
    except ImportFileError as error:
        form.add_error("file", str(error))
        return None
    except PlanError as error:
        form.add_error(None, str(error))
        return None
    messages.success(request, _("The plan was imported from the file. Check below what each paragraph became."))
    return plan


def _record(plan: Plan):
    try:
        return plan.import_record
    except ObjectDoesNotExist:
        raise Http404 from None


@login_required
def import_report(request, pk: int):
    plan = get_plan(request, pk)
    record = _record(plan)
    rows = list(ImportParagraph.objects.filter(plan=plan).order_by("order"))
    labels = dict(Became.choices)
    for row in rows:
        row.label = labels.get(row.became, row.became)
    plain = [row for row in rows if row.is_plain]
    return render(request, "plans/import_report.html", {
        "plan": plan,
        "record": record,
        "rows": rows,
        "plain_count": len(plain),
        "can_edit": can_edit(plan, request.user),
        "quick": [(value, labels[value]) for value in QUICK],
        "quick_values": list(QUICK),
        "choices": [(value, labels[value]) for value in FORCEABLE],
        "counts": {
            "sections": plan.sections.count(),
            "sessions": plan.sessions.count(),
            "groups": plan.attendee_groups.count(),
            "agenda": plan.agenda.count(),
            "rules": plan.deadline_rules.count(),
            "recipients": plan.recipients.count(),
        },
    })


@login_required
@require_POST
def import_paragraph(request, pk: int, order: int):
    plan = get_plan(request, pk, write=True)
    _record(plan)
    try:
        import_reclassify(plan=plan, order=order, became=request.POST.get("became", ""), by=request.user)
    except PlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The plan was rebuilt with your choice."))
    return redirect(reverse("plans:import_report", args=[plan.pk]) + f"#p-{order}")


@login_required
@require_POST
def import_issuer(request, pk: int):
    plan = get_plan(request, pk, write=True)
    _record(plan)
    use_own = request.POST.get("header") == "own"
    try:
        import_confirm_issuer(plan=plan, use_own_header=use_own, by=request.user)
    except PlanError as error:
        messages.error(request, str(error))
    else:
        if use_own:
            messages.success(request, _("The plan now prints your organisation's header."))
        else:
            messages.success(request, _("The header is kept as written in the file."))
    return redirect("plans:import_report", pk=plan.pk)
