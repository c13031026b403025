"""The figures of a report: what an organisation (and the units beneath it) did
in a period, counted one way for the page, the lists behind its numbers, the
printed BÁO CÁO and its Excel file.

Counted from the rows, never typed:

- conferences held: conferences whose day falls in the period and that took
  place (held, concluded or closed); periodic when a plan's session foresaw
  them, ad hoc (đột xuất) otherwise; by the level of their organisation;
- participants: people checked in by name, and people counted at the door;
- opinions and petitions: those received in the period, by source and field;
- answered at the conference: the chair answered them there;
- assigned to an agency: resolved on time (on or before the deadline in force,
  an extension included), resolved late, still open; extended: an agency
  extended its deadline;
- referred to a higher level; the citizens' feedback (satisfied or not);
- time to answer: working days from the first assignment to the resolution,
  the median and the 90th percentile (nearest rank).

Each petition is classified once (`classify`), so a figure and the list behind
it are the same rows. A grouped petition counts as itself (each citizen's
opinion) and takes its lead's assignment. Queries: a fixed handful, however
many rows; the arithmetic is done in memory over named columns only (no
citizen's name, phone or address is read).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Sum

from conferences.models import Attendance, Conference, ConferenceStatus, DoorCount
from dialogue import clock
from dialogue.access import beneath
from dialogue.models import Organization
from dialogue.text import fold
from dialogue.workdays import working_days_between
from petitions.models import Assignment, AssignmentStatus, EventKind, Petition, PetitionEvent, PetitionStatus, Source

from .periods import Period

VIETNAM = clock.VIETNAM
HELD = (ConferenceStatus.HELD, ConferenceStatus.CONCLUDED, ConferenceStatus.CLOSED)
# Bodies that hold conferences and receive petitions: the units a roll-up lists.
UNIT_KINDS = (
    Organization.Kind.PEOPLES_COMMITTEE, Organization.Kind.PEOPLES_COUNCIL, Organization.Kind.PARTY_COMMITTEE,
)


# --- one row each -------------------------------------------------------------------------------


@dataclass(slots=True)
class PetitionFacts:
    id: int
    organization_id: int
    source: str
    field_id: int | None
    field_name: str
    status: str
    feedback: str
    answered: bool = False
    referred: bool = False
    assigned: bool = False
    extended: bool = False
    resolved_on: dt.date | None = None
    due_on: dt.date | None = None
    assigned_on: dt.date | None = None
    agency_id: int | None = None
    agency_name: str = ""
    open_assignment: bool = False
    days_to_answer: int | None = None

    @property
    def resolved(self) -> bool:
        return self.status == PetitionStatus.RESOLVED

    @property
    def on_time(self) -> bool:
        return self.assigned and self.resolved and self.resolved_on is not None and self.due_on is not None and (
            self.resolved_on <= self.due_on
        )

    @property
    def late(self) -> bool:
        return self.assigned and self.resolved and not self.on_time

    @property
    def still_open(self) -> bool:
        return self.assigned and not self.resolved

    @property
    def awaiting(self) -> bool:
        """No conclusion in force yet: registered (or reopened) and not assigned, answered or referred."""
        return self.status in (PetitionStatus.REGISTERED, PetitionStatus.REOPENED) and not self.assigned


@dataclass(slots=True)
class ConferenceFacts:
    id: int
    organization_id: int
    level: str
    periodic: bool
    named: int = 0
    counted: int = 0


# --- the figures ----------------------------------------------------------------------------------

# The figures a number on the page links to, each with the petitions (or conferences) it counts.
PETITION_FIGURES = {
    "petitions": lambda p: True,
    "answered": lambda p: p.answered,
    "assigned": lambda p: p.assigned,
    "on_time": lambda p: p.on_time,
    "late": lambda p: p.late,
    "open": lambda p: p.still_open,
    "extended": lambda p: p.assigned and p.extended,
    "referred": lambda p: p.referred,
    "awaiting": lambda p: p.awaiting,
    "satisfied": lambda p: p.feedback == "satisfied",
    "unsatisfied": lambda p: p.feedback == "unsatisfied",
}
CONFERENCE_FIGURES = {
    "conferences": lambda c: True,
    "periodic": lambda c: c.periodic,
    "extra": lambda c: not c.periodic,
}


@dataclass
class Figures:
    """The numbers of one period for a set of organisations; JSON-able (the issued report keeps them)."""

    conferences: int = 0
    periodic: int = 0
    extra: int = 0
    by_level: dict[str, int] = field(default_factory=dict)
    participants_named: int = 0
    participants_counted: int = 0
    petitions: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    by_field: list[list] = field(default_factory=list)  # [field id or 0, name, count], largest first
    answered: int = 0
    assigned: int = 0
    on_time: int = 0
    late: int = 0
    open: int = 0
    extended: int = 0
    referred: int = 0
    awaiting: int = 0
    satisfied: int = 0
    unsatisfied: int = 0
    median_days: float | None = None
    p90_days: int | None = None

    @property
    def participants(self) -> int:
        return self.participants_named + self.participants_counted

    @property
    def answered_share(self) -> int | None:
        """Answered at the conference, as a whole percentage of the petitions."""
        return round(100 * self.answered / self.petitions) if self.petitions else None

    @property
    def resolved(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_share(self) -> int | None:
        return round(100 * self.on_time / self.resolved) if self.resolved else None

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Figures:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})


def percentile(values: list[int], share: float) -> int | None:
    """The nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def tally(petitions: list[PetitionFacts], conferences: list[ConferenceFacts]) -> Figures:
    figures = Figures()
    figures.conferences = len(conferences)
    figures.periodic = sum(1 for c in conferences if c.periodic)
    figures.extra = figures.conferences - figures.periodic
    figures.by_level = dict(Counter(c.level for c in conferences))
    figures.participants_named = sum(c.named for c in conferences)
    figures.participants_counted = sum(c.counted for c in conferences)

    figures.petitions = len(petitions)
    sources = Counter(p.source for p in petitions)
    figures.by_source = {value: sources.get(value, 0) for value in Source.values}
    fields = Counter((p.field_id or 0, p.field_name) for p in petitions)
    figures.by_field = [[fid, name, count] for (fid, name), count in sorted(fields.items(), key=lambda i: (-i[1], not i[0][1], fold(i[0][1])))]
    for name in ("answered", "assigned", "on_time", "late", "open", "extended", "referred", "awaiting",
                 "satisfied", "unsatisfied"):
        test = PETITION_FIGURES[name]
        setattr(figures, name, sum(1 for p in petitions if test(p)))
    days = [p.days_to_answer for p in petitions if p.assigned and p.resolved and p.days_to_answer is not None]
    figures.median_days = median(days)
    figures.p90_days = percentile(days, 0.9)
    return figures


# --- reading the rows -------------------------------------------------------------------------------


def scope_ids(organization: Organization, *, with_units: bool) -> set[int]:
    """The organisation, and with `with_units` every one beneath it."""
    ids = {organization.pk}
    if with_units:
        ids |= beneath(ids)
    return ids


def _day_bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=VIETNAM)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=VIETNAM)
    return start, end


def conferences_in(organization_ids: set[int], period: Period):
    """The conferences held in the period: their day falls in it and they took place."""
    start, end = _day_bounds(period)
    return Conference.objects.filter(
        organization__in=organization_ids, status__in=HELD, starts_at__gte=start, starts_at__lt=end
    )


def petitions_in(organization_ids: set[int], period: Period):
    return Petition.objects.filter(
        organization__in=organization_ids, received_on__gte=period.start, received_on__lte=period.end
    )


def classify_conferences(organization_ids: set[int], period: Period) -> list[ConferenceFacts]:
    rows = conferences_in(organization_ids, period).values_list("pk", "organization_id", "organization__level", "session_id")
    facts = {pk: ConferenceFacts(pk, org, level, session is not None) for pk, org, level, session in rows}
    if facts:
        named = (
            Attendance.objects.filter(conference__in=list(facts)).values("conference_id").annotate(n=Count("pk"))
        )
        for row in named:
            facts[row["conference_id"]].named = row["n"]
        counted = (
            DoorCount.objects.filter(conference__in=list(facts)).values("conference_id").annotate(n=Sum("count"))
        )
        for row in counted:
            facts[row["conference_id"]].counted = max(0, row["n"] or 0)
    return list(facts.values())


def classify_petitions(organization_ids: set[int], period: Period) -> list[PetitionFacts]:
    rows = petitions_in(organization_ids, period).order_by("received_on", "pk").values_list(
        "pk", "organization_id", "source", "field_id", "field__name", "status", "feedback", "group__lead_id",
    )
    facts: dict[int, PetitionFacts] = {}
    lead_of: dict[int, int] = {}
    for pk, org, source, field_id, field_name, status, feedback, lead in rows:
        facts[pk] = PetitionFacts(pk, org, source, field_id, field_name or "", status, feedback or "")
        lead_of[pk] = lead or pk
    if not facts:
        return []
    ids = list(facts)
    events = PetitionEvent.objects.filter(
        petition__in=petitions_in(organization_ids, period),
        kind__in=(EventKind.ANSWERED_AT_CONFERENCE, EventKind.REFERRED, EventKind.RESOLVED),
    ).values_list("petition_id", "kind", "at").order_by("at", "pk")
    for petition_id, kind, at in events:
        p = facts.get(petition_id)
        if p is None:
            continue
        if kind == EventKind.ANSWERED_AT_CONFERENCE:
            p.answered = True
        elif kind == EventKind.REFERRED:
            p.referred = True
        else:
            p.resolved_on = clock.date_of(at)  # the last resolution wins
    # Assignments are recorded on a group's lead; every member takes them.
    leads = set(lead_of.values())
    by_lead: dict[int, list] = defaultdict(list)
    for row in Assignment.objects.filter(petition_id__in=_lead_source(leads, ids, organization_ids, period)).values_list(
        "petition_id", "assigned_at", "due_on", "extended_to", "status", "agency_id", "agency__name",
    ).order_by("assigned_at", "pk"):
        by_lead[row[0]].append(row)
    for pk, p in facts.items():
        assignments = by_lead.get(lead_of[pk])
        if not assignments:
            continue
        first, last = assignments[0], assignments[-1]
        p.assigned = True
        p.assigned_on = clock.date_of(first[1])
        p.due_on = last[3] or last[2]
        p.extended = any(a[3] is not None for a in assignments)
        p.agency_id, p.agency_name = last[5], last[6]
        p.open_assignment = last[4] != AssignmentStatus.CLOSED
        if p.resolved and p.resolved_on is not None:
            p.days_to_answer = working_days_between(p.assigned_on, p.resolved_on)
    return list(facts.values())


def _lead_source(leads: set[int], ids: list[int], organization_ids, period):
    """The leads whose assignments are read: the period's petitions by a subquery when
    every lead is one of them (no long IN list), else the ids themselves."""
    if leads <= set(ids):
        return petitions_in(organization_ids, period).values("pk")
    return list(leads)


# --- the report's numbers ------------------------------------------------------------------------


@dataclass
class Unit:
    """One organisation of a roll-up and its figures."""

    organization: Organization
    figures: Figures


@dataclass
class Outstanding:
    """A petition of the period still with an agency, past its deadline or not."""

    petition: PetitionFacts
    days_late: int  # working days past the deadline in force; negative: days left


@dataclass
class Results:
    organization: Organization
    with_units: bool
    period: Period
    previous_period: Period
    figures: Figures
    previous: Figures
    units: list[Unit]
    petitions: list[PetitionFacts]
    conferences: list[ConferenceFacts]
    today: dt.date
    _outstanding: list[Outstanding] | None = field(default=None, init=False, repr=False, compare=False)

    def outstanding(self) -> list[Outstanding]:
        """Still with an agency, by agency then most days late first. Counted once: the
        page reads it for the list and again for the agencies' totals."""
        if self._outstanding is None:
            rows = [
                Outstanding(p, working_days_between(p.due_on, self.today) if p.due_on else 0)
                for p in self.petitions if p.still_open and p.open_assignment
            ]
            self._outstanding = sorted(rows, key=lambda r: (r.petition.agency_name, -r.days_late, r.petition.id))
        return list(self._outstanding)

    def outstanding_by_agency(self) -> list[tuple[str, int, int]]:
        """(agency, open, of which late) per agency."""
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for row in self.outstanding():
            counts[row.petition.agency_name][0] += 1
            counts[row.petition.agency_name][1] += row.days_late > 0
        return [(name, n, late) for name, (n, late) in sorted(counts.items())]


def units_of(organization: Organization) -> list[Organization]:
    """The bodies beneath that hold conferences, by name."""
    ids = beneath({organization.pk})
    return list(Organization.objects.filter(pk__in=ids, kind__in=UNIT_KINDS).order_by("name"))


def results(organization: Organization, period: Period, *, with_units: bool = True,
            today: dt.date | None = None) -> Results:
    ids = scope_ids(organization, with_units=with_units)
    petitions = classify_petitions(ids, period)
    conferences = classify_conferences(ids, period)
    previous_period = period.previous()
    previous = tally(classify_petitions(ids, previous_period), classify_conferences(ids, previous_period))
    units = []
    if with_units:
        members = [organization, *units_of(organization)]
        if len(members) > 1:
            by_org_p: dict[int, list] = defaultdict(list)
            by_org_c: dict[int, list] = defaultdict(list)
            for p in petitions:
                by_org_p[p.organization_id].append(p)
            for c in conferences:
                by_org_c[c.organization_id].append(c)
            for unit in members:
                units.append(Unit(unit, tally(by_org_p.get(unit.pk, []), by_org_c.get(unit.pk, []))))
    return Results(
        organization=organization, with_units=with_units, period=period, previous_period=previous_period,
        figures=tally(petitions, conferences), previous=previous, units=units, petitions=petitions,
        conferences=conferences, today=today or clock.today(),
    )
