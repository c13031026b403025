"""The printed THÔNG BÁO kết luận: build_notice_document(notice) -> NoticeDocument
-> templates/documents/notice.html -> dialogue.documents.render_pdf.

The document carries the attributes templates/documents/base.html prints for
every document type (header, symbol, place and date, recipients, signature),
plus the notice's own body: the opening, the chair's general conclusions, then
each petition (or group of petitions) with its conclusion, agency and deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Prefetch
from django.template.loader import render_to_string

from dialogue import clock
from dialogue.documents import (
    DRAFT_CSS,
    STATIC_BASE_URL,
    SignatureMarks,
    document_stylesheets,
    render_pdf,
    signature_marks,
)
from dialogue.letterhead import DocumentHeader, place_date, signature_block_lines
from dialogue.wording import capitalize_first, with_period

from .models import Conclusion, ConclusionNotice, Outcome, Petition
from .selectors import notice_agencies

ROMAN = ["I", "II", "III"]


@dataclass
class NoticeItem:
    number: int
    petitioners: str  # "Nguyễn V. A. (Xóm Hòa Bình)" or several, joined
    content: str
    conclusion: str
    agency_label: str = ""
    agency: str = ""
    deadline: str = ""  # dd/mm/yyyy

    @property
    def heading(self) -> str:
        return f"{self.number}. Cử tri {self.petitioners}:"


@dataclass
class NoticeDocument(DocumentHeader):
    notice: ConclusionNotice
    subject: list[str]
    opening: list[str]
    general_heading: str
    general: list[str]
    items_heading: str
    items: list[NoticeItem] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signature_lines: list[str] = field(default_factory=list)
    signer_name: str = ""
    marks: SignatureMarks | None = None


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _lines(text: str) -> list[str]:
    # A recipient typed as "- Công an xã;" prints once, with the document's own dash and separator.
    return [line.strip().lstrip("-–•").strip().rstrip(";,.").strip() for line in (text or "").splitlines() if line.strip()]


def _petitioner(petition: Petition) -> str:
    place = petition.petitioner_address.strip()
    return f"{petition.short_name} ({place})" if place else petition.short_name


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " và " + names[-1]


def _conclusion_text(conclusion: Conclusion) -> tuple[str, str, str]:
    """(conclusion, agency label, agency) as printed for one outcome."""
    # Each is printed as a sentence of its own, whatever case it was typed in.
    direction = capitalize_first(conclusion.direction.strip())
    outcome = conclusion.outcome
    agency = conclusion.agency.name if conclusion.agency_id else ""
    if outcome == Outcome.ANSWERED:
        text = f"Đã trả lời tại hội nghị: {with_period(capitalize_first(conclusion.answer.strip()))}"
        if direction:
            text = f"{text} {with_period(direction)}"
        return text, "", ""
    if outcome == Outcome.REFERRED:
        text = direction or f"Chuyển {conclusion.referred_to} xem xét, giải quyết theo thẩm quyền"
        return with_period(text), "Chuyển đến", conclusion.referred_to
    if outcome == Outcome.IN_WRITING:
        text = direction or (
            "Nội dung không thuộc phạm vi hội nghị; cơ quan được giao trả lời bằng văn bản cho cử tri"
        )
        return with_period(text), "Cơ quan trả lời", agency
    text = direction or "Giao cơ quan chuyên môn xem xét, giải quyết và trả lời bằng văn bản cho cử tri"
    return with_period(text), "Cơ quan thực hiện", agency


def notice_items(notice: ConclusionNotice) -> list[NoticeItem]:
    members = Prefetch("petition__group__members", queryset=Petition.objects.order_by("created_at", "id"))
    conclusions = (
        Conclusion.objects.filter(notice=notice)
        .select_related("petition", "petition__group", "agency")
        .prefetch_related(members)
        .order_by(F("petition__speech_number").asc(nulls_last=True), "petition__received_on", "petition__created_at", "id")
    )
    items = []
    for number, conclusion in enumerate(conclusions, start=1):
        lead = conclusion.petition
        people = [lead]
        if lead.group_id:
            people += [p for p in lead.group.members.all() if p.pk != lead.pk]
        text, label, agency = _conclusion_text(conclusion)
        items.append(
            NoticeItem(
                number=number,
                petitioners=_join([_petitioner(p) for p in people]),
                content=with_period(" ".join(lead.content.split())),
                conclusion=text,
                agency_label=label,
                agency=agency,
                deadline=f"{conclusion.due_on:%d/%m/%Y}" if conclusion.due_on else "",
            )
        )
    return items


def recipient_lines(notice: ConclusionNotice, is_party: bool) -> list[str]:
    """"- Công an xã;" for each agency, then the typed recipients, then "- Lưu: VT."."""
    separator = "," if is_party else ";"
    names = [agency.name for agency in notice_agencies(notice)]
    for line in _lines(notice.recipients):
        if line not in names:
            names.append(line)
    lines = [f"- {name}{separator}" for name in names]
    archive = notice.archive_line.strip().rstrip(".") or "Lưu: VT"
    lines.append(f"- {archive}.")
    return lines


def build_notice_document(notice: ConclusionNotice) -> NoticeDocument:
    conference = notice.conference
    organization = conference.organization
    is_party = organization.is_party
    issued = notice.status == ConclusionNotice.Status.ISSUED
    general = _paragraphs(notice.general_conclusions)
    headings = iter(ROMAN)
    general_heading = f"{next(headings)}. KẾT LUẬN CHUNG" if general else ""
    items = notice_items(notice)
    items_heading = f"{next(headings)}. KẾT LUẬN ĐỐI VỚI Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN" if items else ""
    year = notice.issued_on.year if notice.issued_on else clock.today().year
    return NoticeDocument(
        notice=notice,
        is_party=is_party,
        is_draft=not issued,
        header_parent=_paragraphs(organization.header_parent),
        header_issuer=organization.header_lines,
        symbol=notice.symbol_display(is_party),
        place_date=place_date(notice.place or organization.place_name, notice.issued_on, year),
        name="THÔNG BÁO",
        subject=_paragraphs(notice.subject),
        opening=_paragraphs(notice.opening_text),
        general_heading=general_heading,
        general=general,
        items_heading=items_heading,
        items=items,
        closing=_paragraphs(notice.closing),
        recipients=recipient_lines(notice, is_party),
        signature_lines=signature_block_lines(notice, party=is_party),
        signer_name=notice.signer_name,
        marks=signature_marks(organization, signer_name=notice.signer_name, issued=issued),
    )


def load_notice(pk: int) -> ConclusionNotice:
    return ConclusionNotice.objects.select_related(
        "conference", "conference__organization", "conference__plan"
    ).get(pk=pk)


def _html(doc: NoticeDocument, *, external_styles: bool, verification=None) -> str:
    return render_to_string(
        "documents/notice.html",
        {"doc": doc, "static_base": STATIC_BASE_URL, "external_styles": external_styles, "draft_css": DRAFT_CSS,
         "verification": verification},
    )


def render_notice_pdf(notice: ConclusionNotice, *, verification=None) -> bytes:
    """The PDF; every page of an unissued notice carries the DỰ THẢO mark, an issued one its verification block."""
    doc = build_notice_document(notice)
    html = _html(doc, external_styles=True, verification=verification)
    return render_pdf(html, base_url=STATIC_BASE_URL, stylesheets=document_stylesheets(draft=doc.is_draft))


def notice_filename(notice: ConclusionNotice) -> str:
    if notice.number:
        return f"thong-bao-ket-luan-{notice.number:02d}-{notice.year}.pdf"
    return f"du-thao-thong-bao-ket-luan-{notice.pk}.pdf"
