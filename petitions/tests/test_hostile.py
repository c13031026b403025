"""Hostile input: over-long, empty, HTML, script and control characters are
refused with a Vietnamese message next to the field, or escaped on output;
what the citizen typed stays in the form; nothing already saved is lost."""

import pytest
from django.urls import reverse

from petitions.models import CONTENT_MAX_LENGTH, Petition

VALID = {
    "petitioner_name": "Hoàng Thị Lan", "petitioner_address": "Xóm 5", "petitioner_phone": "0988 111 222",
    "petitioner_email": "", "content": "Đề nghị lắp đèn đường", "consent": "on",
}
MARKUP_MSG = "Vui lòng nhập văn bản thường: không chấp nhận mã HTML như &lt;b&gt; hay &lt;script&gt;."


@pytest.fixture
def url(conference):
    return reverse("petitions_public:register", args=[conference.public_code])


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("content", "", "Trường này là bắt buộc."),
        ("content", "   ", "Trường này là bắt buộc."),
        ("petitioner_name", "", "Trường này là bắt buộc."),
        ("content", "x" * (CONTENT_MAX_LENGTH + 1), "tối đa"),
        ("petitioner_name", "N" * 121, "tối đa"),
        ("content", "<script>alert('x')</script>", MARKUP_MSG),
        ("petitioner_name", "<b>Lan</b>", MARKUP_MSG),
        ("petitioner_address", "<img src=x onerror=alert(1)>", MARKUP_MSG),
        ("content", "Xin chào\x00", "Null"),
        ("content", "Xin chào\x07", "Nội dung có ký tự không hợp lệ, không thể lưu."),
        ("petitioner_phone", "<script>", "Số điện thoại không hợp lệ"),
        ("petitioner_email", "a@b<script>", "Nhập địa chỉ email."),
    ],
)
def test_refused_with_a_vietnamese_message_and_input_kept(client, url, petition, field, value, message):
    before = Petition.objects.values().get(pk=petition.pk)
    response = client.post(url, {**VALID, field: value})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    # The rest of what the citizen typed is still there.
    if field != "content":
        assert "Đề nghị lắp đèn đường" in body
    if field != "petitioner_name":
        assert "Hoàng Thị Lan" in body
    # Nothing was saved and nothing saved before was touched.
    assert Petition.objects.count() == 1
    assert Petition.objects.values().get(pk=petition.pk) == before


def test_markup_is_never_rendered_raw(client, org, staff, leader, agency_user, agency_org):
    """What staff type (they are not blocked for a '<' in a sentence like 'diện tích < 50m2') is escaped."""
    from petitions import services

    p = services.petition_record(
        organization=org, by=staff, source="writing", petitioner_name="Lê Văn Tư", content="Diện tích < 50 m2 & hẻm > 3 m"
    )
    services.conclusion_record(petition=p, by=leader, outcome="answered", answer='Đã trả lời "rõ" <i>x</i>')
    body = client.get(reverse("petitions_public:status", args=[p.tracking_code])).content.decode()
    assert "<i>x</i>" not in body and "&lt;i&gt;x&lt;/i&gt;" in body


def test_plain_less_than_sign_is_allowed(client, url):
    response = client.post(url, {**VALID, "content": "Đường rộng < 3 m, xe tải > 5 tấn vẫn đi"})
    assert response.status_code == 302
    assert Petition.objects.get().content == "Đường rộng < 3 m, xe tải > 5 tấn vẫn đi"


def test_hostile_lookup_codes(client):
    for code in ["<script>alert(1)</script>", "' OR 1=1 --", "DT-" + "A" * 300, "../../etc/passwd"]:
        response = client.get(reverse("petitions_public:lookup"), {"code": code})
        assert response.status_code == 400
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_staff_form_refuses_markup_with_message(client, staff, org):
    client.force_login(staff)
    response = client.post(reverse("petitions:new"), {
        "organization": org.pk, "source": "slip", "received_on": "20/11/2026", "priority": "normal",
        "petitioner_name": "<script>x</script>", "content": "Nội dung cần giữ",
    })
    assert response.status_code == 200 and MARKUP_MSG in response.content.decode()
    assert "Nội dung cần giữ" in response.content.decode() and not Petition.objects.exists()


def test_unicode_and_long_but_valid_input_is_kept_exactly(client, url):
    # Everything the printed notice can print (an emoji it cannot is refused: dialogue/tests/test_unprintable_entry.py).
    content = ("Kiến nghị về đất đai — ổn định, “ngoặc kép”, «1.000.000₫» № 5. " * 90)[: CONTENT_MAX_LENGTH - 10].strip()
    assert client.post(url, {**VALID, "content": content}).status_code == 302
    assert Petition.objects.get().content == content
