"""The queries pages need, always scoped through dialogue.access."""

from __future__ import annotations

from django.db.models import (
    BooleanField, Case, Exists, ExpressionWrapper, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value,
    When,
)
from django.db.models.functions import Coalesce

from conferences.models import Conference
from dialogue.access import organization_ids, scope
from dialogue.codes import normalize_code
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
)
from .services import READER_ROLES, RECORDER_ROLES

# How many recent petitions of an organisation the duplicate finder compares
# content with; the petitioner match (phone, name) uses indexes and has no limit.
DUPLICATE_WINDOW = 500
SIMILARITY_THRESHOLD = 0.5


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
    as the public look-up reads it; anything else searches the folded content and
    petitioner's name (and, with `addresses`, the hamlet, since that is how offices
    remember them), however the words were typed."""
    code = normalize_code(q)
    folded = fold(q)
    found = Q(pk__in=[])
    if folded:
        found = Q(**{f"{prefix}content_key__contains": folded}) | Q(**{f"{prefix}name_key__contains": folded})
    if folded and addresses:
        found |= Q(**{f"{prefix}address_key__contains": folded})
    if code:
        found |= Q(**{f"{prefix}tracking_code": code})
    return found


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
    name and address) or with similar content, accent-insensitive; with the reason."""
    base = Petition.objects.filter(organization_id=petition.organization_id).exclude(pk=petition.pk)
    if petition.group_id:
        base = base.exclude(group_id=petition.group_id)
    found: dict[int, tuple[Petition, str]] = {}
    same_person = Q(pk__in=[])
    if petition.phone_key and len(petition.phone_key) >= 8:
        same_person |= Q(phone_key=petition.phone_key)
    if petition.name_key:
        same_person |= Q(name_key=petition.name_key, address_key=petition.address_key)
    for other in base.filter(same_person).select_related("group")[:limit]:
        found[other.pk] = (other, "petitioner")
    mine = text.words(petition.content)
    recent = base.exclude(pk__in=found).order_by("-created_at").only(
        "pk", "content_key", "tracking_code", "content", "status", "petitioner_name", "group_id", "created_at"
    )[:DUPLICATE_WINDOW]
    scored = []
    for other in recent:
        score = text.similarity(mine, set(w for w in other.content_key.split() if len(w) > 1))
        if score >= SIMILARITY_THRESHOLD:
            scored.append((score, other))
    for _score, other in sorted(scored, key=lambda s: -s[0])[: max(0, limit - len(found))]:
        found[other.pk] = (other, "content")
    return list(found.values())[:limit]


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
    # Not yet acknowledged first, then by deadline: what needs doing now is on top.
    urgency = Case(
        When(status="new", then=Value(0)), When(status="acknowledged", then=Value(1)),
        When(status="answered", then=Value(2)), default=Value(3), output_field=IntegerField(),
    )
    return qs.order_by(urgency, Coalesce("extended_to", "due_on"), "id")


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
