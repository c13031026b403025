"""What each app's issue service calls to put its document in the register, signed and frozen.

The register knows no app's renderer. The issue service hands it the header
facts and a function that renders the PDF once the register has given the
document its verification code (printed as a QR code on the page). Each call
runs inside the caller's transaction, after the caller has taken its number
from `register_next` and saved the source as issued.

A document too long to render in the request (an invitation batch of hundreds
of letters, ~25 s) is registered without its PDF; the freeze task renders it
once the issue commits, through the renderer its app filled in for the type
(`register_renderer`, called from the app's AppConfig.ready).

The Word copy of a type that has one (plans, reports) is no part of the issue
either: it takes about half as long as the PDF, and the leader waits for the
signed PDF, not for it. The worker makes it from the issued source once the
issue commits, through the renderer its app registers (`register_word_renderer`);
until then the download renders the same copy on the fly, and the beat's sweep
makes the copies a lost task left over.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .models import OutgoingDocument
from .services import Verification, document_register, document_store, verification_for

logger = logging.getLogger(__name__)

Render = Callable[[Verification], bytes]
# Renders a registered document again from its source, for the background freeze.
Rerender = Callable[[OutgoingDocument, Verification], bytes]
# The Word copy of a registered document, made from its issued source.
WordRender = Callable[[OutgoingDocument], bytes]

_renderers: dict[str, Rerender] = {}
_word_renderers: dict[str, WordRender] = {}


def register_renderer(doc_type: str, render: Rerender) -> None:
    """Called by the app that owns `doc_type`, from its AppConfig.ready."""
    _renderers[doc_type] = render


def register_word_renderer(doc_type: str, render: WordRender) -> None:
    """Documents of `doc_type` get a Word copy beside their PDF; called from the owning app's AppConfig.ready."""
    _word_renderers[doc_type] = render


@dataclass(frozen=True)
class IssueFacts:
    """What the register keeps of a document: its header as printed."""

    issuer: object  # dialogue.Organization
    doc_type: str
    number: int
    symbol: str  # dialogue.letterhead.document_number(...)
    subject: str
    issued_on: dt.date
    signer_name: str = ""
    signer_position: str = ""


def issue_document(
    *, facts: IssueFacts, source, by, render: Render | None, replaces: OutgoingDocument | None = None,
) -> OutgoingDocument:
    """Register `source` (a plan, notice, minutes or invitation batch) and freeze its PDF.

    With `render` None the PDF is left to the freeze task, queued when the issue
    commits; the beat's sweep freezes whatever a lost task left over. The Word
    copy of a type that has one is queued the same way.
    """
    document = document_register(
        # Filed by its issue date's year, not the year the document is about.
        issuer=facts.issuer, year=facts.issued_on.year, doc_type=facts.doc_type, number=facts.number,
        symbol=facts.symbol, subject=" ".join(facts.subject.split()), issued_on=facts.issued_on,
        signer_name=facts.signer_name, signer_position=facts.signer_position, by=by, replaces=replaces, source=source,
    )
    document_id = document.pk
    # The task module imports this one.
    from .tasks import freeze_document, store_word_copy

    if facts.doc_type in _word_renderers:
        # robust: a broker that is down must not undo the issue; the sweep makes the copy later.
        transaction.on_commit(lambda: store_word_copy.delay(document_id), robust=True)
    if render is None:
        transaction.on_commit(lambda: freeze_document.delay(document_id), robust=True)
        return document
    return document_store(document=document, pdf=render(verification_for(document)))


def previous_document(source) -> OutgoingDocument | None:
    """The register entry of the version a correction replaces, or None."""
    if source is None:
        return None
    return getattr(source, "outgoing_document", None)


def _render_source(document: OutgoingDocument) -> bytes:
    render = _renderers.get(document.doc_type)
    if render is None:
        raise ValueError(f"{document.doc_type} documents are frozen when they are issued")
    return render(document, verification_for(document))


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
                .select_related("issuer")
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


def store_word_copy(*, document_id: int) -> bool:
    """Make and store a registered document's Word copy; False if it has one or its type has none.

    Under the row lock, so the task and the sweep reaching the same document make one copy.
    """
    stored = ""
    try:
        with transaction.atomic():
            document = OutgoingDocument.objects.select_for_update(of=("self",)).get(pk=document_id)
            render = _word_renderers.get(document.doc_type)
            if document.docx or render is None:
                return False
            document.docx.save("document.docx", ContentFile(render(document)), save=False)
            stored = document.docx.name
            document.save(update_fields=["docx"])
            return True
    except Exception:
        if stored:
            # Written before the row that would have named it, which is now rolled back.
            OutgoingDocument._meta.get_field("docx").storage.delete(stored)
        logger.exception("storing the Word copy of document %s failed", document_id)
        raise


def store_missing_word_copies(*, older_than: dt.timedelta = dt.timedelta(minutes=5), limit: int = 50) -> int:
    """Word copies of documents registered a while ago and still without one; the count stored."""
    cutoff = timezone.now() - older_than
    pending = OutgoingDocument.objects.filter(
        doc_type__in=list(_word_renderers), docx="", created_at__lt=cutoff
    ).order_by("created_at")
    stored = 0
    for document_id in pending.values_list("pk", flat=True)[:limit]:
        try:
            stored += store_word_copy(document_id=document_id)
        except Exception:  # logged by store_word_copy; the next sweep tries again
            continue
    return stored


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

