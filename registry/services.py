"""Numbering and freezing issued documents.

An issue service (plan_issue, notice_issue, invitation_batch_issue,
minutes_approve) calls, inside its own transaction:

    number = register_next(issuer=…, year=…, doc_type=…)      # the series row stays locked
    document = document_register(…, number=number, plan=plan)  # the row, with its public code
    document_store(document=document, pdf=render(…, verification=verification_for(document)))

so the number, the row and the stored PDF commit together or not at all. The
renderers print the code and its QR (templates/documents/_verification.html)
from the Verification they are given; only issued documents get one.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from dialogue import signing
from dialogue.codes import normalize_document_code  # noqa: F401  (re-exported: the register's public API)
from dialogue.codes import PREFIX, new_code
from dialogue.errors import DomainError
from dialogue.qr import qr_code, qr_svg

from .models import PDF_FOLDER, SOURCE_FIELD, DocType, OutgoingDocument, RegisterCounter

# QR module size: a version-4 code (a 45-character address) is then 18.5 mm wide
# with its quiet zone, which phone cameras read from a printed A4 page.
QR_MODULE_MM = 0.5
QR_BORDER = 2

class RegisterError(DomainError):
    """A refused register operation."""


__all__ = [
    "RegisterError",
    "DocType",
    "Verification",
    "document_register",
    "document_store",
    "normalize_document_code",
    "new_document_code",
    "register_next",
    "verification_for",
]


def register_next(*, issuer, year: int, doc_type: str, after: int = 0, number: int | None = None) -> int:
    """The next number of the issuer's series for the year, taken under a row lock.

    Call inside the issue's transaction: the counter row stays locked until it
    commits, so a second issue of the same series waits and then gets the next
    number; if the issue rolls back, so does the counter and no gap is left.
    `after` is the highest number the series already used outside the register
    (documents issued before it existed). `number` is a number the office chose
    (a paper register kept until now): it must lie beyond every number taken.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("register_next must run inside the issue's transaction")
    # INSERT … ON CONFLICT DO NOTHING: two first issues of a series at once both
    # succeed here, and the lock below then orders them.
    RegisterCounter.objects.bulk_create(
        [RegisterCounter(issuer=issuer, year=year, doc_type=doc_type, last=0)], ignore_conflicts=True
    )
    counter = RegisterCounter.objects.select_for_update().get(issuer=issuer, year=year, doc_type=doc_type)
    last = max(counter.last, after or 0)
    if number is None:
        number = last + 1
    elif number <= last:
        raise RegisterError(
            _("Number %(number)s of this series is already taken; the next free one is %(next)s.")
            % {"number": number, "next": last + 1}
        )
    counter.last = number
    counter.save(update_fields=["last"])
    return number


def new_document_code() -> str:
    """A code like 7K3M9-QX2HB: the petition codes' 50 random bits, without their DT prefix."""
    return new_code().removeprefix(f"{PREFIX}-")


def verification_url(code: str) -> str:
    return settings.SITE_URL + reverse("verify:detail", args=[code])


@dataclass(frozen=True)
class Verification:
    """What an issued document prints so a reader can check it: code, address, QR, and its number."""

    code: str
    url: str
    symbol: str

    @cached_property
    def qr(self):
        return qr_code(self.url)

    @property
    def qr_size_mm(self) -> str:
        # A string, so the template's number localisation ("18,5") cannot reach the CSS.
        return f"{self.qr.symbol_size(border=QR_BORDER)[0] * QR_MODULE_MM:.2f}"

    @property
    def qr_svg(self) -> str:
        return qr_svg(self.url, scale=QR_MODULE_MM, unit="mm", border=QR_BORDER)

    def for_holder(self, holder_key) -> Verification:
        """What one addressee's copy prints: the same code, a page of its own."""
        return Verification(code=self.code, url=holder_url(self.code, holder_token(self.code, holder_key)), symbol=self.symbol)


def holder_token(code: str, holder_key) -> str:
    """Eight characters that prove holding one copy of a multi-addressee document (one
    invitation of a batch) without naming the other addressees. Derived from SECRET_KEY."""
    digest = salted_hmac("registry.holder", f"{code}:{holder_key}").digest()
    return base64.b32encode(digest).decode()[:8]


def holder_url(code: str, token: str) -> str:
    return settings.SITE_URL + reverse("verify:holder", args=[code, token])


def verification_for(document: OutgoingDocument) -> Verification:
    return Verification(code=document.code, url=verification_url(document.code), symbol=document.symbol)


def document_register(
    *, issuer, year: int, doc_type: str, number: int, symbol: str, subject: str, issued_on, signer_name: str = "",
    signer_position: str = "", by=None, replaces: OutgoingDocument | None = None, source=None,
) -> OutgoingDocument:
    """The register row of a document being issued, with a fresh public code; no PDF yet.

    `year` is the register's year and must be that of `issued_on` (the date in
    Vietnam the caller printed): a document is filed by the year of its issue
    date, never by the year it is about."""
    if issued_on is not None and year != issued_on.year:
        raise ValueError(f"a document issued on {issued_on:%d/%m/%Y} is filed in the {issued_on.year} register, not {year}")
    fields = dict(
        issuer=issuer, year=year, doc_type=doc_type, number=number, symbol=symbol.strip(),
        subject=subject.strip(), issued_on=issued_on, signer_name=(signer_name or "").strip(),
        signer_position=(signer_position or "").strip(), issued_by=by, replaces=replaces,
    )
    if source is not None:
        fields[SOURCE_FIELD[doc_type]] = source
    for _attempt in range(5):
        try:
            # A savepoint, so a code collision (1 in 2^50 per pair) only retries this insert.
            with transaction.atomic():
                return OutgoingDocument.objects.create(code=new_document_code(), **fields)
        except IntegrityError:
            if OutgoingDocument.objects.filter(issuer=issuer, year=year, doc_type=doc_type, number=number).exists():
                raise
    raise IntegrityError("no free verification code")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_store(*, document: OutgoingDocument, pdf: bytes) -> OutgoingDocument:
    """Sign the rendered PDF, store it with its hash and signature status. Only once per document."""
    if document.is_frozen:
        raise RuntimeError(f"{document} is already stored")
    signed = signing.sign_pdf(
        pdf,
        organization=document.issuer,
        signer_name=document.signer_name,
        reason=f"{document.get_doc_type_display()} {document.symbol}",
        location=document.issuer.place_name,
    )
    check = signing.check_pdf(signed)
    document.pdf.save("document.pdf", ContentFile(signed), save=False)
    document.sha256 = sha256_hex(signed)
    document.size = len(signed)
    document.frozen_at = timezone.now()
    document.freeze_error = ""
    document.signature_signed = check.signed
    document.signature_intact = check.intact
    document.signature_signer = (check.signer or "")[:255]
    document.signature_summary = (check.summary or "")[:500]
    document.save(update_fields=[
        "pdf", "sha256", "size", "frozen_at", "freeze_error", "signature_signed", "signature_intact",
        "signature_signer", "signature_summary",
    ])
    return document


def _stored_names(storage, folder: str):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _stored_names(storage, f"{folder}/{directory}")


def remove_orphan_files(*, older_than: dt.timedelta = dt.timedelta(minutes=30)) -> int:
    """Delete stored files no register row points at: a file is written before its row
    commits, so an issue whose transaction rolled back leaves one behind. Files younger
    than `older_than` may belong to an issue still under way and are kept."""
    storage = OutgoingDocument._meta.get_field("pdf").storage
    folder = PDF_FOLDER
    if not storage.exists(folder):
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    names = list(_stored_names(storage, folder))
    for start in range(0, len(names), 500):
        chunk = names[start : start + 500]
        rows = OutgoingDocument.objects.filter(models.Q(pdf__in=chunk) | models.Q(docx__in=chunk))
        kept = {name for pair in rows.values_list("pdf", "docx") for name in pair}
        for name in chunk:
            if name not in kept and storage.get_modified_time(name) < cutoff:
                storage.delete(name)
                removed += 1
    return removed
