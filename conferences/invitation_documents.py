"""GIẤY MỜI (Nghị định 30/2020, Phụ lục III, Mẫu 1.7) for a batch of invitees, as one PDF.

Each invitee gets an invitation page followed by the speaker registration slip
(PHIẾU ĐĂNG KÝ PHÁT BIỂU Ý KIẾN, KIẾN NGHỊ). Header, sizes and signature follow
the plans' layout (templates/documents/base.html, static/css/documents.css);
a batch that has not been issued prints DỰ THẢO on every page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

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
from dialogue.letterhead import BLANK_NUMBER as BLANK
from dialogue.letterhead import DocumentHeader, document_number, place_date
from dialogue.wording import event_phrase, join_people, number_as_printed

from .models import Conference, InvitationBatch, PersonRole

WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]


@dataclass
class InvitationDocument(DocumentHeader):
    place_date_blank: str  # for the slip, dated by whoever fills it in
    subject: str
    issuer_name: str  # "Ủy ban nhân dân xã Vĩnh Lâm" in the sentence "… trân trọng kính mời"
    plan_reference: str  # "Thực hiện Kế hoạch số 12-KH/ĐU … của …, " opening the invitation's sentence
    conference_title: str
    time_text: str
    venue: str
    chair: str
    recipients: list[str]
    signature_lines: list[str]
    signer_name: str
    marks: SignatureMarks | None = None


def printed_time(conference: Conference) -> str:
    """"08 giờ 00 phút, thứ Năm, ngày 05 tháng 3 năm 2026"; blanks when the date is not fixed."""
    start = conference.local_start
    if start is None:
        return f"{BLANK}giờ{BLANK}phút, ngày{BLANK}tháng{BLANK}năm{BLANK}"
    day = place_date("", start.date(), start.year).removeprefix(", ")
    return f"{start.hour:02d} giờ {start.minute:02d} phút, {WEEKDAYS[start.weekday()]}, {day}"


def _issuer_sentence_name(lines: list[str]) -> str:
    """"ỦY BAN NHÂN DÂN / XÃ VĨNH LÂM" -> "Ủy ban nhân dân xã Vĩnh Lâm" for the body text."""
    text = " ".join(lines).strip()
    if not text:
        return ""
    words = text.split()
    # The kind of body in lower case, the place name capitalised: the place starts after XÃ/HUYỆN/… .
    places = {"XÃ", "PHƯỜNG", "THỊ", "HUYỆN", "TỈNH", "THÀNH", "QUẬN", "ĐẶC"}
    out = []
    in_place = False
    for word in words:
        if not in_place and word.upper() in places:
            in_place = True
            out.append(word.lower())
            continue
        out.append(word.capitalize() if in_place else word.lower())
    sentence = " ".join(out)
    return sentence[:1].upper() + sentence[1:]


def build_invitation(conference: Conference, batch: InvitationBatch | None = None) -> InvitationDocument:
    organization = conference.organization
    plan = conference.plan
    is_party = organization.is_party
    if plan is not None and plan.header_issuer_lines:
        header_parent, header_issuer = plan.header_parent_lines, plan.header_issuer_lines
        abbreviation = plan.symbol or organization.abbreviation
        place = plan.place or organization.place_name
    else:
        header_parent = [line.strip() for line in organization.header_parent.splitlines() if line.strip()]
        header_issuer = organization.header_lines
        abbreviation = organization.abbreviation
        place = organization.place_name
    people = list(conference.people.all())
    chairs = [p for p in people if p.role == PersonRole.CHAIR]
    chair_text = join_people([p.position or p.display_name for p in chairs])
    if batch is not None and batch.signer_name:
        # Signed by a delegate: their block, as issued.
        signature_lines, signer_name = [line for line in batch.signature_lines.splitlines() if line], batch.signer_name
    elif plan is not None and (plan.signature_lines() or plan.signer_name):
        signature_lines, signer_name = plan.signature_lines(), plan.signer_name
    elif chairs:
        first = chairs[0]
        signature_lines = [first.position.upper()] if first.position else []
        signer_name = first.display_name
    else:
        signature_lines, signer_name = [], ""
    plan_reference = ""
    if plan is not None and plan.number:
        plan_reference = f"Thực hiện Kế hoạch số {number_as_printed(plan.symbol_display)}"
        if plan.issued_on:
            plan_reference += f" ngày {plan.issued_on:%d/%m/%Y}"
        plan_reference += f" của {_issuer_sentence_name(header_issuer)}, "
    issued_on = batch.issued_on if batch else None
    year = (issued_on or clock.today()).year
    # The event, as "Tới dự …" and "Dự …" need it, whatever the title starts with.
    title = event_phrase(conference.title) if conference.title.strip() else ""
    return InvitationDocument(
        is_party=is_party,
        is_draft=batch is None,
        header_parent=header_parent,
        header_issuer=header_issuer,
        symbol=document_number(batch.number if batch else None, "GM", abbreviation, party=is_party),
        place_date=place_date(place, issued_on, year),
        place_date_blank=place_date(place, None, year),
        name="GIẤY MỜI",
        subject=f"Dự {title[:1].lower()}{title[1:]}" if title else "",
        issuer_name=_issuer_sentence_name(header_issuer),
        plan_reference=plan_reference,
        conference_title=title,
        time_text=printed_time(conference),
        venue=conference.venue or BLANK * 4,
        chair=chair_text,
        recipients=["- Như trên;", "- Lưu: VT."],
        signature_lines=signature_lines,
        signer_name=signer_name,
        marks=signature_marks(organization, signer_name=signer_name, issued=batch is not None),
    )


def invitation_html(conference: Conference, invitees, *, batch: InvitationBatch | None = None,
                    with_slip: bool = True, external_styles: bool = False, verification=None) -> str:
    """The invitations of `invitees`, then (with_slip) one registration slip."""
    doc = build_invitation(conference, batch)
    invitees = list(invitees)
    if verification is not None:
        # Each invitation links to a page of its own, which names no other invitee.
        for person in invitees:
            person.verification = verification.for_holder(person.pk)
    return render_to_string(
        "documents/invitation.html",
        {
            "doc": doc,
            "invitees": invitees,
            "with_slip": with_slip,
            "static_base": STATIC_BASE_URL,
            "external_styles": external_styles,
            "draft_css": DRAFT_CSS,
            "verification": verification,
        },
    )


def render_invitations_pdf(conference: Conference, invitees, *, batch: InvitationBatch | None = None,
                           verification=None) -> bytes:
    """One PDF: for each invitee, the invitation and then the registration slip.

    The slip is blank and the same for everyone, so it is laid out once and its
    page repeated after each invitation: half the layout work (about 0.1 s a
    page) and one shared content stream instead of one per copy.
    """
    from pypdf import PdfReader, PdfWriter

    invitees = list(invitees)
    stylesheets = document_stylesheets(draft=batch is None)
    letters = render_pdf(
        invitation_html(conference, invitees, batch=batch, with_slip=False, external_styles=True, verification=verification),
        base_url=STATIC_BASE_URL, stylesheets=stylesheets,
    )
    slip = render_pdf(
        invitation_html(conference, [], batch=batch, with_slip=True, external_styles=True),
        base_url=STATIC_BASE_URL, stylesheets=stylesheets,
    )
    reader = PdfReader(io.BytesIO(letters))
    letter_pages = reader.pages
    slip_page = PdfReader(io.BytesIO(slip)).pages[0]
    # Each invitation starts at its bookmark; should a long name push one over a page, its pages stay together.
    marks = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline if not isinstance(item, list)]
    starts = [page for _title, page in marks] or [0]
    ends = starts[1:] + [len(letter_pages)]
    writer = PdfWriter()
    for (title, start), end in zip(marks or [("", 0)], ends):
        first = len(writer.pages)
        for page in letter_pages[start:end]:
            writer.add_page(page)
        writer.add_page(slip_page)
        if title:
            writer.add_outline_item(title=title, page_number=first)
    writer.add_metadata({"/Title": "GIẤY MỜI"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
