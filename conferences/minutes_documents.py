"""The printed BIÊN BẢN HỘI NGHỊ (Nghị định 30/2020, Mẫu 1.9): header, start time and
place, attendees and counts, chair, secretary, the proceedings, the chair's
conclusions, "Hội nghị kết thúc vào … giờ …, ngày …" and the signatures of the
secretary and the chair."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from dialogue import clock
from dialogue.documents import DRAFT_CSS, STATIC_BASE_URL, document_stylesheets, render_pdf
from dialogue.letterhead import DocumentHeader, document_number, place_date, time_phrase
from dialogue.text import person_name

from .models import Conference, Minutes, PersonRole


@dataclass
class MinutesDocument(DocumentHeader):
    subject: list[str]
    opening: list[str]
    chairs: list[str]
    secretaries: list[str]
    attendance: list[str]
    content: list[str]
    conclusions: list[str]
    closing: str
    secretary_name: str
    chair_name: str
    recipients: list[str] = field(default_factory=list)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _signer(conference: Conference, role: str) -> str:
    for p in conference.people.all():
        if p.role == role:
            return person_name(p.user) if p.user_id else p.name
    return ""


def build_minutes_document(minutes: Minutes, *, symbol: str | None = None) -> MinutesDocument:
    conference = minutes.conference
    org = conference.organization
    abbreviation = org.abbreviation or ""
    # The number comes from the register when the approved minutes are frozen.
    symbol = symbol or document_number(None, "BB", abbreviation, party=org.is_party)
    day = timezone.localtime(conference.starts_at).date() if conference.starts_at else None
    parent = [line.strip() for line in org.header_parent.replace("/", "\n").splitlines() if line.strip()]
    if minutes.ended_at:
        closing = f"Hội nghị kết thúc vào {time_phrase(minutes.ended_at)}."
    else:
        closing = "Hội nghị kết thúc vào …… giờ …… phút, ngày …… tháng …… năm ……."
    approved_by = minutes.approved_by
    chair_name = _signer(conference, PersonRole.CHAIR)
    if minutes.is_approved and approved_by is not None and not chair_name:
        chair_name = person_name(approved_by)
    return MinutesDocument(
        is_party=org.is_party,
        is_draft=not minutes.is_approved,
        header_parent=parent,
        header_issuer=org.header_lines,
        symbol=symbol,
        place_date=place_date(org.place_name, day, day.year if day else clock.today().year),
        name="BIÊN BẢN",
        subject=["HỘI NGHỊ TIẾP XÚC, ĐỐI THOẠI", conference.title],
        opening=_paragraphs(minutes.opening),
        chairs=_paragraphs(minutes.chairs),
        secretaries=_paragraphs(minutes.secretaries),
        attendance=_paragraphs(minutes.attendance),
        content=_paragraphs(minutes.content),
        conclusions=_paragraphs(minutes.conclusions),
        closing=closing,
        secretary_name=_signer(conference, PersonRole.SECRETARY),
        chair_name=chair_name,
    )


def minutes_html(minutes: Minutes, *, external_styles: bool = False, verification=None) -> str:
    doc = build_minutes_document(minutes, symbol=verification.symbol if verification else None)
    return render_to_string(
        "documents/minutes.html",
        {"doc": doc, "static_base": STATIC_BASE_URL, "external_styles": external_styles, "draft_css": DRAFT_CSS,
         "verification": verification},
    )


def render_minutes_pdf(minutes: Minutes, *, verification=None) -> bytes:
    html = minutes_html(minutes, external_styles=True, verification=verification)
    return render_pdf(html, base_url=STATIC_BASE_URL, stylesheets=document_stylesheets(draft=not minutes.is_approved))
