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
    # What happened in the work, told by the domain apps through deadlines.outbox.notify.
    PLAN_SUBMITTED = "plan_submitted", _("Plan submitted for approval")
    PLAN_RETURNED = "plan_returned", _("Plan returned")
    PLAN_APPROVED = "plan_approved", _("Plan approved")
    PLAN_ISSUED = "plan_issued", _("Plan issued")
    CONCLUSION_PENDING = "conclusion_pending", _("Conclusion awaiting approval")
    NOTICE_ISSUED = "notice_issued", _("Conclusion notice issued")
    ASSIGNMENT_MADE = "assignment_made", _("Petition assigned")
    EXTENSION_REQUESTED = "extension_requested", _("Deadline extension")
    ANSWER_SUBMITTED = "answer_submitted", _("Answer submitted for review")
    ANSWER_RETURNED = "answer_returned", _("Answer returned")
    CITIZEN_UNSATISFIED = "citizen_unsatisfied", _("Citizen not satisfied")


# The kinds the scanner writes about a deadline; every other kind is an event the work told.
DEADLINE_KINDS = (NotificationKind.REMINDER, NotificationKind.ESCALATION)


class Notification(models.Model):
    """One message to one user: the history, the bell and the outbox.

    Two sources write rows. The scanner writes a reminder or an escalation about a
    deadline, once per due date (notification_once), in the transaction that claims
    the deadline. The domain apps write what happened in the work (a plan submitted,
    an answer returned...) through deadlines.outbox.notify, once per event key and
    user (notification_event_once), in the transaction of the work itself; such a row
    carries its own title, body and link, written when it happened. Either is
    e-mailed by deadlines.notifications.deliver (or the digest) until emailed_at is set.
    """

    Kind = NotificationKind

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deadline_notifications")
    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    kind = models.CharField(_("kind of notification"), max_length=24, choices=Kind.choices)
    # The due date the message speaks of: a deadline moved later (an extension)
    # is reminded and escalated again for its new date, still once per date.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # An event of the work: its key ("plan-transition:12", "response:7:returned"),
    # and what to say, kept as it was said (the work may change afterwards).
    event = models.CharField(_("event"), max_length=100, blank=True)
    title = models.CharField(_("notification title"), max_length=255, blank=True)
    body = models.TextField(_("text"), blank=True)
    # A path on this site ("/ke-hoach/12/"); e-mails put SITE_URL before it.
    url = models.CharField(_("link"), max_length=500, blank=True)
    # A file in the default storage sent with the e-mail (an issued notice's PDF), and its name in the mail.
    attachment = models.CharField(_("attached file"), max_length=255, blank=True)
    attachment_name = models.CharField(max_length=120, blank=True)
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
            models.UniqueConstraint(
                fields=["user", "kind", "event"], condition=models.Q(deadline__isnull=True),
                name="notification_event_once",
            ),
            models.CheckConstraint(condition=models.Q(kind__in=NotificationKind.values), name="notification_kind_valid"),
            # A reminder or an escalation names its deadline and date; an event names its key.
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=DEADLINE_KINDS, deadline__isnull=False, due_on__isnull=False)
                    | (~models.Q(kind__in=DEADLINE_KINDS) & models.Q(deadline__isnull=True) & ~models.Q(event=""))
                ),
                name="notification_deadline_or_event",
            ),
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
        if self.deadline_id is None:
            return f"{self.get_kind_display()} · {self.title}"
        return f"{self.get_kind_display()} · {self.deadline}"

    @property
    def is_deadline(self) -> bool:
        return self.kind in DEADLINE_KINDS


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("One e-mail per notification")
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

