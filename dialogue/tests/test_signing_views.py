"""The organisation administrator's page for certificates and images, and the
Django admin's certificate upload: who may use them, and what a wrong upload says."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dialogue.dev_certificates import DEV_PASSWORD, sample_seal_png, sample_signature_png
from dialogue.models import Role, SignatureAssets, SigningCertificate
from dialogue.testing.factories import member
from dialogue.testing.fixtures import TEST_PASSWORD, dev_pkcs12

WRONG = "Sai mật khẩu hoặc tệp không phải PKCS#12"


def page_url(org):
    return reverse("organization_signing", args=[org.code])


def image_url(org, kind="seal"):
    return reverse("organization_signing_image", args=[org.code, kind])


def login(client, user):
    client.force_login(user)
    return client


def p12_upload(org):
    return SimpleUploadedFile("chu-ky.p12", dev_pkcs12(org), content_type="application/x-pkcs12")


# -- who may see it ---------------------------------------------------------------------------


def test_the_organisation_administrator_sees_the_page(client, org, org_admin, signing_certificate, django_assert_num_queries):
    login(client, org_admin)
    with django_assert_num_queries(6):  # session, user, memberships, organisation, images, certificates
        response = client.get(page_url(org))
    assert response.status_code == 200
    body = response.content.decode()
    assert signing_certificate.subject_cn in body and "Đang dùng để ký" in body
    assert signing_certificate.fingerprint_sha256 in body


@pytest.mark.parametrize("who", ["staff", "leader", "secretary", "supervisor", "outsider", "agency_user"])
def test_everyone_else_gets_404(client, org, signature_assets, who, request):
    login(client, request.getfixturevalue(who))
    assert client.get(page_url(org)).status_code == 404
    assert client.post(page_url(org), {"action": "images"}).status_code == 404
    assert client.get(image_url(org)).status_code == 404


def test_an_administrator_of_another_organisation_gets_404(client, org, other_org):
    login(client, member(other_org, Role.ADMIN, username="otheradmin"))
    assert client.get(page_url(org)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, org):
    response = client.get(page_url(org))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_organisation_page_links_to_it_for_administrators_only(client, org, org_admin, staff):
    detail = reverse("organization_detail", args=[org.code])
    assert page_url(org) in login(client, org_admin).get(detail).content.decode()
    assert page_url(org) not in login(client, staff).get(detail).content.decode()


# -- certificates -----------------------------------------------------------------------------


def test_uploading_a_certificate(client, org, org_admin):
    response = login(client, org_admin).post(
        page_url(org),
        {"action": "certificate", "cert-pkcs12": p12_upload(org), "cert-password": DEV_PASSWORD, "cert-activate": "on"},
    )
    assert response.status_code == 302
    certificate = SigningCertificate.objects.get()
    assert certificate.organization == org and certificate.is_active and certificate.uploaded_by == org_admin


@pytest.mark.parametrize("password, data", [("sai-mat-khau", None), (DEV_PASSWORD, b"khong phai PKCS#12")])
def test_a_wrong_password_or_file_is_said_next_to_the_field_and_nothing_is_saved(client, org, org_admin, password, data):
    upload = SimpleUploadedFile("x.p12", data) if data else p12_upload(org)
    response = login(client, org_admin).post(
        page_url(org), {"action": "certificate", "cert-pkcs12": upload, "cert-password": password}
    )
    assert response.status_code == 200
    assert response.context["upload_form"].errors["password"] == [WRONG]
    body = response.content.decode()
    assert WRONG in body and 'id="id_cert-password-error"' in body
    assert password not in body  # the password is never sent back
    assert not SigningCertificate.objects.exists()


def test_nothing_is_written_to_disk_for_a_refused_upload(client, org, org_admin, settings):
    folder = settings.PRIVATE_ROOT / "certificates"
    before = set(folder.glob("*")) if folder.exists() else set()
    login(client, org_admin).post(page_url(org), {"action": "certificate", "cert-pkcs12": p12_upload(org), "cert-password": "sai"})
    after = set(folder.glob("*")) if folder.exists() else set()
    assert after == before


def test_switching_the_certificate_used_for_signing(client, org, org_admin, signing_certificate):
    login(client, org_admin)
    client.post(page_url(org), {"action": "deactivate", "certificate": signing_certificate.pk})
    signing_certificate.refresh_from_db()
    assert not signing_certificate.is_active
    client.post(page_url(org), {"action": "activate", "certificate": signing_certificate.pk})
    signing_certificate.refresh_from_db()
    assert signing_certificate.is_active


def test_another_organisations_certificate_cannot_be_switched(client, org, other_org, org_admin):
    from dialogue.testing.fixtures import give_certificate

    theirs = give_certificate(other_org)
    response = login(client, org_admin).post(page_url(org), {"action": "deactivate", "certificate": theirs.pk})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active


# -- images -----------------------------------------------------------------------------------


def test_uploading_and_viewing_the_images(client, org, org_admin):
    login(client, org_admin)
    response = client.post(
        page_url(org),
        {
            "action": "images",
            "img-seal_image": SimpleUploadedFile("seal.png", sample_seal_png(org), content_type="image/png"),
            "img-signature_image": SimpleUploadedFile("sig.png", sample_signature_png(), content_type="image/png"),
            "img-signature_of": "Nguyễn Văn An",
        },
    )
    assert response.status_code == 302
    assets = SignatureAssets.objects.get(organization=org)
    assert assets.seal_image and assets.signature_image and assets.updated_by == org_admin
    shown = client.get(image_url(org, "seal"))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert shown["Cache-Control"] == "private, no-store"
    assert b"".join(shown.streaming_content) == sample_seal_png(org)
    assert client.get(image_url(org, "khac")).status_code == 404


def test_an_opaque_image_is_refused_and_the_name_typed_is_kept(client, org, org_admin):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 20), (255, 255, 255)).save(out, "PNG")
    response = login(client, org_admin).post(
        page_url(org),
        {"action": "images", "img-seal_image": SimpleUploadedFile("seal.png", out.getvalue()), "img-signature_of": "Nguyễn Văn An"},
    )
    assert response.status_code == 200
    assert "không có nền trong suốt" in response.content.decode()
    assert 'value="Nguyễn Văn An"' in response.content.decode()
    assert not SignatureAssets.objects.exists()


# -- the Django admin -------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", "root@example.vn", TEST_PASSWORD)


def test_admin_upload_with_a_wrong_password(client, org, superuser):
    response = login(client, superuser).post(
        reverse("admin:dialogue_signingcertificate_add"),
        {"organization": org.pk, "pkcs12": p12_upload(org), "password": "sai", "activate": "on"},
    )
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert not SigningCertificate.objects.exists()


def test_admin_upload_and_list(client, org, superuser):
    login(client, superuser)
    response = client.post(
        reverse("admin:dialogue_signingcertificate_add"),
        {"organization": org.pk, "pkcs12": p12_upload(org), "password": DEV_PASSWORD, "activate": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    certificate = SigningCertificate.objects.get()
    assert certificate.is_active and certificate.uploaded_by == superuser
    listing = client.get(reverse("admin:dialogue_signingcertificate_changelist")).content.decode()
    assert certificate.subject_cn in listing and "còn hiệu lực" in listing
    change = client.get(reverse("admin:dialogue_signingcertificate_change", args=[certificate.pk])).content.decode()
    assert DEV_PASSWORD not in change and certificate.password_encrypted not in change
    assert client.get(reverse("admin:dialogue_signatureassets_add")).status_code == 200
