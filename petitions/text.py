"""Text helpers: accent-insensitive keys for duplicate detection and the
shortened name the public page prints."""

import re
import unicodedata

from dialogue import phones

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without Vietnamese diacritics ("Đất đai" -> "dat dai")."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(_WORD.findall(stripped.lower()))


def phone_key(phone: str) -> str:
    """The national digits, so "+84 912.345.678" and 912345678 match "0912345678" (dialogue.phones)."""
    return phones.phone_key(phone)


def words(text: str) -> set[str]:
    return {w for w in fold(text).split() if len(w) > 1}


def similarity(a: set[str], b: set[str]) -> float:
    """Jaccard similarity of two word sets, 0..1."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def short_name(name: str) -> str:
    """"Nguyễn Văn An" -> "Nguyễn V. A.": the family name, then initials."""
    parts = (name or "").split()
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0][0] + "."
    return " ".join([parts[0], *(p[0].upper() + "." for p in parts[1:])])
