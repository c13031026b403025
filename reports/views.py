"""The report pages: the results of an organisation for a period (figures,
charts, lists, every number opening its list), the list behind a number, the
Excel files, and the BÁO CÁO documents (draft, edit, submit, approve, issue,
PDF, Word and Excel).

Reading goes through dialogue.access's roll-up: the office and leaders of an
organisation read its results and those of every organisation beneath it, read
only and without any citizen's contact details. Writing is the organisation's
own office's (staff, leader); approving and issuing its leader's. Anyone else
gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dialogue.access import OFFICE, get_for_user, has_role, reads_through_rollup, scope_results
from dialogue.exports import build_file, export_response, xlsx_file_response
from dialogue.idempotency import idempotent
from registry.views import document_pdf_response

from . import charts, services
from .documents import build_report_document, render_report_pdf, report_filename
from .exports import snapshot_sheets
from .figures import results
from .forms import ReportForm
from .lists import OUTCOMES, conference_lines, petition_lines, selected_conferences, selected_petitions
from .models import Report
from .rows import FIGURE_ROWS, ROWS_BY_KEY, SOURCE_LABELS, UNIT_COLUMNS, change
from .scoping import choose, readable_organizations, selection
from .services import ReportError
from .snapshot import Snapshot

PAGE_SIZE = 50
# How many rows of the outstanding petitions and of the conferences the page shows before "all of them".
PREVIEW_ROWS = 15

Status = Report.Status

COLOURS = {
    "answered": "#198754", "on_time": "#20c997", "late": "#6f42c1", "open": "#dc3545",
    "referred": "#0dcaf0", "awaiting": "#ffc107",
}


def _list_url(choice, **selection) -> str:
    return f"{reverse('reports:list')}?{urlencode(choice.query(**selection))}"


@login_required
@require_GET
def results_page(request):
    choice = choose(request.user, request.GET)
    form = choice.form
    if form.is_bound and not form.is_valid():
        return render(request, "reports/results.html", {"form": form, "choice": None}, status=400)
    result = results(choice.organization, choice.period, with_units=choice.with_units)
    f, previous = result.figures, result.previous
    rows = [
        {
            "row": row, "current": row.shown(f), "previous": row.shown(previous),
            "change": change(row.value(f), row.value(previous)),
            "url": _list_url(choice, figure=row.key) if row.opens else "",
        }
        for row in FIGURE_ROWS
    ]
    by_field = charts.bar_chart(
        [(name or _("No field"), count, _list_url(choice, figure="petitions", field=pk)) for pk, name, count in f.by_field]
    )
    by_source = [
        (str(SOURCE_LABELS[key]), count, _list_url(choice, figure="petitions", source=key))
        for key, count in f.by_source.items()
    ]
    outcome_bar = charts.stacked_bar([
        (str(OUTCOMES[key]), getattr(f, key), _list_url(choice, figure=key), COLOURS[key])
        for key in ("answered", "on_time", "late", "open", "referred", "awaiting")
    ])
    units = [
        {
            "unit": unit,
            "cells": [(ROWS_BY_KEY[key].label, getattr(unit.figures, key),
                       _list_url(choice, figure=key, unit=unit.organization.pk)) for key in UNIT_COLUMNS],
            "url": f"{reverse('reports:results')}?{urlencode({**choice.query(), 'organization': unit.organization.pk})}",
        }
        for unit in result.units
    ]
    unit_chart = charts.bar_chart(
        [(u.organization.name, u.figures.petitions, _list_url(choice, figure="petitions", unit=u.organization.pk))
         for u in result.units], colour="#6610f2",
    ) if result.units else None
    outstanding = result.outstanding()
    conferences = conference_lines(result.conferences[:PREVIEW_ROWS]) if result.conferences else []
    can_draft = has_role(request.user, choice.organization.pk, *OFFICE)
    return render(request, "reports/results.html", {
        "form": form,
        "choice": choice,
        "result": result,
        "rows": rows,
        "links": {line["row"].key: line["url"] for line in rows},
        "by_field": by_field,
        "by_source": by_source,
        "outcome_bar": outcome_bar,
        "units": units,
        "unit_chart": unit_chart,
        "unit_columns": [ROWS_BY_KEY[key] for key in UNIT_COLUMNS],
        "outstanding_count": len(outstanding),
        "outstanding_url": _list_url(choice, figure="open"),
        "agencies": result.outstanding_by_agency(),
        "conferences": conferences,
        "conferences_url": _list_url(choice, figure="conferences"),
        "through_rollup": reads_through_rollup(request.user, choice.organization.pk),
        "can_draft": can_draft,
        "query": urlencode(choice.query()),
        "drafts": scope_results(Report.objects.filter(organization=choice.organization), request.user)
        .order_by("-created_at")[:5],
    })


@login_required
@require_GET
def figure_list(request):
    choice = choose(request.user, request.GET)
    picked = selection(request.GET)
    if picked is None:
        raise Http404
    form = choice.form
    if form.is_bound and not form.is_valid():
        return render(request, "reports/results.html", {"form": form, "choice": None}, status=400)
    result = results(choice.organization, choice.period, with_units=choice.with_units)
    if picked.of_conferences:
        rows = selected_conferences(result, picked)
    else:
        rows = selected_petitions(result, picked)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    if picked.of_conferences:
        lines = conference_lines(list(page.object_list))
    else:
        lines = petition_lines(list(page.object_list), today=result.today)
    own = {pk for pk in _direct_ids(request.user)}
    for line in lines:
        organization_id = line.conference.organization_id if picked.of_conferences else line.petition.organization_id
        line.openable = organization_id in own
    query = QueryDict(mutable=True)
    query.update(choice.query(**picked.query()))
    narrowed = []
    if picked.unit:
        narrowed.append(next((u.organization.name for u in result.units if u.organization.pk == picked.unit), ""))
    if picked.field is not None:
        narrowed.append(next((name or _("No field") for pk, name, _n in result.figures.by_field if pk == picked.field), ""))
    if picked.source:
        narrowed.append(str(SOURCE_LABELS.get(picked.source, "")))
    return render(request, "reports/list.html", {
        "choice": choice,
        "selection": picked,
        "title": picked.title(),
        "narrowed": [n for n in narrowed if n],
        "page": page,
        "lines": lines,
        "query": query.urlencode(),
        "results_query": urlencode(choice.query()),
    })


def _direct_ids(user) -> set[int]:
    from dialogue.access import REPORT_READERS, organization_ids

    return organization_ids(user, REPORT_READERS)


@login_required
@require_GET
def figure_list_export(request):
    choose(request.user, request.GET)  # 404 before any work for an organisation the user may not read
    if selection(request.GET) is None:
        raise Http404
    return export_response(request, "reports.list")


@login_required
@require_GET
def results_export(request):
    choose(request.user, request.GET)
    return export_response(request, "reports.results")


# --- the BÁO CÁO documents ----------------------------------------------------------------------


def _report(request, pk, *, write: bool = False, leader: bool = False) -> Report:
    qs = Report.objects.select_related("organization", "outgoing_document")
    if write or leader:
        return get_for_user(qs, request.user, roles=services.LEADER_ROLES if leader else services.EDITOR_ROLES, pk=pk)
    try:
        return scope_results(qs, request.user).get(pk=pk)
    except Report.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_GET
def document_list(request):
    organizations = readable_organizations(request.user)
    if not organizations:
        raise Http404
    reports = scope_results(Report.objects.select_related("organization", "outgoing_document"), request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        reports = reports.filter(status=status)
    page = Paginator(reports.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/documents.html", {
        "page": page, "reports": page.object_list, "status": status, "statuses": Status.choices,
        "query": urlencode({"status": status}) if status else "",
    })


@login_required
@require_POST
@idempotent
def document_create(request):
    choice = choose(request.user, request.POST)
    if not has_role(request.user, choice.organization.pk, *services.EDITOR_ROLES):
        raise Http404
    if choice.form.is_bound and not choice.form.is_valid():
        messages.error(request, _("Choose a valid period first."))
        return redirect("reports:results")
    try:
        report = services.report_prepare(
            organization=choice.organization, period=choice.period, by=request.user, with_units=choice.with_units
        )
    except ReportError as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('reports:results')}?{urlencode(choice.query())}")
    messages.success(request, _("The draft report was written from the figures; check and complete its text."))
    return redirect("reports:edit", pk=report.pk)


@login_required
@require_GET
def document_detail(request, pk):
    report = _report(request, pk)
    snap = Snapshot.load(report.figures)
    return render(request, "reports/detail.html", {
        "report": report,
        "doc": build_report_document(report),
        "snap": snap,
        "transitions": [(t, Status(t.to_status).label) for t in report.transitions.select_related("by")],
        "can_edit": services.can_edit(request.user, report),
        "can_lead": services.can_lead(request.user, report),
        "register": getattr(report, "outgoing_document", None),
        "S": Status,
    })


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, pk):
    report = _report(request, pk, write=True)
    if report.status != Status.DRAFT:
        messages.error(request, _("Only a draft report can be changed; ask the leader to return it."))
        return redirect("reports:detail", pk=report.pk)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in ReportForm.Meta.fields}
        try:
            services.report_update(report=Report.objects.get(pk=report.pk), by=request.user, **values)
        except ReportError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("The report was saved."))
            return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/edit.html", {"report": report, "form": form}, status=400 if form.errors else 200)


def _step(request, pk, action, success, *, leader=False):
    report = _report(request, pk, write=not leader, leader=leader)
    try:
        action(report)
    except ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
@idempotent
def document_refresh(request, pk):
    return _step(request, pk, lambda r: services.report_refresh(report=r, by=request.user),
                 _("The figures were counted again and the results paragraph written anew."))


@login_required
@require_POST
@idempotent
def document_submit(request, pk):
    return _step(request, pk, lambda r: services.report_submit(report=r, by=request.user),
                 _("The report was submitted to the leader."))


@login_required
@require_POST
@idempotent
def document_return(request, pk):
    return _step(request, pk, lambda r: services.report_return(report=r, by=request.user,
                                                                comment=request.POST.get("comment", "")),
                 _("The report was returned to the office."), leader=True)


@login_required
@require_POST
@idempotent
def document_approve(request, pk):
    return _step(request, pk, lambda r: services.report_approve(report=r, by=request.user),
                 _("The report was approved."), leader=True)


@login_required
@require_POST
@idempotent
def document_issue(request, pk):
    return _step(request, pk, lambda r: services.report_issue(report=r, by=request.user),
                 _("The report was issued: numbered in the register, signed and stored."), leader=True)


@login_required
@require_GET
def document_pdf(request, pk):
    report = _report(request, pk)
    return document_pdf_response(
        request, report, filename=report_filename(report), inline=request.GET.get("tai") != "1",
        render=lambda: render_report_pdf(report),
    )


@login_required
@require_GET
def document_docx(request, pk):
    from .docx import render_report_docx

    report = _report(request, pk)
    register = getattr(report, "outgoing_document", None)
    data = register.read_docx() if register is not None and register.docx else render_report_docx(report)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="{report_filename(report, "docx")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def document_xlsx(request, pk):
    from dialogue.exports import Export

    report = _report(request, pk)
    export = Export(filename=report_filename(report, "xlsx"), sheets=snapshot_sheets(Snapshot.load(report.figures)), rows=0)
    return xlsx_file_response(build_file(export), export.filename)

