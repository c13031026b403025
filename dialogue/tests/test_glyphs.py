"""A character the bundled fonts cannot print is refused where it is typed,
with a Vietnamese message naming it; everything Vietnamese text needs passes."""

import unicodedata

import pytest
from django import forms
from django.core.exceptions import ValidationError
from fontTools.ttLib import TTFont

from dialogue.documents import STATIC_DIR
from dialogue.glyphs import PrintableTextMixin, printable_characters, unprintable, validate_printable

VIETNAMESE = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM – Độc lập - Tự do - Hạnh phúc. Ủy ban nhân dân xã Vĩnh Lâm; "
    "ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ỳýỷỹỵ “dân biết” … 1.000.000₫ (50%) «a» № 5\n\tthôn 3"
)


def test_vietnamese_text_prints():
    assert unprintable(VIETNAMESE) == []
    # Typed in decomposed form (a keyboard that sends the combining marks).
    assert unprintable(unicodedata.normalize("NFD", VIETNAMESE)) == []
    validate_printable(VIETNAMESE)


def test_characters_outside_the_fonts_are_named_once_in_order():
    assert unprintable("Lúa 🌾 đã gặt ✓ → xong ✓ 🌾") == ["🌾", "✓", "→"]
    assert unprintable("Mã 中文 ☎") == ["中", "文", "☎"]


def test_every_style_must_have_the_character():
    # A document prints a field in bold or italic too: a character missing from one style is refused.
    files = ["Regular", "Bold", "Italic", "BoldItalic"]
    maps = [set(TTFont(STATIC_DIR / "fonts" / f"DoiThoaiSerif-{name}.ttf").getBestCmap()) for name in files]
    covered = {ord(c) for c in printable_characters()}
    assert covered - {9, 10, 13} == set.intersection(*maps)


def test_validator_message_is_vietnamese_and_names_the_characters():
    with pytest.raises(ValidationError) as exc:
        validate_printable("Lúa 🌾 và ✓")
    message = exc.value.messages[0]
    assert "🌾" in message and "✓" in message
    assert "U+1F33E" in message  # the code, for a character the screen cannot show either
    assert "phông chữ" in message.lower()


class _Form(PrintableTextMixin, forms.Form):
    title = forms.CharField()
    note = forms.CharField(widget=forms.Textarea, required=False)
    phone = forms.CharField(required=False)
    count = forms.IntegerField(required=False)

    unprinted_fields = ("phone",)


def test_form_mixin_puts_the_message_next_to_the_field_and_keeps_the_text():
    form = _Form(data={"title": "Hội nghị 🌾", "note": "Ghi chú ✓", "phone": "☎ 0912", "count": "3"})
    assert not form.is_valid()
    assert set(form.errors) == {"title", "note"}
    assert "🌾" in form.errors["title"][0]
    assert form["title"].value() == "Hội nghị 🌾"


def test_form_mixin_accepts_vietnamese():
    form = _Form(data={"title": VIETNAMESE, "note": "", "count": ""})
    assert form.is_valid(), form.errors
