"""Tenant access in one place.

Every staff page reaches data through `scope(queryset, user)` or
`get_for_user(...)`; each scoped model names the path from itself to its
organisation in `ORG_LOOKUP`. A user sees the data of the organisations they
are a member of, and changes it only with a writing role.

A secretary is the secretary of a conference, not of the organisation: where
their only matching role is secretary, they see the rows that belong to the
conferences naming them, through the path(s) a model gives in
`CONFERENCE_LOOKUP`, and no row of a model that gives none. The conferences
app says which conferences name a user (`register_secretary_conferences`), so
this module needs no app.

Results (the period report, the deadlines dashboard) roll up the organisation
tree: the leaders and office of an organisation read, never write, those of
every organisation beneath it (`rollup_ids`, `report_organization_ids`,
`scope_results`), and a commune never reads its parent or its siblings.
"""

from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.http import Http404

from .models import Membership, Organization, Role

# The role sets the apps' rules are made of, written once.
# Everyone of the organisation who reads its work: the office, the leaders, the
# secretaries (narrowed to their conferences where a model says so), the Front, administrators.
OFFICE_READERS = (Role.STAFF, Role.LEADER, Role.SECRETARY, Role.SUPERVISOR, Role.ADMIN)
# Who runs the organisation's work: drafts, manages, reviews.
OFFICE = (Role.STAFF, Role.LEADER, Role.ADMIN)
# Who records what happens: the office and the secretaries of the day.
RECORDERS = (Role.STAFF, Role.LEADER, Role.SECRETARY, Role.ADMIN)
# Who may change anything of the organisation at all (the others only read).
WRITE_ROLES = frozenset(RECORDERS)
LEADERS = (Role.LEADER,)


# Who reads an organisation's results (the report, the dashboard): its office,
# leaders, the Front's supervisors and administrators; a secretary's view stays
# narrowed to their conferences.
REPORT_READERS = (Role.STAFF, Role.LEADER, Role.SUPERVISOR, Role.ADMIN)
# Who sees the organisations beneath their own, read only and without any
# citizen's contact details: the leaders and office of a province or district
# (or of a commune after the 2025 reform, for the areas merged into it).
ROLLUP_ROLES = (Role.STAFF, Role.LEADER, Role.ADMIN)


def _memberships(user) -> list[tuple[int, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_dialogue_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).values_list("organization_id", "role"))
        user._dialogue_memberships = cached
    return cached


def organization_ids(user, roles: Iterable[str] | None = None) -> set[int]:
    """The organisations the user belongs to, optionally only through some roles."""
    wanted = set(roles) if roles is not None else None
    return {org for org, role in _memberships(user) if wanted is None or role in wanted}


def roles_in(user, organization_id: int) -> set[str]:
    return {role for org, role in _memberships(user) if org == organization_id}


def has_role(user, organization_id: int, *roles: str) -> bool:
    return bool(roles_in(user, organization_id) & set(roles))


def user_roles(user) -> set[str]:
    return {role for _org, role in _memberships(user)}


def can_write(user, organization_id: int) -> bool:
    return bool(roles_in(user, organization_id) & WRITE_ROLES)


def org_lookup_for(model: type[models.Model]) -> str:
    lookup = getattr(model, "ORG_LOOKUP", None)
    if lookup is None:
        raise TypeError(f"{model.__name__} does not declare ORG_LOOKUP")
    return lookup


_secretary_conferences = None


def register_secretary_conferences(provider) -> None:
    """`provider(user)`: a queryset of the ids of the conferences naming `user` as secretary."""
    global _secretary_conferences
    _secretary_conferences = provider


def _whole_and_narrow(user, roles: Iterable[str] | None) -> tuple[set[int], set[int]]:
    """The organisations the user reads whole through the roles, and those where
    their only matching role is secretary."""
    wanted = set(roles) if roles is not None else None
    whole, secretary = set(), set()
    for org, role in _memberships(user):
        if wanted is None or role in wanted:
            (secretary if role == Role.SECRETARY else whole).add(org)
    return whole, secretary - whole


def scope_condition(model: type[models.Model], user, roles: Iterable[str] | None = None) -> Q | None:
    """The filter `scope` applies, or None when the user sees nothing of the model."""
    lookup = org_lookup_for(model)
    whole, narrow = _whole_and_narrow(user, roles)
    if getattr(model, "SECRETARY_READS_WHOLE", False):
        # The organisation's own page (its name, members, certificate): every member's.
        whole, narrow = whole | narrow, set()
    condition = Q(**{f"{lookup}__in": whole}) if whole else None
    paths = getattr(model, "CONFERENCE_LOOKUP", ())
    if narrow and paths and _secretary_conferences is not None:
        conferences = _secretary_conferences(user)
        own = Q()
        for path in (paths,) if isinstance(paths, str) else paths:
            own |= Q(**{f"{path}__in": conferences})
        narrowed = Q(**{f"{lookup}__in": narrow}) & own
        condition = narrowed if condition is None else condition | narrowed
    return condition


def scope(queryset: models.QuerySet, user, roles: Iterable[str] | None = None) -> models.QuerySet:
    """Limit a queryset to the user's organisations (through the given roles), and a
    secretary's to their conferences."""
    condition = scope_condition(queryset.model, user, roles)
    if condition is None:
        return queryset.none()
    return queryset.filter(condition)


def get_for_user(queryset: models.QuerySet, user, *, write: bool = False, roles=None, **lookup):
    """One object of the user's organisations, or 404 — also when it exists elsewhere.

    With write=True a read-only member (a supervisor) gets 404 too, so nobody
    learns more from a refused write than from a refused read.
    """
    if write and roles is None:
        roles = WRITE_ROLES
    try:
        return scope(queryset, user, roles).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


# --- roll-up: the organisations beneath one's own --------------------------------------------


def beneath(organization_ids: Iterable[int]) -> set[int]:
    """Every organisation under the given ones, at any depth (the given ones left out).

    One query per level of the tree (province, commune, its bodies: three or four)."""
    given = set(organization_ids)
    found: set[int] = set()
    frontier = given
    while frontier:
        children = set(Organization.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = children - found - given
        found |= frontier
    return found


def rollup_ids(user) -> set[int]:
    """The organisations beneath those where the user is a leader or in the office:
    what they read through the roll-up, never write."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_dialogue_rollup", None)
    if cached is None:
        cached = beneath(organization_ids(user, ROLLUP_ROLES))
        user._dialogue_rollup = cached
    return set(cached)


def report_organization_ids(user) -> set[int]:
    """The organisations whose results the user reads: their own (as a reader of
    results) and every one beneath an organisation they lead or run the office of."""
    return organization_ids(user, REPORT_READERS) | rollup_ids(user)


def reads_results_of(user, organization_id: int) -> bool:
    return organization_id in report_organization_ids(user)


def reads_through_rollup(user, organization_id: int) -> bool:
    """True when the user reads the organisation only because it lies beneath theirs."""
    return organization_id in rollup_ids(user) and organization_id not in organization_ids(user, REPORT_READERS)


def scope_results(queryset: models.QuerySet, user, organizations: Iterable[int] | None = None) -> models.QuerySet:
    """A queryset limited to the organisations whose results the user reads
    (their own and those beneath), optionally narrowed to `organizations`."""
    allowed = report_organization_ids(user)
    if organizations is not None:
        allowed &= set(organizations)
    if not allowed:
        return queryset.none()
    return queryset.filter(**{f"{org_lookup_for(queryset.model)}__in": allowed})


def get_results_organization(user, **lookup) -> Organization:
    """An organisation whose results the user reads, or 404 (also when it exists)."""
    allowed = report_organization_ids(user)
    try:
        return Organization.objects.filter(pk__in=allowed).get(**lookup)
    except Organization.DoesNotExist as exc:
        raise Http404 from exc


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user, roles: Iterable[str] | None = None):
        return scope(self, user, roles)


__all__ = [
    "REPORT_READERS",
    "ROLLUP_ROLES",
    "Role",
    "ScopedQuerySet",
    "can_write",
    "get_for_user",
    "has_role",
    "organization_ids",
    "beneath",
    "get_results_organization",
    "report_organization_ids",
    "rollup_ids",
    "roles_in",
    "scope",
    "scope_results",
    "user_roles",
]
