"""The list behind each number of the report: the petitions (or conferences) a
figure counts, narrowed to a unit, a field or a source, one page at a time.

The rows are the ones reports.figures classified, so a list always holds as
many rows as its number says. They carry no citizen's name or contact: a
district reading its communes sees codes, fields, agencies and dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from conferences.models import Conference
from dialogue.workdays import working_days_between
from petitions.models import Petition

from .figures import CONFERENCE_FIGURES, PETITION_FIGURES, ConferenceFacts, PetitionFacts, Results
from .rows import ROWS_BY_KEY

# Figures about people at conferences open the list of the conferences they came to.
CONFERENCE_KEYS = {"conferences": "conferences", "periodic": "periodic", "extra": "extra",
                   "participants": "conferences", "participants_named": "conferences",
                   "participants_counted": "conferences"}

OUTCOMES = {
    "answered": _("Answered at the conference"),
    "on_time": _("Resolved on time"),
    "late": _("Resolved late"),
    "open": _("With the agency"),
    "referred": _("Referred to a higher level"),
    "awaiting": _("Awaiting the chair's conclusion"),
    "resolved": _("Resolved"),
}


@dataclass(frozen=True)
class Selection:
    """Which rows: a figure, and optionally one unit, field (0: none) or source."""

    figure: str
    unit: int | None = None
    field: int | None = None
    source: str | None = None

    @property
    def of_conferences(self) -> bool:
        return self.figure in CONFERENCE_KEYS

    @property
    def valid(self) -> bool:
        return self.figure in CONFERENCE_KEYS or self.figure in PETITION_FIGURES

    def query(self) -> dict[str, str]:
        params = {"figure": self.figure}
        if self.unit:
            params["unit"] = str(self.unit)
        if self.field is not None:
            params["field"] = str(self.field)
        if self.source:
            params["source"] = self.source
        return params

    def title(self) -> str:
        row = ROWS_BY_KEY.get(self.figure)
        if row is not None:
            return str(row.label)[:1].upper() + str(row.label)[1:]
        return str(OUTCOMES.get(self.figure, _("Opinions and petitions received")))


def selected_petitions(result: Results, selection: Selection) -> list[PetitionFacts]:
    test = PETITION_FIGURES[selection.figure]
    rows = [p for p in result.petitions if test(p)]
    if selection.unit:
        rows = [p for p in rows if p.organization_id == selection.unit]
    if selection.field is not None:
        rows = [p for p in rows if (p.field_id or 0) == selection.field]
    if selection.source:
        rows = [p for p in rows if p.source == selection.source]
    return rows


def selected_conferences(result: Results, selection: Selection) -> list[ConferenceFacts]:
    test = CONFERENCE_FIGURES[CONFERENCE_KEYS[selection.figure]]
    rows = [c for c in result.conferences if test(c)]
    if selection.unit:
        rows = [c for c in rows if c.organization_id == selection.unit]
    return rows


def outcome(p: PetitionFacts) -> str:
    if p.answered:
        return "answered"
    if p.assigned:
        return "on_time" if p.on_time else ("late" if p.late else "open")
    if p.referred:
        return "referred"
    if p.resolved:
        return "resolved"
    return "awaiting"


@dataclass
class PetitionLine:
    facts: PetitionFacts
    petition: Petition
    outcome: str
    days: int | None  # working days left (positive) or late (negative) against the deadline in force

    @property
    def outcome_label(self) -> str:
        return str(OUTCOMES[self.outcome])

    @property
    def days_text(self) -> str:
        if self.days is None:
            return ""
        if self.days < 0:
            return str(_("%(n)s working days late")) % {"n": -self.days}
        if self.facts.still_open:
            return str(_("%(n)s working days left")) % {"n": self.days}
        return str(_("on time"))


def petition_lines(facts: list[PetitionFacts], *, today: dt.date) -> list[PetitionLine]:
    """The rows of one page: the petitions' printable columns in one query."""
    petitions = Petition.objects.filter(pk__in=[f.id for f in facts]).select_related(
        "field", "organization", "conference"
    ).only(
        "pk", "tracking_code", "received_on", "source", "status", "content", "organization_id",
        "organization__name", "field__name", "conference__title", "conference_id", "field_id",
    ).in_bulk()
    lines = []
    for f in facts:
        days = None
        if f.assigned and f.due_on:
            end = f.resolved_on if (f.resolved and f.resolved_on) else today
            days = -working_days_between(f.due_on, end) if end > f.due_on else working_days_between(end, f.due_on)
            if f.resolved and days > 0:
                days = 0
        lines.append(PetitionLine(facts=f, petition=petitions[f.id], outcome=outcome(f), days=days))
    return lines


@dataclass
class ConferenceLine:
    facts: ConferenceFacts
    conference: Conference

    @property
    def participants(self) -> int:
        return self.facts.named + self.facts.counted


def conference_lines(facts: list[ConferenceFacts]) -> list[ConferenceLine]:
    conferences = Conference.objects.filter(pk__in=[f.id for f in facts]).select_related("organization").in_bulk()
    rows = [ConferenceLine(f, conferences[f.id]) for f in facts]
    return sorted(rows, key=lambda r: (r.conference.starts_at, r.conference.pk))
