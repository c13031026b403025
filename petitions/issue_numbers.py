"""The number issuing a conclusion notice would take now, for the confirmation
that names it (petitions.notices.notice_issue takes it under the register's lock)."""

from __future__ import annotations

from django.db.models import Max

from dialogue import clock
from dialogue.letterhead import document_number
from registry.numbering import upcoming_number
from registry.services import DocType

from .models import ConclusionNotice


def notice_upcoming(notice: ConclusionNotice) -> tuple[int, str]:
    """(number, "Số: 05/TB-UBND") as notice_issue would give them today."""
    issuer = notice.conference.organization
    year = clock.today().year
    before = ConclusionNotice.objects.filter(issuer=issuer, year=year).aggregate(m=Max("number"))["m"] or 0
    number = upcoming_number(issuer=issuer, year=year, doc_type=DocType.NOTICE, after=before)
    return number, document_number(number, "TB", notice.symbol or issuer.abbreviation, party=issuer.is_party)
