"""BÁO CÁO kết quả tổ chức tiếp xúc, đối thoại: the report an office sends upward.

A Report is drafted with the figures of its period filled in (reports.figures,
kept in `figures` as they were counted, so what the leader approves is what is
issued) and its text editable: the results paragraph, the assessment, the
difficulties and the proposals. It moves only through reports.services:

    draft ──submit──▶ submitted ──approve──▶ approved ──issue──▶ issued
      ▲                  │                      │
      └──────return──────┴──────────────────────┘

Issuing numbers it in the issuer's BC series of the year through the register
("Số: 12/BC-UBND"), which freezes and signs its PDF and keeps its Word copy.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogue.access import ScopedQuerySet
from dialogue.letterhead import document_number
from dialogue.models import Organization

from .periods import Period, PeriodKind

DOC_KIND = "BC"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the leader")
    APPROVED = "approved", _("Approved")
    ISSUED = "issued", _("Issued")


class Report(models.Model):
    ORG_LOOKUP = "organization"

    Status = ReportStatus

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="reports"
    )
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    with_units = models.BooleanField(
        _("with the units beneath"), default=True,
        help_text=_("Count the organisations beneath this one too (communes of a district, areas of a commune)."),
    )
    # The figures as counted for the draft (reports.figures + the lists the document prints).
    figures = models.JSONField(default=dict, blank=True)
    figures_at = models.DateTimeField(_("figures counted at"), null=True, blank=True)

    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    year = models.PositiveIntegerField(_("register year"), null=True, blank=True)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    symbol = models.CharField(_("symbol abbreviation"), max_length=32, blank=True)
    place = models.CharField(_("place"), max_length=128, blank=True)

    subject = models.TextField(_("subject line"), blank=True)
    results_text = models.TextField(_("results"), blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    difficulties = models.TextField(_("difficulties and obstacles"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    archive_line = models.CharField(_("archive line"), max_length=128, default="Lưu: VT")
    sign_authority = models.CharField(_("signing authority"), max_length=4, blank=True, default="TM")
    sign_on_behalf_of = models.CharField(_("on behalf of"), max_length=128, blank=True)
    sign_deputy_authority = models.CharField(_("second authority"), max_length=4, blank=True)
    sign_deputy_of = models.CharField(_("second authority for"), max_length=128, blank=True)
    sign_position = models.CharField(_("signer's position"), max_length=128, blank=True)
    signer_name = models.CharField(_("signer"), max_length=128, blank=True)

    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ReportStatus.values), name="report_status_valid"),
            models.CheckConstraint(condition=models.Q(period_kind__in=PeriodKind.values), name="report_period_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="report_period_in_order"
            ),
            models.UniqueConstraint(
                fields=["organization", "year", "number"], condition=models.Q(number__isnull=False),
                name="report_number_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="issued") | models.Q(number__isnull=False, issued_on__isnull=False),
                name="report_issued_is_numbered",
            ),
        ]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return f"{self.organization} · {self.period.label}"

    @property
    def period(self) -> Period:
        return Period(self.period_kind, self.period_start, self.period_end)

    @property
    def is_issued(self) -> bool:
        return self.status == ReportStatus.ISSUED

    def symbol_display(self) -> str:
        """"Số: 12/BC-UBND" (state) or "Số 12-BC/ĐU" (party); blanks while unnumbered."""
        organization = self.organization
        return document_number(
            self.number, DOC_KIND, self.symbol or organization.abbreviation, party=organization.is_party
        )


class ReportTransition(models.Model):
    """One step of a report (drafted, submitted, returned, approved, issued): its page's history."""

    ORG_LOOKUP = "report__organization"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("report step")
        verbose_name_plural = _("report steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_status} → {self.to_status}"
