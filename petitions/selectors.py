"""The queries pages need, always scoped through dialogue.access."""

from __future__ import annotations

from django.db import connections, transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from conferences.models import Conference
from dialogue.access import organization_ids, scope
from dialogue.codes import code_prefix, normalize_code
from dialogue.models import Organization, Role
from dialogue.text import fold

from . import text
from .models import (
    CONCLUDABLE,
    OPEN_ASSIGNMENT,
    Assignment,
    AssignmentStatus,
    Conclusion,
    ConclusionNotice,
    Field,
    Petition,
    PetitionStatus,
    Response,
    ReviewStatus,
    inbox_order,
)
from .services import READER_ROLES, RECORDER_ROLES

# Without PostgreSQL's trigram index, how many recent petitions of an organisation the
# duplicate finder compares content with; the petitioner match (phone, name) uses
# indexes and has no limit, and on PostgreSQL neither has the content match.
DUPLICATE_WINDOW = 500
SIMILARITY_THRESHOLD = 0.5
# How long the trigram search for similar content may take on one petition's page (PostgreSQL).
DUPLICATE_SEARCH_MS = 200


def stage_condition(stage: str) -> Q:
    """Where a petition stands in the work, beyond its status: what the home page's
    queue counts (home.queue) and the list's "stage" filter shows, one definition for both.

    - conclusion: registered and waiting for the chair's conclusion, with no draft
      of one yet (a grouped petition counts once, by its lead);
    - approval: a conclusion drafted by the office waits for the leader;
    - extended: an agency extended the deadline of an assignment still open.
    """
    pending = _conclusion_pending()
    if stage == "conclusion":
        lead = Q(group__isnull=True) | Q(group__lead=F("pk"))
        return Q(status=PetitionStatus.REGISTERED) & lead & ~Q(pending)
    if stage == "approval":
        return Q(status__in=CONCLUDABLE) & Q(pending)
    if stage == "extended":
        return Q(Exists(Assignment.objects.filter(
            petition=OuterRef("pk"), status__in=OPEN_ASSIGNMENT, extended_to__isnull=False
        )))
    raise ValueError(f"unknown stage {stage!r}")


STAGES = ("conclusion", "approval", "extended")


def _conclusion_pending() -> Exists:
    return Exists(Conclusion.objects.filter(petition=OuterRef("pk"), approved_at__isnull=True))


def with_awaiting_approval(qs):
    """Each petition's `awaiting_approval`: exactly the "approval" stage (its conclusion,
    drafted by the office, waits for the leader), which the status badge shows as
    "Chờ duyệt kết luận". Derived, not stored: the status stays registered until the
    conclusion takes effect. One subquery in the same SELECT."""
    return qs.annotate(awaiting_approval=ExpressionWrapper(stage_condition("approval"), output_field=BooleanField()))


def petitions_for_user(user, *, status=None, stage=None, conference=None, field=None, agency=None, q=None):
    """The petitions of the user's organisations (agencies see none here), with
    what the list prints; a constant number of queries however many rows."""
    qs = with_awaiting_approval(
        scope(Petition.objects.all(), user, READER_ROLES).select_related("conference", "field", "organization")
    )
    if status:
        qs = qs.filter(status=status)
    if stage:
        qs = qs.filter(stage_condition(stage))
    if conference:
        qs = qs.filter(conference=conference)
    if field:
        qs = qs.filter(field=field)
    if agency:
        qs = qs.filter(assignments__agency=agency).distinct()
    if q:
        # Addresses only for those who may see them: not the Front's supervisor.
        qs = qs.filter(text_search(q, addresses=bool(organization_ids(user, RECORDER_ROLES))))
    open_assignments = Assignment.objects.filter(status__in=OPEN_ASSIGNMENT).select_related("agency")
    return qs.prefetch_related(Prefetch("assignments", queryset=open_assignments, to_attr="open_assignments"))


def text_search(q: str, *, addresses: bool, prefix: str = "") -> Q:
    """Petitions matching what was typed in a search box; `prefix` reaches them from
    another model ("petition__" from an assignment).

    A code typed as on the paper receipt ("DT 7K3M9 QX2HB", "dt7k3m9qx2hb") is read
    as the public look-up reads it and finds its petition by the code's own unique
    index, nothing else (unless it could be words too: then both); the start of one
    ("DT 7K3M") by that index's prefix range.
    Anything else searches the folded content and petitioner's name (and, with
    `addresses`, the hamlet, since that is how offices remember them), however the
    words were typed: on PostgreSQL a LIKE the trigram indexes serve (migration
    0011), elsewhere a plain LIKE."""
    code = normalize_code(q)
    folded = fold(q)
    if code and _surely_code(q):
        return Q(**{f"{prefix}tracking_code": code})
    found = Q(**{f"{prefix}tracking_code": code}) if code else Q(pk__in=[])
    if folded:
        found |= Q(**{f"{prefix}content_key__contains": folded}) | Q(**{f"{prefix}name_key__contains": folded})
    if folded and addresses:
        found |= Q(**{f"{prefix}address_key__contains": folded})
    start = code_prefix(q)
    if start:
        found |= Q(**{f"{prefix}tracking_code__startswith": start})
    return found


def _surely_code(q: str) -> bool:
    """Whether what reads as a code cannot be words: it has a digit or its DT prefix
    ("xom hoa binh" reads as a code too, O and I taken for 0 and 1)."""
    typed = q.strip().upper()
    return any(ch.isdigit() for ch in typed) or typed.startswith(("DT", "ĐT"))


def fields_for(organization_ids_: set[int] | list[int]):
    return Field.objects.filter(Q(organization__isnull=True) | Q(organization__in=organization_ids_), is_active=True)


def agencies_for(organization_ids_) -> QuerySet[Organization]:
    """The bodies petitions may be assigned to: the organisation itself and the bodies under it."""
    return Organization.objects.filter(
        Q(pk__in=organization_ids_) | Q(parent__in=organization_ids_), is_active=True
    ).order_by("name")


def conferences_for(user, roles=RECORDER_ROLES):

    return scope(Conference.objects.all(), user, roles).order_by("-starts_at", "-id")


def likely_duplicates(petition: Petition, limit: int = 10) -> list[tuple[Petition, str]]:
    """Other petitions of the organisation from the same petitioner (phone, or
    name and address) or with similar content, accent-insensitive; with the reason.

    The petitioner match reads the keys' indexes. Similar content: on PostgreSQL
    trigram similarity of the folded content over the whole organisation (the `%`
    operator, served by the trigram index, most similar first); elsewhere the Jaccard
    similarity of words over the organisation's last DUPLICATE_WINDOW petitions."""
    base = Petition.objects.filter(organization_id=petition.organization_id).exclude(pk=petition.pk)
    if petition.group_id:
        base = base.exclude(group_id=petition.group_id)
    found: dict[int, tuple[Petition, str]] = {}
    same_person = Q(pk__in=[])
    if petition.phone_key and len(petition.phone_key) >= 8:
        same_person |= Q(phone_key=petition.phone_key)
    if petition.name_key:
        same_person |= Q(name_key=petition.name_key, address_key=petition.address_key)
    for other in base.filter(same_person).select_related("group").order_by("-created_at", "-id")[:limit]:
        found[other.pk] = (other, "petitioner")
    wanted = limit - len(found)
    if wanted <= 0 or not petition.content_key:
        return list(found.values())[:limit]
    candidates = base.exclude(pk__in=found).only(
        "pk", "content_key", "tracking_code", "content", "status", "petitioner_name", "group_id", "created_at"
    )
    if connections[candidates.db].vendor == "postgresql":
        similar = _similar_by_trigrams(candidates, petition.content_key, wanted)
    else:
        similar = _similar_by_words(candidates, petition.content, wanted)
    for other in similar:
        found[other.pk] = (other, "content")
    return list(found.values())[:limit]


def _similar_by_trigrams(candidates, content_key: str, limit: int) -> list[Petition]:
    """The most recent petitions whose folded content is trigram-similar (`%`), the most
    similar first among them.

    Newest first, not most similar first: where similar petitions are many (a matter
    a whole hamlet raised), the organisation's (organisation, created) index is walked
    and the walk stops at the limit; where they are few, the trigram index finds them.
    A long text whose trigrams are all common can still make that index read much of
    the table: the search then gives up after DUPLICATE_SEARCH_MS and the page shows
    the petitioner matches alone rather than wait."""
    from django.contrib.postgres.lookups import TrigramSimilar
    from django.contrib.postgres.search import TrigramSimilarity
    from django.db.utils import OperationalError

    try:
        with transaction.atomic(using=candidates.db), connections[candidates.db].cursor() as cursor:
            # LOCAL: this transaction (savepoint's outer transaction) only.
            cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [SIMILARITY_THRESHOLD])
            cursor.execute("SET LOCAL statement_timeout = %s", [DUPLICATE_SEARCH_MS])
            found = list(
                candidates.filter(TrigramSimilar(F("content_key"), content_key))
                .annotate(score=TrigramSimilarity("content_key", content_key))
                .order_by("-created_at", "-id")[:limit]
            )
            cursor.execute("SET LOCAL statement_timeout = DEFAULT")
    except OperationalError:
        return []
    return sorted(found, key=lambda p: -p.score)


def _similar_by_words(candidates, content: str, limit: int) -> list[Petition]:
    mine = text.words(content)
    scored = []
    for other in candidates.order_by("-created_at", "-id")[:DUPLICATE_WINDOW]:
        score = text.similarity(mine, set(w for w in other.content_key.split() if len(w) > 1))
        if score >= SIMILARITY_THRESHOLD:
            scored.append((score, other))
    return [other for _score, other in sorted(scored, key=lambda s: -s[0])[:limit]]


def latest_review():
    """The review of an assignment's latest answer (None before any answer), as a subquery."""
    latest = Response.objects.filter(assignment=OuterRef("pk")).order_by("-submitted_at", "-pk")
    return Subquery(latest.values("review_status")[:1])


# What is waiting for the agency, beyond an assignment's status: the inbox's
# filters and the home page's queue (home.queue) count the same rows. Each
# condition reads `latest_review`, which agency_inbox annotates.
INBOX_STAGES = {
    # Not yet acknowledged.
    "new": Q(status=AssignmentStatus.NEW),
    # Still to be answered (an answer under review is the office's turn).
    "due": Q(status__in=(AssignmentStatus.NEW, AssignmentStatus.ACKNOWLEDGED)),
    # The office sent the latest answer back: to be answered again.
    "returned": Q(status=AssignmentStatus.ACKNOWLEDGED, latest_review=ReviewStatus.RETURNED),
}


def agency_inbox(user, *, status=None, q=None):
    """Assignments to the agencies the user is an agency officer of; nothing else.
    `q` searches their petitions as the office's list does (text_search): the agency
    sees the petitioner's name and address of what it is assigned."""
    returned = Response.objects.filter(assignment=OuterRef("pk"), review_status=ReviewStatus.RETURNED)
    qs = (
        scope(Assignment.objects.all(), user, [Role.AGENCY])
        .select_related("petition", "petition__field", "petition__conference", "agency")
        # An answer the office sent back: shown so the agency knows to answer again.
        .annotate(was_returned=Exists(returned), latest_review=latest_review())
    )
    if status == "open":
        qs = qs.filter(status__in=OPEN_ASSIGNMENT)
    elif status in INBOX_STAGES:
        qs = qs.filter(INBOX_STAGES[status])
    elif status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(text_search(q, addresses=True, prefix="petition__"))
    return qs.order_by(*inbox_order())


def notice_petitions(notice: ConclusionNotice) -> list[Petition]:
    """Every petition the notice concludes: each conclusion's petition and the petitions grouped with it."""
    leads = Conclusion.objects.filter(notice=notice).values("petition_id", "petition__group_id")
    ids = {row["petition_id"] for row in leads}
    groups = {row["petition__group_id"] for row in leads if row["petition__group_id"]}
    qs = Petition.objects.filter(pk__in=ids)
    if groups:
        qs = qs | Petition.objects.filter(group_id__in=groups)
    return list(qs.distinct())


def notice_agencies(notice: ConclusionNotice) -> list[Organization]:
    """The agencies the notice's conclusions name, the issuer itself left out."""
    ids = (
        Conclusion.objects.filter(notice=notice, agency__isnull=False)
        .exclude(agency_id=notice.conference.organization_id)
        .values_list("agency_id", flat=True)
    )
    return list(Organization.objects.filter(pk__in=set(ids)).order_by("name"))


def speech_petitions(conference) -> dict[int, list]:
    """The petitions captured at the conference, per speech number."""
    out: dict[int, list] = {}
    for p in Petition.objects.filter(conference=conference, speech_number__isnull=False).order_by("pk"):
        out.setdefault(p.speech_number, []).append(p)
    return out


def field_choices(organization_id: int) -> list:
    """The fields a petition of the organisation may be filed under, in their order."""
    return list(fields_for([organization_id]).order_by("order", "name"))

# The notices list's filters (?trang-thai=); "awaiting" is what the leader approves or issues,
# the line of the leader's queue on the home page (home.queue).
NOTICE_FILTERS = {
    "awaiting": (ConclusionNotice.Status.SUBMITTED, ConclusionNotice.Status.APPROVED),
    "draft": (ConclusionNotice.Status.DRAFT,),
    "issued": (ConclusionNotice.Status.ISSUED,),
}


def notices_for_user(user, *, show: str | None = None):
    """The conclusion notices of every conference the user reads (a secretary: theirs), newest first."""
    qs = scope(ConclusionNotice.objects.all(), user, READER_ROLES).select_related(
        "conference", "conference__organization", "outgoing_document"
    )
    if show in NOTICE_FILTERS:
        qs = qs.filter(status__in=NOTICE_FILTERS[show])
    return qs.order_by("-created_at", "-pk")
