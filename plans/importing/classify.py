"""What each paragraph of an imported plan becomes.

`classify(paragraphs)` reads the paragraphs the reader returns and produces a
Draft: the header and signature fields, the grounds, the outline (sections →
parts → items) and the structured records (sessions, chairs, secretaries,
participant groups, agenda steps, deadline rules, recipients), the same shape
plans/seeds.py gives the seed plans. It also says, for every paragraph, what it
became, so the import report can show it and nothing is silently dropped.

It is pure Python (no database), so each rule is tested on a few lines of text.
The rules follow how offices type a KẾ HOẠCH: "I." sections, "1." parts, "-",
"+", "*" and "a)" items, "Căn cứ…" grounds, "Nơi nhận:" and the signature block.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from deadlines.rules import Anchor, DayType
from dialogue.letterhead import Authority
from dialogue.text import unaccent

from ..models import GroupCategory, HeadingStyle, ItemKind, PartKind, RecipientNote, Style
from .reader import Para


class Became(models.TextChoices):
    """What a paragraph of the file became in the plan."""

    HEADER = "header", _("Header")
    TITLE = "title", _("Document name or subject")
    GROUND = "ground", _("Legal basis")
    PREAMBLE = "preamble", _("Opening paragraph")
    SECTION = "section", _("Section heading")
    PART = "part", _("Part heading")
    ITEM = "item", _("Item")
    TEXT = "text", _("Plain text")
    SESSION = "session", _("Session")
    CHAIR = "chair", _("Chairs")
    SECRETARY = "secretary", _("Secretaries")
    GROUP = "group", _("Participant group")
    AGENDA = "agenda", _("Agenda step")
    CLOSING = "closing", _("Closing paragraph")
    RECIPIENT = "recipient", _("Recipient")
    SIGNATURE = "signature", _("Signature block")
    LAYOUT = "layout", _("Layout only (rule, motto, label)")


# What a user may turn a paragraph into from the import report.
FORCEABLE = (
    Became.SECTION, Became.PART, Became.ITEM, Became.TEXT, Became.GROUND,
    Became.PREAMBLE, Became.CLOSING, Became.RECIPIENT,
)


def fold(text: str) -> str:
    """Upper case without diacritics, punctuation kept: "Nơi nhận:" → "NOI NHAN:"."""
    return unaccent(text).upper()


# ---------------------------------------------------------------------------- the draft


@dataclass
class DItem:
    text: str
    style: str = Style.DASH
    kind: str = ItemKind.TEXT
    source: int | None = None


@dataclass
class DPart:
    heading: str = ""
    heading_style: str = HeadingStyle.LINE
    kind: str = PartKind.TEXT
    numbered: bool = True
    items: list[DItem] = field(default_factory=list)
    holder: bool = False  # an unnumbered part holding numbered items ("1. …" sentences)


@dataclass
class DSection:
    heading: str
    parts: list[DPart] = field(default_factory=list)


@dataclass
class DSession:
    window: str
    venue: str = ""
    audience: str = ""
    expected_attendance: int | None = None
    lines: list[str] = field(default_factory=list)


@dataclass
class DGroup:
    text: str
    category: str
    style: str
    expected_count: int | None = None


@dataclass
class DAgenda:
    text: str
    style: str
    presenter: str = ""
    minutes: int | None = None


@dataclass
class DRule:
    code: str
    name: str
    anchor: str
    offset_days: int
    day_type: str
    responsible_text: str = ""


@dataclass
class DRecipient:
    text: str
    note: str = RecipientNote.NONE


@dataclass
class Report:
    became: str
    target: str = ""


@dataclass
class Draft:
    header_parent: list[str] = field(default_factory=list)
    header_issuer: list[str] = field(default_factory=list)
    number: int | None = None
    symbol: str = ""
    place: str = ""
    issued_on: dt.date | None = None
    year: int | None = None
    document_name: str = "KẾ HOẠCH"
    subject: list[str] = field(default_factory=list)
    legal_bases: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    sections: list[DSection] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    chairs: list[str] = field(default_factory=list)
    secretaries: list[str] = field(default_factory=list)
    sessions: list[DSession] = field(default_factory=list)
    groups: list[DGroup] = field(default_factory=list)
    agenda: list[DAgenda] = field(default_factory=list)
    rules: list[DRule] = field(default_factory=list)
    recipients: list[DRecipient] = field(default_factory=list)
    archive_line: str = ""
    sign_authority: str = ""
    sign_on_behalf_of: str = ""
    sign_deputy_authority: str = ""
    sign_deputy_of: str = ""
    sign_position: str = ""
    signer_name: str = ""
    report: dict[int, Report] = field(default_factory=dict)

    @property
    def plain_count(self) -> int:
        return sum(1 for r in self.report.values() if r.became == Became.TEXT)


# ---------------------------------------------------------------------------- patterns

ROMAN_RE = re.compile(r"^(?P<n>[IVX]{1,5})\s*[.):/-]\s*(?P<rest>\S.*)$")
PART_RE = re.compile(r"^(?P<n>\d{1,2})\s*[.)]\s*(?P<rest>\S.*)$")
SUBNUMBER_RE = re.compile(r"^\d{1,2}\.\d{1,2}\.?\s")
ITEM_RES = (
    (re.compile(r"^[-–—−•‐]\s*(?P<rest>\S.*)$"), Style.DASH),
    (re.compile(r"^\+\s*(?P<rest>\S.*)$"), Style.PLUS),
    (re.compile(r"^\*\s*(?P<rest>\S.*)$"), Style.STAR),
    (re.compile(r"^[a-zđ]\)\s*(?P<rest>\S.*)$"), Style.LETTER_PAREN),
    (re.compile(r"^[a-zđ]\.\s+(?P<rest>\S.*)$"), Style.LETTER_DOT),
)
GROUND_RE = re.compile(r"^(Căn cứ|Thực hiện|Thi hành|Xét|Trên cơ sở)\b")
GROUND_SPLIT = re.compile(r"(?<=[;.])\s+(?=(?:Căn cứ|Thực hiện|Thi hành|Xét|Trên cơ sở)\b)")
OPENING_RE = re.compile(r"(xây dựng|ban hành)\s+(kế hoạch|Kế hoạch)[^;]*(như sau|cụ thể như sau)?:?\s*$")
CLOSING_RE = re.compile(r"^(Trên đây|Trong quá trình|Quá trình tổ chức thực hiện|Yêu cầu các|Nhận được Kế hoạch)")
DECORATION_RE = re.compile(r"^[\s_\-–—=*.~]+$")
NUMBER_RE = re.compile(r"^Số\s*:?\s*(?P<n>\d+)?\s*(?P<sep>[/-])\s*KH\s*(?P<sep2>[-/])\s*(?P<sym>\S+)", re.I)
DATE_RE = re.compile(
    r"^(?P<place>[^,]{2,60}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})", re.I
)
AUTHORITY_RE = re.compile(r"^(?P<a>TM|KT|TL|TUQ|Q)\s*[./]\s*(?P<rest>\S.*)$|^(?P<p>T/M|K/T|T/L|TUQ/|Q/)\s*(?P<prest>\S.*)$")
AUTHORITY_SPLIT = re.compile(r"(?<=[.;,])\s*(?=(?:TM|KT|TL|TUQ|Q)\.\s*[A-ZĐÀ-Ỹ]|(?:T/M|K/T|T/L)\s)")
PARTY_AUTHORITY = {"T/M": Authority.TM, "K/T": Authority.KT, "T/L": Authority.TL, "TUQ/": Authority.TUQ, "Q/": Authority.Q}
LEVEL_WORDS = re.compile(r"\b(TỈNH|HUYỆN|XÃ|PHƯỜNG|QUẬN|THỊ XÃ|THỊ TRẤN|THÀNH PHỐ|ĐẶC KHU|TRUNG ƯƠNG)\b")
MOTTO = ("CONG HOA XA HOI", "DOC LAP", "DANG CONG SAN VIET NAM")
NOTE_RE = re.compile(r"\(\s*(b/c|b\.c|báo cáo|để biết|đ/b|thực hiện|t/h)\s*\)", re.I)
NOTES = {
    "b/c": RecipientNote.REPORT, "b.c": RecipientNote.REPORT, "báo cáo": RecipientNote.REPORT,
    "để biết": RecipientNote.INFO, "đ/b": RecipientNote.INFO,
    "thực hiện": RecipientNote.ACTION, "t/h": RecipientNote.ACTION,
}
COUNT_RE = re.compile(r"(?:khoảng|dự kiến|khoảng chừng|gần|trên)\s+(\d{1,5})\s+(?:người|đại biểu)", re.I)
WINDOW_RE = re.compile(
    r"(?:(?:trước|sau|trong|cuối|đầu|giữa|vào)\s+)?(?:6|sáu)\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+\d{4})?"
    r"|(?:(?:trước|sau|trong|vào)\s+)?(?:cuối|đầu|giữa)?\s*quý\s+[IV]+(?:\s*(?:năm|/)\s*\d{4})?"
    r"|(?:(?:trước|sau|trong|vào|cuối|đầu|giữa)\s+)?tháng\s+\d{1,2}(?:\s*/\s*\d{4}|\s+năm\s+\d{4})?"
    r"|lịch\s+(?:cụ\s+thể\s+)?(?:sẽ\s+)?(?:được\s+)?thông\s+báo(?:\s+cụ\s+thể)?\s+sau"
    r"|ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}",
    re.I,
)
VENUE_RE = re.compile(r"(?:^|\s)tại\s+(?P<venue>[^:;]+?)(?=\s*[:;.]|\s*,\s*(?:với|dự kiến)|$)", re.I)
CHAIR_RE = re.compile(r"^(?P<label>(?:Người |Đồng chí )?[Cc]hủ trì[^:]{0,80}?)\s*:\s*(?P<who>\S.*)$")
SECRETARY_RE = re.compile(r"^(?P<label>[Tt]hư ký[^:]{0,80}?)\s*:\s*(?P<who>\S.*)$")
GROUP_LABEL_RE = re.compile(r"^Thành phần[^:]{0,120}:$")
MINUTES_RE = re.compile(r"\(?\b(\d{1,3})\s*phút\b\)?")
PRESENTER_RE = re.compile(
    r"^(?P<who>(?:Đồng chí |Đ/c )?(?:Chủ tịch|Phó Chủ tịch|Bí thư|Phó Bí thư|Văn phòng|Đại diện|Lãnh đạo|Chủ trì|"
    r"Thư ký|Trưởng|Ban |Ủy ban|UBND|HĐND|MTTQ|Công an|Thường trực)[^,;:()]{0,60}?)\s+"
    r"(?:nêu|báo cáo|phát biểu|trình bày|giải thích|kết luận|tuyên bố|thông qua|khai mạc|trả lời|giới thiệu|"
    r"điều hành|tổng hợp|thông tin|bế mạc)\b"
)
PRESENTER_PAREN_RE = re.compile(r"\((?P<who>[^()]{3,80}?)\s+(?:trình bày|thực hiện|báo cáo|phát biểu|điều hành)\b")
DEADLINE_RE = re.compile(
    r"(?P<lead>chậm nhất(?:\s+là)?|trong thời hạn|trong vòng|không quá|trước|sau|trong)\s+"
    r"(?P<n>\d{1,3})\s+(?P<unit>ngày làm việc|ngày)(?!\s*/)",
    re.I,
)
OFFICE_VERBS = (
    "chỉ đạo", "phối hợp", "có trách nhiệm", "phân công", "thông báo", "tham mưu", "chủ trì", "chuẩn bị",
    "quán triệt", "theo dõi", "hướng dẫn", "triển khai", "bố trí", "đảm bảo", "bảo đảm", "tuyên truyền",
    "cử cán bộ", "tổng hợp", "xây dựng",
)
SECTION_KINDS = (
    ("MUC DICH", PartKind.PURPOSES), ("YEU CAU", PartKind.REQUIREMENTS), ("DOI TUONG", PartKind.AUDIENCES),
    ("HINH THUC", PartKind.FORM), ("CHU TRI", PartKind.CHAIRS), ("THANH PHAN", PartKind.ATTENDEES),
    ("THOI GIAN", PartKind.SCHEDULE), ("CHUONG TRINH", PartKind.AGENDA), ("NOI DUNG", PartKind.CONTENT),
    ("PHUONG PHAP", PartKind.METHOD), ("TRINH TU", PartKind.PROCEDURE), ("SAU HOI NGHI", PartKind.PROCEDURE),
    ("CHUAN BI", PartKind.PREPARATION),
)


def part_kind(heading: str) -> str:
    """The kind a heading names, by the first keyword in it ("Chủ trì và thành phần" is about the chairs)."""
    folded = fold(heading)
    best, position = PartKind.TEXT, len(folded) + 1
    for word, kind in SECTION_KINDS:
        index = folded.find(word)
        if 0 <= index < position:
            best, position = kind, index
    if best == PartKind.AGENDA and not re.search(r"HOI NGHI|DOI THOAI|TIEP XUC|BUOI", folded):
        return PartKind.TEXT
    return best


def is_roman(text: str) -> bool:
    return bool(re.fullmatch(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", text)) and bool(text)


def words(text: str) -> int:
    return len(text.split())


def item_match(text: str) -> tuple[str, str] | None:
    for regex, style in ITEM_RES:
        match = regex.match(text)
        if match:
            return style, match.group("rest").strip()
    return None


def split_grounds(text: str) -> tuple[list[str], list[str]]:
    """A paragraph of grounds as (grounds, preamble): "Căn cứ A; Thực hiện B; Ủy ban … xây dựng kế hoạch."

    Offices often type several grounds and the opening sentence in one paragraph;
    each ground starts with its own keyword, and what follows the last ground's
    semicolon without one is the opening sentence.
    """
    grounds: list[str] = []
    preamble: list[str] = []
    pieces = re.split(r"(?<=;)\s+", text)
    current = ""
    for piece in pieces:
        if GROUND_RE.match(piece) or not current:
            if current:
                grounds.append(current)
            current = piece
        elif preamble or (piece[:1].isupper() and not GROUND_RE.match(piece)):
            preamble.append(piece)
        else:
            current = f"{current} {piece}"
    if current:
        grounds.append(current)
    out: list[str] = []
    for ground in grounds:
        out.extend(GROUND_SPLIT.split(ground))
    # "Thực hiện chương trình công tác năm 2026, Đảng ủy xã … xây dựng Kế hoạch … như sau:" opens the plan.
    while out and OPENING_RE.search(out[-1]):
        preamble.insert(0, out.pop())
    return out, [" ".join(preamble)] if preamble else []


def header_split(names: list[str]) -> tuple[list[str], list[str]]:
    """The header's name lines as (parent, issuer): "ĐẢNG BỘ TỈNH NGHỆ AN / ĐẢNG ỦY XÃ NAM ĐÀN" has a parent,
    "ỦY BAN NHÂN DÂN / XÃ VĨNH LÂM" is one issuer on two lines."""
    if not names:
        return [], []
    upper = [name.upper() for name in names]
    if len(names) >= 2 and LEVEL_WORDS.search(upper[-1]) and not LEVEL_WORDS.search(upper[-2]):
        return names[:-2], names[-2:]
    if LEVEL_WORDS.search(upper[-1]):
        return names[:-1], names[-1:]
    return [], names


def name_like(text: str) -> bool:
    """A person's name: two to six capitalised words, not all capitals ("Lê Đức Dũng")."""
    parts = text.split()
    return 2 <= len(parts) <= 6 and all(p[:1].isupper() for p in parts) and text != text.upper() and not re.search(r"[\d:;,()]", text)


def recipient_from(text: str) -> DRecipient:
    note = RecipientNote.NONE
    match = NOTE_RE.search(text)
    if match:
        note = NOTES.get(match.group(1).lower(), RecipientNote.NONE)
        text = (text[: match.start()] + text[match.end():])
    text = re.sub(r"^[-–—•+]\s*", "", text.strip())
    return DRecipient(text=text.strip().rstrip(";,.").strip(), note=note)


# ---------------------------------------------------------------------------- classify


class _Classifier:
    def __init__(self, paras: list[Para], forced: dict[int, str]):
        self.paras = paras
        self.forced = forced
        self.d = Draft()
        self.section: DSection | None = None
        self.part: DPart | None = None
        self.in_closing = False
        self.subject_inline: tuple[int, str] | None = None

    # -- reporting

    def mark(self, para: Para, became: str, target: str = "") -> None:
        self.d.report[para.order] = Report(became, target)

    def where(self) -> str:
        s = len(self.d.sections)
        p = len(self.section.parts) if self.section else 0
        return f"{s}.{p}" if p else str(s)

    # -- the outline

    def new_section(self, heading: str) -> DSection:
        self.section = DSection(heading=heading)
        self.d.sections.append(self.section)
        self.part = None
        return self.section

    def ensure_section(self) -> DSection:
        return self.section or self.new_section("")

    def ensure_part(self) -> DPart:
        if self.part is None:
            self.part = DPart(heading="", numbered=False)
            self.ensure_section().parts.append(self.part)
        return self.part

    def responsibility_section(self) -> bool:
        return bool(self.section) and "TO CHUC THUC HIEN" in fold(self.section.heading)

    def add_item(self, para: Para, text: str, style: str) -> None:
        part = self.ensure_part()
        part.items.append(DItem(text=text, style=style, source=para.order))
        self.mark(para, Became.TEXT if style == Style.PARAGRAPH else Became.ITEM, self.where())

    def numbered_line(self, para: Para, rest: str) -> None:
        """A "1. …" line: a part heading, a part whose heading runs into its text, or a numbered item."""
        section = self.ensure_section()
        count = words(rest)
        colon = rest.find(":")
        prefix = rest[:colon].strip() if 0 < colon <= 100 else ""
        after = rest[colon + 1:].strip() if prefix else ""
        if prefix and words(prefix) > 12:
            prefix = after = ""
        holder = self.part if (self.part and self.part.holder) else None
        if self.responsibility_section():
            part = DPart(kind=PartKind.RESPONSIBILITY)
            if prefix:
                part.heading, part.heading_style = prefix, HeadingStyle.COLON
                if after:
                    part.items.append(DItem(after, Style.INLINE, source=para.order))
            elif count <= 10 and not rest.endswith("."):
                part.heading = rest
            else:
                office, duties = self.office_split(rest)
                part.heading, part.heading_style = office, HeadingStyle.RUN_IN
                part.items.append(DItem(duties, Style.INLINE, source=para.order))
            self.start_part(part, para)
            return
        if prefix and after:
            part = DPart(heading=prefix, heading_style=HeadingStyle.COLON, kind=part_kind(prefix))
            part.items.append(DItem(after, Style.INLINE, source=para.order))
            self.start_part(part, para)
            return
        if count <= 12 and (holder is None or not rest.endswith(".")):
            self.start_part(DPart(heading=rest, kind=part_kind(rest)), para)
            return
        numbered_parts = [p for p in section.parts if p.numbered]
        if holder is not None or not numbered_parts:
            if holder is None:
                holder = DPart(heading="", numbered=False, holder=True, kind=self.section_kind())
                section.parts.append(holder)
                self.part = holder
            holder.items.append(DItem(rest, Style.NUMBERED, source=para.order))
            self.mark(para, Became.ITEM, self.where())
            return
        part = DPart(heading="", heading_style=HeadingStyle.RUN_IN, kind=part_kind(rest))
        part.items.append(DItem(rest, Style.INLINE, source=para.order))
        self.start_part(part, para)

    def section_kind(self) -> str:
        return part_kind(self.section.heading) if self.section else PartKind.TEXT

    def start_part(self, part: DPart, para: Para) -> None:
        self.ensure_section().parts.append(part)
        self.part = part
        self.mark(para, Became.PART, self.where())

    @staticmethod
    def office_split(text: str) -> tuple[str, str]:
        """"Ủy ban nhân dân huyện chỉ đạo …" → ("Ủy ban nhân dân huyện", "chỉ đạo …"), when a duty verb follows
        the office's name closely; otherwise the whole line runs in after the number."""
        best = None
        for verb in OFFICE_VERBS:
            match = re.search(rf"\s{re.escape(verb)}\b", text)
            if match and (best is None or match.start() < best):
                best = match.start()
        if best is not None and 2 <= words(text[:best]) <= 14 and text[:1].isupper():
            return text[:best].strip(), text[best:].strip()
        return "", text

    # -- zones

    def run(self) -> Draft:
        paras = self.paras
        name_at = next((i for i, p in enumerate(paras) if fold(p.text) in ("KE HOACH",)), None)
        if name_at is None:
            # "KẾ HOẠCH Tổ chức hội nghị …" typed on one line: the name, then the subject.
            for i, p in enumerate(paras[:30]):
                if fold(p.text).startswith("KE HOACH ") and (p.bold or p.centered) and p.text[:8].isupper():
                    name, rest = p.text[:8], p.text[8:].strip(" :-–")
                    paras = self.paras = [*paras[:i], Para(**{**p.as_dict(), "text": name}), *paras[i + 1:]]
                    self.subject_inline = (p.order, rest)
                    name_at = i
                    break
        footer_at = self.footer_start(name_at or 0)
        header = paras[:name_at] if name_at is not None else self.leading_header()
        for para in header:
            if para.order in self.forced:
                continue
            self.header_line(para)
        self.d.header_parent, self.d.header_issuer = header_split(self.d.header_issuer)
        start = (name_at + 1) if name_at is not None else len(header)
        if name_at is not None:
            self.d.document_name = paras[name_at].text.strip()
            self.mark(paras[name_at], Became.TITLE)
            if self.subject_inline:
                self.d.subject.append(self.subject_inline[1])
            start = self.subject(start, footer_at)
        for para in paras[start:footer_at]:
            self.body_line(para)
        self.footer(paras[footer_at:])
        for para in header:
            if para.order in self.forced:
                self.body_line(para)
        self.records()
        if self.d.year is None:
            match = re.search(r"năm\s+(\d{4})", " ".join(self.d.subject))
            self.d.year = int(match.group(1)) if match else None
        return self.d

    def leading_header(self) -> list[Para]:
        """Without a "KẾ HOẠCH" line, the header is the first table if it carries a number, date or motto."""
        if not self.paras or self.paras[0].zone != "table":
            return []
        first = [p for p in self.paras if p.zone == "table" and p.table == self.paras[0].table]
        if any(NUMBER_RE.match(p.text) or DATE_RE.match(p.text) or fold(p.text).startswith(MOTTO) for p in first):
            return first
        return []

    def footer_start(self, after: int) -> int:
        for index in range(after, len(self.paras)):
            para = self.paras[index]
            if fold(para.text).startswith("NOI NHAN") and self.forced.get(para.order) is None:
                if para.zone == "table":
                    # The whole table is the footer, even a signature cell typed before the recipients.
                    while index > 0 and self.paras[index - 1].zone == "table" and self.paras[index - 1].table == para.table:
                        index -= 1
                return index
        # No "Nơi nhận": the footer starts at the signing authority line, if any.
        for index in range(len(self.paras) - 1, after, -1):
            if AUTHORITY_RE.match(self.paras[index].text.split("\t")[0]):
                return index
        return len(self.paras)

    def header_line(self, para: Para) -> None:
        for piece in para.text.split("\t"):
            text = piece.strip()
            folded = fold(text)
            number = NUMBER_RE.match(text)
            date = DATE_RE.match(text)
            if number:
                self.d.number = int(number.group("n")) if number.group("n") else None
                self.d.symbol = number.group("sym").strip()
                self.mark(para, Became.HEADER)
            elif date:
                self.d.place = date.group("place").strip()
                self.d.year = int(date.group("y"))
                if date.group("d") and date.group("m"):
                    try:
                        self.d.issued_on = dt.date(int(date.group("y")), int(date.group("m")), int(date.group("d")))
                    except ValueError:
                        self.d.issued_on = None
                self.mark(para, Became.HEADER)
            elif folded.startswith(MOTTO):
                self.mark(para, Became.LAYOUT)
            elif DECORATION_RE.match(text):
                self.mark(para, Became.LAYOUT)
            else:
                self.d.header_issuer.append(text)
                self.mark(para, Became.HEADER)

    def subject(self, start: int, end: int) -> int:
        """The subject lines under the document name: bold or centred lines, up to a rule line."""
        index = start
        while index < end and index - start < 5:
            para = self.paras[index]
            if para.order in self.forced:
                break
            if DECORATION_RE.match(para.text):
                self.mark(para, Became.LAYOUT)
                return index + 1
            if GROUND_RE.match(para.text) or ROMAN_RE.match(para.text) or PART_RE.match(para.text):
                break
            if not (para.bold or para.centered) and self.d.subject:
                break
            if self.subject_inline and not (para.bold or para.centered):
                break
            if not (para.bold or para.centered) and words(para.text) > 40:
                break
            self.d.subject.append(para.text.replace("\t", " "))
            self.mark(para, Became.TITLE)
            index += 1
        return index

    def body_line(self, para: Para) -> None:
        text = para.text.replace("\t", " ").strip()
        forced = self.forced.get(para.order)
        if forced:
            return self.forced_line(para, text, forced)
        if DECORATION_RE.match(text):
            return self.mark(para, Became.LAYOUT)
        roman = ROMAN_RE.match(text)
        if roman and is_roman(roman.group("n")) and words(roman.group("rest")) <= 20:
            self.in_closing = False
            self.new_section(roman.group("rest").strip())
            return self.mark(para, Became.SECTION, str(len(self.d.sections)))
        if self.in_closing or (self.d.sections and CLOSING_RE.match(text)):
            self.in_closing = True
            self.d.closing.append(text)
            return self.mark(para, Became.CLOSING)
        if not self.d.sections and self.part is None:
            if GROUND_RE.match(text):
                grounds, preamble = split_grounds(text)
                self.d.legal_bases.extend(grounds)
                self.d.preamble.extend(preamble)
                return self.mark(para, Became.GROUND if grounds else Became.PREAMBLE)
            if not PART_RE.match(text) and not item_match(text):
                self.d.preamble.append(text)
                return self.mark(para, Became.PREAMBLE)
        if SUBNUMBER_RE.match(text):
            return self.add_item(para, text, Style.PARAGRAPH)
        part = PART_RE.match(text)
        if part:
            return self.numbered_line(para, part.group("rest").strip())
        item = item_match(text)
        if item:
            style, rest = item
            # "- a; - b" typed in one paragraph is two items.
            pieces = re.split(r"(?<=;)\s+[-–]\s+(?=\S)", rest) if style == Style.DASH else [rest]
            for piece in pieces:
                self.ensure_part().items.append(DItem(piece, style, source=para.order))
            return self.mark(para, Became.ITEM, self.where())
        self.add_item(para, text, Style.PARAGRAPH)

    def forced_line(self, para: Para, text: str, forced: str) -> None:
        bare = text
        for regex in (ROMAN_RE, PART_RE):
            match = regex.match(text)
            if match:
                bare = match.group("rest")
        item = item_match(text)
        if forced == Became.SECTION:
            self.new_section(bare)
            self.mark(para, Became.SECTION, str(len(self.d.sections)))
        elif forced == Became.PART:
            self.start_part(DPart(heading=bare, kind=part_kind(bare)), para)
        elif forced == Became.ITEM:
            style, rest = item if item else (Style.DASH, bare)
            self.ensure_part().items.append(DItem(rest, style, source=para.order))
            self.mark(para, Became.ITEM, self.where())
        elif forced == Became.TEXT:
            self.add_item(para, text, Style.PARAGRAPH)
        elif forced == Became.GROUND:
            self.d.legal_bases.append(text)
            self.mark(para, Became.GROUND)
        elif forced == Became.PREAMBLE:
            self.d.preamble.append(text)
            self.mark(para, Became.PREAMBLE)
        elif forced == Became.CLOSING:
            self.d.closing.append(text)
            self.mark(para, Became.CLOSING)
        elif forced == Became.RECIPIENT:
            self.d.recipients.append(recipient_from(text))
            self.mark(para, Became.RECIPIENT)

    def footer(self, paras: list[Para]) -> None:
        """"Nơi nhận:" with its recipients, the signing authority, the position and the signer's name,
        in a table or typed in paragraphs (two columns separated by tabs)."""
        pieces: list[tuple[Para, str]] = []
        for para in paras:
            if para.order in self.forced:
                self.body_line(para)
                continue
            for column in para.text.split("\t"):
                # A signature cell run into the recipients' last line ("- Lưu: VP.TM. ỦY BAN NHÂN DÂN"),
                # as LibreOffice leaves a .doc whose footer table it flattened.
                pieces += [(para, piece.strip()) for piece in AUTHORITY_SPLIT.split(column) if piece.strip()]
        names = [i for i, (_, text) in enumerate(pieces) if name_like(text)]
        signer_at = names[-1] if names else None
        last_recipient_open = False
        for index, (para, text) in enumerate(pieces):
            folded = fold(text)
            authority = AUTHORITY_RE.match(text)
            if folded.startswith("NOI NHAN"):
                rest = text.split(":", 1)[1].strip() if ":" in text else ""
                self.mark(para, Became.LAYOUT)
                if rest:
                    self.d.recipients.append(recipient_from(rest))
                    self.mark(para, Became.RECIPIENT)
            elif authority:
                code = authority.group("a") or PARTY_AUTHORITY[authority.group("p")]
                rest = (authority.group("rest") or authority.group("prest")).strip()
                if not self.d.sign_authority:
                    self.d.sign_authority, self.d.sign_on_behalf_of = code, rest
                else:
                    self.d.sign_deputy_authority, self.d.sign_deputy_of = code, rest
                self.mark(para, Became.SIGNATURE)
            elif re.match(r"^[-–—•+]", text):
                bare = re.sub(r"^[-–—•+]\s*", "", text)
                if fold(bare).startswith("LUU"):
                    self.d.archive_line = bare.rstrip(".").strip()
                    self.mark(para, Became.RECIPIENT)
                    last_recipient_open = False
                else:
                    self.d.recipients.append(recipient_from(text))
                    self.mark(para, Became.RECIPIENT)
                    last_recipient_open = not text.rstrip().endswith((";", ",", "."))
            elif folded.startswith("LUU"):
                self.d.archive_line = text.rstrip(".").strip()
                self.mark(para, Became.RECIPIENT)
            elif index == signer_at:
                self.d.signer_name = text
                self.mark(para, Became.SIGNATURE)
            elif re.fullmatch(r"\(.*\)", text):
                self.mark(para, Became.LAYOUT)  # "(Đã ký)", "(Ký, ghi rõ họ tên)"
            elif text == text.upper() and re.search(r"[A-ZĐ]", folded) and not self.d.sign_position:
                self.d.sign_position = text
                self.mark(para, Became.SIGNATURE)
            elif last_recipient_open and self.d.recipients:
                self.d.recipients[-1].text = f"{self.d.recipients[-1].text} {text}".rstrip(";,.")
                self.mark(para, Became.RECIPIENT)
                last_recipient_open = not text.endswith((";", ",", "."))
            else:
                self.d.closing.append(text)
                self.mark(para, Became.CLOSING)

    # -- structured records

    def records(self) -> None:
        used: set[str] = set()
        for s_index, section in enumerate(self.d.sections, start=1):
            for p_index, part in enumerate(section.parts, start=1):
                target = f"{s_index}.{p_index}"
                self.people(part, used, target)
                self.group_labels(part, used, target)
                if part.kind == PartKind.ATTENDEES:
                    self.attendee_part(part, used, target)
                if part.kind == PartKind.SCHEDULE and ItemKind.SESSIONS not in used:
                    self.schedule(part, used, target)
                if part.kind == PartKind.AGENDA and ItemKind.AGENDA not in used:
                    self.agenda(part, used, target)
        self.deadlines()

    def report_item(self, item: DItem, became: str, target: str) -> None:
        # A part heading that carries its text on the same line ("1. Chủ trì: Chủ tịch UBND xã.") is reported
        # as what that text became.
        allowed = (Became.ITEM, Became.TEXT, Became.PART) if item.style == Style.INLINE else (Became.ITEM, Became.TEXT)
        if item.source is not None and self.d.report.get(item.source, Report("")).became in allowed:
            self.d.report[item.source] = Report(became, target)

    def people(self, part: DPart, used: set[str], target: str) -> None:
        """"Chủ trì: …" and "Thư ký: …" lines become the plan's chairs and secretaries."""
        for index, item in enumerate(part.items):
            if item.kind != ItemKind.TEXT:
                continue
            if part.heading_style == HeadingStyle.COLON and item.style == Style.INLINE and index == 0:
                label_match = CHAIR_RE.match(f"{part.heading}: {item.text}") or SECRETARY_RE.match(f"{part.heading}: {item.text}")
                inline = True
            else:
                label_match = CHAIR_RE.match(item.text) or SECRETARY_RE.match(item.text)
                inline = False
            if not label_match:
                continue
            chair = fold(label_match.group("label")).startswith(("CHU TRI", "NGUOI CHU TRI", "DONG CHI CHU TRI"))
            kind = ItemKind.CHAIRS if chair else ItemKind.SECRETARIES
            if kind in used:
                continue
            used.add(kind)
            who = label_match.group("who").strip().rstrip(".").strip()
            people = [p.strip() for p in re.split(r"\s+và\s+(?=[Đđ]ồng chí\b)", who) if p.strip()]
            (self.d.chairs if chair else self.d.secretaries).extend(people)
            item.kind = kind
            item.text = "" if inline else label_match.group("label").strip()
            self.report_item(item, Became.CHAIR if chair else Became.SECRETARY, target)

    def group_labels(self, part: DPart, used: set[str], target: str) -> None:
        """"- Thành phần mời tham dự:" followed by "+" lines: a labelled list of groups."""
        index = 0
        while index < len(part.items):
            item = part.items[index]
            if item.kind == ItemKind.TEXT and item.style in (Style.DASH, Style.STAR, Style.PARAGRAPH) and GROUP_LABEL_RE.match(item.text):
                kind = ItemKind.INVITED if "MOI" in fold(item.text).split() else ItemKind.PARTICIPANTS
                following = []
                cursor = index + 1
                while cursor < len(part.items) and part.items[cursor].style == Style.PLUS and part.items[cursor].kind == ItemKind.TEXT:
                    following.append(part.items[cursor])
                    cursor += 1
                if following and kind not in used:
                    used.add(kind)
                    item.kind = kind
                    self.report_item(item, Became.GROUP, target)
                    for sub in following:
                        self.d.groups.append(self.group(sub.text, kind, sub.style))
                        self.report_item(sub, Became.GROUP, target)
                    del part.items[index + 1:cursor]
            index += 1

    @staticmethod
    def group(text: str, kind: str, style: str) -> DGroup:
        count = COUNT_RE.search(text)
        category = GroupCategory.INVITED if kind == ItemKind.INVITED else GroupCategory.PARTICIPANTS
        return DGroup(text=text, category=category, style=style, expected_count=int(count.group(1)) if count else None)

    def attendee_part(self, part: DPart, used: set[str], target: str) -> None:
        """A "Thành phần tham dự" part: its lines are the participant groups, printed where the first stood."""
        folded = fold(part.heading).split()
        kind = ItemKind.PARTICIPANTS if ("GIA" in folded and "MOI" not in folded) else ItemKind.INVITED
        if kind in used:
            return  # the groups of that kind print elsewhere already; these lines stay as written
        lines = [i for i, item in enumerate(part.items) if item.kind == ItemKind.TEXT and item.style not in (Style.INLINE, Style.PARAGRAPH)]
        if not lines:
            return
        used.add(kind)
        first = lines[0]
        for i in lines:
            self.d.groups.append(self.group(part.items[i].text, kind, part.items[i].style))
            self.report_item(part.items[i], Became.GROUP, target)
        anchor = DItem("", Style.DASH, kind, source=None)
        part.items = [item for i, item in enumerate(part.items) if i not in lines]
        part.items.insert(first, anchor)

    def schedule(self, part: DPart, used: set[str], target: str) -> None:
        """Time-and-place lines become sessions: "Dự kiến vào cuối quý III." with the "Địa điểm:" and
        "Số lượng:" lines under it, or "Trước tháng 6/2026: Đối thoại với …"."""
        start = end = None
        current: DSession | None = None
        for index, item in enumerate(part.items):
            if item.kind != ItemKind.TEXT:
                if start is not None:
                    break
                continue
            text = item.text
            window = WINDOW_RE.search(text)
            folded = fold(text)
            if window and not folded.startswith(("DIA DIEM", "SO LUONG")):
                current = DSession(window=text[window.start():window.end()].strip(), lines=[text])
                head = text[: window.start()].strip()
                if head and not fold(head).startswith(("DU KIEN", "THOI GIAN")):
                    current.window = f"{head} {current.window}".strip()
                current.window = re.sub(r"^(?:vào|trong)\s+", "", current.window, flags=re.I)
                current.window = current.window[:1].upper() + current.window[1:]
                venue = VENUE_RE.search(text[window.end():])
                if venue:
                    current.venue = venue.group("venue").strip()
                if ":" in text[window.end():]:
                    current.audience = text[window.end():].split(":", 1)[1].strip().rstrip(".")
                count = COUNT_RE.search(text)
                if count:
                    current.expected_attendance = int(count.group(1))
                self.d.sessions.append(current)
            elif current is not None and (folded.startswith(("DIA DIEM", "SO LUONG", "THANH PHAN")) or COUNT_RE.search(text)):
                current.lines.append(text)
                if folded.startswith("DIA DIEM") and ":" in text:
                    current.venue = text.split(":", 1)[1].strip().rstrip(".")
                count = COUNT_RE.search(text)
                if count:
                    current.expected_attendance = int(count.group(1))
            else:
                if start is not None:
                    break
                continue
            if start is None:
                start = index
            end = index
            self.report_item(item, Became.SESSION, target)
        if start is None:
            return
        used.add(ItemKind.SESSIONS)
        style = part.items[start].style
        part.items[start: end + 1] = [DItem("", style, ItemKind.SESSIONS)]

    def agenda(self, part: DPart, used: set[str], target: str) -> None:
        """The lines of the conference programme become agenda steps, their text as written."""
        lines = [i for i, item in enumerate(part.items) if item.kind == ItemKind.TEXT and item.style != Style.INLINE]
        if not lines:
            return
        used.add(ItemKind.AGENDA)
        for i in lines:
            item = part.items[i]
            step = DAgenda(text=item.text, style=item.style)
            minutes = MINUTES_RE.search(item.text)
            if minutes:
                step.minutes = int(minutes.group(1))
            who = PRESENTER_RE.match(item.text) or PRESENTER_PAREN_RE.search(item.text)
            if who:
                step.presenter = who.group("who").strip()
            self.d.agenda.append(step)
            self.report_item(item, Became.AGENDA, target)
        first = lines[0]
        style = part.items[first].style
        part.items = [item for i, item in enumerate(part.items) if i not in lines]
        part.items.insert(first, DItem("", style, ItemKind.AGENDA))

    def deadlines(self) -> None:
        """Time limits in the text ("chậm nhất 07 ngày", "trong thời hạn 05 ngày làm việc") become deadline
        rules, and the text prints them through a [[code]] token so the two cannot disagree."""
        codes: set[str] = set()

        def replace(text: str, responsible: str) -> str:
            def one(match: re.Match) -> str:
                n = int(match.group("n"))
                if n == 0 or n > 365:
                    return match.group(0)
                lead = match.group("lead").lower()
                working = match.group("unit").lower() == "ngày làm việc"
                after = text[match.end(): match.end() + 90].lower()
                # The sentence up to the limit: "Sau khi có Thông báo kết luận, … chậm nhất 20 ngày làm việc".
                sentence = max(text.rfind(". ", 0, match.start()), 0)
                before = text[sentence: match.start()].lower()
                anchor, sign = Anchor.CONFERENCE, 1
                if lead == "trước" or re.match(r"\s*(tổ chức|tiếp xúc|đối thoại|hội nghị|diễn ra|trước)", after):
                    sign = -1
                if re.search(r"thông báo (về nội dung )?kết luận|ban hành thông báo", after + " " + before) and "sau hội nghị" not in after[:20]:
                    anchor = Anchor.NOTICE
                    sign = 1
                if re.search(r"(nhận được|tiếp nhận) (kiến nghị|đơn|ý kiến)", after):
                    anchor, sign = Anchor.RECEIPT, 1
                elif re.search(r"(được giao|ngày giao)", after):
                    anchor, sign = Anchor.ASSIGNMENT, 1
                code = f"{anchor}_{'truoc' if sign < 0 else 'sau'}_{n}{'_lv' if working else ''}"
                # The code names the limit itself, so the same limit written twice is one rule.
                if code not in codes:
                    codes.add(code)
                    clause = re.split(r"(?<=[.;])\s", text[max(0, match.start() - 160): match.end() + 60])
                    name = next((c for c in clause if match.group(0) in c), match.group(0)).strip()
                    self.d.rules.append(DRule(
                        code=code, name=name[:250], anchor=anchor, offset_days=sign * n,
                        day_type=DayType.WORKING if working else DayType.CALENDAR, responsible_text=responsible[:250],
                    ))
                prefix = match.group(0)[: match.start("n") - match.start()]
                return f"{prefix}[[{code}]]"

            return DEADLINE_RE.sub(one, text)

        for section in self.d.sections:
            for part in section.parts:
                responsible = part.heading if part.kind == PartKind.RESPONSIBILITY else ""
                for item in part.items:
                    if item.kind == ItemKind.TEXT and item.text:
                        item.text = replace(item.text, responsible)
        for step in self.d.agenda:
            step.text = replace(step.text, "")
        for group in self.d.groups:
            group.text = replace(group.text, "")


def classify(paras: list[Para], forced: dict[int, str] | None = None) -> Draft:
    """The plan a list of paragraphs describes; `forced` maps a paragraph's order to what the user chose it becomes."""
    return _Classifier(paras, forced or {}).run()
