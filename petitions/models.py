"""KIẾN NGHỊ: a citizen's petition from whichever door it came in, the chair's
conclusion on it, the agency it was assigned to, the agency's written answers
and the office's review of them.

State moves only through petitions.services. Each step writes PetitionEvent
rows: the table is the history staff read and, through its `public` flag,
exactly what the public status page shows, so the page needs the petition and
its public events and nothing else. The petitioner's contact details live on
Petition and never reach a public template (public_views reads named columns).

Duplicates are grouped under a lead petition: the conclusion, assignment and
answers are recorded on the lead and mirrored (status and events) to every
member, so one answer serves all.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogue import clock, phones
from dialogue.access import ScopedQuerySet
from dialogue.codes import CODE_MAX_LENGTH, new_code
from dialogue.letterhead import document_number
from dialogue.models import Organization
from dialogue.text import fold, short_name

CONTENT_MAX_LENGTH = 5000


class Field(models.Model):
    """A lĩnh vực. Rows without an organisation are the shared list every
    organisation starts with; an organisation may add its own."""

    ORG_LOOKUP = "organization"

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="petition_fields",
        help_text=_("Empty for the list shared by every organisation."),
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="petition_field_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Source(models.TextChoices):
    ONLINE = "online", _("Registered online")
    SLIP = "slip", _("Paper registration slip")
    CONFERENCE = "conference", _("Raised at the conference")
    FRONT = "front", _("Compiled by the Fatherland Front")
    WRITING = "writing", _("Received in writing")


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class PetitionStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Assigned to an agency")
    IN_REVIEW = "in_review", _("Answer under review")
    # The office accepted the final answer; its conference releases answers together (petitions.publication).
    TO_PUBLISH = "to_publish", _("Answer accepted, to be published")
    RESOLVED = "resolved", _("Resolved")
    REFERRED = "referred", _("Referred to a higher authority")
    REOPENED = "reopened", _("Reopened: citizen not satisfied")


# Registrations made before the conference (online, or on the invitation's paper slip):
# the secretary's speakers list offers them in registration order (petitions.day).
REGISTERED_IN_ADVANCE = (Source.ONLINE, Source.SLIP)

# States in which the chair's conclusion may (again) be recorded.
CONCLUDABLE = (PetitionStatus.REGISTERED, PetitionStatus.REOPENED)


class Feedback(models.TextChoices):
    NONE = "", _("(none)")
    SATISFIED = "satisfied", _("Satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class PetitionQuerySet(ScopedQuerySet):
    pass


class PetitionGroup(models.Model):
    """Petitions about the same matter: one conclusion and one answer serve all."""

    ORG_LOOKUP = "organization"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="petition_groups")
    lead = models.OneToOneField(
        "Petition", verbose_name=_("lead petition"), on_delete=models.PROTECT, related_name="led_group"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group of petitions")
        verbose_name_plural = _("groups of petitions")

    def __str__(self) -> str:
        return f"#{self.pk} · {self.lead.tracking_code}"


STATUS_LABELS = dict(PetitionStatus.choices)


class Petition(models.Model):
    ORG_LOOKUP = "organization"
    CONFERENCE_LOOKUP = "conference"

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="petitions"
    )
    conference = models.ForeignKey(
        "conferences.Conference",
        verbose_name=_("conference"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
    )
    # The speaker's turn in the conference's speakers list; becomes a foreign
    # key when the speakers list has its own model.
    speech_number = models.PositiveIntegerField(_("speech number"), null=True, blank=True)
    tracking_code = models.CharField(
        _("tracking code"), max_length=CODE_MAX_LENGTH, unique=True, default=new_code, editable=False
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=PetitionStatus.choices, default=PetitionStatus.REGISTERED
    )
    field = models.ForeignKey(
        Field, verbose_name=_("field"), on_delete=models.PROTECT, null=True, blank=True, related_name="petitions"
    )
    content = models.TextField(_("content"), validators=[MaxLengthValidator(CONTENT_MAX_LENGTH)])
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    received_on = models.DateField(_("received on"), default=timezone.localdate)

    # The petitioner: private, shown to the office and the assigned agency only.
    petitioner_name = models.CharField(_("full name"), max_length=120)
    petitioner_address = models.CharField(_("hamlet or address"), max_length=255, blank=True)
    petitioner_phone = models.CharField(_("phone"), max_length=20, blank=True)
    petitioner_email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    # The citizen asked, on the public form, to be told of each step by e-mail
    # (petitions.citizen); the link in every message turns it off.
    email_updates = models.BooleanField(_("sends updates by e-mail"), default=False)

    # Whether the tracking code may be looked up on the public page; turned off
    # for a sensitive petition, which then answers like an unknown code.
    is_public = models.BooleanField(
        _("may be looked up by its code"), default=True,
        help_text=_("Turn off for a sensitive petition: its code then finds nothing."),
    )
    group = models.ForeignKey(
        PetitionGroup,
        verbose_name=_("group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )

    feedback = models.CharField(_("citizen's feedback"), max_length=12, choices=Feedback.choices, blank=True)
    feedback_comment = models.TextField(_("feedback comment"), blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Accent-free keys for duplicate detection (dialogue.text.fold), kept in step by
    # save(): however the name or the hamlet was typed (NFD, old tone placement,
    # "d" for "đ", case, spaces), the same person has the same keys.
    name_key = models.CharField(max_length=120, blank=True, editable=False, db_index=True)
    address_key = models.CharField(max_length=255, blank=True, editable=False)
    phone_key = models.CharField(max_length=20, blank=True, editable=False, db_index=True)
    content_key = models.TextField(blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=PetitionStatus.values), name="petition_status_valid"),
            models.CheckConstraint(condition=models.Q(source__in=Source.values), name="petition_source_valid"),
            models.CheckConstraint(condition=models.Q(priority__in=Priority.values), name="petition_priority_valid"),
            models.CheckConstraint(condition=models.Q(feedback__in=Feedback.values), name="petition_feedback_valid"),
            models.CheckConstraint(condition=~models.Q(content=""), name="petition_has_content"),
            models.CheckConstraint(condition=~models.Q(petitioner_name=""), name="petition_has_petitioner"),
        ]
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["organization", "conference"]),
            # The GeoReport search (open311.selectors.public_requests): public petitions
            # by date, newest first, of one organisation or of all.
            models.Index(
                fields=["organization", "-created_at"], condition=models.Q(is_public=True),
                name="petition_public_org_created",
            ),
            models.Index(fields=["-created_at"], condition=models.Q(is_public=True), name="petition_public_created"),
            # The public archive of answered petitions (home.front_selectors): an organisation's
            # resolved petitions, newest first, read a page at a time without sorting the table.
            models.Index(
                fields=["organization", "status", "-received_on", "-id"], name="petition_archive_idx"
            ),
            # The office's list (petitions.selectors.petitions_for_user): an organisation's
            # petitions in the model's order, a page being a range of this index.
            models.Index(fields=["organization", "-created_at", "-id"], name="petition_org_created_idx"),
            # The report's roll-up (reports.figures.petitions_in): the petitions received in a
            # period by a province's or district's organisations, without reading their other years.
            models.Index(fields=["organization", "received_on"], name="petition_rollup_received_idx"),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    def get_status_display(self) -> str:
        # Django's own rebuilds and hashes every choice's lazy label on each call; the
        # status badge is on every list row and status page.
        return str(STATUS_LABELS.get(self.status, self.status))

    def save(self, *args, **kwargs):
        self.name_key = fold(self.petitioner_name)[:120]
        self.phone_key = phones.phone_key(self.petitioner_phone)[:20]
        self.content_key = fold(self.content)
        self.address_key = fold(self.petitioner_address)[:255]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"], "name_key", "phone_key", "content_key", "address_key", "updated_at"
            }
        super().save(*args, **kwargs)

    @property
    def short_name(self) -> str:
        return short_name(self.petitioner_name)

    @property
    def is_lead(self) -> bool:
        return self.group_id is None or self.group.lead_id == self.pk

    @property
    def registered_in_advance(self) -> bool:
        return self.source in REGISTERED_IN_ADVANCE


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("Answered at the conference")
    ASSIGNED = "assigned", _("Assigned to an agency")
    REFERRED = "referred", _("Referred to a higher authority")
    IN_WRITING = "in_writing", _("Outside the conference's scope: to be answered in writing")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the leader")
    APPROVED = "approved", _("Approved")
    ISSUED = "issued", _("Issued")


class ConclusionNotice(models.Model):
    """The THÔNG BÁO kết luận of one conference: groups its conclusions. Its
    printed document and issuing are built later; the rows exist now so each
    conclusion knows its notice."""

    ORG_LOOKUP = "conference__organization"
    CONFERENCE_LOOKUP = "conference"

    Status = NoticeStatus

    conference = models.ForeignKey(
        "conferences.Conference", verbose_name=_("conference"), on_delete=models.PROTECT, related_name="notices"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    opening_text = models.TextField(_("opening text"), blank=True)
    general_conclusions = models.TextField(_("general conclusions"), blank=True)
    # The printed document (petitions.notice_documents); edited through petitions.notices.
    # The number is drawn from the issuer's TB series of the year when the notice is issued.
    issuer = models.ForeignKey(
        Organization, verbose_name=_("issuer"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    symbol = models.CharField(_("symbol abbreviation"), max_length=32, blank=True)
    place = models.CharField(_("place"), max_length=128, blank=True)
    subject = models.TextField(_("subject line"), blank=True)
    closing = models.TextField(_("closing"), blank=True)
    recipients = models.TextField(_("other recipients"), blank=True)
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
    sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def symbol_display(self, is_party: bool | None = None) -> str:
        """"Số: 05/TB-UBND" (state) or "Số 05-TB/ĐU" (party); blanks while unnumbered."""
        organization = self.conference.organization
        return document_number(
            self.number, "TB", self.symbol or organization.abbreviation,
            party=organization.is_party if is_party is None else is_party,
        )

    class Meta:
        verbose_name = _("conclusion notice")
        verbose_name_plural = _("conclusion notices")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=NoticeStatus.values),
                name="conclusion_notice_status_valid",
            ),
            models.UniqueConstraint(
                fields=["issuer", "year", "number"],
                condition=models.Q(number__isnull=False),
                name="conclusion_notice_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conference} · {self.get_status_display()}"


class NoticeTransition(models.Model):
    """One step of a conclusion notice (drafted, submitted, approved, issued…): the notice page's history."""

    ORG_LOOKUP = "notice__conference__organization"
    CONFERENCE_LOOKUP = "notice__conference"

    notice = models.ForeignKey(ConclusionNotice, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("conclusion notice step")
        verbose_name_plural = _("conclusion notice steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.notice_id}: {self.from_status} → {self.to_status}"


class Conclusion(models.Model):
    """The chair's direction on one petition. Recorded by the leader it takes
    effect at once; drafted by staff it waits for the leader's approval."""

    ORG_LOOKUP = "petition__organization"
    CONFERENCE_LOOKUP = "petition__conference"

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="conclusions")
    notice = models.ForeignKey(
        ConclusionNotice, on_delete=models.SET_NULL, null=True, blank=True, related_name="conclusions"
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    direction = models.TextField(_("chair's direction"), blank=True, validators=[MaxLengthValidator(CONTENT_MAX_LENGTH)])
    answer = models.TextField(
        _("answer given at the conference"), blank=True, validators=[MaxLengthValidator(CONTENT_MAX_LENGTH)]
    )
    agency = models.ForeignKey(
        Organization, verbose_name=_("agency"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(outcome__in=Outcome.values), name="conclusion_outcome_valid"),
            models.CheckConstraint(
                condition=~models.Q(outcome="answered") | ~models.Q(answer=""), name="conclusion_answer_given"
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="assigned") | models.Q(agency__isnull=False, due_on__isnull=False),
                name="conclusion_assignment_complete",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="referred") | ~models.Q(referred_to=""), name="conclusion_referral_named"
            ),
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class AssignmentStatus(models.TextChoices):
    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ANSWERED = "answered", _("Answer under review")
    CLOSED = "closed", _("Closed")


OPEN_ASSIGNMENT = (AssignmentStatus.NEW, AssignmentStatus.ACKNOWLEDGED, AssignmentStatus.ANSWERED)


def inbox_order() -> tuple:
    """The agency inbox's order: not yet acknowledged first, then by deadline (what needs
    doing now is on top). The index `assignment_inbox_idx` is built on exactly these
    expressions after the agency, so an agency's page is a range of that index."""
    urgency = models.Case(
        models.When(status=AssignmentStatus.NEW, then=models.Value(0)),
        models.When(status=AssignmentStatus.ACKNOWLEDGED, then=models.Value(1)),
        models.When(status=AssignmentStatus.ANSWERED, then=models.Value(2)),
        default=models.Value(3), output_field=models.IntegerField(),
    )
    return urgency, Coalesce("extended_to", "due_on"), models.F("id")


class AssignmentQuerySet(ScopedQuerySet):
    def open(self):
        return self.exclude(status=AssignmentStatus.CLOSED)


class Assignment(models.Model):
    """A petition given to an agency to answer by a date."""

    # Agencies reach their inbox through this: dialogue.access.scope(..., roles=[AGENCY]).
    ORG_LOOKUP = "agency"

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="assignments")
    conclusion = models.OneToOneField(
        Conclusion, on_delete=models.PROTECT, null=True, blank=True, related_name="assignment"
    )
    agency = models.ForeignKey(
        Organization, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="petition_assignments"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AssignmentStatus.choices, default=AssignmentStatus.NEW
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    # The deadlines the reminder scanner (issue 6) will read; see the partial index.
    acknowledge_due_on = models.DateField(_("acknowledge by"), null=True, blank=True)
    due_on = models.DateField(_("deadline"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    extended_to = models.DateField(_("extended to"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=AssignmentStatus.values), name="assignment_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(extended_to__isnull=True) | ~models.Q(extension_reason=""),
                name="assignment_extension_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(models.F("agency"), *inbox_order(), name="assignment_inbox_idx"),
            # Open work by deadline: read by the deadline scanner (issue 6).
            models.Index(
                fields=["due_on"], condition=~models.Q(status="closed"), name="assignment_open_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition} → {self.agency}"

    @property
    def effective_due_on(self):
        return self.extended_to or self.due_on

    @property
    def is_overdue(self) -> bool:
        return self.status != AssignmentStatus.CLOSED and self.effective_due_on < clock.today()


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


def response_upload_to(instance, filename: str) -> str:
    # A random folder: an unpublished answer's file must not be reachable by
    # guessing its path if the media folder is ever served directly.
    return f"petitions/responses/{timezone.now():%Y/%m}/{uuid.uuid4().hex}/{filename}"


class Response(models.Model):
    """The agency's written answer. Public only once the office has accepted it."""

    ORG_LOOKUP = "assignment__petition__organization"
    CONFERENCE_LOOKUP = "assignment__petition__conference"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="responses")
    text = models.TextField(_("answer"), validators=[MaxLengthValidator(CONTENT_MAX_LENGTH)])
    attachment = models.FileField(_("attachment"), upload_to=response_upload_to, blank=True, max_length=255)
    is_final = models.BooleanField(
        _("the matter is resolved"), default=True,
        help_text=_("Untick for an interim answer, e.g. a report on the verification under way."),
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    review_status = models.CharField(
        _("review"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("written answer")
        verbose_name_plural = _("written answers")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_status__in=ReviewStatus.values), name="response_review_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | models.Q(review_status="accepted"),
                name="response_published_only_accepted",
            ),
            models.CheckConstraint(
                condition=~models.Q(review_status="returned") | ~models.Q(review_comment=""),
                name="response_return_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.submitted_at:%d/%m/%Y}"


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    GROUPED = "grouped", _("Grouped with similar petitions")
    CONCLUSION_DRAFTED = "conclusion_drafted", _("Conclusion drafted")
    CONCLUSION_RETURNED = "conclusion_returned", _("Conclusion returned by the leader")
    CONCLUDED = "concluded", _("Concluded by the chair")
    ANSWERED_AT_CONFERENCE = "answered_at_conference", _("Answered at the conference")
    ASSIGNED = "assigned", _("Assigned to an agency")
    REFERRED = "referred", _("Referred to a higher authority")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged by the agency")
    EXTENDED = "extended", _("Deadline extended")
    ANSWER_SUBMITTED = "answer_submitted", _("Answer submitted for review")
    ANSWER_RETURNED = "answer_returned", _("Answer returned to the agency")
    ANSWERED = "answered", _("Answered in writing")
    RESOLVED = "resolved", _("Resolved")
    FEEDBACK = "feedback", _("Citizen's feedback")
    REOPENED = "reopened", _("Reopened")


class PetitionEvent(models.Model):
    """One step in a petition's life. `public` rows are what the citizen sees;
    their `text`, `agency_name` and `date` are written for the public."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=24, choices=EventKind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    public = models.BooleanField(default=False)
    agency_name = models.CharField(_("agency"), max_length=255, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    # An accepted answer's attachment, downloadable from the public page.
    response = models.ForeignKey(Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("petition event")
        verbose_name_plural = _("petition events")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=EventKind.values), name="petition_event_kind_valid"),
        ]
        indexes = [
            models.Index(fields=["petition", "public", "at"]),
            # How each petition ended, read by the report's roll-up (reports.figures.classify_petitions)
            # for a whole province's period: from the index alone, not the table of every event.
            models.Index(
                fields=["petition"], include=["kind", "at"],
                condition=models.Q(kind__in=[
                    EventKind.ANSWERED_AT_CONFERENCE, EventKind.REFERRED, EventKind.RESOLVED,
                ]),
                name="petition_event_outcome_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition} · {self.get_kind_display()}"


class AnswerPolicy(models.Model):
    """How a conference's accepted written answers reach the public: each as soon
    as the office accepts it (no row, or `hold` off: the default), or held and
    released together with a summary of the conference's results
    (petitions.publication). The change history records who chose what, when."""

    ORG_LOOKUP = "conference__organization"
    CONFERENCE_LOOKUP = "conference"

    conference = models.OneToOneField(
        "conferences.Conference", verbose_name=_("conference"), on_delete=models.CASCADE,
        related_name="answer_policy",
    )
    hold = models.BooleanField(
        _("hold accepted answers and publish them together"), default=False,
        help_text=_("Off: each answer is published when the office accepts it."),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    @staticmethod
    def holds_answers_of(petition) -> bool:
        """Whether an answer accepted now on `petition` waits for its conference's release
        (petitions.publication); no query for a petition without a conference."""
        if petition.conference_id is None:
            return False
        return AnswerPolicy.objects.filter(conference_id=petition.conference_id, hold=True).exists()

    class Meta:
        verbose_name = _("publication of a conference's answers")
        verbose_name_plural = _("publication of conferences' answers")

    def __str__(self) -> str:
        return f"{self.conference} · {'hold' if self.hold else 'each'}"


class AnswerRelease(models.Model):
    """One release of a conference's held answers: who released how many, when, and
    the conference's results as they stood then (the summary the public archive
    shows). Written once by petitions.publication.release_answers."""

    ORG_LOOKUP = "conference__organization"
    CONFERENCE_LOOKUP = "conference"

    conference = models.ForeignKey(
        "conferences.Conference", verbose_name=_("conference"), on_delete=models.PROTECT,
        related_name="answer_releases",
    )
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(_("released at"), default=timezone.now)
    answers = models.PositiveIntegerField(_("answers published"))
    summary = models.TextField(
        _("summary of the results"), blank=True, validators=[MaxLengthValidator(CONTENT_MAX_LENGTH)]
    )
    # The conference's petitions when the answers were released.
    petitions = models.PositiveIntegerField(_("petitions"))
    answered_at_conference = models.PositiveIntegerField(_("answered at the conference"))
    answered_in_writing = models.PositiveIntegerField(_("answered in writing"))
    referred = models.PositiveIntegerField(_("referred to a higher authority"))
    in_progress = models.PositiveIntegerField(_("still being handled"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("release of answers")
        verbose_name_plural = _("releases of answers")
        ordering = ["-released_at", "-id"]
        indexes = [models.Index(fields=["conference", "-released_at"], name="answer_release_conf_idx")]

    def __str__(self) -> str:
        return f"{self.conference} · {self.released_at:%d/%m/%Y} · {self.answers}"


class CitizenMessageKind(models.TextChoices):
    RECEIVED = "received", _("Petition received")
    ASSIGNED = "assigned", _("Petition assigned")
    EXTENDED = "extended", _("Deadline extended")
    ANSWERED = "answered", _("Petition answered")
    CLOSED = "closed", _("Petition closed")
    REFERRED = "referred", _("Petition referred")


class CitizenMessage(models.Model):
    """One e-mail to the citizen who asked for news of their petition: the history
    and the outbox (a citizen is not a user, so not the users' Notification).

    Written by petitions.citizen in the transaction that records the public event,
    once per (petition, kind, event) under citizen_message_once; its words are kept
    as written then. E-mailed by petitions.citizen.deliver until emailed_at is set;
    a failure is counted and tried again by the next run."""

    ORG_LOOKUP = "petition__organization"

    Kind = CitizenMessageKind

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="citizen_messages")
    kind = models.CharField(_("kind of message"), max_length=12, choices=Kind.choices)
    # The public event the message tells of: its key.
    event = models.ForeignKey(PetitionEvent, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(_("e-mail subject"), max_length=255)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("message to the citizen")
        verbose_name_plural = _("messages to citizens")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "kind", "event"], name="citizen_message_once"),
            models.CheckConstraint(condition=models.Q(kind__in=CitizenMessageKind.values), name="citizen_message_kind_valid"),
        ]
        indexes = [
            # Not yet e-mailed: read by petitions.citizen.deliver (task petitions.citizen_deliver).
            models.Index(fields=["created_at"], condition=models.Q(emailed_at__isnull=True), name="citizen_message_outbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} · {self.get_kind_display()}"
