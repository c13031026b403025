"""The figures a report keeps: what reports.figures counted for its period,
written into Report.figures as plain JSON when the draft is made or refreshed.

The printed document, its Word copy and its Excel file are made from this
snapshot only, so the issued report says exactly what the leader approved,
whatever happens to the rows afterwards. Names of citizens are never in it:
petitions appear by tracking code, field and agency.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from conferences.models import Conference

from .figures import Figures, Results


@dataclass
class UnitRow:
    name: str
    figures: Figures


@dataclass
class ConferenceRow:
    day: str  # dd/mm/yyyy
    title: str
    venue: str
    organization: str
    periodic: bool
    participants: int


@dataclass
class OutstandingRow:
    code: str
    received_on: str
    field: str
    agency: str
    due_on: str
    days_late: int


@dataclass
class Snapshot:
    current: Figures
    previous: Figures
    previous_label: str
    units: list[UnitRow]
    agencies: list[list]  # [agency, open, of which late]
    outstanding: list[OutstandingRow]
    conferences: list[ConferenceRow]
    counted_on: str  # dd/mm/yyyy

    @classmethod
    def load(cls, data: dict) -> Snapshot:
        data = data or {}
        return cls(
            current=Figures.from_dict(data.get("current")),
            previous=Figures.from_dict(data.get("previous")),
            previous_label=data.get("previous_label", ""),
            units=[UnitRow(u["name"], Figures.from_dict(u["figures"])) for u in data.get("units", [])],
            agencies=data.get("agencies", []),
            outstanding=[OutstandingRow(**row) for row in data.get("outstanding", [])],
            conferences=[ConferenceRow(**row) for row in data.get("conferences", [])],
            counted_on=data.get("counted_on", ""),
        )


def _date(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def take(result: Results) -> dict:
    """The JSON a report keeps of `result`."""
    from petitions.models import Petition

    outstanding = result.outstanding()
    codes = dict(
        Petition.objects.filter(pk__in=[row.petition.id for row in outstanding]).values_list("pk", "tracking_code")
    ) if outstanding else {}
    received = dict(
        Petition.objects.filter(pk__in=[row.petition.id for row in outstanding]).values_list("pk", "received_on")
    ) if outstanding else {}
    conference_rows = []
    facts = {c.id: c for c in result.conferences}
    for conference in Conference.objects.filter(pk__in=list(facts)).select_related("organization").order_by("starts_at", "pk"):
        c = facts[conference.pk]
        conference_rows.append({
            "day": _date(conference.day), "title": conference.title, "venue": conference.venue,
            "organization": conference.organization.name, "periodic": c.periodic, "participants": c.named + c.counted,
        })
    return {
        "current": result.figures.as_dict(),
        "previous": result.previous.as_dict(),
        "previous_label": result.previous_period.label,
        "units": [{"name": u.organization.name, "figures": u.figures.as_dict()} for u in result.units],
        "agencies": [list(row) for row in result.outstanding_by_agency()],
        "outstanding": [
            {
                "code": codes.get(row.petition.id, ""), "received_on": _date(received.get(row.petition.id)),
                "field": row.petition.field_name, "agency": row.petition.agency_name,
                "due_on": _date(row.petition.due_on), "days_late": row.days_late,
            }
            for row in outstanding
        ],
        "conferences": conference_rows,
        "counted_on": _date(result.today),
    }
