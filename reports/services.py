"""What people do to a BÁO CÁO: draft it for an organisation and a period (the
figures counted and written in), change its text, count its figures again,
submit it, return or approve it, and issue it through the register.

Every function is keyword-only and runs in one transaction; a refused step
raises ReportError (a Vietnamese message, next to `field` if given). The office
(staff, leader) of the report's own organisation drafts and edits; its leader
approves and issues. Reading a report through the roll-up (a district reading
its communes) never lets anyone change it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogue import clock
from dialogue.access import LEADERS, OFFICE, has_role
from dialogue.errors import DomainError
from dialogue.letterhead import Authority, signature_block_lines
from dialogue.models import Organization
from dialogue.updates import UNSET, given, model_update
from registry.issuing import IssueFacts, issue_document
from registry.services import DocType, register_next

from . import snapshot, wording
from .figures import results
from .models import Report, ReportTransition
from .periods import Period

Status = Report.Status

EDITOR_ROLES = OFFICE
LEADER_ROLES = LEADERS

TEXT_FIELDS = ("subject", "results_text", "assessment", "difficulties", "proposals", "recipients")
LINE_FIELDS = {
    "archive_line": 128, "sign_on_behalf_of": 128, "sign_deputy_of": 128, "sign_position": 128,
    "signer_name": 128, "place": 128,
}
TEXT_MAX_LENGTH = 20000


class ReportError(DomainError):
    """A refused operation on a report."""


def can_edit(user, report: Report) -> bool:
    return has_role(user, report.organization_id, *EDITOR_ROLES)


def can_lead(user, report: Report) -> bool:
    return has_role(user, report.organization_id, *LEADER_ROLES)


def _require(allowed: bool) -> None:
    if not allowed:
        raise ReportError(_("You are not allowed to do this."))


def _lock(report: Report) -> Report:
    fresh = Report.objects.select_for_update(of=("self",)).select_related("organization").get(pk=report.pk)
    for field in fresh._meta.concrete_fields:
        setattr(report, field.attname, getattr(fresh, field.attname))
    report.organization = fresh.organization
    return report


def _move(report: Report, to: str, by, comment: str = "") -> Report:
    from_status = report.status
    report.status = to
    report.save()
    ReportTransition.objects.create(report=report, from_status=from_status, to_status=to, by=by, comment=comment)
    return report


def _count(report: Report) -> None:
    """Count the figures of the report's period now and write them into the draft."""
    result = results(report.organization, report.period, with_units=report.with_units, today=clock.today())
    report.figures = snapshot.take(result)
    report.figures_at = timezone.now()
    report.results_text = wording.results_text(report.organization, report.period, snapshot.Snapshot.load(report.figures),
                                               with_units=bool(result.units))


# --- the steps -----------------------------------------------------------------------------------


@transaction.atomic
def report_prepare(*, organization: Organization, period: Period, by, with_units: bool = True) -> Report:
    """A draft BÁO CÁO of the organisation for the period, its figures counted and its text drafted."""
    _require(has_role(by, organization.pk, *EDITOR_ROLES))
    if period.end < period.start:
        raise ReportError(_("The period ends before it starts."), field="den")
    if period.start > clock.today():
        raise ReportError(_("The period has not started yet."), field="nam")
    report = Report(
        organization=organization, period_kind=period.kind, period_start=period.start, period_end=period.end,
        with_units=with_units, created_by=by, symbol=organization.abbreviation, place=organization.place_name,
    )
    _count(report)
    current = snapshot.Snapshot.load(report.figures)
    report.subject = wording.default_subject(period)
    report.assessment = wording.default_assessment(current)
    report.recipients = wording.default_recipients(organization)
    for key, value in wording.default_signature(organization).items():
        setattr(report, key, value)
    report.save()
    ReportTransition.objects.create(report=report, from_status="", to_status=Status.DRAFT, by=by)
    return report


@transaction.atomic
def report_refresh(*, report: Report, by) -> Report:
    """Count the figures again (the results paragraph is written anew from them)."""
    report = _lock(report)
    _require(can_edit(by, report))
    if report.status != Status.DRAFT:
        raise ReportError(_("Only a draft report can be changed; ask the leader to return it."))
    _count(report)
    report.save()
    return report


def _clean_text(value, field: str, max_length: int) -> str:
    value = "\n".join(line.rstrip() for line in str(value or "").replace("\r\n", "\n").split("\n")).strip()
    if len(value) > max_length:
        raise ReportError(_("Keep this under %(limit)s characters.") % {"limit": max_length}, field=field)
    return value


@transaction.atomic
def report_update(
    *, report: Report, by, subject: str = UNSET, results_text: str = UNSET, assessment: str = UNSET,
    difficulties: str = UNSET, proposals: str = UNSET, recipients: str = UNSET, archive_line: str = UNSET,
    sign_authority: str = UNSET, sign_on_behalf_of: str = UNSET, sign_deputy_authority: str = UNSET,
    sign_deputy_of: str = UNSET, sign_position: str = UNSET, signer_name: str = UNSET, place: str = UNSET,
) -> Report:
    """Change the report's text and signature block; only a draft is edited."""
    values = given(
        subject=subject, results_text=results_text, assessment=assessment, difficulties=difficulties,
        proposals=proposals, recipients=recipients, archive_line=archive_line, sign_authority=sign_authority,
        sign_on_behalf_of=sign_on_behalf_of, sign_deputy_authority=sign_deputy_authority,
        sign_deputy_of=sign_deputy_of, sign_position=sign_position, signer_name=signer_name, place=place,
    )
    report = _lock(report)
    _require(can_edit(by, report))
    if report.status != Status.DRAFT:
        raise ReportError(_("Only a draft report can be changed; ask the leader to return it."))
    cleaned = {}
    for key, value in values.items():
        if key in TEXT_FIELDS:
            cleaned[key] = _clean_text(value, key, TEXT_MAX_LENGTH)
        elif key in LINE_FIELDS:
            cleaned[key] = " ".join(str(value or "").split())
            if len(cleaned[key]) > LINE_FIELDS[key]:
                raise ReportError(_("Keep this under %(limit)s characters.") % {"limit": LINE_FIELDS[key]}, field=key)
        else:
            if (value or "") not in Authority.values:
                raise ReportError(_("Choose from the list."), field=key)
            cleaned[key] = value or ""
    if "subject" in cleaned and not cleaned["subject"]:
        raise ReportError(_("Write the subject line under BÁO CÁO."), field="subject")
    if "sign_position" in cleaned and not cleaned["sign_position"]:
        raise ReportError(_("Write the signer's position, e.g. CHỦ TỊCH."), field="sign_position")
    if cleaned.get("sign_deputy_authority") and not cleaned.get("sign_deputy_of", report.sign_deputy_of):
        raise ReportError(_("Say for whom the second authority signs, e.g. CHỦ TỊCH."), field="sign_deputy_of")
    report, _changed = model_update(instance=report, fields=cleaned, data=cleaned)
    return report


def _check_complete(report: Report) -> None:
    missing = []
    if not report.subject.strip():
        missing.append(str(_("the subject line")))
    if not report.results_text.strip():
        missing.append(str(_("the results")))
    if not report.assessment.strip():
        missing.append(str(_("the assessment")))
    if not report.sign_position.strip() or not report.signer_name.strip():
        missing.append(str(_("the signer's position and name")))
    if missing:
        raise ReportError(_("Complete the report first: %(missing)s.") % {"missing": ", ".join(missing)})


@transaction.atomic
def report_submit(*, report: Report, by, comment: str = "") -> Report:
    report = _lock(report)
    _require(can_edit(by, report))
    if report.status != Status.DRAFT:
        raise ReportError(_("Only a draft report can be submitted."))
    _check_complete(report)
    return _move(report, Status.SUBMITTED, by, (comment or "").strip())


@transaction.atomic
def report_return(*, report: Report, by, comment: str) -> Report:
    report = _lock(report)
    _require(can_lead(by, report))
    if report.status not in (Status.SUBMITTED, Status.APPROVED):
        raise ReportError(_("Only a submitted or approved report can be returned."))
    comment = (comment or "").strip()
    if not comment:
        raise ReportError(_("Say what should be changed."), field="comment")
    report.approved_by, report.approved_at = None, None
    return _move(report, Status.DRAFT, by, comment)


@transaction.atomic
def report_approve(*, report: Report, by) -> Report:
    """The leader approves the text and the figures as counted (a draft of their own needs no submitting)."""
    report = _lock(report)
    _require(can_lead(by, report))
    if report.status not in (Status.DRAFT, Status.SUBMITTED):
        raise ReportError(_("Only a draft or submitted report can be approved."))
    _check_complete(report)
    report.approved_by, report.approved_at = by, timezone.now()
    return _move(report, Status.APPROVED, by)


@transaction.atomic
def report_issue(*, report: Report, by) -> Report:
    """Number the approved report in the register's BC series, date it, and freeze and sign its PDF."""
    report = _lock(report)
    _require(can_lead(by, report))
    if report.status != Status.APPROVED:
        raise ReportError(_("Only an approved report can be issued."))
    _check_complete(report)
    issuer = report.organization
    issued_on = clock.today()
    before = Report.objects.filter(organization=issuer, year=issued_on.year).aggregate(m=Max("number"))["m"] or 0
    number = register_next(issuer=issuer, year=issued_on.year, doc_type=DocType.REPORT, after=before)
    report.number, report.year, report.issued_on = number, issued_on.year, issued_on
    report.issued_by, report.issued_at = by, timezone.now()
    report.symbol = report.symbol or issuer.abbreviation
    report.place = report.place or issuer.place_name
    _move(report, Status.ISSUED, by, report.symbol_display())
    _file_in_register(report, issuer, by)
    return report


def _file_in_register(report: Report, issuer: Organization, by) -> None:
    """The issued report in the register: its PDF signed and frozen (its Word copy follows, reports.apps)."""
    from .documents import render_report_pdf

    facts = IssueFacts(
        issuer=issuer, doc_type=DocType.REPORT, number=report.number, symbol=report.symbol_display(),
        subject=report.subject, issued_on=report.issued_on, signer_name=report.signer_name,
        signer_position=", ".join(signature_block_lines(report, party=issuer.is_party)),
    )
    issue_document(
        facts=facts, source=report, by=by,
        render=lambda verification: render_report_pdf(report, verification=verification),
    )
