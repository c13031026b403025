"""Staff pages for a conference's invitees and printed invitations.

Reading (the list, the PDFs) is for whoever may see the conference
(selectors.conference_detail: staff, leaders, supervisors, the conference's own
secretary); changing is for `can_manage`. Everyone else gets 404, as in
dialogue.access. Invitees' personal data appear only on these pages.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dialogue import clock
from dialogue.confirmation import (
    NUMBER, Confirmation, confirmation_page, is_confirmed, moved_warning, number_moved, number_only,
)
from dialogue.glyphs import PrintableTextMixin
from dialogue.idempotency import idempotent, result_at
from dialogue.phones import PhoneField
from dialogue.responses import pdf_response
from registry.views import document_pdf_response

from . import invitations, selectors, services
from .forms import DateInput
from .invitation_documents import render_invitations_pdf
from .issue_numbers import invitation_symbol, invitations_upcoming
from .models import ConferenceGroup, InvitationBatch, Invitee
from .services import ConferenceError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 100


# ---------------------------------------------------------------- forms


class InviteeForm(PrintableTextMixin, forms.ModelForm):
    unprinted_fields = ("phone", "email")
    # Checked next to the field, as national digits (dialogue.phones); the service checks it again, as the import does.
    phone = PhoneField(label=gettext_lazy("Phone"), required=False)
    email = forms.CharField(label=gettext_lazy("Email"), required=False, max_length=254)

    class Meta:
        model = Invitee
        fields = ["full_name", "position", "hamlet", "phone", "email", "group", "note"]

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = conference.groups.all()
        self.fields["group"].label_from_instance = lambda g: g.text[:80]


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Workbook (.xlsx)"))
    valid_only = forms.BooleanField(
        label=gettext_lazy("Import the valid rows only and skip the refused ones"),
        required=False,
        help_text=gettext_lazy("Without this, nothing is imported while any row is refused."),
    )


class IssueForm(forms.Form):
    group = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("Invited group"),
        empty_label=gettext_lazy("Everyone on the list"),
    )
    number = forms.IntegerField(label=gettext_lazy("Document number"), required=False, min_value=1, max_value=99999)
    issued_on = forms.DateField(
        label=gettext_lazy("Date issued"), required=False, widget=DateInput(), input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = conference.groups.all()
        self.fields["group"].label_from_instance = lambda g: g.text[:80]


# ---------------------------------------------------------------- helpers


def _readable(request, pk):
    return selectors.conference_detail(request.user, pk)


def _managed(request, pk):
    conference = selectors.conference_detail(request.user, pk)
    if not services.can_manage(request.user, conference):
        raise Http404
    return conference


def _group(conference, value):
    if not value:
        return None
    try:
        return conference.groups.get(pk=int(value))
    except (ValueError, TypeError, ConferenceGroup.DoesNotExist) as exc:
        raise Http404 from exc


def _form_error(form, exc: ConferenceError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# ---------------------------------------------------------------- pages


@login_required
@require_GET
def invitee_list(request, pk):
    conference = _readable(request, pk)
    can_manage = services.can_manage(request.user, conference)
    can_issue = can_manage and invitations.can_issue_invitations(request.user, conference)
    groups = list(conference.groups.all())
    selected = _group(conference, request.GET.get("group"))
    page = Paginator(invitations.invitees_for(conference, selected), PAGE_SIZE).get_page(request.GET.get("page"))
    invitees = list(page.object_list)
    batches = list(conference.invitation_batches.select_related("group", "created_by", "outgoing_document"))
    return render(
        request,
        "conferences/invitations/list.html",
        {
            "conference": conference,
            "can_manage": can_manage,
            "can_edit": can_manage and conference.is_editable,
            "groups": groups,
            "selected": selected,
            "invitees": invitees,
            "page": page,
            "query": f"group={selected.pk}" if selected else "",
            "total": conference.invitees.count(),
            "batches": batches,
            "issue_form": IssueForm(conference=conference, initial={"group": selected}) if can_issue else None,
            "issue_needs_leader": can_manage and not can_issue,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@idempotent
def invitee_add(request, pk):
    conference = _managed(request, pk)
    form = InviteeForm(request.POST or None, conference=conference, initial={"group": request.GET.get("group")})
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invitee_add(conference=conference, by=request.user, **form.cleaned_data)
        except ConferenceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Invitee added."))
            if "another" in request.POST:
                return redirect(f"{request.path}?group={form.cleaned_data['group'].pk if form.cleaned_data['group'] else ''}")
            return redirect("conferences:invitees", conference.pk)
    return render(request, "conferences/invitations/form.html", {"conference": conference, "form": form, "invitee": None})


@login_required
@require_http_methods(["GET", "POST"])
def invitee_edit(request, pk, invitee_pk):
    conference = _managed(request, pk)
    invitee = get_object_or_404(Invitee, pk=invitee_pk, conference=conference)
    form = InviteeForm(request.POST or None, instance=invitee, conference=conference)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invitee_update(invitee=invitee, by=request.user, **form.cleaned_data)
        except ConferenceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Invitee updated."))
            return redirect("conferences:invitees", conference.pk)
    return render(
        request, "conferences/invitations/form.html", {"conference": conference, "form": form, "invitee": invitee}
    )


@login_required
@require_POST
def invitee_remove(request, pk, invitee_pk):
    conference = _managed(request, pk)
    invitee = get_object_or_404(Invitee, pk=invitee_pk, conference=conference)
    try:
        invitations.invitee_remove(invitee=invitee, by=request.user)
    except ConferenceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Invitee removed."))
    return redirect("conferences:invitees", conference.pk)


@login_required
@require_http_methods(["GET", "POST"])
@idempotent
def invitee_import(request, pk):
    conference = _managed(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = invitations.invitees_import(
                conference=conference, by=request.user, upload=form.cleaned_data["file"],
                valid_only=form.cleaned_data["valid_only"],
            )
        except ConferenceError as exc:
            _form_error(form, exc)
        else:
            if report.saved:
                # The same upload sent again is sent to the list rather than imported twice.
                result_at(request, reverse("conferences:invitees", args=[conference.pk]))
                messages.success(request, _("%(count)d invitees imported.") % {"count": report.created})
                if report.ignored_columns:
                    messages.info(request, _("Columns not imported: %(names)s.") % {"names": ", ".join(report.ignored_columns)})
                if report.ok:
                    return redirect("conferences:invitees", conference.pk)
    return render(
        request, "conferences/invitations/import.html", {"conference": conference, "form": form, "report": report}
    )


@login_required
def invitee_template(request, pk):
    _managed(request, pk)
    response = HttpResponse(invitations.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-khach-moi.xlsx"'
    return response


@login_required
@require_GET
def invitations_draft_pdf(request, pk):
    """The invitations as they would print now, marked DỰ THẢO: for checking before issuing."""
    conference = _readable(request, pk)
    group = _group(conference, request.GET.get("group"))
    invitees = list(invitations.invitees_for(conference, group))
    if not invitees:
        messages.error(request, _("There is nobody to invite in this selection."))
        return redirect("conferences:invitees", conference.pk)
    return pdf_response(render_invitations_pdf(conference, invitees), filename=f"giay-moi-du-thao-{conference.pk}.pdf", inline=True)


@login_required
@require_POST
@idempotent
def invitations_issue(request, pk):
    conference = _managed(request, pk)
    form = IssueForm(request.POST, conference=conference)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("conferences:invitees", conference.pk)
    confirm = _issue_confirmation(request, conference, form.cleaned_data)
    if confirm is not None:
        return confirm
    try:
        batch = invitations.invitation_batch_issue(conference=conference, by=request.user, **form.cleaned_data)
    except ConferenceError as exc:
        messages.error(request, exc.message)
        return redirect("conferences:invitees", conference.pk)
    if getattr(batch, "already_issued", False):
        messages.info(request, _("These invitations were already issued (number %(number)s); here they are.") % {"number": batch.number})
    else:
        messages.success(request, _("%(count)d invitations issued.") % {"count": batch.count})
    return redirect("conferences:invitation_batch_pdf", conference.pk, batch.pk)


def _issue_confirmation(request, conference, data: dict):
    """The page that names the number, the date and how many invitations, until the POST
    confirms that number; None when it did (or when the issue will be refused anyway)."""
    issued_on = data.get("issued_on") or clock.today()
    if not invitations.can_issue_invitations(request.user, conference, issued_on):
        return None
    invitees = list(invitations.invitees_for(conference, data.get("group")))
    if not invitees:
        return None
    # A number the office typed (continuing a paper register) is checked free by the service itself.
    typed = data.get("number")
    number = typed or invitations_upcoming(conference, issued_on)
    printed = invitation_symbol(conference, number)
    moved = not typed and number_moved(request, number)
    if is_confirmed(request) and not moved:
        return None
    n = len(invitees)
    return confirmation_page(request, Confirmation(
        question=_("Issue invitation number %(number)s to %(n)s people?") % {"number": number_only(printed), "n": n},
        consequence=_(
            "Each invitation will carry this number and the date %(date)s, be signed digitally and recorded in "
            "the register; issued invitations cannot be changed, only issued again under a new number."
        ) % {"date": issued_on.strftime("%d/%m/%Y")},
        button=_("Issue %(n)s invitations as %(number)s") % {"n": n, "number": number_only(printed)},
        back_url=reverse("conferences:invitees", args=[conference.pk]),
        facts=[
            (_("Number and symbol"), printed), (_("Date issued"), issued_on.strftime("%d/%m/%Y")),
            (_("Invited group"), data["group"].text[:80] if data.get("group") else _("Everyone on the list")),
        ],
        items=[i.full_name for i in invitees[:20]] + ([_("and %(n)s more") % {"n": n - 20}] if n > 20 else []),
        warning=moved_warning(printed) if moved else "", extra={NUMBER: str(number)},
    ), status=409 if moved else 200)


@login_required
@require_GET
def invitation_batch_pdf(request, pk, batch_pk):
    conference = _readable(request, pk)
    batch = get_object_or_404(InvitationBatch, pk=batch_pk, conference=conference)

    # A batch exists only once issued: always its stored copy.
    return document_pdf_response(request, batch, inline=True, filename=f"giay-moi-{conference.pk}-{batch.pk}.pdf")
