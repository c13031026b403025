"""Deadlines the plans set, watched until they are met.

A Deadline row exists for each time limit that applies to a piece of work
(announce a conference, collect opinions, issue the conclusion notice, and for
each assignment: acknowledge, resolve, answer). Services create them as things
happen and close them when the work is done. The scanner (deadlines.scanner,
run by the `deadlines.scan` beat task) reads the two partial indexes below and
records each reminder and escalation once as a Notification row; delivery by
e-mail is a separate, retried step that reads those rows (the outbox).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .rules import RuleCode


class DeadlineState(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met on time")
    LATE = "late", _("Met late")
    CANCELLED = "cancelled", _("Cancelled")


class Deadline(models.Model):
    # The office that owns the work sees its deadlines; an agency also sees the
    # rows where it is the one responsible (see deadlines.selectors).
    ORG_LOOKUP = "organization"
    CONFERENCE_LOOKUP = ('conference', 'notice__conference', 'assignment__petition__conference')

    # A deadline watches the work its rule names.
    Kind = RuleCode

    State = DeadlineState

    kind = models.CharField(_("kind of deadline"), max_length=16, choices=Kind.choices)
    rule_code = models.CharField(
        _("plan rule"), max_length=32, blank=True,
        help_text=_("The code of the plan's deadline rule this date comes from; empty for the built-in default."),
    )
    # No single-column indexes on these two: the (organisation|responsible, state,
    # due_on) indexes below start with them, and every index is one more write
    # for each row the scanner marks.
    organization = models.ForeignKey(
        "dialogue.Organization", verbose_name=_("owning organisation"), on_delete=models.CASCADE, related_name="+",
        db_index=False,
    )
    responsible = models.ForeignKey(
        "dialogue.Organization", verbose_name=_("responsible organisation"), on_delete=models.CASCADE, related_name="+",
        db_index=False,
    )
    conference = models.ForeignKey(
        "conferences.Conference", verbose_name=_("conference"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="deadlines",
    )
    notice = models.ForeignKey(
        "petitions.ConclusionNotice", verbose_name=_("conclusion notice"), on_delete=models.CASCADE, null=True,
        blank=True, related_name="deadlines",
    )
    assignment = models.ForeignKey(
        "petitions.Assignment", verbose_name=_("assignment"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="deadlines",
    )
    # The date the count starts from (the conference day, the notice's date...),
    # kept so a rule or calendar change can recompute the date.
    anchor_on = models.DateField(_("counted from"), null=True, blank=True)
    # True when the date was set by hand (an extension, a date named in the
    # conclusion): rule and calendar changes then leave it alone.
    fixed = models.BooleanField(_("date set explicitly"), default=False)
    due_on = models.DateField(_("due on"))
    remind_on = models.DateField(_("remind on"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=DeadlineState.values), name="deadline_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=RuleCode.values),
                name="deadline_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(state=DeadlineState.OPEN) | models.Q(state=DeadlineState.CANCELLED) | models.Q(closed_on__isnull=False),
                name="deadline_closed_has_date",
            ),
        ]
        indexes = [
            # Due-soon work not yet reminded: read by deadlines.scanner.scan (beat task deadlines.scan).
            models.Index(
                fields=["remind_on"], condition=models.Q(state="open", reminded_at__isnull=True),
                name="deadline_remind_idx",
            ),
            # Late work not yet escalated: read by deadlines.scanner.scan (beat task deadlines.scan).
            models.Index(
                fields=["due_on"], condition=models.Q(state="open", escalated_at__isnull=True),
                name="deadline_escalate_idx",
            ),
            # The dashboard's and the lists' reads: by owner or responsible, state and date.
            models.Index(fields=["organization", "state", "due_on"], name="deadline_org_state_idx"),
            models.Index(fields=["responsible", "state", "due_on"], name="deadline_resp_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.due_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class DeadlineChange(models.Model):
    """Each move of a deadline's date: an extension, a re-scheduled conference, a rule or calendar change."""

    ORG_LOOKUP = "deadline__organization"
    CONFERENCE_LOOKUP = ('deadline__conference', 'deadline__notice__conference', 'deadline__assignment__petition__conference')

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="changes")
    old_due_on = models.DateField(_("previous due date"))
    new_due_on = models.DateField(_("new due date"))
    reason = models.CharField(_("reason for the change"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deadline change")
        verbose_name_plural = _("deadline changes")
        ordering = ["deadline", "at", "id"]

    def __str__(self) -> str:
        return f"{self.old_due_on:%d/%m/%Y} → {self.new_due_on:%d/%m/%Y}"


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", _("Deadline reminder")
    ESCALATION = "escalation", _("Late work escalation")


class Notification(models.Model):
    """One message to one user about one deadline: the history and the outbox.

    Created once per due date (the unique constraint) in the transaction that claims the
    deadline; e-mailed by deadlines.notifications.deliver until emailed_at is set.
    """

    Kind = NotificationKind

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deadline_notifications")
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind of notification"), max_length=16, choices=Kind.choices)
    # The due date the message speaks of: a deadline moved later (an extension)
    # is reminded and escalated again for its new date, still once per date.
    due_on = models.DateField(_("due on"))
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    # Set when the user takes the daily digest: the digest task sends it instead.
    digest = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "user", "kind", "due_on"], name="notification_once"),
            models.CheckConstraint(condition=models.Q(kind__in=NotificationKind.values), name="notification_kind_valid"),
        ]
        indexes = [
            # Not yet e-mailed, one at a time: read by deadlines.notifications.deliver (task deadlines.deliver).
            models.Index(
                fields=["created_at"], condition=models.Q(emailed_at__isnull=True, digest=False),
                name="notification_outbox_idx",
            ),
            # Waiting for the digest: read by deadlines.notifications.send_digests (beat task deadlines.digest).
            models.Index(
                fields=["user"], condition=models.Q(emailed_at__isnull=True, digest=True),
                name="notification_digest_idx",
            ),
            # The bell's unread count.
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.deadline}"


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("One e-mail per reminder")
    DIGEST = "digest", _("One daily digest e-mail")


class NotificationPreference(models.Model):
    Delivery = Delivery

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deadline_preference"
    )
    delivery = models.CharField(
        _("e-mail delivery"), max_length=12, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    last_digest_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.CheckConstraint(condition=models.Q(delivery__in=Delivery.values), name="preference_delivery_valid")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_delivery_display()}"

