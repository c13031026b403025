"""What every official document prints the same way (Nghị định 30/2020/NĐ-CP for
state bodies, Hướng dẫn 36-HD/VPTW for party bodies): its number and symbol, the
place and date line, the signature block's first lines, and the header fields
the four printed documents share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Where a number is not given yet (a draft), the line keeps its width.
BLANK_NUMBER = "\u00a0" * 6


def document_number(number: int | None, kind: str, abbreviation: str, *, party: bool) -> str:
    """"Số: 05/KH-UBND" (state) or "Số 05-KH/ĐU" (party); blanks while unnumbered.

    `kind` is the document type's letters (KH, TB, BB, GM, BC), `abbreviation` the issuer's."""
    shown = f"{number:02d}" if number else BLANK_NUMBER
    if party:
        return f"Số {shown}-{kind}/{abbreviation}"
    return f"Số: {shown}/{kind}-{abbreviation}"


class Authority(models.TextChoices):
    """The first word of a signature block; printed "TM." (state) or "T/M" (party)."""

    NONE = "", _("(none)")
    TM = "TM", _("TM. (on behalf of the collective)")
    KT = "KT", _("KT. (signing for the head)")
    Q = "Q", _("Q. (acting)")
    TL = "TL", _("TL. (by order of)")
    TUQ = "TUQ", _("TUQ. (by authorisation)")


PARTY_AUTHORITY = {"TM": "T/M", "KT": "K/T", "TL": "T/L", "Q": "Q/", "TUQ": "TUQ/"}


def authority_label(code: str, party: bool) -> str:
    if not code:
        return ""
    return PARTY_AUTHORITY.get(code, code) if party else f"{code}."


def signature_block_lines(signed, *, party: bool) -> list[str]:
    """The signature block's lines above the signature, in capitals as printed,
    for any document with the sign_* fields (a plan, a conclusion notice)."""
    lines = []
    if signed.sign_authority:
        lines.append(f"{authority_label(signed.sign_authority, party)} {signed.sign_on_behalf_of}".strip())
    if signed.sign_deputy_authority:
        lines.append(f"{authority_label(signed.sign_deputy_authority, party)} {signed.sign_deputy_of}".strip())
    if signed.sign_position:
        lines.append(signed.sign_position)
    return [line.upper() for line in lines]


def place_date(place: str, day: dt.date | None, year: int) -> str:
    """"Vĩnh Lâm, ngày 05 tháng 3 năm 2024"; months 1 and 2 take a leading zero."""
    if day is None:
        blank = "\u00a0" * 6
        return f"{place}, ngày{blank}tháng{blank}năm {year}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def time_phrase(value: dt.datetime) -> str:
    """"14 giờ 00 phút, ngày 05 tháng 12 năm 2026" (months 1–2 with a leading zero)."""
    local = timezone.localtime(value)
    month = f"{local.month:02d}" if local.month < 3 else str(local.month)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, ngày {local.day:02d} tháng {month} năm {local.year}"


@dataclass
class DocumentHeader:
    """The fields every printed document's header and title share; each document's
    dataclass adds its own body after them."""

    is_party: bool
    is_draft: bool
    header_parent: list[str]
    header_issuer: list[str]
    symbol: str  # document_number(...)
    place_date: str  # place_date(...)
    name: str  # "KẾ HOẠCH", "THÔNG BÁO", "GIẤY MỜI", "BIÊN BẢN"
