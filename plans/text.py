"""Small text rules of the printed plan: typed markers, lettering, folding.

The renderer numbers and bullets every line itself (plans/documents.py), so a
line whose stored text still begins with the marker someone typed or pasted
("- ", "2. ", "a) ") would print it twice: "- - …", "2. 2. …". `strip_marker`
takes such a marker off; the editor and the Word import call it when they
save a line, and the builder calls it again when it prints one, so rows saved
before the rule existed print right too.
"""

from __future__ import annotations

import re

from dialogue.text import fold

from .models import Style

# The Vietnamese alphabet as legal documents letter their points: a, b, c, d, đ,
# e, g, h… (no f, j, w, z; đ after d), as in Nghị định 30/2020 and the laws.
LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()

_LETTER = "[a-zđ]"
# A typed marker per style: the marker, then at least one space (a tab when pasted from Word).
_MARKERS = {
    Style.DASH: re.compile(r"^[-\u2013\u2014\u2212\u2022](?:[ \t\u00a0]+)"),
    Style.PLUS: re.compile(r"^\+(?:[ \t\u00a0]+)"),
    Style.STAR: re.compile(r"^\*(?:[ \t\u00a0]+)"),
    Style.NUMBERED: re.compile(r"^\d{1,3}[.)](?:[ \t\u00a0]+)"),
    Style.LETTER_PAREN: re.compile(rf"^{_LETTER}\)(?:[ \t\u00a0]+)", re.IGNORECASE),
    Style.LETTER_DOT: re.compile(rf"^{_LETTER}\.(?:[ \t\u00a0]+)", re.IGNORECASE),
}


def strip_marker(text: str, style: str) -> str:
    """The text without a leading typed marker of its own style ("- ", "+ ", "2. ", "a) ", "a. ").

    Only the style's own marker goes: a paragraph keeps a leading "-", and a
    dash line keeps "2. " (a number the sentence itself begins with). A marker
    typed twice ("- - Nhân dân") loses both.
    """
    pattern = _MARKERS.get(style)
    if pattern is None or not text:
        return text
    stripped, changed = text.lstrip(), False
    while match := pattern.match(stripped):
        stripped, changed = stripped[match.end():].lstrip(), True
    return stripped if changed else text


def letter(index: int) -> str:
    """The index-th letter (1 → a, 5 → đ); after y: aa, bb… as long lists of points run on."""
    position = (index - 1) % len(LETTERS)
    repeat = (index - 1) // len(LETTERS) + 1
    return LETTERS[position] * repeat


def contains_folded(text: str, part: str) -> bool:
    """Whether `part` appears in `text` as whole words, ignoring case, accents and punctuation."""
    needle = fold(part)
    return bool(needle) and f" {needle} " in f" {fold(text)} "


def clean_row(row) -> bool:
    """Drop a typed marker from a row with `style` and `text` (an item, agenda step or
    attendee group) before it is saved; True when the text changed."""
    cleaned = strip_marker(row.text, row.style)
    if cleaned == row.text:
        return False
    row.text = cleaned
    return True
