"""The register of outgoing documents (sổ văn bản đi).

One OutgoingDocument per issued document: the issuer, number, symbol, subject,
date and signer are copied into the row when it is issued, and the rendered PDF
is stored beside its SHA-256. The row is never deleted and its file never
rendered again (pretix keeps its invoices so); a correction is a new row that
names the one it replaces.

The source is one of five nullable one-to-one links rather than a generic
relation: each is a real foreign key the database checks, PROTECT keeps an
issued plan or notice from being deleted under its register entry, and the
pages reach `plan.outgoing_document` with an ordinary join.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dialogue.models import Organization


class DocType(models.TextChoices):
    PLAN = "KH", _("Plan (KH)")
    NOTICE = "TB", _("Conclusion notice (TB)")
    INVITATION = "GM", _("Invitation (GM)")
    MINUTES = "BB", _("Conference minutes (BB)")
    REPORT = "BC", _("Report (BC)")


# The field of OutgoingDocument that names each type's source row.
SOURCE_FIELD = {
    DocType.PLAN: "plan", DocType.NOTICE: "notice", DocType.INVITATION: "invitation_batch", DocType.MINUTES: "minutes",
    DocType.REPORT: "report",
}

# Documents whose file may be served to anyone holding the code: a plan, and a
# report (its figures, agencies and conferences, never a citizen). Invitations print
# every invitee's name and hamlet, minutes the speakers and what they said, notices
# the petitioners: for those the public page confirms the facts and checks an
# uploaded copy, and never hands out the file.
PUBLIC_FILE_TYPES = frozenset({DocType.PLAN, DocType.REPORT})


class RegisterCounter(models.Model):
    """The last number taken in one series: issuer, year, document type.

    Issuing locks this row (select_for_update) for the rest of its transaction,
    so two issues of the same series queue here and a rolled-back issue gives
    its number back.
    """

    issuer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    doc_type = models.CharField(max_length=2, choices=DocType.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("register series")
        verbose_name_plural = _("register series")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "doc_type"], name="register_counter_unique_series"),
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id} {self.doc_type} {self.year}: {self.last}"


class RegisterDeletionRefused(Exception):
    """An issued document stays in the register for good."""


class OutgoingDocumentQuerySet(models.QuerySet):
    def delete(self):
        raise RegisterDeletionRefused("Issued documents are never deleted; issue a correction instead.")


PDF_FOLDER = "van-ban-di"


def pdf_path(document: OutgoingDocument, filename: str) -> str:
    return f"{PDF_FOLDER}/{document.issuer_id}/{document.year}/{document.doc_type}-{document.number:03d}-{document.code}.pdf"


def docx_path(document: OutgoingDocument, filename: str) -> str:
    return pdf_path(document, filename).removesuffix(".pdf") + ".docx"


class OutgoingDocument(models.Model):
    ORG_LOOKUP = "issuer"
    CONFERENCE_LOOKUP = ("minutes__conference", "invitation_batch__conference", "notice__conference")

    issuer = models.ForeignKey(
        Organization, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="outgoing_documents"
    )
    year = models.PositiveIntegerField(_("register year"))
    doc_type = models.CharField(_("document type"), max_length=2, choices=DocType.choices)
    number = models.PositiveIntegerField(_("document number"))
    symbol = models.CharField(_("number and symbol as printed"), max_length=64)
    subject = models.TextField(_("subject line (trích yếu)"))
    issued_on = models.DateField(_("date issued"))
    signer_name = models.CharField(_("signer's name"), max_length=128, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=255, blank=True)
    code = models.CharField(_("verification code"), max_length=16, unique=True)

    pdf = models.FileField(_("issued PDF"), upload_to=pdf_path, max_length=255, blank=True)
    # The editable Word copy of an issued plan, made from the same rows at the same moment
    # as the PDF, so it can never be rebuilt from rows changed afterwards.
    docx = models.FileField(_("issued Word copy"), upload_to=docx_path, max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    frozen_at = models.DateTimeField(_("stored at"), null=True, blank=True)
    # Written by the task that renders a large batch when it fails; the page shows it and the task is retried.
    freeze_error = models.TextField(blank=True)

    # What check_pdf said about the stored bytes, kept so the public page does no cryptography.
    signature_signed = models.BooleanField(default=False)
    signature_intact = models.BooleanField(default=False)
    signature_signer = models.CharField(max_length=255, blank=True)
    signature_summary = models.CharField(max_length=500, blank=True)

    replaces = models.OneToOneField(
        "self", verbose_name=_("replaces"), on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    plan = models.OneToOneField(
        "plans.Plan", on_delete=models.PROTECT, null=True, blank=True, related_name="outgoing_document"
    )
    notice = models.OneToOneField(
        "petitions.ConclusionNotice", on_delete=models.PROTECT, null=True, blank=True, related_name="outgoing_document"
    )
    invitation_batch = models.OneToOneField(
        "conferences.InvitationBatch", on_delete=models.PROTECT, null=True, blank=True,
        related_name="outgoing_document",
    )
    minutes = models.OneToOneField(
        "conferences.Minutes", on_delete=models.PROTECT, null=True, blank=True, related_name="outgoing_document"
    )
    report = models.OneToOneField(
        "reports.Report", on_delete=models.PROTECT, null=True, blank=True, related_name="outgoing_document"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OutgoingDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing document")
        verbose_name_plural = _("register of outgoing documents")
        ordering = ["-year", "doc_type", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "doc_type", "number"], name="outgoing_document_unique_number"
            ),
            models.CheckConstraint(condition=models.Q(doc_type__in=DocType.values), name="outgoing_document_type_valid"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="outgoing_document_number_positive"),
            # Exactly one source, of the document's own type.
            models.CheckConstraint(
                condition=(
                    models.Q(doc_type="KH", plan__isnull=False, notice__isnull=True, invitation_batch__isnull=True, minutes__isnull=True, report__isnull=True)
                    | models.Q(doc_type="TB", plan__isnull=True, notice__isnull=False, invitation_batch__isnull=True, minutes__isnull=True, report__isnull=True)
                    | models.Q(doc_type="GM", plan__isnull=True, notice__isnull=True, invitation_batch__isnull=False, minutes__isnull=True, report__isnull=True)
                    | models.Q(doc_type="BB", plan__isnull=True, notice__isnull=True, invitation_batch__isnull=True, minutes__isnull=False, report__isnull=True)
                    | models.Q(doc_type="BC", plan__isnull=True, notice__isnull=True, invitation_batch__isnull=True, minutes__isnull=True, report__isnull=False)
                ),
                name="outgoing_document_one_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} · {self.subject_one_line[:80]}"

    def delete(self, *args, **kwargs):
        raise RegisterDeletionRefused("Issued documents are never deleted; issue a correction instead.")

    @property
    def subject_one_line(self) -> str:
        return " ".join(self.subject.split())

    @property
    def is_frozen(self) -> bool:
        return bool(self.pdf) and bool(self.sha256)

    @property
    def file_is_public(self) -> bool:
        return self.doc_type in PUBLIC_FILE_TYPES

    @property
    def filename(self) -> str:
        """The download name: the same every time, e.g. vinh-lam-KH-2026-05.pdf."""
        return f"{self.issuer.code}-{self.doc_type}-{self.year}-{self.number:02d}.pdf"

    def read_pdf(self) -> bytes:
        with self.pdf.open("rb") as handle:
            return handle.read()

    def read_docx(self) -> bytes:
        with self.docx.open("rb") as handle:
            return handle.read()

    @property
    def source(self):
        return self.plan or self.notice or self.invitation_batch or self.minutes or self.report
