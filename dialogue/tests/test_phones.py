"""Vietnamese phone numbers: one module checks and writes them for every form and import."""

import pytest
from django import forms

from dialogue import phones


@pytest.mark.parametrize(
    "typed,stored",
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        (912345678, "0912345678"),  # typed as a number in Excel: its 0 is gone
        (912345678.0, "0912345678"),
        ("912345678", "0912345678"),
        ("0238 3123 456", "02383123456"),  # a landline: 3-digit province code, 8 digits
        ("(024) 3823 4567", "02438234567"),
        ("+84 238 3123 456", "02383123456"),
        ("842383123456", "02383123456"),
        (2383123456, "02383123456"),
    ],
)
def test_valid_numbers_are_kept_as_national_digits(typed, stored):
    assert phones.normalize_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["0912 34", "091234567", "09123456789", "+1 202 555 0100", "abc", "0912345678 / 0987654321", "", None, True,
     "0123456789", "1900 1234 56"],
)
def test_invalid_numbers_are_refused(typed):
    assert phones.normalize_phone(typed) is None


def test_phone_key_matches_the_forms_of_one_number():
    assert phones.phone_key("+84 912.345.678") == phones.phone_key(912345678) == "0912345678"
    assert phones.phone_key("12-34") == "1234"  # an old free-text value still matches itself


def test_display_groups_the_digits():
    assert phones.display("0912345678") == "0912 345 678"
    assert phones.display("02383123456") == "0238 3123 456"


class PhoneForm(forms.Form):
    phone = phones.PhoneField(required=False)


def test_the_form_field_cleans_to_digits_and_says_what_is_wrong_in_vietnamese():
    form = PhoneForm({"phone": "0238 3123 456"})
    assert form.is_valid() and form.cleaned_data["phone"] == "02383123456"
    assert PhoneForm({"phone": ""}).is_valid()
    form = PhoneForm({"phone": "0912 34"})
    assert not form.is_valid()
    assert form.errors["phone"] == [
        "Số điện thoại không hợp lệ (0912 34): số di động có 10 chữ số (0912 345 678), "
        "số cố định có 11 chữ số (0238 3123 456)."
    ]


def test_the_validator():
    phones.validate_phone("0912 345 678")
    with pytest.raises(forms.ValidationError):
        phones.validate_phone("12")


@pytest.mark.parametrize("text, shown", [
    ("Gọi (0912) 345 678 nhé", "Gọi ẨN nhé"),
    ("Gọi 0912 345 678 nhé", "Gọi ẨN nhé"),
    ("số +84-912-345-678", "số ẨN"),
    ("bàn 028 3822 1234", "bàn ẨN"),
    ("gõ thừa 0912 345 6789 số", "gõ thừa ẨN số"),
    ("giá 150.000.000 đồng ngày 12/03/2026", "giá 150.000.000 đồng ngày 12/03/2026"),
])
def test_hide_phones_hides_every_number_a_citizen_may_type(text, shown):
    from dialogue.phones import hide_phones

    assert hide_phones(text, "ẨN") == shown
