"""Vietnamese text however it is typed: one fold, one spelling key, NFC at the boundary."""

import json
import unicodedata

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from dialogue.middleware import NormalizeTextMiddleware
from dialogue.text import clean, fold, nfc, person_name, short_name, spelling
from dialogue.testing.factories import UserFactory


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# The same words as people really type them: composed or decomposed, old or new
# tone placement, tone mark before the vowel mark, Đ as Ð, case, spaces.
SAME = [
    ("Xóm Hòa Bình", nfd("Xóm Hòa Bình")),
    ("Xóm Hòa Bình", "Xóm Hoà Bình"),
    ("Xóm Hòa Bình", nfd("xóm  hoà   BÌNH ")),
    ("Nguyễn Thị Thủy", "Nguyễn Thị Thuỷ"),
    ("sức khỏe", "sức khoẻ"),
    ("Thúy", "Thuý"),
    ("Thủy lợi", nfd("Thuỷ lợi")),
    ("Đặng Văn Hòe", "Ðặng Văn Hoè"),  # Icelandic Ð, as old code pages give it
    ("Ngô Thị Tố", "Ngo\u0302 Thi\u0323 To\u0301\u0302"),  # tone before the circumflex
    ("Hòa\u00a0Bình", "Hòa Bình"),  # a non-breaking space from Word
    ("Hòa\u200bBình", "HòaBình"),  # a zero-width space
]


@pytest.mark.parametrize("a, b", SAME)
def test_fold_and_spelling_match_the_spellings_of_one_word(a, b):
    assert fold(a) == fold(b)
    if "\u200b" not in a:
        assert spelling(a) == spelling(b)


def test_fold_also_matches_words_typed_without_accents_or_with_d():
    assert fold("Đặng Thị Hòa") == fold("dang thi hoa") == "dang thi hoa"


def test_spelling_keeps_diacritics_that_make_another_word():
    # Only the placement of the same tone is a variant; another tone or vowel is another word.
    assert spelling("Hòa") != spelling("Hóa")
    assert spelling("Thủy") != spelling("Thúy")
    assert spelling("huy") != spelling("hui")


@pytest.mark.parametrize("old, new", [
    ("hòa", "hoà"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"), ("xòe", "xoè"), ("lòe", "loè"), ("hủy", "huỷ"),
    # Where both placements agree the word is left alone.
    ("hoàn", "hoàn"), ("huỳnh", "huỳnh"), ("của", "của"), ("quả", "quả"), ("giường", "giường"),
    ("người", "người"), ("thuyền", "thuyền"), ("ngoài", "ngoài"), ("khuỷu", "khuỷu"), ("gì", "gì"),
])
def test_spelling_places_the_tone_in_one_way(old, new):
    assert spelling(old) == new
    assert spelling(nfd(old)) == new


def test_nfc_composes_and_keeps_the_text_as_typed():
    typed = nfd("Xóm Hòa Bình")
    assert typed != "Xóm Hòa Bình"
    assert nfc(typed) == "Xóm Hòa Bình"
    assert nfc("Xóm Hoà Bình") == "Xóm Hoà Bình"  # the typed placement is kept
    assert nfc("Ngo\u0302\u0301") == "Ngố"
    assert nfc(None) is None and nfc("") == ""
    assert clean("  Hòa\u200b  Bình ") == "Hòa Bình"


@pytest.mark.parametrize("name, short", [
    ("Trần Ánh", "Trần Á."),
    (nfd("Trần Ánh"), "Trần Á."),
    ("Lê Thị Ánh Ơn", "Lê T. Á. Ơ."),
    ("nguyễn văn ấn", "nguyễn V. Ấ."),
    ("Phạm Đức", "Phạm Đ."),
    ("Ánh", "Á."),
    (nfd("Ứng"), "Ứ."),
])
def test_short_name_keeps_the_initials_diacritics(name, short):
    assert short_name(name) == short


def test_person_name_is_family_name_first(db):
    user = UserFactory(first_name="Hoa", last_name="Trần Thị")
    assert person_name(user) == "Trần Thị Hoa"
    # Every page, form and the admin print get_full_name(): it prints the same.
    assert user.get_full_name() == "Trần Thị Hoa"
    assert UserFactory(first_name="", last_name="", username="khach").get_full_name() == "khach"


def _through_middleware(request):
    seen = {}

    def view(req):
        seen["GET"], seen["POST"], seen["body"] = req.GET.copy(), req.POST.copy(), None
        if req.content_type == "application/json":
            seen["body"] = json.loads(req.body)
        return HttpResponse()

    NormalizeTextMiddleware(view)(request)
    return seen


def test_middleware_composes_forms_query_strings_and_json():
    rf = RequestFactory()
    typed = nfd("Xóm Hòa Bình")
    seen = _through_middleware(rf.post("/?q=" + typed, {"petitioner_address": typed, "password": typed}))
    assert seen["GET"]["q"] == "Xóm Hòa Bình"
    assert seen["POST"]["petitioner_address"] == "Xóm Hòa Bình"
    assert seen["POST"]["password"] == typed  # a password is the bytes typed, never changed
    seen = _through_middleware(rf.post("/", json.dumps({"name": typed}, ensure_ascii=False), content_type="application/json"))
    assert seen["body"] == {"name": "Xóm Hòa Bình"}


def test_middleware_composes_multipart_fields():
    from django.core.files.uploadedfile import SimpleUploadedFile

    rf = RequestFactory()
    typed = nfd("Đề nghị sửa đường")
    request = rf.post("/", {"content": typed, "file": SimpleUploadedFile("a.txt", b"x")})
    seen = {}

    def view(req):
        seen["content"], seen["file"] = req.POST["content"], req.FILES["file"].read()
        return HttpResponse()

    NormalizeTextMiddleware(view)(request)
    assert seen == {"content": "Đề nghị sửa đường", "file": b"x"}


def test_the_interface_prints_names_family_name_first(client, org):
    from dialogue.models import Role
    from dialogue.testing.factories import member

    hoa = member(org, Role.STAFF, first_name="Hoa", last_name="Trần Thị")
    client.force_login(hoa)
    home = client.get("/").content.decode()
    assert "Trần Thị Hoa" in home and "Hoa Trần Thị" not in home
    people = client.get(reverse("organization_detail", args=[org.code])).content.decode()
    assert "Trần Thị Hoa" in people and "Hoa Trần Thị" not in people
