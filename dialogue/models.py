"""The shared core: organisations, who belongs to them, and the calendar overrides."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Organization(models.Model):
    ORG_LOOKUP = "pk"

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "ubnd", _("People's Committee (UBND)")
        PEOPLES_COUNCIL = "hdnd", _("People's Council (HĐND)")
        PARTY_COMMITTEE = "party", _("Party committee (Đảng ủy)")
        FRONT = "mttq", _("Fatherland Front (MTTQ)")
        DEPARTMENT = "department", _("Department or agency")
        OUTSIDE = "outside", _("Outside body")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")
        OTHER = "other", _("Other")

    class DocumentFormat(models.TextChoices):
        STATE = "state", _("State (Decree 30/2020)")
        PARTY = "party", _("Party (Guide 36-HD/VPTW)")

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
                condition=models.Q(kind__in=["ubnd", "hdnd", "party", "mttq", "department", "outside"]),
                name="organization_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(document_format__in=["state", "party"]), name="organization_format_valid"
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
WRITE_ROLES = frozenset({Role.STAFF, Role.LEADER, Role.SECRETARY, Role.ADMIN})


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


class CalendarOverride(models.Model):
    """An official swap announced for a year: a weekday off, or a Saturday worked."""

    class Kind(models.TextChoices):
        DAY_OFF = "off", _("Day off")
        WORKING_DAY = "work", _("Working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=["off", "work"]), name="calendar_override_kind_valid")
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
