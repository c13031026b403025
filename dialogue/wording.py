"""Sentences built from fields, so they read right whatever the field starts with.

A conference's title is whatever the office typed or the plan's subject line,
which usually starts with the plan's verb: "Tổ chức hội nghị tiếp xúc, đối
thoại…". Put after "Ủy ban nhân dân xã Vĩnh Lâm tổ chức …", "Tới dự …" or
"Biên bản …" as it is, that gives "tổ chức Tổ chức hội nghị". `event_phrase`
turns any such title into the noun phrase the sentences need.
"""

from __future__ import annotations

import re
import unicodedata

# Words a title may open with that are not part of the event's name: the plan's
# document name and its verb ("Kế hoạch tổ chức …", "Tổ chức …", "V/v tổ chức …").
_LEADING = re.compile(r"^(?:v/v\s+|về việc\s+|kế hoạch\s+|tổ chức\s+)+", re.IGNORECASE)
# Nouns that already name an event; anything else gets "hội nghị" in front
# ("Tiếp xúc cử tri" -> "hội nghị tiếp xúc cử tri").
_EVENT_NOUNS = ("hội nghị", "hội thảo", "buổi", "cuộc", "phiên", "lễ", "đợt")


def one_line(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def capitalize_first(text: str) -> str:
    """The first letter in capitals and nothing else changed (str.capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """The first letter in lower case unless the first word is an abbreviation (UBND, HĐND)."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


def event_phrase(title: str | None) -> str:
    """The event a title names, as a noun phrase that starts with a capital:
    "Tổ chức hội nghị tiếp xúc…" -> "Hội nghị tiếp xúc…";
    "Kế hoạch tổ chức tiếp xúc, đối thoại…" -> "Hội nghị tiếp xúc, đối thoại…"."""
    text = one_line(title).rstrip(".;: ")
    rest = _LEADING.sub("", text)
    if not rest:
        return "Hội nghị"
    if not rest.casefold().startswith(_EVENT_NOUNS):
        rest = f"hội nghị {lower_first(rest)}"
    return capitalize_first(rest)


def number_as_printed(symbol: str | None) -> str:
    """"01/TB-UBND" from the header's "Số: 01/TB-UBND" (state) or "01-TB/ĐU" from
    "Số 01-TB/ĐU" (party): a document's number in a list, as the document prints it."""
    text = one_line(symbol)
    for prefix in ("Số:", "Số"):
        if text.startswith(prefix):
            return text[len(prefix):].strip()
    return text


def shorten_keeping_tail(text: str | None, limit: int, *, separator: str = " (") -> str:
    """`text` cut to `limit` characters in its common head, keeping the part after
    the last `separator` whole: two sessions' titles differ only there
    ("… năm 2026 (lần 2: Tháng 10/2026, tại xóm Hòa Bình)"), so a list must not cut it off."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text.rfind(separator)
    if cut <= 0 or len(text) - cut > limit // 2 + 20:
        return text[: limit - 1].rstrip() + "…"
    head, tail = text[:cut], text[cut:]
    room = max(limit - len(tail) - 1, 10)
    return head[:room].rstrip(" ,;") + "…" + tail


def join_people(descriptions: list[str]) -> str:
    if not descriptions:
        return ""
    if len(descriptions) == 1:
        return descriptions[0]
    return ", ".join(descriptions[:-1]) + " và " + descriptions[-1]


def with_period(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith((".", ";", ":", "…", "!", "?")) else text + "."
