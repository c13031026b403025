"""The leader's dashboard: what is due this week, what is overdue, what was met
on time and what was closed late, by organisation and by responsible agency;
and the list behind each number.

Every count is one aggregate query (conditional `Count`s grouped in the
database), so the page costs the same number of queries for ten deadlines or a
million.

Definitions, printed on the page as well:
- due this week: open, due from today to Sunday;
- overdue: open and past its date, whenever it fell due;
- met on time / closed late: closed deadlines whose date falls in the period;
- on-time rate: met on time / (met on time + closed late).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from deadlines.templatetags.deadline_badges import due_badge
from dialogue.access import OFFICE_READERS, organization_ids, rollup_ids
from dialogue.models import Organization, Role
from dialogue.workdays import working_days_between

from .models import Deadline
from .selectors import visible

# Office roles see the deadlines their organisation owns; supervisors read them too.
OFFICE_ROLES = OFFICE_READERS

WEEK, OVERDUE, MET, LATE = "week", "overdue", "met", "late"
# Counts over more deadlines than this are kept KEEP_COUNTS_SECONDS (the page may lag by that much);
# smaller ones, which are cheap, are counted on every visit.
KEEP_COUNTS_ABOVE = 10_000
KEEP_COUNTS_SECONDS = 60
BUCKETS = (WEEK, OVERDUE, MET, LATE)

State = Deadline.State


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None
    month: int | None = None

    @property
    def start(self) -> dt.date:
        if self.month:
            return dt.date(self.year, self.month, 1)
        if self.quarter:
            return dt.date(self.year, 3 * self.quarter - 2, 1)
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        last_month = self.month or (3 * self.quarter if self.quarter else 12)
        return dt.date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    @property
    def label(self) -> str:
        if self.month:
            return _("month %(month)s/%(year)s") % {"month": self.month, "year": self.year}
        if self.quarter:
            return _("quarter %(quarter)s of %(year)s") % {"quarter": self.quarter, "year": self.year}
        return _("the year %(year)s") % {"year": self.year}

    def query(self) -> dict[str, int]:
        params = {"year": self.year}
        if self.month:
            params["month"] = self.month
        elif self.quarter:
            params["quarter"] = self.quarter
        return params


def week_end(today: dt.date) -> dt.date:
    """The Sunday of today's week."""
    return today + dt.timedelta(days=6 - today.weekday())


# --- who sees what ------------------------------------------------------------------------------


def office_ids(user) -> set[int]:
    return organization_ids(user, OFFICE_ROLES)


def agency_ids(user) -> set[int]:
    return organization_ids(user, [Role.AGENCY])


def can_see_dashboard(user) -> bool:
    return bool(office_ids(user) or agency_ids(user))


def beneath_ids(user) -> set[int]:
    """The organisations beneath the user's own that the dashboard rolls up (dialogue.access), read only."""
    return rollup_ids(user) - office_ids(user)


def organizations_for(user) -> QuerySet[Organization]:
    """The organisations the user may narrow the dashboard to: their own, and the
    units beneath them that own deadlines (a district's communes)."""
    beneath = Organization.objects.filter(
        pk__in=beneath_ids(user),
        kind__in=(Organization.Kind.PEOPLES_COMMITTEE, Organization.Kind.PEOPLES_COUNCIL, Organization.Kind.PARTY_COMMITTEE),
    ).values("pk")
    return Organization.objects.filter(Q(pk__in=office_ids(user) | agency_ids(user)) | Q(pk__in=beneath)).order_by("name")


def deadlines_for(user, *, organization: int | None = None, rollup: bool = True) -> QuerySet[Deadline]:
    """The deadlines the user sees (deadlines.selectors.visible: their offices'
    own, and those their agencies must meet), never a cancelled one.
    `organization` must be one of the user's (the view checks): for an office it
    narrows to what the office owns, for an agency to what it must do."""
    qs = visible(user)
    # `rollup` False: the user's own work only (the home page's queue), never the units'.
    beneath = beneath_ids(user) if rollup else set()
    if beneath:
        # The roll-up: what the organisations beneath own, for their leaders above.
        qs = qs | Deadline.objects.filter(organization__in=beneath)
    if organization is not None:
        if organization in office_ids(user) or organization in beneath:
            qs = qs.filter(organization=organization)
        else:
            qs = qs.filter(responsible=organization)
    return qs.exclude(state=State.CANCELLED)


# --- the counts -----------------------------------------------------------------------------------


def _bucket_q(bucket: str, *, today: dt.date, period: Period) -> Q:
    in_period = Q(due_on__gte=period.start, due_on__lte=period.end)
    return {
        WEEK: Q(state=State.OPEN, due_on__gte=today, due_on__lte=week_end(today)),
        OVERDUE: Q(state=State.OPEN, due_on__lt=today),
        MET: Q(state=State.MET) & in_period,
        LATE: Q(state=State.LATE) & in_period,
    }[bucket]


@dataclass
class Row:
    """One line of the dashboard: an organisation or an agency and its counts."""

    pk: int | None
    name: str
    week: int = 0
    overdue: int = 0
    met: int = 0
    late: int = 0
    links: dict[str, str] = field(default_factory=dict)

    @property
    def closed(self) -> int:
        return self.met + self.late

    @property
    def rate(self) -> int | None:
        """Met on time as a whole percentage of the closed ones; None when nothing closed."""
        if not self.closed:
            return None
        return round(100 * self.met / self.closed)

    @property
    def shown(self) -> int:
        return self.week + self.overdue + self.met + self.late


@dataclass
class Summary:
    total: Row
    by_organization: list[Row]
    by_responsible: list[Row]


def summary(qs: QuerySet[Deadline], *, today: dt.date, period: Period) -> Summary:
    """The counts by owning organisation and by responsible agency: one query, grouped
    by both, the two views added up from its rows (a pair of owner and agency per row)."""
    relevant = Q()
    counts = {}
    for bucket in BUCKETS:
        condition = _bucket_q(bucket, today=today, period=period)
        counts[bucket] = Count("pk", filter=condition)
        relevant |= condition
    # Only rows that can count are read; the indexes on (owner or responsible, state, due_on) serve it.
    grouped_qs = (
        qs.filter(relevant).order_by()
        .values("organization_id", "organization__name", "responsible_id", "responsible__name")
        .annotate(**counts)
    )
    key = "deadlines:summary:" + hashlib.sha256(str(grouped_qs.query).encode()).hexdigest()[:32]
    pairs = cache.get(key)
    if pairs is None:
        pairs = list(grouped_qs)
        if sum(pair[b] for pair in pairs for b in BUCKETS) > KEEP_COUNTS_ABOVE:
            # Hundreds of thousands of deadlines (a district's or ten years' work) take the
            # database most of a second to count: kept a minute, as the archive's count is.
            cache.set(key, pairs, KEEP_COUNTS_SECONDS)

    def grouped(key: str) -> list[Row]:
        rows: dict[int, Row] = {}
        for pair in pairs:
            row = rows.setdefault(pair[f"{key}_id"], Row(pair[f"{key}_id"], pair[f"{key}__name"]))
            for bucket in BUCKETS:
                setattr(row, bucket, getattr(row, bucket) + pair[bucket])
        return sorted(rows.values(), key=lambda r: (r.name, r.pk))

    by_organization = grouped("organization")
    total = Row(None, _("All"), **{b: sum(getattr(r, b) for r in by_organization) for b in BUCKETS})
    return Summary(total=total, by_organization=by_organization, by_responsible=grouped("responsible"))


def link(
    bucket: str, *, period: Period, organization: int | None = None, owner: int | None = None,
    responsible: int | None = None,
) -> str:
    """The list behind a number. `organization` is the user's chosen scope;
    `owner` and `responsible` narrow within what the user sees anyway."""
    params = {"bucket": bucket, **period.query()}
    for name, value in (("organization", organization), ("owner", owner), ("responsible", responsible)):
        if value is not None:
            params[name] = value
    return f"{reverse('deadlines:dashboard_list')}?{urlencode(params)}"


def add_links(result: Summary, *, period: Period, organization: int | None) -> None:
    for bucket in BUCKETS:
        result.total.links[bucket] = link(bucket, period=period, organization=organization)
        for row in result.by_organization:
            row.links[bucket] = link(bucket, period=period, organization=organization, owner=row.pk)
        for row in result.by_responsible:
            row.links[bucket] = link(bucket, period=period, organization=organization, responsible=row.pk)


# --- the chart ------------------------------------------------------------------------------------

# Colour, and the order the segments are drawn in; the legend and the table carry
# the same numbers as text, so colour is never the only cue.
SEGMENTS = (
    (MET, "#198754"),
    (LATE, "#6f42c1"),
    (OVERDUE, "#dc3545"),
    (WEEK, "#ffc107"),
)
# The longest bar spans the figure; each row's name and numbers are printed above its bar,
# so nothing is cut off at phone width.
BAR_SHARE = 100.0
ROW_HEIGHT = 42
NAME_CHARS = 34


@dataclass
class ChartBar:
    row: Row
    y: int
    segments: list[tuple[str, str, float, float, int]]  # bucket, colour, x %, width %, count

    @property
    def short_name(self) -> str:
        name = self.row.name
        return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip() + "…"


@dataclass
class Chart:
    bars: list[ChartBar]
    height: int


def chart(rows: list[Row]) -> Chart:
    """Horizontal stacked bars, widths in percent of the figure, scaled to the longest row."""
    longest = max((r.shown for r in rows), default=0)
    bars = []
    for i, row in enumerate(rows):
        x, segments = 0.0, []
        for bucket, colour in SEGMENTS:
            count = getattr(row, bucket)
            if count:
                width = BAR_SHARE * count / longest
                segments.append((bucket, colour, round(x, 2), round(width, 2), count))
                x += width
        bars.append(ChartBar(row=row, y=i * ROW_HEIGHT, segments=segments))
    return Chart(bars=bars, height=len(bars) * ROW_HEIGHT)


# --- the list behind a number ---------------------------------------------------------------------


def bucket_list(
    qs: QuerySet[Deadline], *, bucket: str, today: dt.date, period: Period,
    owner: int | None = None, responsible: int | None = None,
) -> QuerySet[Deadline]:
    qs = qs.filter(_bucket_q(bucket, today=today, period=period))
    if owner is not None:
        qs = qs.filter(organization=owner)
    if responsible is not None:
        qs = qs.filter(responsible=responsible)
    order = ("-due_on", "-id") if bucket in (MET, LATE) else ("due_on", "id")
    return qs.select_related(
        "organization", "responsible", "conference", "notice__conference", "assignment__petition"
    ).order_by(*order)


def describe(deadlines, *, user, today: dt.date) -> None:
    """What each row of the list prints: its subject and link, and the working
    days left or late (the calendar is in memory: no query per row)."""
    offices, agencies = office_ids(user), agency_ids(user)
    for d in deadlines:
        office = d.organization_id in offices
        # Through the roll-up (a district reading a commune's deadline) nothing opens: the page is the commune's.
        agency = not office and d.responsible_id in agencies
        d.subject_text, d.subject_url = _subject(d, office=office, agency=agency)
        d.badge = due_badge(d.due_on, today=today) if d.state == State.OPEN else None
        d.late_by = working_days_between(d.due_on, d.closed_on) if d.state == State.LATE and d.closed_on else None


def _subject(d: Deadline, *, office: bool, agency: bool = True) -> tuple[str, str | None]:
    if d.assignment_id:
        petition = d.assignment.petition
        text = f"{petition.tracking_code} · {petition.content[:90]}"
        if office:
            return text, reverse("petitions:detail", args=[petition.pk])
        return text, reverse("petitions:assignment", args=[d.assignment_id]) if agency else None
    if d.notice_id:
        text = _("Conclusion notice · %(conference)s") % {"conference": d.notice.conference.title}
        return text, reverse("petitions:notice_detail", args=[d.notice_id]) if office else None
    if d.conference_id:
        return d.conference.title, reverse("conferences:detail", args=[d.conference_id]) if office else None
    return d.get_kind_display(), None
