"""Codes a citizen can read aloud, type on a phone and never guess, and the one
reading of what people type for them.

DT-7K3M9-QX2HB (a petition's tracking code) and 7K3M9-QX2HB (an issued document's
verification code): ten symbols of Crockford's base-32 alphabet (no I, L, O, U),
so 50 random bits from `secrets`. Reading is forgiving, and the same everywhere a
code is typed (the public look-up, the staff search, the verification page, the
API): case, spaces ("DT 7K3M9 QX2HB" as on a paper receipt), missing or
typographic dashes, full-width characters from a phone keyboard, "ĐT" for "DT", and
the look-alikes O/0 and I/L/1 are all accepted.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "DT"
GROUPS = (5, 5)
RANDOM_SYMBOLS = sum(GROUPS)
RANDOM_BITS = RANDOM_SYMBOLS * 5  # 50
CODE_MAX_LENGTH = len(PREFIX) + len(GROUPS) + RANDOM_SYMBOLS  # "DT-" + "7K3M9-QX2HB"

_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "Đ": "D"})
# Spaces of any kind, hyphens and dashes of any kind (Unicode "Pd"), underscores, dots, slashes.
_JUNK = re.compile(r"[\s\-_./\u2010-\u2015\u2212\u00ad\u200b\ufeff]+")


def format_code(symbols: str, prefix: str = PREFIX) -> str:
    parts, start = [], 0
    for size in GROUPS:
        parts.append(symbols[start : start + size])
        start += size
    return "-".join([prefix, *parts] if prefix else parts)


def new_code() -> str:
    return format_code("".join(secrets.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS)))


def code_symbols(raw: str | None) -> str | None:
    """The ten symbols of a typed code (with or without its DT prefix), or None."""
    if not raw or len(raw) > 64:
        return None
    # NFKC: full-width "ＤＴ７Ｋ" from East Asian keyboards becomes ASCII.
    text = _JUNK.sub("", unicodedata.normalize("NFKC", raw)).upper().translate(_LOOKALIKES)
    if text.startswith(PREFIX) and len(text) == len(PREFIX) + RANDOM_SYMBOLS:
        text = text[len(PREFIX) :]
    if len(text) != RANDOM_SYMBOLS:
        return None
    if any(ch not in ALPHABET for ch in text):
        return None
    return text


def normalize_code(raw: str | None) -> str | None:
    """The canonical petition code ("DT-7K3M9-QX2HB") of what someone typed, or None."""
    symbols = code_symbols(raw)
    return format_code(symbols) if symbols else None


def code_prefix(raw: str | None, *, least: int = 3) -> str | None:
    """The start of a petition code typed in part ("DT 7K3M", "dt-7k3m9-q"), as the
    stored codes begin ("DT-7K3M", "DT-7K3M9-Q"), or None. The DT prefix must be typed
    (a few bare symbols are as likely a word) and at least `least` symbols after it."""
    if not raw or len(raw) > 64:
        return None
    text = _JUNK.sub("", unicodedata.normalize("NFKC", raw)).upper().replace("Đ", "D")
    if not text.startswith(PREFIX):
        return None
    symbols = text[len(PREFIX) :].translate(_LOOKALIKES)
    if not least <= len(symbols) < RANDOM_SYMBOLS or any(ch not in ALPHABET for ch in symbols):
        return None
    first = GROUPS[0]
    return f"{PREFIX}-{symbols[:first]}" + (f"-{symbols[first:]}" if len(symbols) > first else "")


def normalize_document_code(raw: str | None) -> str | None:
    """The canonical verification code ("7K3M9-QX2HB") of what someone typed, or None;
    a document's code typed with a DT prefix is accepted too."""
    symbols = code_symbols(raw)
    return format_code(symbols, prefix="") if symbols else None
