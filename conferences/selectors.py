"""The queries the conference pages run, scoped to what the user may see."""

from django.db.models import Prefetch
from django.http import Http404

from dialogue.access import organization_ids, scope
from dialogue.models import Role
from plans.models import Plan
from plans.models import Status as PlanStatus

from .models import Conference, ConferencePerson, ConferenceTransition, PersonRole
from .services import MANAGER_ROLES, READER_ROLES


def secretary_conference_ids(user):
    """The ids of the conferences naming `user` as secretary, as a subquery."""
    return ConferencePerson.objects.filter(role=PersonRole.SECRETARY, user_id=user.pk).values("conference_id")


def conferences_visible_to(user):
    """Every conference of the organisations where the user is staff, leader or
    supervisor; for someone who is only a secretary there, just the conferences
    naming them as secretary (dialogue.access). Agency officers see none."""
    return scope(Conference.objects.all(), user, (*READER_ROLES, Role.SECRETARY))


def conference_list(user):
    return conferences_visible_to(user).select_related("organization", "plan")


def conference_detail(user, pk: int) -> Conference:
    """One conference the user may see, with everything its page shows, or 404."""
    queryset = conferences_visible_to(user).select_related("organization", "plan__issuer", "session", "created_by").prefetch_related(
        Prefetch("people", queryset=ConferencePerson.objects.select_related("user")),
        "groups",
        "agenda",
        Prefetch("transitions", queryset=ConferenceTransition.objects.select_related("by")),
    )
    try:
        return queryset.get(pk=pk)
    except Conference.DoesNotExist as exc:
        raise Http404 from exc


def plans_ready_for_conferences(user):
    """Approved or issued plans of the organisations where the user may create conferences."""
    ids = organization_ids(user, MANAGER_ROLES)
    return (
        Plan.objects.documents()
        .filter(issuer_id__in=ids, status__in=[PlanStatus.APPROVED, PlanStatus.ISSUED])
        .select_related("issuer")
        .order_by("-year", "-created_at")
    )


def public_conferences(organization):
    return (
        Conference.objects.public()
        .filter(organization=organization)
        .only(
            "title", "starts_at", "ends_at", "venue", "audience", "status", "public_code", "organization_id",
            "announced_at", "updated_at", "revision", "content",
        )
        .order_by("-starts_at", "-id")
    )
