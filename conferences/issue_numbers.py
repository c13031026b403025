"""The numbers issuing invitations and approving the minutes would take now, for
the confirmations that name them (conferences.invitations.invitation_batch_issue
and session_records.minutes_approve take them under the register's lock)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max

from dialogue import clock
from dialogue.letterhead import document_number
from registry.numbering import upcoming_number
from registry.services import DocType

from .models import Conference, InvitationBatch


def invitations_upcoming(conference: Conference, issued_on: dt.date | None = None) -> int:
    """The number of the next invitation batch issued on `issued_on` (today)."""
    year = (issued_on or clock.today()).year
    before = InvitationBatch.objects.filter(
        conference__organization_id=conference.organization_id, issued_on__year=year
    ).aggregate(m=Max("number"))["m"] or 0
    return upcoming_number(issuer=conference.organization, year=year, doc_type=DocType.INVITATION, after=before)


def invitation_symbol(conference: Conference, number: int) -> str:
    """"Số: 07/GM-UBND" as the invitation prints it (invitation_documents.build_invitation):
    with the plan's symbol when the plan gives the header, else the organisation's."""
    organization, plan = conference.organization, conference.plan
    abbreviation = organization.abbreviation
    if plan is not None and plan.header_issuer_lines and plan.symbol:
        abbreviation = plan.symbol
    return document_number(number, DocType.INVITATION, abbreviation, party=organization.is_party)


def minutes_upcoming(conference: Conference) -> tuple[int, str]:
    """(number, "Số: 03/BB-UBND") the minutes take when approved today."""
    organization = conference.organization
    number = upcoming_number(issuer=organization, year=clock.today().year, doc_type=DocType.MINUTES)
    return number, document_number(number, DocType.MINUTES, organization.abbreviation, party=organization.is_party)

