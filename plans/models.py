"""A KẾ HOẠCH: its header and signature, its printed outline, and the structured
records (sessions, chairs, attendee groups, agenda, responsibilities, deadline
rules, recipients) that conferences and deadlines are built from.

The printed body is an outline: sections (I., II.) hold parts (1., 2.) that hold
items (paragraphs, "-", "+", "*"). The renderer numbers them; users never type
numbers or bullets. An item may be an *anchor*: instead of its own text it
prints one of the structured lists at that place (the sessions, the chairs,
the agenda…), so the printed plan and the records the system acts on can never
disagree. Deadline rules print wherever an item's text says [[code]].
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from deadlines.rules import Anchor, DayType, law_phrases, phrase
from dialogue.access import ScopedQuerySet
from dialogue.letterhead import Authority, document_number, signature_block_lines
from dialogue.models import Organization
from dialogue.wording import capitalize_first

RULE_TOKEN = re.compile(r"\[\[([a-z0-9_]+)\]\]")
# Anything still written as a token, even one RULE_TOKEN does not take
# ("[[ Answer ]]" from a Word import): never printed as typed.
ANY_TOKEN = re.compile(r"\[\[([^\[\]]*)\]\]")
# What an unknown token prints as: a phrase that still reads in its sentence
# ("chậm nhất không quá thời hạn quy định").
UNKNOWN_RULE_PHRASE = "thời hạn quy định"


def fill_rule_tokens(text: str, phrases: dict[str, str]) -> str:
    """`text` with each [[code]] replaced by its rule's printed phrase ("30 ngày").

    For every text that leaves the plan (a conference's content, audience,
    agenda, a public page, a feed): a token is the plan's way of writing a time
    limit, never something a reader should see. A code the plan does not define
    takes the law's default if there is one, otherwise a neutral phrase.
    """
    if not text or "[[" not in text:
        return text

    def phrase(match) -> str:
        code = match.group(1).strip().lower()
        return phrases.get(code) or law_phrases().get(code) or UNKNOWN_RULE_PHRASE

    return ANY_TOKEN.sub(phrase, text)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned with comments")
    APPROVED = "approved", _("Approved")
    ISSUED = "issued", _("Issued")


class PlanQuerySet(ScopedQuerySet):
    def documents(self):
        return self.filter(is_template=False)

    def templates(self):
        return self.filter(is_template=True)


class Plan(models.Model):
    ORG_LOOKUP = "issuer"

    issuer = models.ForeignKey(
        Organization, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="plans", null=True, blank=True
    )
    year = models.PositiveIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)

    # The header, copied from the issuer when the plan is created and editable.
    header_parent = models.CharField(_("governing body line"), max_length=255, blank=True)
    header_issuer = models.CharField(
        _("issuer lines"), max_length=255, blank=True, help_text=_("One line per row, as printed.")
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    symbol = models.CharField(
        _("symbol abbreviation"),
        max_length=32,
        blank=True,
        help_text=_("The issuer part of the symbol, e.g. UBND (Số: 12/KH-UBND) or ĐU (Số 12-KH/ĐU)."),
    )
    place = models.CharField(_("place"), max_length=128, blank=True)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)

    document_name = models.CharField(_("document name"), max_length=64, default="KẾ HOẠCH")
    subject = models.TextField(_("subject line"), help_text=_("The line under the document name (trích yếu)."))
    preamble = models.TextField(
        _("preamble"), blank=True, help_text=_("The opening paragraphs after the legal bases, one per line.")
    )
    closing = models.TextField(_("closing"), blank=True, help_text=_("The closing sentence, one paragraph per line."))
    archive_line = models.CharField(
        _("archive line"), max_length=128, default="Lưu: VT.",
        help_text=_("The last recipient line, printed as typed, e.g. Lưu: VT, VP."),
    )

    # The signature block.
    sign_authority = models.CharField(
        _("signing authority"), max_length=4, choices=Authority.choices, blank=True, default=Authority.TM
    )
    sign_on_behalf_of = models.CharField(
        _("on behalf of"), max_length=128, blank=True, help_text=_("e.g. ỦY BAN NHÂN DÂN, BAN THƯỜNG VỤ.")
    )
    sign_deputy_authority = models.CharField(
        _("second authority"),
        max_length=4,
        choices=Authority.choices,
        blank=True,
        default=Authority.NONE,
        help_text=_("For a deputy signing under the collective, e.g. KT. CHỦ TỊCH."),
    )
    sign_deputy_of = models.CharField(_("second authority for"), max_length=128, blank=True)
    sign_position = models.CharField(_("signer's position"), max_length=128, blank=True)
    signer_name = models.CharField(_("signer"), max_length=128, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signing user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # A plan issued outside the system (an archive, another office's software):
    # recorded with its own number and date and its signed copy, never renumbered.
    issued_elsewhere = models.BooleanField(_("issued outside the system"), default=False)
    source_document = models.FileField(
        _("signed copy"), upload_to="plans/sources/%Y/", blank=True,
        help_text=_("The signed scan or PDF of a plan issued outside the system."),
    )
    imported_from = models.CharField(_("imported from file"), max_length=255, blank=True)

    is_template = models.BooleanField(_("template"), default=False)
    template_name = models.CharField(_("template name"), max_length=255, blank=True)
    template_kind = models.CharField(
        _("template for"), max_length=16, choices=Organization.Kind.choices, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    copied_from = models.ForeignKey(
        "self", verbose_name=_("copied from"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="plan_status_valid"),
            # Numbers run per issuer and register year, the year of the issue
            # date: a plan for 2027 issued in 2026 takes a number of 2026.
            models.UniqueConstraint(
                models.F("issuer"),
                ExtractYear("issued_on"),
                models.F("number"),
                condition=models.Q(number__isnull=False),
                name="plan_number_unique_per_issuer_issue_year",
            ),
            models.CheckConstraint(
                condition=models.Q(is_template=True) | models.Q(issuer__isnull=False),
                name="plan_issuer_unless_template",
            ),
        ]
        indexes = [models.Index(fields=["issuer", "status"])]

    def __str__(self) -> str:
        if self.is_template:
            return self.template_name or str(self.subject)[:60]
        return f"{self.document_name} {self.symbol_display} · {self.subject_one_line[:80]}"

    @property
    def is_party(self) -> bool:
        return bool(self.issuer and self.issuer.is_party) or (
            self.is_template and self.template_kind == Organization.Kind.PARTY_COMMITTEE
        )

    @property
    def subject_one_line(self) -> str:
        return " ".join(self.subject.split())

    def rule_phrases(self) -> dict[str, str]:
        """{code: "30 ngày"} for the plan's deadline rules: what each [[code]] prints as."""
        return {rule.code: rule.printed for rule in self.deadline_rules.all()}

    @property
    def header_issuer_lines(self) -> list[str]:
        return [line.strip() for line in self.header_issuer.splitlines() if line.strip()]

    @property
    def header_parent_lines(self) -> list[str]:
        return [line.strip() for line in self.header_parent.splitlines() if line.strip()]

    @property
    def symbol_display(self) -> str:
        """"Số: 05/KH-UBND" (state) or "Số 05-KH/ĐU" (party); blanks while unnumbered."""
        return document_number(self.number, "KH", self.symbol, party=self.is_party)

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)

    @property
    def is_issued(self) -> bool:
        return self.status == Status.ISSUED

    def preamble_paragraphs(self) -> list[str]:
        return [p.strip() for p in self.preamble.splitlines() if p.strip()]

    def closing_paragraphs(self) -> list[str]:
        return [p.strip() for p in self.closing.splitlines() if p.strip()]

    def signature_lines(self) -> list[str]:
        return signature_block_lines(self, party=self.is_party)


class PlanTransition(models.Model):
    """One row per change of state: the plan's history and who did what."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("plan transition")
        verbose_name_plural = _("plan transitions")
        ordering = ["at", "id"]


class Ordered(models.Model):
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["order", "id"]


class Style(models.TextChoices):
    """How a line prints; the renderer adds the numbers and bullets."""

    PARAGRAPH = "paragraph", _("Paragraph")
    DASH = "dash", _("Bullet (-)")
    PLUS = "plus", _("Sub-bullet (+)")
    STAR = "star", _("Star (*)")
    NUMBERED = "numbered", _("Numbered (1.)")
    LETTER_PAREN = "letter_paren", _("Lettered (a), b))")
    LETTER_DOT = "letter_dot", _("Lettered (a., b.)")
    INLINE = "inline", _("On the heading's line")


class LegalBasis(Ordered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="legal_bases")
    text = models.TextField(_("text"), help_text=_("e.g. Căn cứ Luật Tổ chức chính quyền địa phương …"))

    class Meta(Ordered.Meta):
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")


class PlanSection(Ordered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(_("heading"), max_length=255, help_text=_("e.g. MỤC ĐÍCH, YÊU CẦU"))

    class Meta(Ordered.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")


class PartKind(models.TextChoices):
    """What a numbered part is about, so the system can find e.g. the purposes."""

    TEXT = "text", _("Text")
    PURPOSES = "purposes", _("Purposes")
    REQUIREMENTS = "requirements", _("Requirements")
    AUDIENCES = "audiences", _("Audiences")
    FORM = "form", _("Form of organisation")
    CHAIRS = "chairs", _("Chairs and secretaries")
    SCHEDULE = "schedule", _("Time and place")
    ATTENDEES = "attendees", _("Attendees")
    CONTENT = "content", _("Content of the dialogue")
    METHOD = "method", _("Method")
    AGENDA = "agenda", _("Agenda")
    PROCEDURE = "procedure", _("Procedure after the conference")
    PREPARATION = "preparation", _("Preparation")
    RESPONSIBILITY = "responsibility", _("Responsibility of an office")


class HeadingStyle(models.TextChoices):
    LINE = "line", _("Heading on its own line")
    COLON = "colon", _("Heading, colon, then text")
    RUN_IN = "run_in", _("Heading runs into the text")


class PlanPartQuerySet(models.QuerySet):
    def responsibilities(self):
        """The offices and their duties (tổ chức thực hiện)."""
        return self.filter(kind=PartKind.RESPONSIBILITY)


class PlanPart(Ordered):
    """A numbered part of a section; a part of kind responsibility is an office and its duties."""

    section = models.ForeignKey(PlanSection, on_delete=models.CASCADE, related_name="parts")
    kind = models.CharField(_("kind"), max_length=16, choices=PartKind.choices, default=PartKind.TEXT)
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    heading_style = models.CharField(
        _("heading style"), max_length=8, choices=HeadingStyle.choices, default=HeadingStyle.LINE
    )
    numbered = models.BooleanField(_("numbered"), default=True)
    # For a responsibility: the office it binds, when it is an organisation of the system.
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("responsible organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PlanPartQuerySet.as_manager()

    class Meta(Ordered.Meta):
        verbose_name = _("part")
        verbose_name_plural = _("parts")


class ItemKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHAIRS = "chairs", _("The chairs")
    SECRETARIES = "secretaries", _("The secretaries")
    SESSIONS = "sessions", _("The sessions")
    PARTICIPANTS = "participants", _("The participant groups")
    INVITED = "invited", _("The invited groups")
    AGENDA = "agenda", _("The agenda")


class PlanItem(Ordered):
    part = models.ForeignKey(PlanPart, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices, default=ItemKind.TEXT)
    style = models.CharField(_("style"), max_length=16, choices=Style.choices, default=Style.DASH)
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_("For a list (chairs, sessions…) the label printed before it, e.g. Chủ trì."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("item")
        verbose_name_plural = _("items")

    def clean(self):
        if self.kind == ItemKind.TEXT and not self.text.strip():
            raise ValidationError({"text": _("Enter the text of this line.")})


class PersonRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")


class PlanPerson(Ordered):
    """Who chairs the conferences and who keeps the minutes, as the plan names them."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("role"), max_length=16, choices=PersonRole.choices)
    description = models.CharField(
        _("description"), max_length=500, help_text=_("As printed, e.g. Chủ tịch UBND xã.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(Ordered.Meta):
        verbose_name = _("chair or secretary")
        verbose_name_plural = _("chairs and secretaries")


class Session(Ordered):
    """A conference the plan foresees: when as the plan wrote it, where, with whom."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sessions")
    window = models.CharField(
        _("time as written"), max_length=255, help_text=_("e.g. 6 tháng đầu năm 2024, cuối quý III, Lịch thông báo sau.")
    )
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    audience = models.TextField(_("audience"), blank=True)
    expected_attendance = models.PositiveIntegerField(_("expected attendance"), null=True, blank=True)
    wording = models.TextField(
        _("wording"),
        blank=True,
        help_text=_("How the plan prints this session, one line per row; left empty, it is composed from the fields."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return self.window

    @property
    def date_text(self) -> str:
        """"ngày 15/05/2026" for a session with a planned date, else ""."""
        return f"ngày {self.planned_date:%d/%m/%Y}" if self.planned_date else ""

    def when_text(self) -> str:
        """When, as the plan prints it: the window, then the date once it is set
        ("cuối quý II, ngày 15/05/2026"); lower case, for the middle of a sentence."""
        window = " ".join(self.window.split()).rstrip(".,;")
        date = self.date_text
        if date and date.removeprefix("ngày ") in window:
            date = ""
        return ", ".join(part for part in (window, date) if part)

    def label(self) -> str:
        """What tells this session from the plan's others: when and where
        ("Tháng 10/2026, tại xóm Hòa Bình"); "" when the plan said neither."""
        parts = [self.when_text()]
        venue = " ".join(self.venue.split()).rstrip(".,;")
        if venue:
            parts.append(f"tại {venue}")
        return capitalize_first(", ".join(part for part in parts if part))

    def printed_lines(self) -> list[str]:
        """The lines the plan prints for this session, each a "- …" item: so each starts
        with a capital, and a planned date is printed even when the wording was typed before it."""
        lines = [capitalize_first(line.strip()) for line in self.wording.splitlines() if line.strip()]
        if lines:
            date = self.date_text.removeprefix("ngày ")
            if date and not any(date in line for line in lines):
                lines.append(f"Ngày dự kiến tổ chức: {date}.")
            return lines
        text = self.when_text()
        if self.venue:
            text = f"{text}, tại {self.venue.strip()}" if text else f"Tại {self.venue.strip()}"
        if self.audience:
            text += f": {self.audience.strip()}"
        if self.expected_attendance:
            text += f" (dự kiến {self.expected_attendance} người)"
        return [capitalize_first(text.rstrip(".")) + "."]


class GroupCategory(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants")
    INVITED = "invited", _("Invited")


class AttendeeGroup(Ordered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="attendee_groups")
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.SET_NULL, null=True, blank=True, related_name="groups"
    )
    category = models.CharField(
        _("category"), max_length=16, choices=GroupCategory.choices, default=GroupCategory.INVITED
    )
    style = models.CharField(_("style"), max_length=16, choices=Style.choices, default=Style.DASH)
    text = models.TextField(_("group"))
    expected_count = models.PositiveIntegerField(_("expected number"), null=True, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("attendee group")
        verbose_name_plural = _("attendee groups")

    def printed_text(self) -> str:
        text = self.text.strip()
        # A count already written ("dự kiến 50 người", "khoảng 150 người") is not printed twice.
        if self.expected_count and not re.search(r"(dự kiến|khoảng)\s+\d", text):
            stripped = text.rstrip(";.,")
            text = f"{stripped} (dự kiến {self.expected_count} người){text[len(stripped):]}"
        return text


class AgendaItem(Ordered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="agenda")
    style = models.CharField(_("style"), max_length=16, choices=Style.choices, default=Style.DASH)
    text = models.TextField(_("step"))
    presenter = models.CharField(_("presenter"), max_length=255, blank=True)
    minutes = models.PositiveIntegerField(_("planned minutes"), null=True, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("agenda step")
        verbose_name_plural = _("agenda steps")


class DeadlineRule(Ordered):
    """A time limit the plan sets, printed where an item says [[code]]."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="deadline_rules")
    code = models.SlugField(
        _("code"), max_length=32, help_text=_("Written as [[code]] in the text where the time limit is printed.")
    )
    name = models.CharField(_("name"), max_length=255)
    anchor = models.CharField(_("counted from"), max_length=16, choices=Anchor.choices)
    offset_days = models.IntegerField(
        _("days"), help_text=_("Negative before the event, positive after it."),
        validators=[MinValueValidator(-365), MaxValueValidator(365)],
    )
    day_type = models.CharField(_("day type"), max_length=8, choices=DayType.choices, default=DayType.CALENDAR)
    responsible_text = models.CharField(_("responsible"), max_length=255, blank=True)
    responsible_org = models.ForeignKey(
        Organization, verbose_name=_("responsible organisation"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(Ordered.Meta):
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="deadline_rule_code_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def printed(self) -> str:
        """"10 ngày", "20 ngày làm việc": the phrase a [[code]] token prints as."""
        return phrase(self.offset_days, self.day_type)


class RecipientNote(models.TextChoices):
    NONE = "", _("(none)")
    REPORT = "b/c", _("(b/c) to report")
    INFO = "để biết", _("(để biết) for information")
    ACTION = "thực hiện", _("(thực hiện) to carry out")


class Recipient(Ordered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recipients")
    text = models.CharField(_("recipient"), max_length=500)
    note = models.CharField(_("note"), max_length=16, choices=RecipientNote.choices, blank=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(Ordered.Meta):
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")

    def printed(self) -> str:
        text = self.text.strip().rstrip(";,.")
        return f"{text} ({self.note})" if self.note else text


class PlanImport(models.Model):
    """How a plan came in from a Word file: the file, and the issuer the file names when it is
    not the user's organisation (a warning the user settles, never a silent replacement)."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="import_record")
    file_name = models.CharField(_("file"), max_length=255)
    issuer_in_file = models.CharField(_("issuer in the file"), max_length=500, blank=True)
    issuer_differs = models.BooleanField(_("issuer differs from the organisation"), default=False)
    issuer_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issuer_confirmed_at = models.DateTimeField(_("issuer confirmed at"), null=True, blank=True)
    used_own_header = models.BooleanField(_("organisation's header used"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")

    @property
    def needs_confirmation(self) -> bool:
        return self.issuer_differs and self.issuer_confirmed_at is None


class ImportParagraph(models.Model):
    """One paragraph of an imported file and what it became: the rows of the import report."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="import_paragraphs")
    order = models.PositiveIntegerField(_("order"))
    text = models.TextField(_("text"))
    # The paragraph as the reader saw it (table cell, bold, Word's list number…), so the
    # plan can be rebuilt with a different choice without the file.
    source = models.JSONField(default=dict)
    became = models.CharField(_("became"), max_length=16)
    target = models.CharField(_("where"), max_length=32, blank=True)
    forced = models.CharField(_("chosen by the user"), max_length=16, blank=True)
    word_number = models.CharField(_("Word's list number"), max_length=16, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("imported paragraph")
        verbose_name_plural = _("imported paragraphs")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="import_paragraph_order_unique")]

    @property
    def is_plain(self) -> bool:
        return self.became == "text"
