"""The petitions lists as Excel files (dialogue.exports): the office's list as
filtered, and the answers published to the citizens.

The list's rows are the page's (the same filter form and selector, the same
order); each row adds what a spreadsheet needs and the page shows elsewhere:
the agency and deadline in force, the working days left or late, and the
outcome. A grouped petition takes its lead's assignment and conclusion. No
citizen's name, phone, address or e-mail is written.
"""

from __future__ import annotations

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from dialogue import clock
from dialogue.access import scope
from dialogue.exports import Column, Export, Sheet, filename_for, register_export
from dialogue.workdays import working_days_between

from . import selectors
from .forms import FilterForm
from .models import Assignment, AssignmentStatus, Conclusion, Outcome, PetitionStatus, Response, Source
from .services import READER_ROLES


def _latest_assignment(field: str):
    latest = Assignment.objects.filter(petition_id=OuterRef("lead_key")).order_by("-assigned_at", "-pk")
    return Subquery(latest.values(field)[:1])


def petition_rows(user, params):
    form = FilterForm(params or None, user=user)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.petitions_for_user(user, **{k: v for k, v in filters.items() if v})
    conclusion = Conclusion.objects.filter(petition_id=OuterRef("lead_key"), approved_at__isnull=False).order_by(
        "-approved_at", "-pk"
    )
    return (
        qs.prefetch_related(None)
        .annotate(lead_key=Coalesce(F("group__lead_id"), F("pk")))
        .annotate(
            agency_name=_latest_assignment("agency__name"),
            due=Subquery(
                Assignment.objects.filter(petition_id=OuterRef("lead_key")).order_by("-assigned_at", "-pk")
                .annotate(effective=Coalesce("extended_to", "due_on")).values("effective")[:1]
            ),
            assignment_status=_latest_assignment("status"),
            outcome=Subquery(conclusion.values("outcome")[:1]),
        )
    )


def days_counter(today):
    """Working days left (positive) or late (negative) of a row's assignment still open;
    counted once per deadline (a long list has few distinct ones)."""
    counted: dict = {}

    def days(row):
        if row.due is None or row.assignment_status in (None, AssignmentStatus.CLOSED):
            return None
        if row.due not in counted:
            counted[row.due] = (
                -working_days_between(row.due, today) if today > row.due else working_days_between(today, row.due)
            )
        return counted[row.due]

    return days


def _labels(choices) -> dict:
    # Translated once, not once a row.
    return {value: str(label) for value, label in choices}


def petition_columns(today):
    sources, statuses, outcomes = _labels(Source.choices), _labels(PetitionStatus.choices), _labels(Outcome.choices)
    days = days_counter(today)
    return [
        Column(_("Code"), lambda p: p.tracking_code),
        Column(_("Organisation"), lambda p: p.organization.name),
        Column(_("Received on"), lambda p: p.received_on, "date"),
        Column(_("Recorded at"), lambda p: p.created_at, "datetime"),
        Column(_("Field"), lambda p: p.field.name if p.field_id else ""),
        Column(_("Source"), lambda p: sources.get(p.source, p.source)),
        Column(_("Conference"), lambda p: p.conference.title if p.conference_id else ""),
        Column(_("Status"), lambda p: statuses.get(p.status, p.status)),
        Column(_("Agency"), lambda p: p.agency_name or ""),
        Column(_("Deadline"), lambda p: p.due, "date"),
        Column(_("Working days left (+) or late (-)"), days, "int"),
        Column(_("Outcome"), lambda p: outcomes.get(p.outcome, "") if p.outcome else ""),
        Column(_("Content"), lambda p: p.content, width=60),
    ]


def petition_list(user, params) -> Export:
    rows = petition_rows(user, params)
    today = clock.today()
    title = _("Petitions")
    return Export(
        filename=filename_for("danh-sach-kien-nghi"),
        sheets=[Sheet(title, petition_columns(today), rows.iterator(chunk_size=2000))],
        rows=rows.count(), title=title,
    )


def published_answers(user, params) -> Export:
    """The agencies' answers the office accepted and published, newest first."""
    rows = (
        scope(Response.objects.all(), user, READER_ROLES)
        .filter(published_at__isnull=False)
        .select_related("assignment__petition", "assignment__petition__field", "assignment__agency",
                        "assignment__petition__organization")
        .order_by("-published_at", "-pk")
    )
    title = _("Published answers")
    columns = [
        Column(_("Code"), lambda r: r.assignment.petition.tracking_code),
        Column(_("Organisation"), lambda r: r.assignment.petition.organization.name),
        Column(_("Received on"), lambda r: r.assignment.petition.received_on, "date"),
        Column(_("Field"), lambda r: r.assignment.petition.field.name if r.assignment.petition.field_id else ""),
        Column(_("Agency"), lambda r: r.assignment.agency.name),
        Column(_("Published on"), lambda r: r.published_at, "date"),
        Column(_("The matter is resolved"), lambda r: _("yes") if r.is_final else _("no")),
        Column(_("Petition"), lambda r: r.assignment.petition.content, width=50),
        Column(_("Answer"), lambda r: r.text, width=60),
    ]
    return Export(filename=filename_for("tra-loi-da-cong-khai"), sheets=[Sheet(title, columns, rows.iterator(chunk_size=2000))],
                  rows=rows.count(), title=title)


register_export("petitions.list", petition_list)
register_export("petitions.answers", published_answers)
