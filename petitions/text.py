"""Text helpers of petitions: phone and word keys for duplicate detection. Folding
and the shortened public name are the core's (dialogue.text)."""

import re

# One accent-folding function and one short name for the whole project.
from dialogue.text import fold, short_name  # noqa: F401

_NON_DIGIT = re.compile(r"\D+")


def phone_key(phone: str) -> str:
    """Digits only, with +84 written as 0, so "+84 912.345.678" matches "0912345678"."""
    digits = _NON_DIGIT.sub("", phone or "")
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def words(text: str) -> set[str]:
    return {w for w in fold(text).split() if len(w) > 1}


def similarity(a: set[str], b: set[str]) -> float:
    """Jaccard similarity of two word sets, 0..1."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
