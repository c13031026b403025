"""Create a draft plan from a Word file, in one transaction, and keep the import report.

`plan_import` is the service the upload page and the import_plans command call:
it reads the file, classifies its paragraphs, creates the plan and its records
(plans/seeds.py builds the seed plans the same way), and stores one
ImportParagraph row per paragraph of the file with what it became. The report's
"change what this became" calls `import_reclassify`, which rebuilds the plan's
content from those stored paragraphs with the user's choice applied, so the
file is never needed again.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dialogue import clock
from dialogue.models import Organization

from ..models import (
    AgendaItem,
    AttendeeGroup,
    DeadlineRule,
    ImportParagraph,
    LegalBasis,
    PersonRole,
    Plan,
    PlanImport,
    PlanItem,
    PlanPart,
    PlanPerson,
    PlanSection,
    PlanTransition,
    Recipient,
    Session,
    Status,
)
from ..services import PlanError, _check_year, _require_writer, ensure_editable
from .classify import FORCEABLE, Draft, classify, fold
from .reader import ImportFileError, Para, read_paragraphs

logger = logging.getLogger(__name__)


def _issuer_text(lines: list[str]) -> str:
    return " ".join(lines)


def issuer_matches(draft: Draft, issuer: Organization) -> bool:
    """The file's issuer is the user's organisation (or the file names none)."""
    if not draft.header_issuer:
        return True
    written = fold(_issuer_text(draft.header_issuer))
    return written in (fold(" ".join(issuer.header_lines)), fold(issuer.name))


def _fill(plan: Plan, draft: Draft, issuer: Organization, *, header: bool) -> None:
    """The plan's own fields from the draft; the header only when asked (a rebuild keeps the header as confirmed)."""
    if header:
        plan.header_parent = "\n".join(draft.header_parent) if draft.header_issuer else issuer.header_parent
        plan.header_issuer = "\n".join(draft.header_issuer or issuer.header_lines)
        plan.symbol = draft.symbol or issuer.abbreviation
        plan.place = draft.place or issuer.place_name
    plan.document_name = (draft.document_name or "KẾ HOẠCH")[:64]
    plan.subject = "\n".join(draft.subject)
    plan.preamble = "\n".join(draft.preamble)
    plan.closing = "\n".join(draft.closing)
    plan.archive_line = (draft.archive_line or "Lưu: VT")[:128]
    plan.sign_authority = draft.sign_authority
    plan.sign_on_behalf_of = draft.sign_on_behalf_of[:128]
    plan.sign_deputy_authority = draft.sign_deputy_authority
    plan.sign_deputy_of = draft.sign_deputy_of[:128]
    plan.sign_position = draft.sign_position[:128]
    plan.signer_name = draft.signer_name[:128]


def _create_records(plan: Plan, draft: Draft) -> None:
    for order, text in enumerate(draft.legal_bases, start=1):
        LegalBasis.objects.create(plan=plan, order=order, text=text)
    for order, text in enumerate(draft.chairs, start=1):
        PlanPerson.objects.create(plan=plan, order=order, role=PersonRole.CHAIR, description=text[:500])
    for order, text in enumerate(draft.secretaries, start=len(draft.chairs) + 1):
        PlanPerson.objects.create(plan=plan, order=order, role=PersonRole.SECRETARY, description=text[:500])
    for order, session in enumerate(draft.sessions, start=1):
        Session.objects.create(
            plan=plan, order=order, window=session.window[:255], venue=session.venue[:255],
            audience=session.audience, expected_attendance=session.expected_attendance,
            wording="\n".join(session.lines),
        )
    for order, group in enumerate(draft.groups, start=1):
        AttendeeGroup.objects.create(
            plan=plan, order=order, category=group.category, style=group.style, text=group.text,
            expected_count=group.expected_count,
        )
    for order, step in enumerate(draft.agenda, start=1):
        AgendaItem.objects.create(
            plan=plan, order=order, style=step.style, text=step.text, presenter=step.presenter[:255], minutes=step.minutes
        )
    for order, rule in enumerate(draft.rules, start=1):
        DeadlineRule.objects.create(
            plan=plan, order=order, code=rule.code, name=rule.name, anchor=rule.anchor, offset_days=rule.offset_days,
            day_type=rule.day_type, responsible_text=rule.responsible_text,
        )
    for order, recipient in enumerate(draft.recipients, start=1):
        Recipient.objects.create(plan=plan, order=order, text=recipient.text[:500], note=recipient.note)
    for s_order, section in enumerate(draft.sections, start=1):
        row = PlanSection.objects.create(plan=plan, order=s_order, heading=section.heading[:255])
        for p_order, part in enumerate(section.parts, start=1):
            part_row = PlanPart.objects.create(
                section=row, order=p_order, kind=part.kind, heading=part.heading[:500],
                heading_style=part.heading_style, numbered=part.numbered,
            )
            PlanItem.objects.bulk_create(
                PlanItem(part=part_row, order=i_order, kind=item.kind, style=item.style, text=item.text)
                for i_order, item in enumerate(part.items, start=1)
            )


def _store_report(plan: Plan, paras: list[Para], draft: Draft, forced: dict[int, str]) -> None:
    """One report row per paragraph; a rebuild updates the same rows (their ids stay, links to them hold)."""

    def outcome(para: Para) -> tuple[str, str]:
        report = draft.report.get(para.order)
        return (report.became, report.target) if report else ("text", "")

    existing = {row.order: row for row in ImportParagraph.objects.filter(plan=plan)}
    if existing:
        for para in paras:
            row = existing[para.order]
            row.became, row.target = outcome(para)
            row.forced = forced.get(para.order, "")
        ImportParagraph.objects.bulk_update(existing.values(), ["became", "target", "forced"])
        return
    ImportParagraph.objects.bulk_create(
        ImportParagraph(
            plan=plan, order=para.order, text=para.text.replace("\t", "    "), source=para.as_dict(),
            became=outcome(para)[0], target=outcome(para)[1], forced=forced.get(para.order, ""),
            word_number=para.marker[:16],
        )
        for para in paras
    )


@transaction.atomic
def plan_import(*, data: bytes, file_name: str, issuer: Organization, by, year: int | None = None) -> Plan:
    """A draft plan of the issuer from a Word file (.docx, .doc, .odt).

    `by` is the user uploading it (None for the import_plans command, run by an
    administrator on the server). Raises ImportFileError for a file it cannot
    read and PlanError for a refusal.
    """
    if by is not None:
        _require_writer(by, issuer.pk)
    try:
        paras = read_paragraphs(data, file_name)
        draft = classify(paras) if paras else None
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001 - a file we cannot make sense of is refused with a reason, never a 500
        logger.exception("Word import failed on %s", file_name)
        raise ImportFileError(_("The file is not a Word document (.docx) or it is damaged.")) from None
    if draft is None:
        raise ImportFileError(_("The file has no text."))
    year = int(year or draft.year or clock.today().year)
    _check_year(year)
    plan = Plan(issuer=issuer, year=year, status=Status.DRAFT, created_by=by, imported_from=file_name[:255])
    _fill(plan, draft, issuer, header=True)
    notes = []
    # The file's own number and date are kept when the plan was numbered already;
    # a number the issuer has used that year is left out rather than duplicated.
    if draft.number:
        if Plan.objects.filter(issuer=issuer, year=year, number=draft.number).exists():
            notes.append(gettext("The number %(number)s of %(year)s is already used by another plan of the issuer; "
                                 "it was not copied.") % {"number": draft.number, "year": year})
        else:
            plan.number = draft.number
    plan.issued_on = draft.issued_on
    plan.save()
    _create_records(plan, draft)
    matches = issuer_matches(draft, issuer)
    PlanImport.objects.create(
        plan=plan, file_name=file_name[:255], issuer_in_file=_issuer_text(draft.header_issuer)[:500],
        issuer_differs=not matches, notes="\n".join(notes),
    )
    _store_report(plan, paras, draft, {})
    if by is not None:
        PlanTransition.objects.create(
            plan=plan, from_status="", to_status=Status.DRAFT, by=by,
            comment=gettext("Imported from the file “%(name)s”.") % {"name": file_name},
        )
    return plan


def _delete_content(plan: Plan) -> None:
    if Session.objects.filter(plan=plan, conferences__isnull=False).exists():
        raise PlanError(_("A conference was already created from this plan's sessions; change the plan in the editor."))
    PlanSection.objects.filter(plan=plan).delete()
    for model in (LegalBasis, PlanPerson, AttendeeGroup, AgendaItem, DeadlineRule, Recipient, Session):
        model.objects.filter(plan=plan).delete()


@transaction.atomic
def import_reclassify(*, plan: Plan, order: int, became: str, by) -> Plan:
    """Make one paragraph of the file become something else, and rebuild the plan's content from the file.

    Only a draft still open for editing is rebuilt; the header stays as the user
    confirmed it. Changes made in the editor since the import are replaced, which
    the report page says before the click.
    """
    ensure_editable(plan=plan, by=by)
    if became not in FORCEABLE:
        raise PlanError(_("Choose what the paragraph should become."))
    rows = list(ImportParagraph.objects.filter(plan=plan).order_by("order"))
    if not any(row.order == order for row in rows):
        raise PlanError(_("The paragraph is not part of this import."))
    forced = {row.order: row.forced for row in rows if row.forced}
    forced[order] = became
    paras = [Para.from_dict(row.source) for row in rows]
    draft = classify(paras, forced)
    _delete_content(plan)
    _fill(plan, draft, plan.issuer, header=False)
    plan.save()
    _create_records(plan, draft)
    _store_report(plan, paras, draft, forced)
    return plan


@transaction.atomic
def import_confirm_issuer(*, plan: Plan, use_own_header: bool, by) -> PlanImport:
    """Settle an issuer in the file that is not the user's organisation: keep the file's header as written,
    or print the organisation's own header instead. Either way it is the user's decision, recorded."""
    ensure_editable(plan=plan, by=by)
    record = PlanImport.objects.select_for_update().get(plan=plan)
    if use_own_header:
        issuer = plan.issuer
        plan.header_parent = issuer.header_parent
        plan.header_issuer = "\n".join(issuer.header_lines)
        plan.symbol = issuer.abbreviation
        plan.place = issuer.place_name
        plan.save()
    record.issuer_confirmed_by = by
    record.issuer_confirmed_at = timezone.now()
    record.used_own_header = use_own_header
    record.save()
    return record
