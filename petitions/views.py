"""Staff pages (list, new, detail, conclusion, grouping, bulk assignment, review,
receipt) and the agency inbox.

Views are thin: they reach rows only through dialogue.access (another
organisation's petition, or an assignment to another agency, is a 404), validate
a form, call a service and turn its PetitionError into a message next to the
field. Read-only members (supervisors) see the pages without the actions, and
get 404 from every action URL.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from dialogue.access import get_for_user, has_role, organization_ids
from dialogue.confirmation import Confirmation, confirmation_page, is_confirmed
from dialogue.idempotency import idempotent, result_at
from dialogue.models import Organization, Role
from dialogue.pagination import LargePaginator
from dialogue.qr import qr_svg

from . import imports, publication, selectors, services
from .forms import (
    BulkAssignForm,
    ConclusionForm,
    ExtensionForm,
    FieldForm,
    FilterForm,
    FrontImportForm,
    GroupForm,
    InboxSearchForm,
    PetitionEditForm,
    PetitionForm,
    ResponseForm,
    ReviewForm,
    TransferForm,
)
from .models import (
    CONCLUDABLE,
    Assignment,
    AssignmentStatus,
    Conclusion,
    EventKind,
    Field,
    Petition,
    PetitionEvent,
    PetitionStatus,
    Response,
    ReviewStatus,
)
from .public_views import status_url
from .services import AGENCY_ROLES, DRAFTER_ROLES, READER_ROLES, RECORDER_ROLES, REVIEWER_ROLES, PetitionError

PAGE_SIZE = 50
SEARCH_COUNTED_UP_TO = 1000


def _petition(request, pk, *, roles=READER_ROLES) -> Petition:
    qs = Petition.objects.select_related("organization", "conference", "field", "group", "created_by")
    return get_for_user(qs, request.user, roles=roles, pk=pk)


def _assignment(request, pk, *, roles=AGENCY_ROLES) -> Assignment:
    qs = Assignment.objects.select_related("petition", "petition__field", "petition__conference", "agency")
    return get_for_user(qs, request.user, roles=roles, pk=pk)


def _form_error(form, error: PetitionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


# --- the office's list ---------------------------------------------------------------------


@login_required
@require_GET
def petition_list(request):
    if not organization_ids(request.user, READER_ROLES):
        if organization_ids(request.user, [Role.AGENCY]):
            return redirect("petitions:inbox")
        raise Http404
    form = FilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.petitions_for_user(request.user, **{k: v for k, v in filters.items() if v})
    # A page is a range of the (organisation, created) index, counted up to 10,000 (dialogue.pagination);
    # a text search up to SEARCH_COUNTED_UP_TO, since each row counted is a row whose text is matched.
    capped = SEARCH_COUNTED_UP_TO if filters.get("q") else None
    page = LargePaginator(qs, PAGE_SIZE, exact_up_to=capped).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    can_record = bool(organization_ids(request.user, RECORDER_ROLES))
    # Selecting and assigning many at once, and the Front's list, are the office's (not a secretary's).
    can_draft = bool(organization_ids(request.user, DRAFTER_ROLES))
    # Petitions a citizen was not satisfied with come back to the office's attention.
    reopened = selectors.petitions_for_user(request.user, status=PetitionStatus.REOPENED).count()
    return render(
        request,
        "petitions/list.html",
        {
            "filter_form": form,
            "page": page,
            "petitions": page.object_list,
            "query": query.urlencode(),
            "can_record": can_record,
            "can_draft": can_draft,
            "reopened": reopened,
            "can_manage_fields": bool(organization_ids(request.user, services.FIELD_MANAGER_ROLES)),
            "assign_form": BulkAssignForm(user=request.user) if can_draft else None,
            "any_unassigned": any(p.status in CONCLUDABLE for p in page.object_list),
            # The leader decides on drafted conclusions from here (views_bulk.bulk_conclusions).
            "can_approve": bool(organization_ids(request.user, services.APPROVER_ROLES)),
            "any_awaiting": any(p.awaiting_approval for p in page.object_list),
            "approval_filter": filters.get("stage") == "approval",
        },
    )


@login_required
@idempotent
def petition_new(request):
    if not organization_ids(request.user, RECORDER_ROLES):
        raise Http404
    form = PetitionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            petition = services.petition_record(
                organization=data["organization"], by=request.user, source=data["source"],
                conference=data["conference"], **form.petition_values(),
            )
        except PetitionError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("Petition %(code)s was recorded. Print the receipt for the citizen.") % {"code": petition.tracking_code}
            )
            return redirect("petitions:detail", pk=petition.pk)
    return render(request, "petitions/form.html", {"form": form})


@login_required
@idempotent
def front_import(request):
    """The Fatherland Front's list: upload, then a row-by-row report."""
    if not organization_ids(request.user, DRAFTER_ROLES):
        raise Http404
    form = FrontImportForm(request.POST or None, request.FILES or None, user=request.user)
    rows, created = None, None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rows = imports.read_rows(data["file"])
            created = imports.import_front_list(
                organization=data["organization"], by=request.user, rows=rows, conference=data["conference"],
                skip_invalid=data["skip_invalid"],
            )
            if created:
                # The report is this page; the same upload sent again shows the list instead of importing twice.
                result_at(request, reverse("petitions:list"))
        except imports.ImportFileError as error:
            form.add_error("file", str(error))
            rows = None
        except PetitionError as error:
            form.add_error(None, str(error))
            rows = None
    errors = sum(1 for r in rows if not r.ok) if rows else 0
    return render(
        request, "petitions/import.html",
        {"form": form, "rows": rows, "created": created, "error_count": errors},
        status=400 if form.is_bound and (form.errors or errors and not created) else 200,
    )


@login_required
@require_GET
def front_import_template(request):
    if not organization_ids(request.user, DRAFTER_ROLES):
        raise Http404
    response = HttpResponse(
        imports.template_workbook(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="mau-kien-nghi-mttq.xlsx"'
    return response


# --- one petition --------------------------------------------------------------------------


def _detail_context(request, petition: Petition, **extra) -> dict:
    user = request.user
    can_record = services.can_record(user, petition.organization_id, petition.conference)
    can_draft = services.can_draft(user, petition.organization_id)
    members = services.family(petition) if petition.group_id else []
    assignments = list(
        petition.assignments.select_related("agency").prefetch_related("responses", "responses__submitted_by")
    )
    conclusions = list(petition.conclusions.select_related("agency", "recorded_by", "approved_by"))
    draft = next((c for c in conclusions if not c.is_approved), None)
    concludable = can_draft and petition.status in (PetitionStatus.REGISTERED, PetitionStatus.REOPENED) and petition.is_lead
    # The status badge says "Chờ duyệt kết luận" while the draft waits (selectors.with_awaiting_approval).
    petition.awaiting_approval = draft is not None and petition.status in CONCLUDABLE
    events = list(petition.events.select_related("by"))
    context = {
        "petition": petition,
        "events": events,
        "returned": _last_return(events) if concludable and draft is None else None,
        # A leader's conclusion takes effect as recorded: the form asks before it is sent.
        "concludes_at_once": services.can_approve(user, petition),
        "conclusions": conclusions,
        "draft": draft,
        "assignments": assignments,
        "members": members,
        # Other petitions of the organisation: the office's to see, not a conference's secretary's.
        "duplicates": selectors.likely_duplicates(petition) if can_draft else [],
        "show_contact": services.can_see_contact(user, petition),
        "can_record": can_record,
        "can_conclude": concludable,
        "can_approve": draft is not None and services.can_approve(user, petition) and concludable,
        "can_review": services.can_review(user, petition),
        "can_group": can_draft and petition.status in (PetitionStatus.REGISTERED, PetitionStatus.REOPENED),
        "agency_ids": organization_ids(user, AGENCY_ROLES),
        "transfer_form": TransferForm(petition=petition) if services.can_review(user, petition) else None,
        "conclusion_form": None,
        # Its conference publishes accepted answers together (petitions.publication).
        "answers_held": any(r.review_status == ReviewStatus.PENDING for a in assignments for r in a.responses.all())
        and publication.answers_held(petition),
    }
    if concludable:
        context["conclusion_form"] = ConclusionForm(
            petition=petition, default_due=services.default_deadlines(petition)[1]
        )
    context.update(extra)
    return context


def _last_return(events) -> PetitionEvent | None:
    """The leader's return of the latest draft, when no draft came after it: shown where the office concludes again."""
    steps = [e for e in events if e.kind in (EventKind.CONCLUSION_DRAFTED, EventKind.CONCLUSION_RETURNED)]
    return steps[-1] if steps and steps[-1].kind == EventKind.CONCLUSION_RETURNED else None


@login_required
@require_GET
def petition_detail(request, pk):
    petition = _petition(request, pk)
    return render(request, "petitions/detail.html", _detail_context(request, petition))


@login_required
@idempotent
def petition_conclude(request, pk):
    petition = _petition(request, pk, roles=DRAFTER_ROLES)
    default_due = services.default_deadlines(petition)[1]
    form = ConclusionForm(request.POST or None, petition=petition, default_due=default_due)
    if request.method == "POST" and form.is_valid():
        try:
            conclusion = services.conclusion_record(petition=petition, by=request.user, **form.cleaned_data)
        except PetitionError as error:
            _form_error(form, error)
        else:
            if conclusion.is_approved:
                messages.success(request, _("The conclusion was recorded and takes effect."))
            else:
                messages.success(request, _("The conclusion was drafted; it takes effect when the leader approves it."))
            return redirect("petitions:detail", pk=petition.pk)
    return render(
        request, "petitions/conclude.html",
        {"petition": petition, "form": form, "concludes_at_once": services.can_approve(request.user, petition)},
    )


@login_required
def petition_edit(request, pk):
    petition = _petition(request, pk, roles=RECORDER_ROLES)
    form = PetitionEditForm(request.POST or None, petition=petition)
    if request.method == "POST" and form.is_valid():
        try:
            services.petition_update(petition=petition, by=request.user, **form.cleaned_data)
        except PetitionError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The petition was saved."))
            return redirect("petitions:detail", pk=petition.pk)
    return render(request, "petitions/edit.html", {"petition": petition, "form": form})


@login_required
@idempotent
def field_list(request):
    """The list of fields: the shared ones, and the organisation's own, which its office adds and retires."""
    ids = organization_ids(request.user, services.FIELD_MANAGER_ROLES)
    if not ids:
        raise Http404
    organizations = Organization.objects.filter(pk__in=ids).order_by("name")
    form = FieldForm(request.POST or None, organizations=organizations)
    if request.method == "POST":
        toggle = request.POST.get("toggle")
        if toggle:
            field = get_for_user(Field.objects.all(), request.user, roles=services.FIELD_MANAGER_ROLES, pk=toggle)
            services.field_set_active(field=field, by=request.user, active=not field.is_active)
            return redirect("petitions:fields")
        if form.is_valid():
            try:
                services.field_add(by=request.user, **form.cleaned_data)
            except PetitionError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("The field was added."))
                return redirect("petitions:fields")
    fields = Field.objects.filter(Q(organization__isnull=True) | Q(organization__in=ids)).select_related("organization")
    return render(request, "petitions/fields.html", {"form": form, "fields": fields}, status=400 if form.errors else 200)


@login_required
@require_POST
@idempotent
def conclusion_approve(request, pk):
    conclusion = get_for_user(Conclusion.objects.select_related("petition"), request.user, roles=[Role.LEADER], pk=pk)
    try:
        services.conclusion_approve(conclusion=conclusion, by=request.user)
    except PetitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The conclusion was approved and takes effect."))
    return redirect("petitions:detail", pk=conclusion.petition_id)


@login_required
@require_POST
@idempotent
def petition_group(request, pk):
    petition = _petition(request, pk, roles=DRAFTER_ROLES)
    form = GroupForm(request.POST, petition=petition)
    if not form.is_valid():
        messages.error(request, _("Choose at least one other petition to group with this one."))
    else:
        try:
            services.petitions_group(lead=petition, others=form.cleaned_data["others"], by=request.user)
        except PetitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The petitions were grouped: one conclusion and one answer now serve all."))
    return redirect("petitions:detail", pk=petition.pk)


@login_required
@require_POST
def petition_ungroup(request, pk):
    petition = _petition(request, pk, roles=DRAFTER_ROLES)
    try:
        services.petition_ungroup(petition=petition, by=request.user)
    except PetitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The petition was taken out of its group."))
    return redirect("petitions:detail", pk=petition.pk)


@login_required
@require_POST
@idempotent
def bulk_assign(request):
    if not organization_ids(request.user, DRAFTER_ROLES):
        raise Http404
    form = BulkAssignForm(request.POST, user=request.user)
    back = reverse("petitions:list") + (f"?{request.POST.get('next_query')}" if request.POST.get("next_query") else "")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    if not is_confirmed(request):
        return confirmation_page(request, _assign_confirmation(request, form.cleaned_data, back))
    try:
        done = services.petitions_assign_bulk(by=request.user, **form.cleaned_data)
    except PetitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(n)s petitions were assigned.") % {"n": len(done)})
    return redirect(back)


def _assign_confirmation(request, data: dict, back: str) -> Confirmation:
    """Naming the agency, the deadline and how many; a leader's assignment takes effect, staff's waits."""
    petitions = list(data["petitions"])
    n, agency = len(petitions), data["agency"]
    due = data["due_on"].strftime("%d/%m/%Y") if data.get("due_on") else _("the deadline the plan's rules give")
    leader = all(has_role(request.user, p.organization_id, *services.APPROVER_ROLES) for p in petitions)
    if leader:
        consequence = _(
            "Each takes effect at once with the deadline %(due)s: the agency receives it and the citizens see "
            "it on the public page. An assignment is not withdrawn, only transferred to another agency."
        ) % {"due": due}
    else:
        consequence = _(
            "Each becomes a draft conclusion with the deadline %(due)s, awaiting the leader's approval."
        ) % {"due": due}
    return Confirmation(
        question=_("Assign %(n)s petitions to %(agency)s?") % {"n": n, "agency": agency},
        consequence=consequence, button=_("Assign %(n)s petitions") % {"n": n}, back_url=back, danger=leader,
        items=[f"{p.tracking_code} · {Truncator(p.content).chars(90)}" for p in petitions],
    )


@login_required
@require_POST
@idempotent
def response_review(request, pk):
    response = get_for_user(
        Response.objects.select_related("assignment__petition"), request.user, roles=REVIEWER_ROLES, pk=pk
    )
    petition = response.assignment.petition
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("petitions:detail", pk=petition.pk)
    try:
        reviewed = services.response_review(
            response=response, by=request.user, accept=form.cleaned_data["decision"] == "accept",
            comment=form.cleaned_data["comment"],
        )
    except PetitionError as error:
        messages.error(request, str(error))
    else:
        if form.cleaned_data["decision"] == "accept" and reviewed.published_at is None:
            messages.success(request, _("The answer was accepted; it is published with the conference's other answers."))
        elif form.cleaned_data["decision"] == "accept":
            messages.success(request, _("The answer was accepted and published."))
        else:
            messages.success(request, _("The answer was returned to the agency."))
    return redirect("petitions:detail", pk=petition.pk)


@login_required
@require_POST
@idempotent
def assignment_transfer(request, pk):
    assignment = _office_assignment(request, pk)
    form = TransferForm(request.POST, petition=assignment.petition)
    if form.is_valid():
        try:
            services.assignment_transfer(assignment=assignment, by=request.user, **form.cleaned_data)
        except PetitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The petition was transferred to %(agency)s.") % {"agency": form.cleaned_data["agency"]})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("petitions:detail", pk=assignment.petition_id)


def _office_assignment(request, pk) -> Assignment:
    """An assignment of a petition of the user's organisations (as office reviewer), else 404."""
    assignment = (
        Assignment.objects.select_related("petition")
        .filter(pk=pk, petition__organization__in=organization_ids(request.user, REVIEWER_ROLES))
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


@login_required
@require_GET
def response_file(request, pk):
    """An answer's attachment, for the petition's office or the assigned agency."""
    user = request.user
    response = (
        Response.objects.select_related("assignment")
        .filter(pk=pk)
        .filter(
            Q(assignment__petition__organization__in=organization_ids(user, READER_ROLES))
            | Q(assignment__agency__in=organization_ids(user, AGENCY_ROLES))
        )
        .first()
    )
    if response is None or not response.attachment:
        raise Http404
    download = FileResponse(
        response.attachment.open("rb"), as_attachment=True, filename=response.attachment.name.rsplit("/", 1)[-1]
    )
    # An answer not yet published is private: no shared cache keeps it, no browser guesses its type.
    download["Cache-Control"] = "private, no-store"
    download["X-Content-Type-Options"] = "nosniff"
    return download


@login_required
@require_GET
def petition_receipt(request, pk):
    petition = _petition(request, pk)
    url = status_url(request, petition.tracking_code)
    return render(
        request, "petitions/receipt.html", {"petition": petition, "status_url": url, "qr": qr_svg(url), "full": True}
    )


# --- the agency inbox ----------------------------------------------------------------------

# The narrower views of the inbox the home page's queue links to (selectors.INBOX_STAGES).
INBOX_NARROWED = {
    "new": gettext_lazy("Not yet acknowledged"),
    "due": gettext_lazy("Still to be answered"),
    "returned": gettext_lazy("Answers returned by the office"),
}


@login_required
@require_GET
def inbox(request):
    if not organization_ids(request.user, [Role.AGENCY]):
        raise Http404
    show = request.GET.get("trang-thai", "open")
    if show not in ("open", "closed", "all", *INBOX_NARROWED):
        show = "open"
    search = InboxSearchForm(request.GET)
    q = search.cleaned_data["q"].strip() if search.is_valid() else ""
    assignments = selectors.agency_inbox(request.user, status=None if show == "all" else show, q=q or None)
    page = LargePaginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {"trang-thai": show, **({"q": q} if q else {})}
    return render(
        request, "petitions/inbox.html",
        {
            "page": page, "assignments": page.object_list, "show": show, "query": urlencode(query),
            "narrowed": INBOX_NARROWED.get(show), "search": search, "q": q,
            # Acknowledged many at once (views_bulk.bulk_acknowledge): those not yet acknowledged.
            "any_new": any(a.status == AssignmentStatus.NEW for a in page.object_list),
        },
    )


def _assignment_context(request, assignment: Assignment, **forms) -> dict:
    open_ = assignment.status in (AssignmentStatus.NEW, AssignmentStatus.ACKNOWLEDGED)
    context = {
        "assignment": assignment,
        "petition": assignment.petition,
        "responses": assignment.responses.select_related("submitted_by", "reviewed_by"),
        "can_act": services.can_act_for_agency(request.user, assignment),
        "show_contact": services.can_see_contact(request.user, assignment.petition),
        "can_answer": open_,
        "extension_form": forms.get("extension_form") or ExtensionForm(),
        "response_form": forms.get("response_form") or ResponseForm(),
    }
    return context


@login_required
@require_GET
def assignment_detail(request, pk):
    assignment = _assignment(request, pk)
    return render(request, "petitions/assignment.html", _assignment_context(request, assignment))


@login_required
@require_POST
@idempotent
def assignment_acknowledge(request, pk):
    assignment = _assignment(request, pk)
    try:
        services.assignment_acknowledge(assignment=assignment, by=request.user)
    except PetitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Acknowledged: the citizen can now see that your agency is handling it."))
    return redirect("petitions:assignment", pk=assignment.pk)


@login_required
@require_POST
@idempotent
def assignment_extend(request, pk):
    assignment = _assignment(request, pk)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_extend(assignment=assignment, by=request.user, **form.cleaned_data)
        except PetitionError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The deadline was extended; the citizen sees the new date and the reason."))
            return redirect("petitions:assignment", pk=assignment.pk)
    return render(
        request, "petitions/assignment.html", _assignment_context(request, assignment, extension_form=form), status=400
    )


@login_required
@require_POST
@idempotent
def assignment_respond(request, pk):
    assignment = _assignment(request, pk)
    form = ResponseForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.response_submit(assignment=assignment, by=request.user, **form.cleaned_data)
        except PetitionError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The answer was sent to the office for review. It becomes public once accepted."))
            return redirect("petitions:assignment", pk=assignment.pk)
    return render(
        request, "petitions/assignment.html", _assignment_context(request, assignment, response_form=form), status=400
    )

