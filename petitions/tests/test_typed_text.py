"""Petitions and people matched however their names and hamlets were typed, and
one reading of a tracking code for staff and citizens alike."""

import unicodedata

import pytest
from django.urls import reverse

from dialogue.codes import normalize_code, normalize_document_code
from petitions.models import Petition
from petitions.selectors import likely_duplicates, petitions_for_user


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# "Nguyễn Văn An" of "Xóm Hòa Bình" typed on other keyboards, without a phone to match on.
SAME_PERSON = [
    ("Nguyễn Văn An", nfd("Xóm Hòa Bình")),
    (nfd("Nguyễn Văn An"), "Xóm Hoà Bình"),
    ("NGUYỄN  VĂN AN", "xóm hòa bình"),
    ("Nguyen Van An", "Xom Hoa Binh"),
    ("Nguyễn Văn An", "Xóm  Hòa Bình "),
]


@pytest.mark.parametrize("name, address", SAME_PERSON)
def test_the_duplicate_finder_matches_the_person_however_typed(make_petition, name, address):
    petition = make_petition(petitioner_name="Nguyễn Văn An", petitioner_address="Xóm Hòa Bình")
    other = make_petition(petitioner_name=name, petitioner_address=address, petitioner_phone="", content="Việc khác hẳn")
    assert (other, "petitioner") in [(p, why) for p, why in likely_duplicates(petition)]


def test_the_duplicate_finder_does_not_match_another_hamlet(make_petition):
    petition = make_petition(petitioner_name="Nguyễn Văn An", petitioner_address="Xóm Hòa Bình")
    other = make_petition(petitioner_address="Xóm Hòa Lợi", petitioner_phone="", content="Việc khác hẳn")
    assert other not in [p for p, _ in likely_duplicates(petition)]


def test_a_decomposed_post_is_stored_composed(client, staff, org, conference):
    client.force_login(staff)
    client.post(reverse("petitions:new"), {
        "organization": org.pk, "source": "slip", "conference": conference.pk, "received_on": "20/11/2026",
        "petitioner_name": nfd("Võ Thị Ánh"), "petitioner_address": nfd("Xóm Hòa Bình"),
        "petitioner_phone": "0901 234 567", "content": nfd("Xin cấp lại sổ đỏ"), "priority": "normal",
        "is_public": "on",
    })
    petition = Petition.objects.get()
    assert petition.petitioner_name == "Võ Thị Ánh" and petition.petitioner_address == "Xóm Hòa Bình"
    assert petition.content == "Xin cấp lại sổ đỏ"
    assert petition.short_name == "Võ T. Á."


def spaced(code: str) -> str:
    """The code as printed on a paper receipt and typed from it: groups apart."""
    return code.replace("-", " ")


@pytest.mark.parametrize("typed", [
    spaced, lambda c: c.lower(), lambda c: c.replace("-", ""), lambda c: c.replace("-", " – "),
    lambda c: "ĐT" + c[2:], lambda c: c.replace("0", "O").replace("1", "l"),
    lambda c: unicodedata.normalize("NFKC", c) and "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in c),
])
def test_staff_search_finds_a_code_typed_as_on_the_receipt(client, staff, petition, make_petition, typed):
    make_petition()
    assert list(petitions_for_user(staff, q=typed(petition.tracking_code))) == [petition]
    client.force_login(staff)
    body = client.get(reverse("petitions:list"), {"q": typed(petition.tracking_code)}).content.decode()
    assert petition.tracking_code in body


def test_staff_search_finds_names_typed_decomposed_or_with_old_tone_marks(staff, make_petition):
    hoa = make_petition(petitioner_name="Trần Thị Hòa")
    make_petition(petitioner_name="Lê Văn Bình")
    for typed in (nfd("Thị Hòa"), "thi hoa", "Thị Hoà"):
        assert list(petitions_for_user(staff, q=typed)) == [hoa]


def test_the_public_lookup_and_staff_search_read_codes_alike(client, staff, petition):
    typed = spaced(petition.tracking_code)
    assert client.get(reverse("petitions_public:lookup"), {"code": typed}).status_code in (200, 302)
    assert normalize_code(typed) == petition.tracking_code
    assert list(petitions_for_user(staff, q=typed)) == [petition]


def test_document_codes_use_the_same_reading():
    assert normalize_document_code("7k3m9 qx2hb") == "7K3M9-QX2HB"
    assert normalize_document_code("DT 7K3M9 QX2HB") == "7K3M9-QX2HB"
    assert normalize_document_code("7K3M9") is None


def test_the_fronts_list_is_stored_composed_and_matched_to_its_field(client, staff, org, conference):
    """Cells pasted decomposed (from a PDF or a Mac) are stored as typed, composed; the
    field is found whatever the spelling ("Thuỷ lợi" for "Thủy lợi")."""
    from petitions.models import Field

    from .test_import import post, xlsx

    thuy_loi = Field.objects.get_or_create(organization=None, name="Thủy lợi")[0]
    rows = [[1, nfd("Lê Thị Ánh"), nfd("Xóm Hòa Bình"), "0912345678", nfd("Thuỷ lợi"), nfd("Nạo vét kênh mương")]]
    client.force_login(staff)
    assert post(client, org, xlsx(rows), conference=conference.pk).status_code == 200
    petition = Petition.objects.get()
    assert (petition.petitioner_name, petition.petitioner_address, petition.content) == (
        "Lê Thị Ánh", "Xóm Hòa Bình", "Nạo vét kênh mương"
    )
    assert petition.field == thuy_loi


def test_the_staff_search_finds_a_hamlet_however_typed(client, staff, org, make_petition):
    import unicodedata

    from django.urls import reverse

    petition = make_petition(petitioner_address="Xóm Hòa Bình, thôn 3", content="Đề nghị sửa đường")
    petition.save()
    client.force_login(staff)
    for query in ("Xóm Hòa Bình", unicodedata.normalize("NFD", "Xóm Hòa Bình"), "xom hoa binh"):
        body = client.get(reverse("petitions:list"), {"q": query}).content.decode()
        assert petition.tracking_code in body, query


def test_the_supervisor_cannot_find_petitions_by_the_address_they_may_not_see(client, supervisor, org, make_petition):
    from django.urls import reverse

    petition = make_petition(petitioner_address="Xóm Hòa Bình, thôn 3", content="Đề nghị sửa đường")
    client.force_login(supervisor)
    body = client.get(reverse("petitions:list"), {"q": "hoa binh"}).content.decode()
    assert petition.tracking_code not in body
