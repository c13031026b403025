"""Vietnamese phone numbers, checked and written one way for every form and import.

A number is kept as its national digits: a mobile as 10 digits
("0912345678"), a landline as 11 ("02383123456": the 3-digit province code
since 2017, then 8 digits). What people type is accepted in any of the usual
forms: spaces, dots, dashes or brackets between the digits, "+84" or "84" for
the leading 0, and — from a spreadsheet — a number typed as a number, which
Excel keeps without its leading 0 (912345678). Which numbers exist is decided
by the `phonenumbers` package (Google's libphonenumber data for region VN), so
a new mobile prefix needs a package update, not a code change.
"""

from __future__ import annotations

import re
from decimal import Decimal

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REGION = "VN"
ACCEPTED_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}
# What may separate the digits as typed; anything else (letters, a second
# number after a slash) makes the value invalid rather than silently cut.
_TYPED = re.compile(r"^\+?[0-9 .\-()]*[0-9][0-9 .\-()]*$")
MAX_TYPED_LENGTH = 32

INVALID_MESSAGE = _(
    "Invalid phone number (%(value)s): a mobile has 10 digits (0912 345 678), a landline 11 (0238 3123 456)."
)


def _typed_text(value) -> str:
    """The value as the digits someone typed: a spreadsheet's number 912345678.0 as "912345678"."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    return str(value).strip()


def normalize_phone(value) -> str | None:
    """National digits of a valid Vietnamese mobile or landline, or None.

    "+84 912 345 678", "0912.345.678", 912345678 -> "0912345678";
    "0238 3123 456" -> "02383123456"; "0912 34", "+1 202 555 0100" -> None.
    """
    text = _typed_text(value)
    if not text or len(text) > MAX_TYPED_LENGTH or not _TYPED.match(text):
        return None
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        candidate = "+" + digits
    elif digits.startswith("84") and len(digits) in (11, 12):
        # 84 912 345 678 / 84 238 3123 456: the country code written without "+".
        candidate = "+" + digits
    else:
        candidate = digits
    try:
        number = phonenumbers.parse(candidate, REGION)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.region_code_for_number(number) != REGION or not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) not in ACCEPTED_TYPES:
        return None
    return "0" + str(number.national_number)


def phone_key(value) -> str:
    """The number to compare two records by: its national digits when valid,
    otherwise its digits as typed (so old free-text values still match themselves)."""
    normal = normalize_phone(value)
    if normal:
        return normal
    digits = re.sub(r"\D", "", _typed_text(value or ""))
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def display(value: str) -> str:
    """Grouped for reading: "0912 345 678", "0238 3123 456"; anything else unchanged."""
    normal = normalize_phone(value)
    if not normal:
        return value or ""
    return phonenumbers.format_number(phonenumbers.parse(normal, REGION), phonenumbers.PhoneNumberFormat.NATIONAL)


def validate_phone(value) -> None:
    """Django validator: the value must be a Vietnamese mobile or landline."""
    if value not in (None, "") and normalize_phone(value) is None:
        raise ValidationError(INVALID_MESSAGE, code="phone", params={"value": str(value)[:MAX_TYPED_LENGTH]})


class PhoneField(forms.CharField):
    """A phone box: accepts what people type, cleans to the national digits."""

    default_error_messages = {"invalid": INVALID_MESSAGE}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_TYPED_LENGTH)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "tel")
        self.widget.attrs.setdefault("autocomplete", "tel")

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return self.empty_value
        normal = normalize_phone(text)
        if normal is None:
            raise ValidationError(
                self.error_messages["invalid"], code="phone", params={"value": text[:MAX_TYPED_LENGTH]}
            )
        return normal


# What still looks like a Vietnamese number after the matcher (a digit too many or too
# few, as people mistype them): 0 or +84/84 and 8 to 10 more digits, maybe grouped or
# bracketed. Money ("150.000.000") and dates do not start so.
_PHONE_LIKE = re.compile(r"(?<![\w.])\(?(?:\+84|84|0)(?:[ .\-()]?\d){8,10}(?![\w])")


def hide_phones(text: str, replacement: str) -> str:
    """`text` with every phone number in it replaced: those the phonenumbers package
    recognises for Vietnam ("(0912) 345 678", "028 3822 1234"), then anything shaped like one."""
    matches = list(phonenumbers.PhoneNumberMatcher(text, REGION))
    for match in reversed(matches):
        text = text[: match.start] + replacement + text[match.end :]
    return _PHONE_LIKE.sub(replacement, text)
