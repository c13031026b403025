"""The queries of the public front door and of the published-answers archive.

Both pages are for anyone, logged in or not, and read only what is public:
conferences that were announced, petitions whose code may be looked up
(`is_public`) and that are resolved, their public events (the answers as
published), and the chair's conclusions once their notice is issued. The
petitioner's phone, address and e-mail are never read; the name only to print
it shortened and to hide it where someone typed it into a text (front_text).

Cheap by construction (bench/public.py measures them):
- the front door: two queries (the organisations, the upcoming conferences), at
  most once a minute (the same for every visitor, so kept in the cache);
- an archive page: the page of petitions by the index `petition_archive_idx`
  (an organisation's resolved petitions, newest first: no sort of the table), then
  the page's answers and conclusions by the page's ids, then the releases of
  answers; the organisation and the filters' choices are cached for a few minutes,
  and so is the number of results when it is large (a count of a large
  organisation's archive costs more than the page; a small one is counted each time).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.models import Conference, ConferenceStatus
from dialogue.codes import normalize_code
from dialogue.models import Organization
from dialogue.text import fold, short_name
from dialogue.wording import number_as_printed
from petitions.models import (
    AnswerRelease,
    Conclusion,
    ConclusionNotice,
    EventKind,
    Petition,
    PetitionEvent,
    PetitionStatus,
    Response,
)
from petitions.selectors import agencies_for, fields_for

from .front_text import public_text

UPCOMING_PER_ORGANIZATION = 3
FRONT_DOOR_KEY = "front:door"
FRONT_DOOR_SECONDS = 60
# The front door reads at most this many upcoming conferences of all organisations.
UPCOMING_LIMIT = 200
PAGE_SIZE = 20
CHOICES_SECONDS = 300
COUNT_SECONDS = 120
EXACT_UP_TO = 1000
RECENT_RELEASES = 3
ANSWER_KINDS = (EventKind.ANSWERED, EventKind.ANSWERED_AT_CONFERENCE)


# -- the front door ---------------------------------------------------------------------------


@dataclass
class FrontOrganization:
    name: str
    code: str
    has_answers: bool
    upcoming: list[Conference] = field(default_factory=list)


def answered_petitions():
    """Every petition the archive may show: resolved, and its code may be looked up."""
    return Petition.objects.filter(status=PetitionStatus.RESOLVED, is_public=True)


def front_door(now: dt.datetime | None = None) -> list[FrontOrganization]:
    """The organisations with something public (an announced conference or a published
    answer), by name, each with its next announced conferences not yet started.

    The same for every visitor: read with two queries at most once a minute, kept in the
    cache with a spare conference each, and the ones started since dropped when shown."""
    now = now or timezone.now()
    kept = cache.get(FRONT_DOOR_KEY)
    if kept is None:
        kept = _front_door(now)
        cache.set(FRONT_DOOR_KEY, kept, FRONT_DOOR_SECONDS)
    return [
        FrontOrganization(
            name=o.name, code=o.code, has_answers=o.has_answers,
            upcoming=[c for c in o.upcoming if c.starts_at > now][:UPCOMING_PER_ORGANIZATION],
        )
        for o in kept
    ]


def _front_door(now: dt.datetime) -> list[FrontOrganization]:
    announced = Conference.objects.public().filter(organization=OuterRef("pk"))
    # The organisation's newest answered petition, in the archive index's order: a scalar
    # subquery keeps the ORDER BY and LIMIT (an EXISTS would drop them), so each organisation
    # costs one step down that index, also where it has none, whatever the planner estimates.
    newest_answer = answered_petitions().filter(organization=OuterRef("pk")).order_by("-received_on", "-id")
    organizations = {
        o.pk: FrontOrganization(name=o.name, code=o.code, has_answers=o.newest_answer is not None)
        for o in Organization.objects.filter(is_active=True)
        .annotate(newest_answer=Subquery(newest_answer.values("pk")[:1]))
        .filter(Q(Exists(announced)) | Q(newest_answer__isnull=False))
        .only("name", "code")
        .order_by("name", "pk")
    }
    upcoming = (
        Conference.objects.public()
        .filter(status=ConferenceStatus.ANNOUNCED, starts_at__gte=now, organization_id__in=organizations)
        .only("title", "starts_at", "ends_at", "venue", "status", "public_code", "organization_id")
        .order_by("starts_at", "id")[:UPCOMING_LIMIT]
    )
    for conference in upcoming:
        shown = organizations[conference.organization_id].upcoming
        if len(shown) <= UPCOMING_PER_ORGANIZATION:  # one spare, for one that starts while kept
            shown.append(conference)
    return list(organizations.values())


# -- the archive: the organisation and its filters (cached) -------------------------------------


@dataclass(frozen=True)
class Choices:
    """An organisation and what its archive can be filtered by; plain values, kept in the cache."""

    organization_id: int
    name: str
    code: str
    is_party: bool
    conferences: tuple[tuple[int, str, str, dt.datetime | None], ...]  # id, public code, title, start
    fields: tuple[tuple[int, str], ...]
    agencies: tuple[tuple[int, str, str], ...]  # id, code, name

    def conference(self, public_code: str):
        return next((c for c in self.conferences if c[1] == public_code), None)

    def agency_id(self, code: str) -> int | None:
        return next((pk for pk, c, _name in self.agencies if c == code), None)


def archive_choices(code: str, *, fresh: bool = False) -> Choices | None:
    """The active organisation with this code and its archive's filters, or None;
    `fresh` reads them again rather than from the cache (a conference announced
    since they were kept)."""
    key = f"front:archive:choices:{code}"
    found = None if fresh else cache.get(key)
    if found is not None:
        return found
    organization = (
        Organization.objects.filter(code=code, is_active=True).only("name", "code", "kind", "document_format").first()
    )
    if organization is None:
        return None
    conferences = (
        Conference.objects.public()
        .filter(organization=organization)
        .exclude(status=ConferenceStatus.CANCELLED)
        .only("public_code", "title", "starts_at")
        .order_by("-starts_at", "-id")
    )
    found = Choices(
        organization_id=organization.pk,
        name=organization.name,
        code=organization.code,
        is_party=organization.is_party,
        conferences=tuple((c.pk, c.public_code, c.title, c.starts_at) for c in conferences),
        fields=tuple(fields_for([organization.pk]).order_by("order", "name").values_list("pk", "name")),
        agencies=tuple(agencies_for([organization.pk]).values_list("pk", "code", "name")),
    )
    cache.set(key, found, CHOICES_SECONDS)
    return found


# -- the archive: one page ---------------------------------------------------------------------


@dataclass
class Filters:
    conference_id: int | None = None
    field_id: int | None = None
    agency_id: int | None = None
    q: str = ""

    def key(self) -> str:
        raw = f"{self.conference_id}|{self.field_id}|{self.agency_id}|{self.q}"
        return hashlib.sha256(raw.encode()).hexdigest()[:24]


def archive_queryset(organization_id: int, filters: Filters):
    """The organisation's answered petitions matching the filters, newest first (the archive index's order)."""
    qs = answered_petitions().filter(organization_id=organization_id)
    if filters.conference_id:
        qs = qs.filter(conference_id=filters.conference_id)
    if filters.field_id:
        qs = qs.filter(field_id=filters.field_id)
    if filters.agency_id:
        # Answered in writing by the agency: a published answer of an assignment to it (the
        # agencies' index), on the petition or on the lead of its group (one answer serves all).
        answered_by = Response.objects.filter(
            published_at__isnull=False, assignment__agency_id=filters.agency_id
        ).values("assignment__petition_id")
        qs = qs.filter(Q(pk__in=answered_by) | Q(group__lead_id__in=answered_by))
    if filters.q:
        code = normalize_code(filters.q)
        folded = fold(filters.q)
        # What the petition says, however it was typed; never who sent it (a full name
        # typed here must not confirm who petitioned).
        found = Q(content_key__contains=folded) if folded else Q(pk__in=[])
        if code:
            found |= Q(tracking_code=code)
        qs = qs.filter(found)
    return qs.order_by("-received_on", "-id")


def archive_count(organization_id: int, filters: Filters) -> int:
    """How many petitions match. Up to EXACT_UP_TO they are counted each time (a bounded
    count, cheap, and a newly published answer is counted at once); beyond, the count
    of the whole archive is kept for COUNT_SECONDS: on a large archive the number of
    pages may lag a little, the first page never does."""
    key = f"front:archive:count:{organization_id}:{filters.key()}"
    count = cache.get(key)
    if count is not None:
        return count
    qs = archive_queryset(organization_id, filters).order_by()
    count = qs[: EXACT_UP_TO + 1].count()
    if count > EXACT_UP_TO:
        count = qs.count()
        cache.set(key, count, COUNT_SECONDS)
    return count


@dataclass
class ArchiveAnswer:
    title: str  # "Answer of <agency>" or "Answer given at the conference"
    date: str
    text: str
    event_id: int
    has_file: bool


@dataclass
class ArchiveConclusion:
    outcome: str
    agency: str
    text: str
    notice: str  # "Conclusion notice 01/TB-UBND of 05/12/2026"
    verify_code: str


@dataclass
class ArchiveEntry:
    """One petition as the archive prints it: every text ready, so the page's template only places them."""

    tracking_code: str
    status_url: str
    heading: str  # "Citizen Nguyễn V. A."
    meta: str  # "Giao thông · received on 30/11/2026"
    conference_title: str
    conference_code: str
    content: str
    answers: list[ArchiveAnswer] = field(default_factory=list)
    conclusion: ArchiveConclusion | None = None


PAGE_COLUMNS = (
    "id", "tracking_code", "petitioner_name", "received_on", "content", "group_id", "field__name",
    "conference__title", "conference__public_code", "group__lead_id",
)


def _day(value) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return f"{value:%d/%m/%Y}" if value else ""


def archive_entries(petitions: list[Petition], *, is_party: bool) -> list[ArchiveEntry]:
    """The page's petitions as the archive prints them, with their published answers and, when
    its notice is issued, the chair's conclusion: two queries by the page's ids."""
    if not petitions:
        return []
    # The page's wording, translated once for all its petitions.
    citizen, received = _("Citizen %(name)s"), _("received on %(d)s")
    answer_of, at_conference = _("Answer of %(agency)s"), _("Answer given at the conference")
    ids = [p.pk for p in petitions]
    answers: dict[int, list[ArchiveAnswer]] = {pk: [] for pk in ids}
    names = {p.pk: p.petitioner_name for p in petitions}
    events = (
        PetitionEvent.objects.filter(petition_id__in=ids, public=True, kind__in=ANSWER_KINDS)
        .only("petition_id", "kind", "at", "agency_name", "text", "response_id")
        .order_by("at", "id")
    )
    for e in events:
        answers[e.petition_id].append(
            ArchiveAnswer(
                title=at_conference if e.kind == EventKind.ANSWERED_AT_CONFERENCE else answer_of % {"agency": e.agency_name},
                date=_day(e.at), text=public_text(e.text, names[e.petition_id]), event_id=e.pk,
                has_file=e.response_id is not None,
            )
        )
    # A group's conclusion is recorded on its lead.
    lead_of = {p.pk: (p.group.lead_id if p.group_id else p.pk) for p in petitions}
    conclusions: dict[int, Conclusion] = {}
    for c in (
        Conclusion.objects.filter(
            petition_id__in=set(lead_of.values()), approved_at__isnull=False, notice__status=ConclusionNotice.Status.ISSUED
        )
        .select_related("agency", "notice", "notice__outgoing_document")
        .only(
            "petition_id", "outcome", "direction", "referred_to", "agency__name", "notice__number", "notice__issued_on",
            "notice__symbol", "notice__status", "notice__outgoing_document__code", "notice__outgoing_document__symbol",
        )
        .order_by("approved_at", "id")
    ):
        conclusions[c.petition_id] = c  # the latest in force
    # One reverse for the page: a code is letters, digits and dashes, the same in every address.
    status_url = reverse("petitions_public:status", args=["CODE"])
    entries = []
    for p in petitions:
        received_on = received % {"d": _day(p.received_on)}
        entry = ArchiveEntry(
            tracking_code=p.tracking_code,
            status_url=status_url.replace("CODE", p.tracking_code),
            heading=citizen % {"name": short_name(p.petitioner_name)},
            meta=f"{p.field.name} · {received_on}" if p.field_id else received_on,
            conference_title=p.conference.title if p.conference_id else "",
            conference_code=p.conference.public_code if p.conference_id else "",
            content=public_text(p.content, p.petitioner_name),
            answers=answers[p.pk],
        )
        c = conclusions.get(lead_of[p.pk])
        if c is not None:
            entry.conclusion = _conclusion(c, p.petitioner_name, is_party)
        entries.append(entry)
    return entries


def _conclusion(c: Conclusion, petitioner_name: str, is_party: bool) -> ArchiveConclusion:
    notice = c.notice
    document = getattr(notice, "outgoing_document", None)
    if document is not None:
        symbol = document.symbol
    else:
        # symbol_display() reads the organisation's abbreviation only when the notice has no symbol of its own.
        symbol = notice.symbol_display(is_party) if notice.symbol else ""
    line = _("Conclusion notice")
    if symbol:
        line = f"{line} {number_as_printed(symbol)}"
    if notice.issued_on:
        line = f"{line} {_('of %(d)s') % {'d': _day(notice.issued_on)}}"
    return ArchiveConclusion(
        outcome=c.get_outcome_display(),
        agency=c.agency.name if c.agency_id else c.referred_to,
        text=public_text(c.direction, petitioner_name),
        notice=line,
        verify_code=document.code if document is not None else "",
    )


def recent_releases(organization_id: int, conference_id: int | None = None, limit: int = RECENT_RELEASES):
    """Answers released together (petitions.publication), newest first: the conference's, or the organisation's."""
    qs = AnswerRelease.objects.select_related("conference").only(
        "released_at", "answers", "summary", "petitions", "answered_at_conference", "answered_in_writing", "referred",
        "in_progress", "conference__title", "conference__public_code",
    )
    if conference_id:
        return list(qs.filter(conference_id=conference_id).order_by("-released_at", "-id"))
    return list(qs.filter(conference__organization_id=organization_id).order_by("-released_at", "-id")[:limit])
