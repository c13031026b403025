"""The shared core: organisations, who belongs to them, the calendar overrides,
and what an organisation signs with (certificate, signature and seal images)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class OrganizationKind(models.TextChoices):
    PEOPLES_COMMITTEE = "ubnd", _("People's Committee (UBND)")
    PEOPLES_COUNCIL = "hdnd", _("People's Council (HĐND)")
    PARTY_COMMITTEE = "party", _("Party committee (Đảng ủy)")
    FRONT = "mttq", _("Fatherland Front (MTTQ)")
    DEPARTMENT = "department", _("Department or agency")
    OUTSIDE = "outside", _("Outside body")


class DocumentFormat(models.TextChoices):
    STATE = "state", _("State (Decree 30/2020)")
    PARTY = "party", _("Party (Guide 36-HD/VPTW)")


class Organization(models.Model):
    ORG_LOOKUP = "pk"
    SECRETARY_READS_WHOLE = True

    Kind = OrganizationKind

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")
        OTHER = "other", _("Other")

    DocumentFormat = DocumentFormat

    name = models.CharField(_("name"), max_length=255)
    code = models.SlugField(
        _("code"), max_length=64, unique=True, help_text=_("Short unique code used in public addresses.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.COMMUNE)
    header_parent = models.CharField(
        _("governing body line"),
        max_length=255,
        blank=True,
        help_text=_("Printed above the issuer in the header, e.g. UBND HUYỆN KON PLÔNG."),
    )
    header_name = models.CharField(
        _("issuer lines"),
        max_length=255,
        help_text=_("The issuer as printed, one line per row, e.g. ỦY BAN NHÂN DÂN / XÃ VĨNH LÂM."),
    )
    abbreviation = models.CharField(
        _("symbol abbreviation"), max_length=32, help_text=_("Used in document symbols, e.g. UBND, HĐND, ĐU.")
    )
    place_name = models.CharField(
        _("place name"), max_length=128, help_text=_("Printed before the date, e.g. Vĩnh Lâm.")
    )
    document_format = models.CharField(
        _("document format"), max_length=8, choices=DocumentFormat.choices, default=DocumentFormat.STATE
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganizationKind.values),
                name="organization_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(document_format__in=DocumentFormat.values), name="organization_format_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def header_lines(self) -> list[str]:
        return [line.strip() for line in self.header_name.replace("/", "\n").splitlines() if line.strip()]

    @property
    def is_party(self) -> bool:
        return self.document_format == self.DocumentFormat.PARTY


class Role(models.TextChoices):
    STAFF = "staff", _("Office staff")
    LEADER = "leader", _("Leader")
    SECRETARY = "secretary", _("Secretary")
    AGENCY = "agency", _("Agency officer")
    SUPERVISOR = "supervisor", _("Supervisor (MTTQ)")
    ADMIN = "admin", _("Administrator")


# Roles that may change an organisation's data; supervisors only read.


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    position = models.CharField(
        _("position"), max_length=128, blank=True, help_text=_("e.g. Chủ tịch, Phó Chủ tịch, Chuyên viên.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_role_display()}"


class OverrideKind(models.TextChoices):
    DAY_OFF = "off", _("Day off")
    WORKING_DAY = "work", _("Working day")


class CalendarOverride(models.Model):
    """An official swap announced for a year: a weekday off, or a Saturday worked."""

    Kind = OverrideKind

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=OverrideKind.values), name="calendar_override_kind_valid")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · {self.get_kind_display()}"


class WorkerHeartbeat(models.Model):
    """The last time each Celery worker answered; /healthz reports its age."""

    name = models.CharField(max_length=128, unique=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.name


def private_storage():
    """The "private" storage (dialogue.storage): certificates, signature images, exports.

    A function, as the fields' `storage=` (and their migrations) name it; it returns a
    proxy that follows settings.STORAGES, so a deployment or test that switches to
    object storage is followed.
    """
    from .storage import private_storage as storage

    return storage


def certificate_path(instance, filename: str) -> str:
    # A random name: the organisation's code or the uploaded name would tell a
    # reader of the folder whose key is whose.
    return f"certificates/{uuid.uuid4().hex}.p12"


class SigningCertificate(models.Model):
    """An organisation's PKCS#12 file (key and certificate) that signs its issued PDFs.

    The public part (certificate and chain, PEM) is copied out at upload so that
    verifying a PDF never needs the password; the password is kept encrypted
    (dialogue.crypto). Old certificates stay: they identify the documents they signed.
    """

    ORG_LOOKUP = "organization"

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="signing_certificates"
    )
    pkcs12 = models.FileField(_("PKCS#12 file"), storage=private_storage, upload_to=certificate_path, max_length=255)
    password_encrypted = models.TextField(_("encrypted password"), editable=False)
    subject_cn = models.CharField(_("certificate holder"), max_length=255)
    issuer_cn = models.CharField(_("certificate issuer"), max_length=255, blank=True)
    serial_number = models.CharField(_("certificate serial number"), max_length=64)
    fingerprint_sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    certificate_pem = models.TextField(_("certificate and chain (PEM)"), editable=False)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    is_active = models.BooleanField(_("used for signing"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # Who switched which certificate on and off; the secret and the PEM stay out of the copies.
    history = HistoricalRecords(excluded_fields=["password_encrypted", "certificate_pem"])

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        ordering = ["organization__name", "-uploaded_at"]
        constraints = [
            # The one sign_pdf uses; older ones remain to recognise what they signed.
            models.UniqueConstraint(
                fields=["organization"], condition=models.Q(is_active=True), name="signing_certificate_one_active"
            ),
            models.CheckConstraint(
                condition=models.Q(not_after__gt=models.F("not_before")), name="signing_certificate_validity_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_cn} ({self.not_after:%d/%m/%Y})"


MAX_IMAGE_BYTES = 2 * 1024 * 1024


def validate_transparent_png(upload) -> None:
    """A PNG with an alpha channel: the seal and signature are printed over the text."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(_("The image must be at most 2 MB."), code="too_large")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            kind, mode, info, size = image.format, image.mode, image.info, image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("The file is not a readable PNG image."), code="not_png") from exc
    finally:
        upload.seek(0)
    if kind != "PNG":
        raise ValidationError(_("The file is not a readable PNG image."), code="not_png")
    if not (mode in {"RGBA", "LA", "PA"} or "transparency" in info):
        raise ValidationError(_("The PNG has no transparent background; export it with transparency."), code="opaque")
    if max(size) > 4000:
        raise ValidationError(_("The image is too large: at most 4000 pixels on a side."), code="too_large")


def asset_path(instance, filename: str) -> str:
    return f"signature-images/{uuid.uuid4().hex}.png"


class SignatureAssets(models.Model):
    """The images an organisation prints in the signature block of its issued documents.

    The seal is the organisation's; the signature image is one person's and
    prints only on documents that person signs (matched by the printed name),
    so a deputy's document never carries the head's signature.
    """

    ORG_LOOKUP = "organization"

    organization = models.OneToOneField(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="signature_assets"
    )
    seal_image = models.FileField(
        _("seal image (PNG)"), storage=private_storage, upload_to=asset_path, blank=True, max_length=255,
        validators=[validate_transparent_png],
    )
    signature_image = models.FileField(
        _("signature image (PNG)"), storage=private_storage, upload_to=asset_path, blank=True, max_length=255,
        validators=[validate_transparent_png],
    )
    signature_of = models.CharField(
        _("whose signature"),
        max_length=128,
        blank=True,
        help_text=_("The signer's name exactly as printed under the signature, e.g. Lê Đức Dũng."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signature and seal images")
        verbose_name_plural = _("signature and seal images")

    def __str__(self) -> str:
        return str(self.organization)


class SubmittedForm(models.Model):
    """A form that creates or issues something, by the one-time key it was rendered
    with (dialogue.idempotency). The unique key is what makes a double click, a
    browser retry and two concurrent requests of the same form do the work once:
    the first to insert the row does it, the others wait for `location` (where the
    result is) and are sent there."""

    key = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    path = models.CharField(max_length=500)
    # Empty while the first request runs; then the address of its result.
    location = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")

    def __str__(self) -> str:
        return f"{self.path} ({self.key})"


def export_path(instance, filename: str) -> str:
    return f"exports/{instance.created_at:%Y/%m}/{instance.key}.xlsx"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be built")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """A long list's Excel file, built in the background (dialogue.exports) for one user.

    The file lies in private storage and is handed only to the user who asked;
    the daily sweep (`dialogue.prune_exports`) removes jobs older than a week."""

    Status = ExportStatus

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=64)
    params = models.TextField(blank=True)
    title = models.CharField(_("list"), max_length=255)
    filename = models.CharField(max_length=255)
    status = models.CharField(_("status"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    expected_rows = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(storage=private_storage, upload_to=export_path, max_length=255, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Excel export")
        verbose_name_plural = _("Excel exports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ExportStatus.values), name="export_job_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.get_status_display()}"

    @property
    def is_done(self) -> bool:
        return self.status == ExportStatus.DONE and bool(self.file)
