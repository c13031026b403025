"""The report's Excel files: the figures of the page (every table of it, one
sheet each) and the list behind any of its numbers, through the core's writer
(dialogue.exports), which finds these builders by name for long lists."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from dialogue.exports import Column, Export, Sheet, filename_for, register_export
from petitions.models import PetitionStatus, Source

from . import figures as figures_module
from .lists import conference_lines, petition_lines, selected_conferences, selected_petitions
from .rows import FIGURE_ROWS, SOURCE_LABELS, UNIT_COLUMNS, ROWS_BY_KEY, change
from .scoping import choose, selection
from .snapshot import Snapshot

CHUNK = 2000


def _chunked(items, make):
    for start in range(0, len(items), CHUNK):
        yield from make(items[start:start + CHUNK])


def petition_columns():
    sources, statuses = dict(Source.choices), dict(PetitionStatus.choices)
    return [
        Column(_("Code"), lambda line: line.petition.tracking_code),
        Column(_("Organisation"), lambda line: line.petition.organization.name),
        Column(_("Received on"), lambda line: line.petition.received_on, "date"),
        Column(_("Field"), lambda line: line.facts.field_name),
        Column(_("Source"), lambda line: str(sources.get(line.facts.source, line.facts.source))),
        Column(_("Status"), lambda line: str(statuses.get(line.facts.status, line.facts.status))),
        Column(_("Agency"), lambda line: line.facts.agency_name),
        Column(_("Assigned on"), lambda line: line.facts.assigned_on, "date"),
        Column(_("Deadline"), lambda line: line.facts.due_on, "date"),
        Column(_("Working days left (+) or late (-)"), lambda line: line.days, "int"),
        Column(_("Resolved on"), lambda line: line.facts.resolved_on, "date"),
        Column(_("Outcome"), lambda line: line.outcome_label),
        Column(_("Content"), lambda line: line.petition.content, width=60),
    ]


def conference_columns():
    return [
        Column(_("Day"), lambda line: line.conference.day, "date"),
        Column(_("Conference"), lambda line: line.conference.title, width=50),
        Column(_("Organisation"), lambda line: line.conference.organization.name),
        Column(_("Venue"), lambda line: line.conference.venue),
        Column(_("Kind"), lambda line: _("periodic") if line.facts.periodic else _("ad hoc")),
        Column(_("Checked in by name"), lambda line: line.facts.named, "int"),
        Column(_("Counted at the door"), lambda line: line.facts.counted, "int"),
        Column(_("People taking part"), lambda line: line.participants, "int"),
    ]


def figure_list(user, params) -> Export:
    """The list behind one number of the report page, as the page lists it."""
    chosen = choose(user, params)
    picked = selection(params)
    if picked is None or not chosen.form.is_valid() and chosen.form.is_bound:
        raise Http404
    result = figures_module.results(chosen.organization, chosen.period, with_units=chosen.with_units)
    title = f"{picked.title()} · {chosen.organization.name} · {chosen.period.label}"
    if picked.of_conferences:
        rows = selected_conferences(result, picked)
        sheet = Sheet(_("Conferences"), conference_columns(), conference_lines(rows))
    else:
        rows = selected_petitions(result, picked)
        sheet = Sheet(_("Petitions"), petition_columns(),
                      _chunked(rows, lambda part: petition_lines(part, today=result.today)))
    return Export(filename=filename_for(title), sheets=[sheet], rows=len(rows), title=title)


def snapshot_sheets(snap: Snapshot) -> list[Sheet]:
    """Every table of a report's figures, a sheet each: what the page and the document show."""
    figures = [
        Sheet(_("Figures"), [
            Column(_("Figure"), lambda r: ("   " if r.sub else "") + str(r.label), width=48),
            Column(_("This period"), lambda r: r.value(snap.current), "number"),
            Column(snap.previous_label or _("Previous period"), lambda r: r.value(snap.previous), "number"),
            Column(_("Change"), lambda r: change(r.value(snap.current), r.value(snap.previous))),
        ], FIGURE_ROWS),
        Sheet(_("By source"), [
            Column(_("Source"), lambda r: str(SOURCE_LABELS.get(r[0], r[0]))),
            Column(_("This period"), lambda r: r[1], "int"),
            Column(_("Previous period"), lambda r: snap.previous.by_source.get(r[0], 0), "int"),
        ], list(snap.current.by_source.items())),
        Sheet(_("By field"), [
            Column(_("Field"), lambda r: r[1] or _("No field")),
            Column(_("Opinions and petitions"), lambda r: r[2], "int"),
        ], snap.current.by_field),
    ]
    if len(snap.units) > 1:
        figures.append(Sheet(_("By unit"), [
            Column(_("Unit"), lambda u: u.name),
            *[Column(str(ROWS_BY_KEY[key].label), (lambda k: lambda u: getattr(u.figures, k))(key), "int")
              for key in UNIT_COLUMNS],
        ], snap.units))
    figures.append(Sheet(_("Still with an agency"), [
        Column(_("Code"), lambda r: r.code),
        Column(_("Received on"), lambda r: _day(r.received_on), "date"),
        Column(_("Field"), lambda r: r.field),
        Column(_("Agency"), lambda r: r.agency),
        Column(_("Deadline"), lambda r: _day(r.due_on), "date"),
        Column(_("Working days late"), lambda r: r.days_late, "int"),
    ], snap.outstanding))
    figures.append(Sheet(_("Conferences"), [
        Column(_("Day"), lambda r: _day(r.day), "date"),
        Column(_("Conference"), lambda r: r.title, width=50),
        Column(_("Organisation"), lambda r: r.organization),
        Column(_("Venue"), lambda r: r.venue),
        Column(_("Kind"), lambda r: _("periodic") if r.periodic else _("ad hoc")),
        Column(_("People taking part"), lambda r: r.participants, "int"),
    ], snap.conferences))
    return figures


def _day(text: str):
    import datetime as dt

    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None
    except ValueError:
        return None


def results_workbook(user, params) -> Export:
    """The report page's figures and lists, as counted now."""
    from . import snapshot

    chosen = choose(user, params)
    if chosen.form.is_bound and not chosen.form.is_valid():
        raise Http404
    result = figures_module.results(chosen.organization, chosen.period, with_units=chosen.with_units)
    snap = Snapshot.load(snapshot.take(result))
    title = f"{_('Results')} · {chosen.organization.name} · {chosen.period.label}"
    sheets = snapshot_sheets(snap)
    return Export(filename=filename_for(title), sheets=sheets, rows=sum(len(list(s.rows)) for s in sheets), title=title)


register_export("reports.list", figure_list)
register_export("reports.results", results_workbook)
