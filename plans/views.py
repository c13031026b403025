"""Plan pages: list, new, detail with the review actions, the one-page editor and its row endpoints.

Views are thin: they find the plan through dialogue.access (another
organisation's plan is a 404), validate a form, call a service and render.
The editor's row endpoints answer htmx with the re-rendered row or list and
trigger "plan-changed" so the preview refreshes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dialogue import clock
from dialogue.access import organization_ids
from dialogue.idempotency import idempotent
from registry.views import document_pdf_response

from . import services
from .checks import issue_checks
from .documents import build_document, prefetch_plan, printable_sections
from .docx import render_plan_docx
from .forms import (
    COLLECTIONS,
    Collection,
    CopyPlanForm,
    FromTemplateForm,
    PlanFilterForm,
    PlanHeaderForm,
    ReturnForm,
)
from .forms_import import BlankPlanForm, ImportPlanForm
from .models import Plan, PlanPart, PlanSection, Status
from .pdf import render_plan_pdf
from .selectors import get_plan, plan_list_for_user
from .services import WRITER_ROLES, PlanError
from .views_import import import_upload

PAGE_SIZE = 50

PLAN_CHANGED = json.dumps({"plan-changed": True})


def _refused(request, error: PlanError, status: int = 403) -> HttpResponse:
    """A refused edit: an alert that htmx puts above the editor, leaving the rows as they are."""
    html = render_to_string("plans/_alert.html", {"message": str(error)}, request)
    response = HttpResponse(html, status=status)
    response["HX-Retarget"] = "#editor-alerts"
    response["HX-Reswap"] = "innerHTML"
    return response


# --- list, new, detail ---------------------------------------------------------------------


@login_required
@require_GET
def plan_list(request):
    form = PlanFilterForm(request.GET or None)
    status = year = None
    if form.is_bound and form.is_valid():
        status = form.cleaned_data["status"] or None
        year = form.cleaned_data["year"]
    plans = plan_list_for_user(request.user, status=status, year=year)
    can_create = bool(organization_ids(request.user, WRITER_ROLES))
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "plans/list.html", {
        "plans": page.object_list, "page": page, "query": query.urlencode(), "filter_form": form, "can_create": can_create,
    })


@login_required
@require_GET
def plan_list_export(request):
    """The plans as filtered, as an Excel file (plans.exports)."""
    from dialogue.exports import export_response

    return export_response(request, "plans.list")


@login_required
@idempotent
def plan_new(request):
    user = request.user
    template_form = FromTemplateForm(user=user, prefix="tpl")
    copy_form = CopyPlanForm(user=user, prefix="copy")
    import_form = ImportPlanForm(user=user, prefix="word")
    blank_form = BlankPlanForm(user=user, prefix="blank")
    if not template_form.fields["issuer"].queryset.exists():
        raise Http404
    if request.method == "POST":
        mode = request.POST.get("mode")
        try:
            if mode == "import":
                import_form = ImportPlanForm(request.POST, request.FILES, user=user, prefix="word")
                plan = import_upload(request, import_form)
                if plan is not None:
                    return redirect("plans:import_report", pk=plan.pk)
            elif mode == "blank":
                blank_form = BlankPlanForm(request.POST, user=user, prefix="blank")
                if blank_form.is_valid():
                    plan = services.plan_create_blank(by=user, **blank_form.cleaned_data)
                    messages.success(request, _("A blank plan was created. Write its subject and parts below."))
                    return redirect("plans:edit", pk=plan.pk)
            elif mode == "template":
                template_form = FromTemplateForm(request.POST, user=user, prefix="tpl")
                if template_form.is_valid():
                    plan = services.plan_create_from_template(by=user, **template_form.cleaned_data)
                    messages.success(request, _("The plan was created from the template. Fill in its parts below."))
                    return redirect("plans:edit", pk=plan.pk)
            elif mode == "copy":
                copy_form = CopyPlanForm(request.POST, user=user, prefix="copy")
                if copy_form.is_valid():
                    source = copy_form.cleaned_data["source"]
                    plan = services.plan_copy(by=user, **copy_form.cleaned_data)
                    stale = services.year_mentions(plan, source.year)
                    if stale:
                        messages.warning(request, _(
                            "The plan was copied. %(count)s of its texts still mention %(year)s: "
                            "check them for the new year."
                        ) % {"count": stale, "year": source.year})
                    else:
                        messages.success(request, _("The plan was copied. Check the dates and names for the new year."))
                    return redirect("plans:edit", pk=plan.pk)
            else:
                return HttpResponseBadRequest()
        except PlanError as error:
            messages.error(request, str(error))
    # The forms not submitted keep their defaults, so a refused upload leaves the page as it was.
    issuers = list(template_form.fields["issuer"].queryset)
    kinds = {org.kind for org in issuers}
    first_template = template_form.fields["template"].queryset.filter(template_kind__in=kinds).first()
    template_form.initial = {
        "issuer": issuers[0].pk if issuers else None,
        "template": first_template.pk if first_template else None,
        "year": clock.today().year,
    }
    copy_form.initial = {"year": clock.today().year + 1}
    import_form.initial = {"issuer": template_form.initial["issuer"]}
    blank_form.initial = {"issuer": template_form.initial["issuer"], "year": clock.today().year}
    return render(request, "plans/new.html", {
        "template_form": template_form, "copy_form": copy_form, "import_form": import_form, "blank_form": blank_form,
    })


def _document_context(plan: Plan) -> dict:
    """What templates/plans/_preview.html prints: the document, and each part's heading split as the PDF does."""
    doc = build_document(plan)
    return {"doc": doc, "doc_sections": printable_sections(doc)}


def _detail_context(request, plan: Plan, **extra):
    user = request.user
    transitions = list(plan.transitions.select_related("by").order_by("at", "id"))
    returned = [t for t in transitions if t.to_status == Status.RETURNED]
    return {
        "last_return": returned[-1] if returned and plan.status == Status.RETURNED else None,
        "plan": plan,
        **_document_context(plan),
        "transitions": transitions,
        "can_edit": services.can_edit(plan, user),
        "can_submit": services.can_submit(plan, user),
        "can_review": services.can_review(plan, user),
        "can_issue": services.can_issue(plan, user),
        "can_new_version": services.can_new_version(plan, user),
        # The checklist, for the leader who reviews or issues the plan.
        "checks": issue_checks(plan) if services.can_issue(plan, user) or services.can_review(plan, user) else None,
        "can_replace_year": services.can_replace_year(plan, user),
        "can_record_issued_elsewhere": services.can_record_issued_elsewhere(plan, user),
        "newer": plan.replaced_by.order_by("-version").first(),
        "return_form": extra.pop("return_form", None) or ReturnForm(),
        **extra,
    }


@login_required
@require_GET
def plan_detail(request, pk: int):
    plan = get_plan(request, pk, queryset=prefetch_plan(Plan.objects.documents()))
    return render(request, "plans/detail.html", _detail_context(request, plan))


TRANSITIONS = {
    "submit": (services.plan_submit, _("The plan was submitted for review.")),
    "approve": (services.plan_approve, _("The plan was approved.")),
}


@login_required
@require_POST
@idempotent
def plan_transition(request, pk: int, action: str):
    # Readers who may not write (the Front's supervisor) learn no more than a 404.
    plan = get_plan(request, pk, write=True)
    try:
        if action in TRANSITIONS:
            function, message = TRANSITIONS[action]
            function(plan=plan, by=request.user)
            messages.success(request, message)
        elif action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                plan = get_plan(request, pk, queryset=prefetch_plan(Plan.objects.documents()))
                context = _detail_context(request, plan, return_form=form, show_return=True)
                return render(request, "plans/detail.html", context, status=400)
            services.plan_return(plan=plan, by=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, _("The plan was returned to its drafters with your comments."))
        elif action == "issue":
            # Issuing takes a number: it goes through the confirmation that names it.
            return redirect("plans:issue", pk=plan.pk)
        elif action == "new-version":
            new = services.plan_new_version(plan=plan, by=request.user)
            messages.success(request, _("A new version was created; correct it and submit it for review."))
            return redirect("plans:edit", pk=new.pk)
        else:
            raise Http404
    except PlanError as error:
        messages.error(request, str(error))
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_GET
def plan_preview(request, pk: int):
    plan = get_plan(request, pk, queryset=prefetch_plan(Plan.objects.documents()))
    return render(request, "plans/_preview.html", _document_context(plan))


@login_required
@require_GET
def plan_print(request, pk: int):
    plan = get_plan(request, pk, queryset=prefetch_plan(Plan.objects.documents()))
    return render(request, "plans/print.html", {"plan": plan, **_document_context(plan)})


def _filename(plan: Plan, ext: str) -> str:
    number = f"{plan.number:02d}" if plan.number else "du-thao"
    return f"ke-hoach-{plan.year}-{number}-v{plan.version}.{ext}"


@login_required
@require_GET
def plan_pdf(request, pk: int):
    plan = get_plan(request, pk, queryset=prefetch_plan(Plan.objects.documents()))

    if plan.issued_elsewhere and plan.source_document:  # the signed copy it was recorded with
        return _signed_copy_response(plan)
    return document_pdf_response(request, plan, filename=_filename(plan, "pdf"), render=lambda: render_plan_pdf(plan))


def _signed_copy_response(plan: Plan) -> HttpResponse:
    from pathlib import Path

    suffix = Path(plan.source_document.name).suffix.lower()
    with plan.source_document.open("rb") as handle:
        data = handle.read()
    response = HttpResponse(data, content_type=services.SIGNED_COPY_TYPES.get(suffix, "application/octet-stream"))
    name = _filename(plan, "pdf").removesuffix(".pdf") + suffix
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def plan_docx(request, pk: int):
    plan = get_plan(request, pk, queryset=prefetch_plan(Plan.objects.documents()))
    issued = getattr(plan, "outgoing_document", None)
    if issued is not None and issued.docx:
        data = issued.read_docx()  # the copy made at issue, beside the signed PDF
    else:

        data = render_plan_docx(plan)
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(plan, "docx")}"'
    return response


# --- the editor ----------------------------------------------------------------------------


@dataclass
class RowView:
    obj: object
    form: object
    children: CollectionView | None = None


@dataclass
class CollectionView:
    spec: Collection
    plan: Plan
    parent: object
    rows: list[RowView] = field(default_factory=list)
    add_form: object = None

    @property
    def dom_id(self) -> str:
        return f"list-{self.spec.key}-{self.parent.pk}"


def _row_form(spec: Collection, plan: Plan, obj, data=None):
    return spec.form(data, instance=obj, plan=plan, prefix=f"{spec.key}-{obj.pk}")


def _add_form(spec: Collection, plan: Plan, parent, data=None):
    return spec.form(data, instance=spec.model(), plan=plan, prefix=f"{spec.key}-new-{parent.pk}")


def _row_view(spec: Collection, plan: Plan, obj, form=None) -> RowView:
    children = None
    if spec.child:
        child_spec = COLLECTIONS[spec.child]
        related = obj.parts if spec.key == "sections" else obj.items
        children = _collection_view(child_spec, plan, obj, related.all())
    return RowView(obj=obj, form=form or _row_form(spec, plan, obj), children=children)


def _collection_view(spec: Collection, plan: Plan, parent, objects) -> CollectionView:
    return CollectionView(
        spec=spec,
        plan=plan,
        parent=parent,
        rows=[_row_view(spec, plan, obj) for obj in objects],
        add_form=_add_form(spec, plan, parent),
    )


def _parent(spec: Collection, plan: Plan, parent_id: int):
    if spec.parent == "plan":
        if parent_id != plan.pk:
            raise Http404
        return plan
    model = PlanSection if spec.parent == "section" else PlanPart
    lookup = "plan" if spec.parent == "section" else "section__plan"
    try:
        return model.objects.get(pk=parent_id, **{lookup: plan})
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def _siblings(spec: Collection, parent):
    return spec.model.objects.filter(**{spec.parent: parent}).order_by("order", "id")


def _spec(key: str) -> Collection:
    try:
        return COLLECTIONS[key]
    except KeyError as exc:
        raise Http404 from exc


def _row(spec: Collection, plan: Plan, row_id: int):
    try:
        return spec.model.objects.get(pk=row_id, **{spec.plan_path: plan})
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_POST
def plan_header(request, pk: int):
    plan = get_plan(request, pk, write=True)
    form = PlanHeaderForm(request.POST, instance=plan)
    try:
        services.ensure_editable(plan=plan, by=request.user)
        if form.is_valid():
            services.plan_save_form(plan=plan, form=form, by=request.user)
            response = render(request, "plans/_header_form.html", {"plan": plan, "header_form": form, "saved": True})
            response["HX-Trigger"] = PLAN_CHANGED
            return response
    except PlanError as error:
        return _refused(request, error)
    return render(request, "plans/_header_form.html", {"plan": plan, "header_form": form})


@login_required
@require_POST
def row_add(request, pk: int, key: str, parent_id: int):
    plan = get_plan(request, pk, write=True)
    spec = _spec(key)
    parent = _parent(spec, plan, parent_id)
    form = _add_form(spec, plan, parent, request.POST)
    try:
        services.ensure_editable(plan=plan, by=request.user)
        if form.is_valid():
            obj = services.plan_add_row(
                plan=plan, form=form, by=request.user, parent_field=spec.parent, parent=parent
            )
            context = {"row": _row_view(spec, plan, obj), "cv": CollectionView(spec, plan, parent), "added": True}
            context["cv"].add_form = _add_form(spec, plan, parent)
            response = render(request, "plans/_row_added.html", context)
            response["HX-Trigger"] = PLAN_CHANGED
            return response
    except PlanError as error:
        return _refused(request, error)
    cv = CollectionView(spec, plan, parent, add_form=form)
    response = render(request, "plans/_add_form.html", {"cv": cv})
    # Keep the list as it is and show the errors in the add form, with what was typed.
    response["HX-Retarget"] = f"#add-{cv.dom_id}"
    response["HX-Reswap"] = "outerHTML"
    return response


@login_required
@require_POST
def row_save(request, pk: int, key: str, row_id: int):
    plan = get_plan(request, pk, write=True)
    spec = _spec(key)
    obj = _row(spec, plan, row_id)
    form = _row_form(spec, plan, obj, request.POST)
    try:
        services.ensure_editable(plan=plan, by=request.user)
        saved = form.is_valid()
        if saved:
            services.plan_save_form(plan=plan, form=form, by=request.user)
    except PlanError as error:
        return _refused(request, error)
    response = render(request, "plans/_row_form.html", {"row": RowView(obj, form), "spec": spec, "plan": plan, "saved": saved})
    if saved:
        response["HX-Trigger"] = PLAN_CHANGED
    return response


@login_required
@require_POST
def row_delete(request, pk: int, key: str, row_id: int):
    plan = get_plan(request, pk, write=True)
    spec = _spec(key)
    obj = _row(spec, plan, row_id)
    try:
        services.plan_delete_row(plan=plan, row=obj, by=request.user)
    except PlanError as error:
        return _refused(request, error, status=409)
    response = HttpResponse("")
    response["HX-Trigger"] = PLAN_CHANGED
    return response


@login_required
@require_POST
def rows_reorder(request, pk: int, key: str, parent_id: int):
    plan = get_plan(request, pk, write=True)
    spec = _spec(key)
    parent = _parent(spec, plan, parent_id)
    try:
        ids = [int(value) for value in request.POST.getlist("ids")]
    except ValueError:
        return HttpResponseBadRequest()
    try:
        services.plan_reorder_rows(plan=plan, queryset=_siblings(spec, parent), ids=ids, by=request.user)
    except PlanError as error:
        return _refused(request, error, status=409)
    response = HttpResponse(status=204)
    response["HX-Trigger"] = PLAN_CHANGED
    return response
