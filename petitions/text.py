"""Text helpers of petitions: phone and word keys for duplicate detection. Folding
and the shortened public name are the core's (dialogue.text)."""

import re

from dialogue import phones
# One accent-folding function and one short name for the whole project.
from dialogue.text import fold, short_name  # noqa: F401


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
