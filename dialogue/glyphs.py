"""Which characters the printed documents can print, and the check that refuses
the others where they are typed.

Documents print only in the bundled fonts (static/fonts/DoiThoaiSerif-*.ttf,
see dialogue/documents.py): a character none of them has prints as nothing, so
a clerk would sign a document with a hole in it. The fonts' character maps
decide: a character is printable when all four styles have it, since a field
may print in bold (a subject) or italic (a legal basis) as well as regular.
Line breaks and tabs are layout, not glyphs, and pass.
"""

from __future__ import annotations

from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .documents import STATIC_DIR

FONT_FILES = ("Regular", "Bold", "Italic", "BoldItalic")
LAYOUT_CHARACTERS = frozenset("\n\r\t")


@lru_cache(maxsize=1)
def printable_characters() -> frozenset[str]:
    """Every character all four bundled styles have a glyph for (read once from their cmap tables)."""
    from fontTools.ttLib import TTFont

    maps = []
    for style in FONT_FILES:
        font = TTFont(STATIC_DIR / "fonts" / f"DoiThoaiSerif-{style}.ttf", lazy=True)
        maps.append(set(font.getBestCmap()))
        font.close()
    return frozenset(chr(code) for code in set.intersection(*maps)) | LAYOUT_CHARACTERS


def unprintable(text: str | None) -> list[str]:
    """The characters of `text` the documents cannot print, each once, in the order they first appear."""
    if not text:
        return []
    printable = printable_characters()
    seen: dict[str, None] = {}
    for char in text:
        if char not in printable:
            seen.setdefault(char, None)
    return list(seen)


def describe(chars: list[str]) -> str:
    """"🌾 (U+1F33E), ✓ (U+2713)": the code too, for a character the screen cannot show either."""
    return ", ".join(f"{char} (U+{ord(char):04X})" for char in chars)


@deconstructible
class PrintableValidator:
    message = _(
        "The font of printed documents has no %(characters)s, which would print as a blank. "
        "Remove or replace these characters."
    )
    code = "unprintable"

    def __call__(self, value) -> None:
        missing = unprintable(value if isinstance(value, str) else str(value or ""))
        if missing:
            raise ValidationError(self.message, code=self.code, params={"characters": describe(missing)})

    def __eq__(self, other) -> bool:
        return isinstance(other, PrintableValidator)


validate_printable = PrintableValidator()


class PrintableTextMixin:
    """For forms whose text fields print in a document: each CharField (a line or a
    textarea) refuses unprintable characters, the message next to the field and
    the text kept as typed. Name the fields that never print in `unprinted_fields`
    (a search box, a telephone number, an e-mail address)."""

    unprinted_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django import forms

        for name, field in self.fields.items():
            if name in self.unprinted_fields or not isinstance(field, forms.CharField):
                continue
            if isinstance(field, (forms.EmailField, forms.URLField, forms.SlugField)):
                continue
            if validate_printable not in field.validators:
                # The form's own copy of the field: the class's stays untouched.
                field.validators = [*field.validators, validate_printable]
