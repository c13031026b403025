"""Tracking codes a citizen can read aloud, type on a phone and never guess.

DT-7K3M9-QX2HB: ten symbols of Crockford's base-32 alphabet (no I, L, O, U),
so 50 random bits from `secrets`. Reading is forgiving: case, spaces, missing
dashes and the look-alikes O/0 and I/L/1 are all accepted, so a code copied
from a paper receipt still works.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "DT"
GROUPS = (5, 5)
RANDOM_SYMBOLS = sum(GROUPS)
RANDOM_BITS = RANDOM_SYMBOLS * 5  # 50
CODE_MAX_LENGTH = len(PREFIX) + len(GROUPS) + RANDOM_SYMBOLS  # "DT-" + "7K3M9-QX2HB"

_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_JUNK = re.compile(r"[\s\-_.]+")


def format_code(symbols: str) -> str:
    parts, start = [], 0
    for size in GROUPS:
        parts.append(symbols[start : start + size])
        start += size
    return "-".join([PREFIX, *parts])


def new_code() -> str:
    return format_code("".join(secrets.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS)))


def normalize_code(raw: str | None) -> str | None:
    """The canonical form of what a citizen typed, or None when it cannot be a code."""
    if not raw or len(raw) > 64:
        return None
    text = _JUNK.sub("", raw).upper()
    if text.startswith(PREFIX) and len(text) == len(PREFIX) + RANDOM_SYMBOLS:
        text = text[len(PREFIX) :]
    if len(text) != RANDOM_SYMBOLS:
        return None
    text = text.translate(_LOOKALIKES)
    if any(ch not in ALPHABET for ch in text):
        return None
    return format_code(text)
