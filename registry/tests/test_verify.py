"""The public verification pages: no log-in, the document's printed data and hash,
the exact stored bytes, and an upload checked against the register."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from plans import services as plan_services
from registry import public_views

from .conftest import issue_plan


def _upload(client, document, data: bytes, name="van-ban.pdf", content_type="application/pdf"):
    return client.post(
        reverse("verify:detail", args=[document.code]),
        {"pdf": SimpleUploadedFile(name, data, content_type=content_type)},
    )


def test_the_page_shows_the_document_without_logging_in(client, issued, org, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the session-less page: the document with its issuer, and the replacement
        response = client.get(reverse("verify:detail", args=[issued.code]))
    html = response.content.decode()
    assert response.status_code == 200
    for shown in (org.name, "Số: 01/KH-UBND", issued.issued_on.strftime("%d/%m/%Y"), issued.sha256, "Nguyễn Văn An",
                  "CHỦ TỊCH", issued.code, "Tổ chức hội nghị tiếp xúc"):
        assert shown in html
    assert reverse("verify:pdf", args=[issued.code]) in html
    # Nothing of the office's own: no user names, no internal ids or links.
    assert "leader" not in html and f"/van-ban/{issued.pk}/" not in html and "/ke-hoach/" not in html


def test_the_signature_status_shown_is_the_one_stored(client, issued):
    html = client.get(reverse("verify:detail", args=[issued.code])).content.decode()
    if issued.signature_signed:
        assert "Đã ký số; chữ ký hợp lệ." in html
    else:
        assert "Không có chữ ký số" in html


def test_the_code_is_read_forgivingly_and_unknown_codes_say_so(client, issued):
    sloppy = issued.code.lower().replace("-", " ")
    response = client.get(reverse("verify:start"), {"code": sloppy})
    assert response.status_code == 302 and response["Location"] == reverse("verify:detail", args=[issued.code])
    assert client.get(reverse("verify:detail", args=["00000-00000"])).status_code == 404
    assert "Không có văn bản mang mã này" in client.get(reverse("verify:detail", args=["00000-00000"])).content.decode()
    assert client.get(reverse("verify:detail", args=["<script>"])).status_code == 404
    bad = client.get(reverse("verify:start"), {"code": "abc"})
    assert bad.status_code == 200 and "Mã xác minh gồm 10 chữ và số" in bad.content.decode()


def test_the_download_is_the_stored_bytes(client, issued):
    response = client.get(reverse("verify:pdf", args=[issued.code]))
    assert response.status_code == 200 and response.content == issued.read_pdf()
    assert response["Content-Disposition"] == f'attachment; filename="{issued.filename}"'


def test_uploading_the_same_bytes_matches(client, issued):
    response = _upload(client, issued, issued.read_pdf())
    html = response.content.decode()
    assert response.status_code == 200 and "Khớp" in html and "Không khớp" not in html
    assert issued.sha256 in html


def test_one_flipped_byte_does_not_match(client, issued):
    data = bytearray(issued.read_pdf())
    middle = len(data) // 2
    data[middle] ^= 0x01
    response = _upload(client, issued, bytes(data))
    html = response.content.decode()
    assert response.status_code == 200 and "Không khớp" in html
    assert "mã băm SHA-256 khác" in html
    # The second reason comes from the signature check of the uploaded bytes.
    assert "chữ ký số" in html.lower()


def test_another_issued_document_does_not_match(client, issued, plan, staff, leader):
    new = plan_services.plan_new_version(plan=plan, by=staff)
    issue_plan(new, leader)
    response = _upload(client, issued, new.outgoing_document.read_pdf())
    assert "Không khớp" in response.content.decode()


def test_a_file_that_is_not_a_pdf_is_refused_clearly(client, issued):
    response = _upload(client, issued, b"\x89PNG\r\n\x1a\n not a pdf", name="anh.png", content_type="image/png")
    html = response.content.decode()
    assert response.status_code == 200 and "Tệp này không phải PDF" in html and "Khớp" not in html


def test_an_empty_or_missing_file_is_refused(client, issued):
    assert "Tệp đã chọn không có nội dung" in _upload(client, issued, b"").content.decode()
    missing = client.post(reverse("verify:detail", args=[issued.code]), {})
    assert missing.status_code == 200 and "Hãy chọn tệp PDF cần đối chiếu" in missing.content.decode()


def test_a_file_over_the_limit_is_refused_in_vietnamese(client, issued, monkeypatch):
    monkeypatch.setattr(public_views, "MAX_UPLOAD_BYTES", 1024)
    response = _upload(client, issued, issued.read_pdf())
    assert "Tệp quá lớn" in response.content.decode()


@pytest.mark.parametrize("garbage", [b"%PDF-1.7\n" + b"\x00" * 300, b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer", b"%PDF-"])
def test_a_damaged_pdf_gets_an_answer_not_an_error(client, issued, garbage):
    response = _upload(client, issued, garbage)
    assert response.status_code == 200 and "Không khớp" in response.content.decode()


def test_a_replaced_document_links_to_its_correction(client, issued, plan, staff, leader):
    new = plan_services.plan_new_version(plan=plan, by=staff)
    issue_plan(new, leader)
    correction = new.outgoing_document
    html = client.get(reverse("verify:detail", args=[issued.code])).content.decode()
    assert "đã được thay thế" in html and reverse("verify:detail", args=[correction.code]) in html
    assert correction.symbol in html
    assert "đã được thay thế" not in client.get(reverse("verify:detail", args=[correction.code])).content.decode()


@override_settings(RATE_LIMITS={"lookup": (3, 600)})
def test_the_pages_are_rate_limited(client, issued):
    url = reverse("verify:detail", args=[issued.code])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    blocked = client.get(url)
    assert blocked.status_code == 429 and blocked["Retry-After"] == "600"
    assert _upload(client, issued, issued.read_pdf()).status_code == 429
