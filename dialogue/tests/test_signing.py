"""Digital signatures of issued PDFs: signing with the organisation's certificate,
checking with pyHanko against the registered certificates, and the password kept
out of the database's plain text."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from dialogue import crypto, signing
from dialogue.dev_certificates import DEV_PASSWORD, organization_pkcs12
from dialogue.documents import render_pdf
from dialogue.models import SigningCertificate
from dialogue.testing.factories import OrganizationFactory
from dialogue.testing.fixtures import give_certificate

HTML = "<html><body><h1>KẾ HOẠCH</h1><p>Tổ chức hội nghị đối thoại.</p></body></html>"


@pytest.fixture(scope="module")
def plain_pdf():
    return render_pdf(HTML)


def signed_by(org, pdf):
    return signing.sign_pdf(pdf, organization=org, signer_name="Nguyễn Văn An", reason="Ban hành", location="Vĩnh Thử")


def test_signed_pdf_checks_intact_and_names_the_organisation(org, signing_certificate, plain_pdf):
    signed = signed_by(org, plain_pdf)

    assert signed.startswith(plain_pdf)  # an incremental update: the original bytes are kept as they were
    check = signing.check_pdf(signed)
    assert check.signed and check.intact and check.trusted and check.genuine
    assert check.organization_id == org.pk
    assert check.certificate_id == signing_certificate.pk
    assert check.signer == org.name
    assert check.signatures == 1
    assert (check.coverage, check.modification_level) == ("ENTIRE_FILE", "NONE")
    assert check.signed_at.startswith(str(timezone.localdate().year))
    assert check.summary == "INTACT:TRUSTED,UNTOUCHED"


def test_pyhanko_reports_the_signature_intact_and_the_document_unmodified(org, signing_certificate, plain_pdf):
    from asn1crypto import pem, x509

    signed = signed_by(org, plain_pdf)
    roots = [x509.Certificate.load(der) for _t, _h, der in pem.unarmor(signing_certificate.certificate_pem.encode(), multiple=True)]
    # Trusting only the development authority (the chain's last certificate), as a reader configured with it would.
    context = ValidationContext(trust_roots=roots[-1:], allow_fetching=False)
    assert roots[-1].subject.native["common_name"].startswith("Đối thoại - CA")
    (embedded,) = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    status = validate_pdf_signature(embedded, context)

    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.modification_level == ModificationLevel.NONE
    assert status.bottom_line
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert embedded.sig_object["/Reason"] == "Ban hành"


def test_validation_report_is_pyhankos_pretty_print(org, signing_certificate, plain_pdf):
    report = signing.validation_report(signed_by(org, plain_pdf))

    assert "The signature is cryptographically sound." in report
    assert "The signature covers the entire file." in report
    assert "The signature is judged VALID." in report
    assert signing.validation_report(plain_pdf) == "The PDF carries no digital signature."


@pytest.mark.parametrize("where", ["start", "signed_middle", "last"])
def test_one_flipped_byte_is_not_intact(org, signing_certificate, plain_pdf, where):
    signed = bytearray(signed_by(org, plain_pdf))
    position = {"start": 10, "signed_middle": len(plain_pdf) // 2, "last": len(signed) - 2}[where]
    signed[position] ^= 0x01

    check = signing.check_pdf(bytes(signed))

    assert not check.intact and not check.genuine


def test_a_flipped_byte_anywhere_in_the_signature_itself_is_not_intact(org, signing_certificate, plain_pdf):
    """The hex /Contents holds the CMS (signed attributes, signature, the certificates
    beside it) and zero padding: the parts the signature does not cover count too."""
    signed = signed_by(org, plain_pdf)
    start = signed.index(b"/Contents <") + len(b"/Contents <")
    end = signed.index(b">", start)
    assert end - start > 4000
    for offset in list(range(0, 6000, 173)) + [end - start - 3]:
        flipped = bytearray(signed)
        flipped[start + offset] ^= 0x01
        check = signing.check_pdf(bytes(flipped))
        assert not check.intact, f"a flipped byte at /Contents+{offset} went unnoticed"


@pytest.mark.parametrize("broken", [b"", b"%PDF-1.7\n garbage", b"not a pdf at all"])
def test_damaged_files_are_answered_not_raised(db, broken):
    check = signing.check_pdf(broken)
    assert not check.intact and not check.genuine


def test_truncated_signed_pdf_is_not_intact(org, signing_certificate, plain_pdf):
    signed = signed_by(org, plain_pdf)
    assert not signing.check_pdf(signed[: len(signed) - 500]).intact


def test_appending_after_the_signature_is_not_intact(org, signing_certificate, plain_pdf):
    signed = signed_by(org, plain_pdf) + b"\n% appended after signing\n"
    check = signing.check_pdf(signed)
    assert check.signed and not check.intact


def test_unsigned_pdf(db, plain_pdf):
    check = signing.check_pdf(plain_pdf)
    assert not check.signed and not check.intact and check.organization_id is None


def test_without_a_usable_certificate_the_bytes_are_returned_unchanged(org, other_org, plain_pdf):
    assert signed_by(org, plain_pdf) is plain_pdf
    certificate = give_certificate(org)
    SigningCertificate.objects.filter(pk=certificate.pk).update(is_active=False)
    assert signed_by(org, plain_pdf) is plain_pdf
    SigningCertificate.objects.filter(pk=certificate.pk).update(is_active=True, not_after=timezone.now())
    assert signed_by(org, plain_pdf) is plain_pdf  # expired


@pytest.mark.parametrize("authority_known", [False, True])
def test_a_signature_by_an_unregistered_certificate_is_not_genuine(org, other_org, plain_pdf, authority_known):
    certificate = give_certificate(other_org)
    signed = signed_by(other_org, plain_pdf)
    SigningCertificate.objects.filter(pk=certificate.pk).delete()
    if authority_known:
        give_certificate(org)  # the same development authority issued org's certificate

    check = signing.check_pdf(signed)

    assert check.signed and check.intact  # the bytes are as signed ...
    assert check.trusted == authority_known  # ... by a certificate of an authority we know, or not ...
    assert check.organization_id is None and not check.genuine  # ... but not one registered to an organisation


def test_a_replaced_certificate_still_identifies_what_it_signed(org, signing_certificate, plain_pdf):
    signed = signed_by(org, plain_pdf)
    replacement = OrganizationFactory(name=org.name, code="vinh-thu-moi")  # a fresh key for the same name
    new = signing.upload_certificate(
        organization=org, data=organization_pkcs12(replacement), password=DEV_PASSWORD, by=_superuser()
    )

    signing_certificate.refresh_from_db()
    assert new.is_active and not signing_certificate.is_active
    check = signing.check_pdf(signed)
    assert check.genuine and check.certificate_id == signing_certificate.pk


def test_signing_twice_keeps_both_signatures_valid(org, signing_certificate, plain_pdf):
    twice = signed_by(org, signed_by(org, plain_pdf))
    check = signing.check_pdf(twice)
    assert check.signatures == 2 and check.intact and check.genuine


def test_signing_a_real_plan(org, signing_certificate):
    from plans.models import Status
    from plans.pdf import render_plan_pdf
    from plans.tests.factories import complete_plan

    plan = complete_plan(issuer=org, status=Status.ISSUED, number=7)
    check = signing.check_pdf(signed_by(org, render_plan_pdf(plan)))
    assert check.genuine


# -- certificates and their passwords ----------------------------------------------------------


def _superuser():
    from dialogue.dev_certificates import System

    return System()


def test_password_is_not_stored_in_plain_text(signing_certificate):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM dialogue_signingcertificate")
        row = cursor.fetchone()
    assert not any(DEV_PASSWORD in str(value) for value in row)
    assert DEV_PASSWORD.encode() not in signing_certificate.password_encrypted.encode()
    assert crypto.decrypt(signing_certificate.password_encrypted) == DEV_PASSWORD


def test_certificate_file_lives_in_private_storage(settings, signing_certificate):
    from pathlib import Path

    path = Path(signing_certificate.pkcs12.path)
    assert path.is_relative_to(Path(settings.PRIVATE_ROOT))
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert path.stat().st_mode & 0o077 == 0  # readable by the server's user only
    with pytest.raises(ValueError):
        signing_certificate.pkcs12.url


def test_signing_key_setting_encrypts_and_rotates(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.SIGNING_KEY = old
    token = crypto.encrypt("mật-khẩu")
    settings.SIGNING_KEY = f"{new},{old}"
    assert crypto.decrypt(token) == "mật-khẩu"
    assert Fernet(new.encode()).decrypt(crypto.encrypt("x").encode()) == b"x"  # the first key encrypts
    settings.SIGNING_KEY = new
    with pytest.raises(ValueError):
        crypto.decrypt(token)


def test_without_signing_key_the_key_comes_from_secret_key(settings):
    settings.SIGNING_KEY = ""
    token = crypto.encrypt("abc")
    assert crypto.decrypt(token) == "abc"
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    with pytest.raises(ValueError):
        crypto.decrypt(token)


def test_wrong_password_is_refused_in_vietnamese(org):
    with pytest.raises(signing.SigningError, match="Sai mật khẩu hoặc tệp không phải PKCS#12"):
        signing.upload_certificate(organization=org, data=organization_pkcs12(org), password="sai", by=_superuser())
    assert not SigningCertificate.objects.exists()


def test_only_an_organisation_administrator_may_upload(org, staff, leader, org_admin):
    data = organization_pkcs12(org)
    for user in (staff, leader):
        with pytest.raises(signing.SigningError):
            signing.upload_certificate(organization=org, data=data, password=DEV_PASSWORD, by=user)
    certificate = signing.upload_certificate(organization=org, data=data, password=DEV_PASSWORD, by=org_admin)
    assert certificate.uploaded_by == org_admin and certificate.is_active


def test_the_same_certificate_is_registered_once(org, signing_certificate):
    from dialogue.testing.fixtures import dev_pkcs12

    with pytest.raises(signing.SigningError):
        signing.upload_certificate(organization=org, data=dev_pkcs12(org), password=DEV_PASSWORD, by=_superuser())


def test_one_active_certificate_per_organisation_in_the_database(org, signing_certificate):
    duplicate = SigningCertificate(
        organization=org,
        pkcs12="certificates/x.p12",
        password_encrypted="x",
        subject_cn="x",
        serial_number="1",
        fingerprint_sha256="0" * 64,
        certificate_pem="",
        not_before=signing_certificate.not_before,
        not_after=signing_certificate.not_after,
        is_active=True,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_make_dev_certificates_is_idempotent(db, settings):
    first = OrganizationFactory()
    call_command("make_dev_certificates", first.code, stdout=io.StringIO())
    fingerprints = set(SigningCertificate.objects.values_list("fingerprint_sha256", flat=True))
    ca = (settings.PRIVATE_ROOT / "dev-ca" / "ca.pem").read_bytes()

    out = io.StringIO()
    call_command("make_dev_certificates", first.code, stdout=out)

    assert set(SigningCertificate.objects.values_list("fingerprint_sha256", flat=True)) == fingerprints
    assert len(fingerprints) == 1
    assert "0 mới" in out.getvalue()
    assert (settings.PRIVATE_ROOT / "dev-ca" / "ca.pem").read_bytes() == ca
    certificate = SigningCertificate.objects.get()
    assert certificate.organization == first and certificate.issuer_cn.startswith("Đối thoại")


def test_make_dev_certificates_refuses_unknown_codes(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("make_dev_certificates", "khong-co", stdout=io.StringIO())


def test_the_demo_organisations_get_certificates(db):
    from dialogue import demo

    orgs = demo.load_organizations()
    demo.load_users(orgs)
    demo.load_certificates(orgs)
    demo.load_certificates(orgs)
    assert SigningCertificate.objects.filter(is_active=True).count() == len(orgs)
    assert orgs["ubnd-vinh-lam"].signature_assets.signature_of == "Lê Đức Dũng"


def test_a_self_signed_certificate_is_its_own_trust_root(org, plain_pdf):
    import datetime as dt

    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = cx509.Name([cx509.NameAttribute(NameOID.COMMON_NAME, "UBND xã tự ký")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        cx509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(cx509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(cx509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(b"x", key, cert, None, serialization.BestAvailableEncryption(b"mk-123"))
    from dialogue.dev_certificates import System

    signing.upload_certificate(organization=org, data=data, password="mk-123", by=System())

    check = signing.check_pdf(signed_by(org, plain_pdf))

    assert check.genuine and check.signer == "UBND xã tự ký"
