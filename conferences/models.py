"""A HỘI NGHỊ: one session of a plan (or an extra, unplanned one) from the
window the plan wrote to the closed file.

The state moves only through conferences.services, one function per
transition, each writing a ConferenceTransition row (the page's history). The
people, invited groups and agenda are copies of the plan's records, so a
conference can be changed without touching the approved plan. Invitations,
attendance, speeches and minutes hang off Conference and ConferencePerson in
later models.
"""

import secrets
import string

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogue.access import ScopedQuerySet
from dialogue.models import Organization

PUBLIC_CODE_ALPHABET = string.ascii_lowercase + string.digits
PUBLIC_CODE_LENGTH = 16  # about 82 bits: not guessable, short enough to print in a QR code


def new_public_code() -> str:
    return "".join(secrets.choice(PUBLIC_CODE_ALPHABET) for _ in range(PUBLIC_CODE_LENGTH))


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SCHEDULED = "scheduled", _("Scheduled")
    ANNOUNCED = "announced", _("Announced")
    HELD = "held", _("Held")
    CONCLUDED = "concluded", _("Conclusion notice issued")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class ConferenceQuerySet(ScopedQuerySet):
    def public(self):
        """What the public portal and the iCal feeds may show: announced at some
        point (a conference cancelled after its announcement stays, as cancelled)."""
        return self.filter(announced_at__isnull=False)


class Conference(models.Model):
    ORG_LOOKUP = "organization"
    CONFERENCE_LOOKUP = "pk"

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="conferences"
    )
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conferences",
    )
    # Null for an extra conference (đột xuất) the plan did not foresee.
    session = models.ForeignKey(
        "plans.Session",
        verbose_name=_("plan session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conferences",
    )
    title = models.CharField(_("title"), max_length=255)
    window_text = models.CharField(
        _("time as the plan wrote it"), max_length=255, blank=True, help_text=_("e.g. 6 tháng đầu năm 2024.")
    )
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True, db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    audience = models.TextField(_("audience"), blank=True, help_text=_("Who the dialogue is with."))
    content = models.TextField(_("content"), blank=True, help_text=_("What the dialogue is about, as announced."))
    expected_attendance = models.PositiveIntegerField(_("expected attendance"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=ConferenceStatus.choices, default=ConferenceStatus.PLANNED
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    public_code = models.CharField(
        _("public code"), max_length=32, unique=True, default=new_public_code, editable=False
    )
    # Bumped on every change the public sees, as the iCal SEQUENCE.
    revision = models.PositiveIntegerField(default=0, editable=False)

    scheduled_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set once and kept: the public portal shows exactly the conferences with it.
    announced_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    short_notice = models.BooleanField(
        _("announced on short notice"), default=False, editable=False,
        help_text=_("Announced later than the plan's rule allows, after a warning."),
    )
    held_at = models.DateTimeField(null=True, blank=True, editable=False)
    concluded_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = [models.F("starts_at").asc(nulls_last=True), "planned_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ConferenceStatus.values), name="conference_status_valid"
            ),
            # One conference per session of a plan: creating them twice is a no-op.
            models.UniqueConstraint(
                fields=["session"], condition=models.Q(session__isnull=False), name="conference_one_per_session"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ConferenceStatus.CANCELLED) | ~models.Q(cancel_reason=""),
                name="conference_cancel_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[ConferenceStatus.PLANNED, ConferenceStatus.CANCELLED]) | models.Q(starts_at__isnull=False),
                name="conference_date_once_scheduled",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"]),
            # The public portal's and the iCal feed's query.
            models.Index(
                fields=["organization", "starts_at"],
                condition=models.Q(announced_at__isnull=False),
                name="conference_public_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_extra(self) -> bool:
        return self.session_id is None

    @property
    def is_public(self) -> bool:
        return self.announced_at is not None

    @property
    def is_cancelled(self) -> bool:
        return self.status == ConferenceStatus.CANCELLED

    @property
    def is_editable(self) -> bool:
        """The details, people, groups and agenda change until the conference is held."""
        return self.status in (ConferenceStatus.PLANNED, ConferenceStatus.SCHEDULED, ConferenceStatus.ANNOUNCED)

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at) if self.starts_at else None

    @property
    def day(self):
        """The day its time limits count from: the scheduled day, else the day the plan names."""
        start = self.local_start
        return start.date() if start else self.planned_date


class PersonRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")


class ConferencePerson(models.Model):
    """A chair or a secretary: a user of the system, or a named outsider.

    Later, invitations and attendance refer to conferences; these rows say who
    runs the conference and who may keep its minutes."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("role"), max_length=16, choices=PersonRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conference_roles",
    )
    name = models.CharField(_("full name"), max_length=255, blank=True, help_text=_("For someone without an account."))
    position = models.CharField(_("position"), max_length=500, blank=True, help_text=_("e.g. Chủ tịch UBND xã."))
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chair or secretary")
        verbose_name_plural = _("chairs and secretaries")
        ordering = ["role", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=PersonRole.values), name="conference_person_role_valid"),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(name="") | ~models.Q(position=""),
                name="conference_person_identified",
            ),
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return self.name


class GroupCategory(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants")
    INVITED = "invited", _("Invited")


class ConferenceGroup(models.Model):
    """A group asked to attend, with how many are expected (dự kiến 50 người)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="groups")
    category = models.CharField(
        _("category"), max_length=16, choices=GroupCategory.choices, default=GroupCategory.INVITED
    )
    text = models.TextField(_("attendee group"))
    expected_count = models.PositiveIntegerField(_("expected number"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invited group")
        verbose_name_plural = _("invited groups")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category__in=GroupCategory.values), name="conference_group_category_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class ConferenceAgendaItem(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("step"))
    presenter = models.CharField(_("presenter"), max_length=255, blank=True)
    minutes = models.PositiveIntegerField(_("planned minutes"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda step")
        verbose_name_plural = _("agenda steps")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class ConferenceTransition(models.Model):
    """One row per change of state: the conference's history, and later the
    outbox that announcements and reminders are delivered from."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=16, choices=ConferenceStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=ConferenceStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("conference transition")
        verbose_name_plural = _("conference transitions")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


# ---------------------------------------------------------------- the day: attendance, speeches, minutes


class Attendance(models.Model):
    """Someone checked in by name at the door."""

    ORG_LOOKUP = "conference__organization"
    CONFERENCE_LOOKUP = "conference"

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendances")
    name = models.CharField(_("full name"), max_length=255)
    unit = models.CharField(_("hamlet or unit"), max_length=255, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("checked in at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendee checked in")
        verbose_name_plural = _("attendees checked in")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.name


class DoorCount(models.Model):
    """People counted at the door without their names (a negative count corrects a slip)."""

    ORG_LOOKUP = "conference__organization"
    CONFERENCE_LOOKUP = "conference"

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="door_counts")
    count = models.IntegerField(_("number of people"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("counted at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("door count")
        verbose_name_plural = _("door counts")
        ordering = ["at", "id"]
        constraints = [models.CheckConstraint(condition=~models.Q(count=0), name="door_count_not_zero")]

    def __str__(self) -> str:
        return f"{self.count:+d}"


class Speech(models.Model):
    """One turn on the speakers list; `number` is what petitions cite (speech_number)."""

    ORG_LOOKUP = "conference__organization"
    CONFERENCE_LOOKUP = "conference"

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="speeches")
    number = models.PositiveIntegerField(_("number"))
    order = models.PositiveIntegerField(_("order"), default=0)
    speaker_name = models.CharField(_("speaker"), max_length=255)
    unit = models.CharField(_("hamlet or unit"), max_length=255, blank=True)
    topic = models.TextField(_("topic"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    answered_by = models.CharField(_("answered by"), max_length=255, blank=True)
    answer_summary = models.TextField(_("summary of the answer"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("speech")
        verbose_name_plural = _("speeches")
        ordering = ["order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "number"], name="speech_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.speaker_name}"

    @property
    def is_running(self) -> bool:
        return self.started_at is not None and self.ended_at is None


class SessionAction(models.Model):
    """The key a page sent with an action, so a retry after a dropped connection
    returns what the first try recorded instead of recording it twice."""

    key = models.UUIDField(unique=True)
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recorded action")
        verbose_name_plural = _("recorded actions")

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft minutes")
    APPROVED = "approved", _("Approved minutes")


class Minutes(models.Model):
    """The BIÊN BẢN: drafted from the records, edited by the secretary, approved by the chair."""

    ORG_LOOKUP = "conference__organization"
    CONFERENCE_LOOKUP = "conference"

    conference = models.OneToOneField(Conference, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(_("status"), max_length=16, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    opening = models.TextField(_("time and place of the opening"), blank=True)
    chairs = models.TextField(_("chaired by"), blank=True)
    secretaries = models.TextField(_("minutes taken by"), blank=True)
    attendance = models.TextField(_("attendance summary"), blank=True)
    content = models.TextField(_("proceedings"), blank=True)
    conclusions = models.TextField(_("the chair's conclusions"), blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conference minutes")
        verbose_name_plural = _("conference minutes")
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=MinutesStatus.values), name="minutes_status_valid"),
            models.CheckConstraint(
                condition=models.Q(status=MinutesStatus.DRAFT) | models.Q(approved_at__isnull=False),
                name="minutes_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Biên bản — {self.conference}"

    @property
    def is_approved(self) -> bool:
        return self.status == MinutesStatus.APPROVED


class Invitee(models.Model):
    """A person invited to a conference (GIẤY MỜI goes to them).

    Personal data: never shown on the public portal, in the iCal feeds or to
    anyone outside the conference's organisation."""

    ORG_LOOKUP = "conference__organization"
    CONFERENCE_LOOKUP = "conference"

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="invitees")
    group = models.ForeignKey(
        ConferenceGroup,
        verbose_name=_("invited group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitees",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    full_name = models.CharField(_("full name"), max_length=128)
    position = models.CharField(_("position or unit"), max_length=255, blank=True)
    hamlet = models.CharField(_("hamlet or village"), max_length=128, blank=True, help_text=_("Thôn, xóm, tổ dân phố."))
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # An invitation issued before this moment printed older details (invitations.invitation_batch_issue).
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["conference", "group"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def printed_address(self) -> str:
        """Position, unit and hamlet as the invitation names them."""
        return ", ".join(part for part in (self.position.strip(), self.hamlet.strip()) if part)


class InvitationBatch(models.Model):
    """An issued print run of invitations: the number, date and signature printed,
    and exactly who got one, so the same PDF can be printed again later."""

    ORG_LOOKUP = "conference__organization"
    CONFERENCE_LOOKUP = "conference"

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="invitation_batches")
    group = models.ForeignKey(
        ConferenceGroup, verbose_name=_("invited group"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    number = models.PositiveIntegerField(_("document number"), null=True, blank=True)
    issued_on = models.DateField(_("date issued"))
    invitees = models.ManyToManyField(Invitee, related_name="batches", blank=True)
    count = models.PositiveIntegerField(_("number of invitations"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The signature block as issued (a delegate signs "TL. CHỦ TỊCH" in their own name);
    # kept so a re-render in the background prints what was issued.
    signature_lines = models.TextField(_("signature lines"), blank=True)
    signer_name = models.CharField(_("signer"), max_length=128, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation batch")
        verbose_name_plural = _("invitation batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.conference} ({self.count})"


class InvitationDelegation(models.Model):
    """The head's written leave for someone to sign invitations on their behalf
    (TL. or TUQ.), recorded per organisation: without one, only a leader issues them."""

    ORG_LOOKUP = "organization"

    class Authority(models.TextChoices):
        TL = "TL", _("TL. (by order of)")
        TUQ = "TUQ", _("TUQ. (by authorisation)")

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="invitation_delegations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("delegate"), on_delete=models.CASCADE, related_name="+"
    )
    authority = models.CharField(_("authority"), max_length=4, choices=Authority.choices, default=Authority.TL)
    on_behalf_of = models.CharField(_("on behalf of"), max_length=128, help_text=_("e.g. CHỦ TỊCH"))
    position = models.CharField(_("delegate's position"), max_length=128, help_text=_("e.g. CHÁNH VĂN PHÒNG"))
    reference = models.CharField(
        _("delegating document"), max_length=255, blank=True, help_text=_("e.g. Quyết định số 12/QĐ-UBND ngày 05/01/2026")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("granted by"), on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation signing delegation")
        verbose_name_plural = _("invitation signing delegations")
        ordering = ["organization", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.authority}. {self.on_behalf_of} — {self.user}"

    def is_active(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)
