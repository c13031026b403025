"""The THÔNG BÁO kết luận pages: a conference's notices, the draft's form,
the PDF (marked DỰ THẢO until issued), and the steps submit, return, approve,
issue.

Every row is reached through dialogue.access with the roles the page needs:
readers (office, leader, Front supervisors) see the notice and its PDF; the
office edits; only the leader approves, returns and issues. Anyone else,
agencies included, gets 404.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from conferences.models import Conference
from dialogue import clock
from dialogue.access import get_for_user, organization_ids
from dialogue.confirmation import (
    NUMBER,
    Confirmation,
    confirmation_page,
    is_confirmed,
    moved_warning,
    number_moved,
    number_only,
)
from dialogue.glyphs import PrintableTextMixin
from dialogue.idempotency import idempotent
from dialogue.letterhead import Authority
from registry.views import document_pdf_response

from . import notices, selectors
from .issue_numbers import notice_upcoming
from .models import ConclusionNotice
from .notice_documents import build_notice_document, notice_filename, render_notice_pdf
from .services import PetitionError

Status = ConclusionNotice.Status


class NoticeForm(PrintableTextMixin, forms.ModelForm):
    sign_authority = forms.ChoiceField(label=gettext_lazy("signing authority"), choices=Authority.choices, required=False)
    sign_deputy_authority = forms.ChoiceField(
        label=gettext_lazy("second authority"), choices=Authority.choices, required=False,
        help_text=gettext_lazy("For a deputy signing under the collective, e.g. KT. CHỦ TỊCH."),
    )

    class Meta:
        model = ConclusionNotice
        fields = [
            "subject", "opening_text", "general_conclusions", "closing", "recipients", "archive_line",
            "sign_authority", "sign_on_behalf_of", "sign_deputy_authority", "sign_deputy_of", "sign_position",
            "signer_name",
        ]
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 2}),
            "opening_text": forms.Textarea(attrs={"rows": 4}),
            "general_conclusions": forms.Textarea(attrs={"rows": 6}),
            "closing": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "subject": gettext_lazy("Subject line under THÔNG BÁO"),
            "opening_text": gettext_lazy("Opening paragraphs"),
            "general_conclusions": gettext_lazy("The chair's general conclusions"),
            "closing": gettext_lazy("Closing paragraph"),
            "recipients": gettext_lazy("Other recipients"),
        }
        help_texts = {
            "opening_text": gettext_lazy("One paragraph per line."),
            "general_conclusions": gettext_lazy("One paragraph per line; the conclusions on each petition follow them."),
            "recipients": gettext_lazy(
                "One per line. The agencies named in the conclusions are listed automatically, the archive line last."
            ),
        }


def _conference(request, pk, roles) -> Conference:
    return get_for_user(Conference.objects.select_related("organization"), request.user, roles=roles, pk=pk)


def _notice(request, pk, roles) -> ConclusionNotice:
    qs = ConclusionNotice.objects.select_related("conference", "conference__organization", "conference__plan")
    return get_for_user(qs, request.user, roles=roles, pk=pk)


def _form_error(form, error: PetitionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


@login_required
@require_GET
def conference_notices(request, conference_pk):
    conference = _conference(request, conference_pk, notices.NOTICE_READER_ROLES)
    page = Paginator(conference.notices.select_related("issued_by", "outgoing_document").order_by("-created_at", "-pk"), 50)
    page = page.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for row in rows:
        # The number as the document prints it ("01/TB-UBND"): the register's copy, or
        # the notice's own header for one issued before the register.
        register = getattr(row, "outgoing_document", None)
        row.printed_symbol = register.symbol if register else row.symbol_display(conference.organization.is_party)
    return render(
        request,
        "petitions/notices/list.html",
        {
            "conference": conference,
            "notices": rows,
            "page": page,
            "query": "",
            "can_edit": notices.has_role(request.user, conference.organization_id, *notices.EDITOR_ROLES),
        },
    )


# The choices of the notices list, in the order its buttons show them.
NOTICE_LIST_SHOWS = (
    ("", gettext_lazy("All")),
    ("awaiting", gettext_lazy("Awaiting the leader")),
    ("draft", gettext_lazy("Drafts")),
    ("issued", gettext_lazy("Issued")),
)


@login_required
@require_GET
def notice_list(request):
    """The notices of every conference the user reads; "awaiting" is the leader's work."""
    if not organization_ids(request.user, notices.NOTICE_READER_ROLES):
        raise Http404
    show = request.GET.get("trang-thai", "")
    if show not in selectors.NOTICE_FILTERS:
        show = ""
    page = Paginator(selectors.notices_for_user(request.user, show=show), 50).get_page(request.GET.get("page"))
    for row in page.object_list:
        register = getattr(row, "outgoing_document", None)
        row.printed_symbol = register.symbol if register else row.symbol_display(row.conference.organization.is_party)
    return render(
        request,
        "petitions/notices/index.html",
        {
            "page": page,
            "notices": page.object_list,
            "show": show,
            "shows": NOTICE_LIST_SHOWS,
            "query": f"trang-thai={show}" if show else "",
        },
    )


@login_required
@require_POST
@idempotent
def notice_create(request, conference_pk):
    conference = _conference(request, conference_pk, notices.EDITOR_ROLES)
    try:
        notice = notices.notice_prepare(conference=conference, by=request.user)
    except PetitionError as error:
        messages.error(request, str(error))
        return redirect("petitions:conference_notices", conference_pk=conference.pk)
    messages.success(request, _("The draft notice gathers %(count)s approved conclusions.") % {"count": notice.conclusions.count()})
    return redirect("petitions:notice_edit", pk=notice.pk)


@login_required
@require_GET
def notice_detail(request, pk):
    notice = _notice(request, pk, notices.NOTICE_READER_ROLES)
    return render(
        request,
        "petitions/notices/detail.html",
        {
            "notice": notice,
            "doc": build_notice_document(notice),
            "transitions": [(t, Status(t.to_status).label) for t in notice.transitions.select_related("by")],
            "can_edit": notices.can_edit(request.user, notice),
            "can_lead": notices.can_lead(request.user, notice),
            "due_on": notices.notice_due_on(notice.conference) if notice.status != Status.ISSUED else None,
            # The number issuing would take, named on the button (the confirmation names it again).
            "upcoming": notice_upcoming(notice)[1] if notice.status == Status.APPROVED else "",
            "today": clock.today(),
            "S": Status,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_edit(request, pk):
    notice = _notice(request, pk, notices.EDITOR_ROLES)
    if notice.status != Status.DRAFT:
        messages.error(request, _("Only a draft notice can be changed; ask the leader to return it."))
        return redirect("petitions:notice_detail", pk=notice.pk)
    form = NoticeForm(request.POST or None, instance=notice)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in NoticeForm.Meta.fields}
        try:
            # The service saves; the form only validated (and must not save over a refused change).
            fresh = ConclusionNotice.objects.get(pk=notice.pk)
            notices.notice_update(notice=fresh, by=request.user, **values)
        except PetitionError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The notice was saved."))
            if "preview" in request.POST:
                return redirect("petitions:notice_preview", pk=notice.pk)
            return redirect("petitions:notice_detail", pk=notice.pk)
    return render(
        request, "petitions/notices/edit.html", {"notice": notice, "form": form}, status=400 if form.errors else 200
    )


def _pdf_response(request, notice: ConclusionNotice, *, attachment: bool) -> HttpResponse:
    return document_pdf_response(
        request, notice, filename=notice_filename(notice), inline=not attachment,
        render=lambda: render_notice_pdf(notice),
    )


@login_required
@require_GET
def notice_preview(request, pk):
    return _pdf_response(request, _notice(request, pk, notices.NOTICE_READER_ROLES), attachment=False)


@login_required
@require_GET
def notice_download(request, pk):
    notice = _notice(request, pk, notices.NOTICE_READER_ROLES)
    if notice.status != Status.ISSUED:
        raise Http404
    return _pdf_response(request, notice, attachment=True)


def _step(request, pk, roles, action, success):
    notice = _notice(request, pk, roles)
    try:
        action(notice)
    except PetitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("petitions:notice_detail", pk=notice.pk)


@login_required
@require_POST
@idempotent
def notice_submit(request, pk):
    return _step(
        request, pk, notices.EDITOR_ROLES,
        lambda n: notices.notice_submit(notice=n, by=request.user),
        _("The notice was submitted to the leader."),
    )


@login_required
@require_POST
@idempotent
def notice_return(request, pk):
    return _step(
        request, pk, notices.LEADER_ROLES,
        lambda n: notices.notice_return(notice=n, by=request.user, comment=request.POST.get("comment", "")),
        _("The notice was returned to the office."),
    )


@login_required
@require_POST
@idempotent
def notice_approve(request, pk):
    return _step(
        request, pk, notices.LEADER_ROLES,
        lambda n: notices.notice_approve(notice=n, by=request.user),
        _("The notice was approved."),
    )


@login_required
@require_POST
@idempotent
def notice_issue(request, pk):
    """Asks once, naming the number the notice will take; issues only when confirmed with that number."""
    notice = _notice(request, pk, notices.LEADER_ROLES)
    if notice.status == Status.APPROVED:
        number, printed = notice_upcoming(notice)
        moved = number_moved(request, number)
        if moved or not is_confirmed(request):
            confirmation = _issue_confirmation(notice, number, printed, moved)
            return confirmation_page(request, confirmation, status=409 if moved else 200)
    return _step(
        request, pk, notices.LEADER_ROLES,
        lambda n: notices.notice_issue(notice=n, by=request.user),
        _("The notice was issued; it is being sent to the agencies and the Fatherland Front."),
    )


def _issue_confirmation(notice: ConclusionNotice, number: int, printed: str, moved: bool) -> Confirmation:
    agencies = [a.name for a in selectors.notice_agencies(notice)]
    sent_to = ", ".join(agencies + [_("the Fatherland Front")])
    return Confirmation(
        question=_("Issue conclusion notice number %(number)s?") % {"number": number_only(printed)},
        consequence=_(
            "The notice will be signed digitally, recorded in the register and sent to %(recipients)s; "
            "the petitions it concludes show it on the public page. An issued notice cannot be changed: "
            "a correction is a new notice."
        ) % {"recipients": sent_to},
        button=_("Issue and sign as %(number)s") % {"number": number_only(printed)},
        back_url=reverse("petitions:notice_detail", args=[notice.pk]),
        facts=[
            (_("Number and symbol"), printed), (_("Date issued"), clock.today().strftime("%d/%m/%Y")),
            (_("Signer"), notice.signer_name or "—"), (_("Conference"), str(notice.conference)),
        ],
        warning=moved_warning(printed) if moved else "", extra={NUMBER: str(number)},
    )
