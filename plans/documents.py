"""What goes into a printed KẾ HOẠCH, independent of PDF or Word.

`build_document(plan)` turns the plan's records into numbered sections, parts
and lines; the PDF template, the .docx writer and the preview all print this,
so numbering, bullets and deadline phrases are decided in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch

from dialogue.documents import SignatureMarks, signature_marks
from dialogue.letterhead import DocumentHeader, place_date
from dialogue.wording import join_people, with_period

from .models import (
    RULE_TOKEN,
    AgendaItem,
    HeadingStyle,
    ItemKind,
    PartKind,
    PersonRole,
    Plan,
    PlanItem,
    PlanPart,
    Style,
)
from .text import contains_folded, letter, strip_marker

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
BULLETS = {Style.DASH: "-", Style.PLUS: "+", Style.STAR: "*"}
LETTERED = {Style.LETTER_PAREN: ")", Style.LETTER_DOT: "."}
# Lines that end a run of lettered points: a point a) sits under a numbered
# item and holds "-" and "+" lines, so those continue the run (a), -, -, b));
# a paragraph, a number or the other lettering starts a new one.
LETTER_BREAKS = {Style.PARAGRAPH, Style.NUMBERED}


@dataclass
class Line:
    style: str
    text: str
    marker: str = ""  # "-", "+", "*", "1.", "a)", "a." — empty for a plain paragraph

    @property
    def full_text(self) -> str:
        return f"{self.marker} {self.text}" if self.marker else self.text


@dataclass
class Part:
    number: str  # "1." or "" for an unnumbered part
    heading: str
    heading_style: str
    kind: str
    inline: str = ""  # printed on the heading's line
    lines: list[Line] = field(default_factory=list)

    @property
    def heading_text(self) -> str:
        """The heading line as printed, with the inline text it carries."""
        head = " ".join(filter(None, [self.number, self.heading]))
        if not self.inline:
            return head
        if not head:
            return self.inline
        separator = " " if self.heading_style == "run_in" else ": "
        return f"{head.rstrip(':')}{separator}{self.inline}"


@dataclass
class Section:
    number: str
    heading: str
    parts: list[Part] = field(default_factory=list)


@dataclass
class PlanDocument(DocumentHeader):
    plan: Plan
    subject: list[str]
    legal_bases: list[str]
    preamble: list[str]
    sections: list[Section]
    closing: list[str]
    recipients: list[str]
    signature_lines: list[str]
    signer_name: str
    marks: SignatureMarks | None = None


def agenda_step_text(step: AgendaItem) -> str:
    """A step as written, then who presents it and for how long: "… (Văn phòng UBND xã, 15 phút)."

    The presenter is left out when the text already names them (compared
    without accents and case), and the note goes before the step's closing
    punctuation so the sentence still ends as it was written.
    """
    text = step.text.strip()
    notes = []
    presenter = step.presenter.strip()
    if presenter and not contains_folded(text, presenter):
        notes.append(presenter)
    # An imported step often says its length itself ("… (15 phút)"): not printed twice.
    if step.minutes and not re.search(rf"(?<!\d){step.minutes}\s*phút", text, re.IGNORECASE):
        notes.append(f"{step.minutes} phút")
    if not notes:
        return text
    body = text.rstrip(" .;,:")
    return f"{body} ({', '.join(notes)}){text[len(body):].strip()}"


def agenda_total(steps: list[AgendaItem]) -> str:
    """"Tổng thời gian: khoảng 120 phút." when every step of the agenda is timed, else "".

    A total of only some steps' minutes would understate the conference, and a
    single timed step already says its length, so neither prints one.
    """
    if len(steps) < 2 or not all(step.minutes for step in steps):
        return ""
    return f"Tổng thời gian: khoảng {sum(step.minutes for step in steps)} phút."


def archive_line(text: str) -> str:
    """The archive line as typed ("Lưu: VT.(TA)" gains no period), with a typed leading dash dropped."""
    text = strip_marker(text.strip(), Style.DASH)
    return f"- {text}" if text else ""


def prefetch_plan(queryset):
    """Everything build_document reads, in a fixed number of queries."""
    return queryset.select_related("issuer", "issuer__parent", "copied_from").prefetch_related(
        "legal_bases",
        "people",
        "sessions",
        "attendee_groups",
        "agenda",
        "deadline_rules",
        "recipients",
        Prefetch(
            "sections__parts",
            queryset=PlanPart.objects.order_by("order", "id").prefetch_related(
                Prefetch("items", queryset=PlanItem.objects.order_by("order", "id"))
            ),
        ),
    )


class _Builder:
    def __init__(self, plan: Plan):
        self.plan = plan
        self.rules = {rule.code: rule.printed for rule in plan.deadline_rules.all()}
        people = list(plan.people.all())
        self.chairs = [p.description for p in people if p.role == PersonRole.CHAIR]
        self.secretaries = [p.description for p in people if p.role == PersonRole.SECRETARY]

    def substitute(self, text: str) -> str:
        return RULE_TOKEN.sub(lambda m: self.rules.get(m.group(1), m.group(0)), text)

    def anchor_lines(self, item: PlanItem) -> list[tuple[str, str]]:
        """(style, text) pairs an item prints; a list item prints its records."""
        label = self.substitute(item.text.strip())
        if item.kind in (ItemKind.CHAIRS, ItemKind.SECRETARIES):
            people = self.chairs if item.kind == ItemKind.CHAIRS else self.secretaries
            joined = join_people(people)
            text = f"{label.rstrip(':')}: {joined}" if label else joined
            return [(item.style, with_period(text))]
        rows: list[tuple[str, str]] = []
        if label:
            rows.append((item.style, label))
        if item.kind == ItemKind.SESSIONS:
            for session in self.plan.sessions.all():
                rows += [(item.style, line) for line in session.printed_lines()]
        elif item.kind in (ItemKind.PARTICIPANTS, ItemKind.INVITED):
            for group in self.plan.attendee_groups.all():
                if group.category == item.kind:
                    rows.append((group.style, self.substitute(group.printed_text())))
        elif item.kind == ItemKind.AGENDA:
            steps = list(self.plan.agenda.all())
            rows += [(step.style, self.substitute(agenda_step_text(step))) for step in steps]
            total = agenda_total(steps)
            if total:
                rows.append((Style.PARAGRAPH, total))
        else:
            rows = [(item.style, label)]
        return rows

    def part(self, part: PlanPart, number: str) -> Part:
        out = Part(number=number, heading=self.substitute(part.heading), heading_style=part.heading_style, kind=part.kind)
        counter = 0
        letters, lettering = 0, None
        inline: list[str] = []
        for item in part.items.all():
            for style, text in self.anchor_lines(item):
                if style == Style.INLINE:
                    inline.append(text)
                    continue
                # Rows saved before markers were cleaned on input still print once.
                text = strip_marker(text, style)
                marker = BULLETS.get(style, "")
                if style == Style.NUMBERED:
                    counter += 1
                    marker = f"{counter}."
                if style in LETTERED:
                    if lettering != style:
                        letters, lettering = 0, style
                    letters += 1
                    marker = f"{letter(letters)}{LETTERED[style]}"
                elif style in LETTER_BREAKS:
                    letters, lettering = 0, None
                out.lines.append(Line(style=style, text=text, marker=marker))
        out.inline = " ".join(inline)
        return out

    def sections(self) -> list[Section]:
        result = []
        for index, section in enumerate(self.plan.sections.all()):
            out = Section(number=f"{ROMAN[index] if index < len(ROMAN) else index + 1}.", heading=section.heading)
            counter = 0
            for part in section.parts.all():
                number = ""
                if part.numbered:
                    counter += 1
                    number = f"{counter}."
                out.parts.append(self.part(part, number))
            result.append(out)
        return result


def split_heading(part: Part) -> tuple[str, str]:
    """The part's heading line as (bold, plain): "1. Mục đích" bold; a run-in office line plain.

    Together they print `part.heading_text`, plus the colon a "heading: …" part
    shows when its text is on the lines below.
    """
    head = " ".join(filter(None, [part.number, part.heading]))
    if part.heading_style == HeadingStyle.RUN_IN:
        return "", part.heading_text
    if not head:
        return "", part.inline
    if part.inline:
        return head.rstrip(":"), f": {part.inline}"
    if part.heading_style == HeadingStyle.COLON:
        return head.rstrip(":"), ":"
    return head, ""


def printable_sections(doc: PlanDocument) -> list[tuple[Section, list[tuple[Part, str, str]]]]:
    """Each section with its parts as (part, bold heading, plain rest): what the PDF and the preview print."""
    return [(section, [(part, *split_heading(part)) for part in section.parts]) for section in doc.sections]


def build_document(plan: Plan) -> PlanDocument:
    builder = _Builder(plan)
    # Party bodies end each recipient line with a comma (Hướng dẫn 36, as seed 004 prints).
    separator = "," if plan.is_party else ";"
    recipients = [f"- {r.printed()}{separator}" for r in plan.recipients.all()]
    if archive_line(plan.archive_line):
        recipients.append(archive_line(plan.archive_line))
    return PlanDocument(
        plan=plan,
        is_party=plan.is_party,
        is_draft=not plan.is_issued,
        header_parent=plan.header_parent_lines,
        header_issuer=plan.header_issuer_lines,
        symbol=plan.symbol_display,
        place_date=place_date(plan.place, plan.issued_on, plan.year),
        name=plan.document_name.upper(),
        subject=[line.strip() for line in plan.subject.splitlines() if line.strip()],
        legal_bases=[builder.substitute(b.text) for b in plan.legal_bases.all()],
        preamble=[builder.substitute(p) for p in plan.preamble_paragraphs()],
        sections=builder.sections(),
        closing=[builder.substitute(p) for p in plan.closing_paragraphs()],
        recipients=recipients,
        signature_lines=plan.signature_lines(),
        signer_name=plan.signer_name,
        marks=signature_marks(plan.issuer, signer_name=plan.signer_name, issued=plan.is_issued),
    )


__all__ = [
    "Line",
    "Part",
    "PartKind",
    "PlanDocument",
    "Section",
    "agenda_step_text",
    "agenda_total",
    "archive_line",
    "build_document",
    "place_date",
    "prefetch_plan",
    "printable_sections",
    "split_heading",
]


def render_registered_plan_docx(document) -> bytes:
    """The register's Word copy of an issued plan (registry.issuing.register_word_renderer)."""
    from .docx import render_plan_docx  # python-docx, loaded when a copy is made

    return render_plan_docx(prefetch_plan(Plan.objects.filter(pk=document.plan_id)).get())
