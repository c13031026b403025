"""What each issue service calls to put its document in the register and freeze it.

Each function runs inside the caller's transaction, after the caller has taken
its number from `register_next` and saved the source as issued. A plan, a
notice and minutes are one document each and are rendered here; an invitation
batch can be hundreds of letters (~25 s), so its PDF is rendered by a task
queued when the issue commits, and the batch page waits for it.
"""

from __future__ import annotations

import datetime as dt

import logging

from django.db import transaction
from django.utils import timezone

from dialogue.wording import event_phrase, lower_first

from .models import DocType, OutgoingDocument
from .services import document_register, document_store, verification_for

logger = logging.getLogger(__name__)

# A batch this small is rendered in the request that first asks for it if the
# worker has not done it yet (about 0.2 s a letter); larger ones wait for the task.
INLINE_BATCH_MAX = 20


def _previous(model_field: str, source_pk) -> OutgoingDocument | None:
    if source_pk is None:
        return None
    return OutgoingDocument.objects.filter(**{model_field: source_pk}).first()


def freeze_plan(*, plan, by) -> OutgoingDocument:
    from plans.pdf import render_plan_pdf

    document = document_register(
        # Filed by its issue date's year, not the year the plan is for.
        issuer=plan.issuer, year=plan.issued_on.year, doc_type=DocType.PLAN, number=plan.number,
        symbol=plan.symbol_display,
        subject=" ".join(plan.subject.split()), issued_on=plan.issued_on, signer_name=plan.signer_name,
        signer_position=", ".join(plan.signature_lines()), by=by,
        # A correction (plan_new_version) names the register entry of the version it replaces.
        replaces=_previous("plan", plan.replaces_id), plan=plan,
    )
    document = document_store(document=document, pdf=render_plan_pdf(plan, verification=verification_for(document)))
    from django.core.files.base import ContentFile

    from plans.docx import render_plan_docx

    document.docx.save("document.docx", ContentFile(render_plan_docx(plan)), save=False)
    document.save(update_fields=["docx"])
    return document


def freeze_notice(*, notice, by) -> OutgoingDocument:
    from petitions.notice_documents import render_notice_pdf
    from petitions.notices import symbol_display
    from plans.models import signature_block_lines

    issuer = notice.issuer
    document = document_register(
        issuer=issuer, year=notice.year, doc_type=DocType.NOTICE, number=notice.number,
        symbol=symbol_display(notice, issuer.is_party), subject=" ".join(notice.subject.split()),
        issued_on=notice.issued_on, signer_name=notice.signer_name,
        signer_position=", ".join(signature_block_lines(notice, party=issuer.is_party)), by=by, notice=notice,
    )
    return document_store(document=document, pdf=render_notice_pdf(notice, verification=verification_for(document)))


def minutes_symbol(organization, number: int) -> str:
    """"Số: 03/BB-UBND" (state) or "Số 03-BB/ĐU" (party), as the minutes print it."""
    if organization.is_party:
        return f"Số {number:02d}-BB/{organization.abbreviation}"
    return f"Số: {number:02d}/BB-{organization.abbreviation}"


def freeze_minutes(*, minutes, number: int, issued_on, by) -> OutgoingDocument:
    from conferences.minutes_documents import build_minutes_document, render_minutes_pdf

    conference = minutes.conference
    organization = conference.organization
    doc = build_minutes_document(minutes)
    document = document_register(
        issuer=organization, year=issued_on.year, doc_type=DocType.MINUTES, number=number,
        symbol=minutes_symbol(organization, number),
        subject=f"Biên bản {lower_first(event_phrase(conference.title))}", issued_on=issued_on,
        signer_name=doc.chair_name, signer_position="Chủ trì hội nghị", by=by, minutes=minutes,
    )
    return document_store(document=document, pdf=render_minutes_pdf(minutes, verification=verification_for(document)))


def register_invitation_batch(*, batch, by) -> OutgoingDocument:
    """The batch's register entry now; its PDF from the freeze task once the issue commits."""
    from conferences.invitation_documents import build_invitation

    conference = batch.conference
    doc = build_invitation(conference, batch)
    document = document_register(
        issuer=conference.organization, year=batch.issued_on.year, doc_type=DocType.INVITATION, number=batch.number,
        symbol=doc.symbol, subject=f"Giấy mời {doc.subject[:1].lower()}{doc.subject[1:]} ({batch.count} giấy mời)",
        issued_on=batch.issued_on, signer_name=doc.signer_name, signer_position=", ".join(doc.signature_lines),
        by=by, invitation_batch=batch,
    )
    if batch.count <= INLINE_BATCH_MAX:
        # A few pages: frozen in the issue itself, so no page ever has to write a file.
        return document_store(document=document, pdf=_render_source(document))
    from .tasks import freeze_document

    document_id = document.pk
    # robust: a broker that is down must not undo the issue; the beat's sweep freezes what is left over.
    transaction.on_commit(lambda: freeze_document.delay(document_id), robust=True)
    return document


def _render_source(document: OutgoingDocument) -> bytes:
    verification = verification_for(document)
    if document.doc_type == DocType.INVITATION:
        from conferences.invitation_documents import render_invitations_pdf

        batch = document.invitation_batch
        invitees = batch.invitees.order_by("order", "id")
        return render_invitations_pdf(batch.conference, invitees, batch=batch, verification=verification)
    raise ValueError(f"{document.doc_type} documents are frozen when they are issued")


def freeze_pending(*, document_id: int) -> bool:
    """Render and store a registered document that has no PDF yet; False if it already has one.

    The row lock makes the worker and a page asking for the PDF at the same
    moment render it once: the second waits, then finds it stored.
    """
    document = None
    try:
        with transaction.atomic():
            document = (
                OutgoingDocument.objects.select_for_update(of=("self",))
                .select_related("issuer", "invitation_batch__conference__organization", "invitation_batch__conference__plan")
                .get(pk=document_id)
            )
            if document.is_frozen:
                return False
            document_store(document=document, pdf=_render_source(document))
            return True
    except Exception as error:
        if document is not None and document.pdf.name:
            # Written before the row that would have named it, which is now rolled back.
            document.pdf.storage.delete(document.pdf.name)
        # Recorded after the rollback, so the page can say what went wrong while the task retries.
        OutgoingDocument.objects.filter(pk=document_id).update(
            freeze_error=f"{timezone.now():%d/%m/%Y %H:%M} {error!r}"[:1000]
        )
        logger.exception("freezing document %s failed", document_id)
        raise


def freeze_stale(*, older_than: dt.timedelta = dt.timedelta(minutes=5), limit: int = 50) -> int:
    """Freeze documents registered a while ago and still without a PDF; the count frozen."""
    cutoff = timezone.now() - older_than
    pending = OutgoingDocument.objects.filter(sha256="", created_at__lt=cutoff).order_by("created_at")
    frozen = 0
    for document_id in pending.values_list("pk", flat=True)[:limit]:
        try:
            frozen += freeze_pending(document_id=document_id)
        except Exception:  # recorded on the row by freeze_pending; the next sweep tries again
            continue
    return frozen


def frozen_document(source) -> OutgoingDocument | None:
    """The register entry of a plan, notice, batch or minutes, or None (a draft, or issued before the register)."""
    return getattr(source, "outgoing_document", None)
