"""With the issuer's certificate registered, the frozen PDF is digitally signed:
pyHanko finds it intact and covering the whole file, the public page says so,
and a flipped byte breaks it."""

from django.urls import reverse

from dialogue import signing

from .conftest import issue_plan


def test_an_issued_plan_is_signed_by_its_issuer(client, plan, leader, org, signing_certificate):
    issue_plan(plan, leader)
    document = plan.outgoing_document
    stored = document.read_pdf()
    check = signing.check_pdf(stored)
    assert check.genuine and check.organization_id == org.pk and check.certificate_id == signing_certificate.pk
    assert (check.coverage, check.modification_level) == ("ENTIRE_FILE", "NONE")
    assert document.signature_signed and document.signature_intact
    report = signing.validation_report(stored)
    assert "cryptographically sound" in report and "entire file" in report

    page = client.get(reverse("verify:detail", args=[document.code])).content.decode()
    assert "Đã ký số; chữ ký hợp lệ." in page and org.name.upper() in page.upper()

    flipped = bytearray(stored)
    flipped[len(flipped) // 3] ^= 0x01
    assert not signing.check_pdf(bytes(flipped)).intact
