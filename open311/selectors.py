"""The public data the GeoReport API reads, and only that.

A service is a field (lĩnh vực) an organisation's petitions are sorted by, plus
one service for a question whose field the citizen is not sure of. A request is
a petition that may be looked up by its code (`is_public`): its code, status,
field, dates and public events (written for the citizen, as the public status
page shows them). The petitioner's name, address, phone, e-mail and the text of
the petition are never selected here, so no answer can carry them.

The search reads one page of petitions and their public events: two queries
whatever the page size, on the partial indexes of public petitions by date
(petitions.models.Petition.Meta.indexes).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from conferences.models import Conference
from dialogue.codes import normalize_code
from dialogue.models import Organization
from petitions.models import Field, Petition, PetitionEvent, PetitionStatus
from petitions.selectors import fields_for
from petitions.services import REGISTRATION_OPEN

# The service of a question whose field the citizen did not choose ("not sure" on the web form).
OTHER_SERVICE = "other"
CLOSED = (PetitionStatus.RESOLVED, PetitionStatus.REFERRED)

# The only Petition columns the API reads.
REQUEST_COLUMNS = ("id", "tracking_code", "status", "created_at", "field_id", "field__name")
EVENT_COLUMNS = ("petition_id", "kind", "at", "agency_name", "date", "text")


def jurisdiction(code: str) -> Organization | None:
    return Organization.objects.filter(code=code, is_active=True).only("id", "code", "name").first()


def services_of(organization: Organization) -> list[Field]:
    """The organisation's active fields, the shared ones included, in their order."""
    return list(fields_for([organization.pk]).only("id", "name", "order").order_by("order", "name", "id"))


def service_of(organization: Organization, code: str) -> Field | str | None:
    """The field a service code names for the organisation, OTHER_SERVICE, or None."""
    if code == OTHER_SERVICE:
        return OTHER_SERVICE
    if not code.isdigit() or len(code) > 18:
        return None
    return fields_for([organization.pk]).only("id", "name").filter(pk=int(code)).first()


def open_conferences(organization: Organization, now: dt.datetime | None = None) -> list[Conference]:
    """The announced conferences of the organisation a question may be registered for
    now: not yet started (petitions.services.registration_closed_reason)."""
    now = now or timezone.now()
    return list(
        Conference.objects.filter(organization=organization, status__in=REGISTRATION_OPEN, announced_at__isnull=False)
        .filter(Q(starts_at__isnull=True) | Q(starts_at__gt=now))
        .only("id", "title", "starts_at", "public_code", "status", "organization_id")
        .order_by("starts_at", "id")
    )


def open_conference(organization: Organization, public_code: str) -> Conference | None:
    """The announced conference of the organisation with this public code (open or not:
    the registration service says why a closed one is refused)."""
    return (
        Conference.objects.select_related("organization")
        .filter(organization=organization, public_code=public_code, announced_at__isnull=False)
        .first()
    )


@dataclass(frozen=True)
class Search:
    """A search of public requests, as open311.query reads it from the parameters."""

    start: dt.datetime
    end: dt.datetime
    codes: tuple[str, ...] = ()  # when given, the other filters but the jurisdiction are ignored
    organization_id: int | None = None
    fields: tuple[int, ...] = ()
    other: bool = False  # the requests without a field (OTHER_SERVICE)
    statuses: frozenset[str] = field(default_factory=frozenset)  # "open", "closed"; empty: both
    offset: int = 0
    limit: int = 50


def public_requests(search: Search) -> tuple[list[dict], dict[int, list[dict]], bool]:
    """One page of public petitions, newest first, with their public events oldest
    first, and whether another page follows. Two queries."""
    petitions = Petition.objects.filter(is_public=True)
    if search.organization_id is not None:
        petitions = petitions.filter(organization_id=search.organization_id)
    if search.codes:
        codes = [c for c in (normalize_code(code) for code in search.codes) if c]
        petitions = petitions.filter(tracking_code__in=codes)
    else:
        petitions = petitions.filter(created_at__gte=search.start, created_at__lte=search.end)
        if search.fields or search.other:
            services = Q(field_id__in=search.fields)
            if search.other:
                services |= Q(field__isnull=True)
            petitions = petitions.filter(services)
        if search.statuses == {"open"}:
            petitions = petitions.exclude(status__in=CLOSED)
        elif search.statuses == {"closed"}:
            petitions = petitions.filter(status__in=CLOSED)
    # One row past the page tells whether another follows.
    page = petitions.order_by("-created_at", "-id").values(*REQUEST_COLUMNS)
    rows = list(page[search.offset : search.offset + search.limit + 1])
    more = len(rows) > search.limit
    rows = rows[: search.limit]
    events: dict[int, list[dict]] = defaultdict(list)
    if rows:
        for event in (
            PetitionEvent.objects.filter(petition_id__in=[r["id"] for r in rows], public=True)
            .order_by("at", "id")
            .values(*EVENT_COLUMNS)
        ):
            events[event["petition_id"]].append(event)
    return rows, events, more
