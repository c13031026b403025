"""Development certificates: a local root authority and one signing certificate
per organisation, so `make run` and the tests sign documents like production.

Never for real use: the authority's key lies in private storage (dev-ca/) and its
name says it is for testing. Idempotent: an organisation that already has an
active certificate keeps it, and the authority is created once and reused.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.files.base import ContentFile

from .models import Organization, SignatureAssets, SigningCertificate, private_storage
from .signing import upload_certificate

# The PKCS#12 files' password; the same as the demo log-ins, so the files can be
# opened by hand (e.g. with the pyhanko command line) on a developer machine.
DEV_PASSWORD = "doithoai2026"
CA_NAME = "Đối thoại - CA thử nghiệm (không dùng thật)"


def _fit(text: str) -> str:
    """The text cut to the 64 bytes cryptography allows in a name attribute."""
    while len(text.encode()) > 64:
        text = text[:-1]
    return text.strip()


# In private storage (a folder or the private bucket), so every server and worker of a
# development or demo deployment signs with the same authority.
CA_KEY_NAME = "dev-ca/ca-key.pem"
CA_CERT_NAME = "dev-ca/ca.pem"


def _read_private(name: str) -> bytes:
    with private_storage().open(name, "rb") as handle:
        return handle.read()


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def dev_ca() -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """The development root authority, created on first use."""
    storage = private_storage()
    if storage.exists(CA_KEY_NAME) and storage.exists(CA_CERT_NAME):
        key = serialization.load_pem_private_key(_read_private(CA_KEY_NAME), password=None)
        return key, x509.load_pem_x509_certificate(_read_private(CA_CERT_NAME))
    key = _new_key()
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Đối thoại (phát triển)"),
            x509.NameAttribute(NameOID.COMMON_NAME, _fit(CA_NAME)),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    for name in (CA_KEY_NAME, CA_CERT_NAME):
        if storage.exists(name):  # half of a pair left by an interrupted run
            storage.delete(name)
    # The private storage writes its files readable by their owner only (0600).
    storage.save(
        CA_KEY_NAME,
        ContentFile(
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
    )
    storage.save(CA_CERT_NAME, ContentFile(cert.public_bytes(serialization.Encoding.PEM)))
    return key, cert


def organization_pkcs12(organization: Organization, *, password: str = DEV_PASSWORD, days: int = 5 * 365) -> bytes:
    """A PKCS#12 file (key, certificate, the authority) for the organisation, signed by the dev authority."""
    ca_key, ca_cert = dev_ca()
    key = _new_key()
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(organization.name)),
            x509.NameAttribute(NameOID.COMMON_NAME, _fit(organization.name)),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            # Non-repudiation is what document signatures need (and what pyHanko asks for).
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        name=organization.code.encode(),
        key=key,
        cert=cert,
        cas=[ca_cert],
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode()),
    )


def ensure_certificates(organizations, *, by=None) -> list[SigningCertificate]:
    """Give each organisation without an active certificate a development one; the new ones."""

    have = set(
        SigningCertificate.objects.filter(organization__in=organizations, is_active=True).values_list(
            "organization_id", flat=True
        )
    )
    system = System()
    created = []
    for organization in organizations:
        if organization.pk in have:
            continue
        created.append(
            upload_certificate(
                organization=organization,
                data=organization_pkcs12(organization),
                password=DEV_PASSWORD,
                by=by or system,
                filename=f"{organization.code}.p12",
            )
        )
    return created


class System:
    """The management command acts as a superuser; no user row is recorded."""

    pk = None
    is_superuser = True
    is_authenticated = True


# -- sample images ----------------------------------------------------------------------------


def sample_seal_png(organization: Organization) -> bytes:
    """A round red stamp marked "MẪU" (sample) with the organisation's name around it; for the demo only."""
    import io
    import math

    from PIL import Image, ImageDraw, ImageFont

    size = 600
    red = (200, 16, 32, 215)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre = size / 2
    for radius, width in ((290, 14), (205, 6)):
        draw.ellipse((centre - radius, centre - radius, centre + radius, centre + radius), outline=red, width=width)
    fonts = Path(settings.BASE_DIR) / "static" / "fonts"
    ring_font = ImageFont.truetype(str(fonts / "LiberationSerif-Bold.ttf"), 46)
    text = " ".join(organization.header_lines).upper() or organization.name.upper()
    text = f"{text} * "
    # The name around the ring, one letter at a time, clockwise from the top left.
    step = 360 / max(len(text), 24)
    for index, char in enumerate(text):
        angle = -90 - (len(text) * step) / 2 + index * step
        glyph = Image.new("RGBA", (60, 60), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((30, 30), char, font=ring_font, fill=red, anchor="mm")
        glyph = glyph.rotate(-(angle + 90), resample=Image.BICUBIC)
        x = centre + 248 * math.cos(math.radians(angle)) - 30
        y = centre + 248 * math.sin(math.radians(angle)) - 30
        image.alpha_composite(glyph, (int(x), int(y)))
    centre_font = ImageFont.truetype(str(fonts / "LiberationSerif-Bold.ttf"), 110)
    draw.text((centre, centre), "MẪU", font=centre_font, fill=red, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def sample_signature_png() -> bytes:
    """A hand-like stroke in blue ink on a transparent background; for the demo only."""
    import io
    import math

    from PIL import Image, ImageDraw

    width, height = 640, 320
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ink = (20, 40, 150, 255)
    points = []
    for i in range(400):
        t = i / 399
        x = 60 + 520 * t
        y = 170 - 90 * math.sin(t * math.pi * 3.2) * (1 - t * 0.6) + 30 * math.sin(t * math.pi * 11)
        points.append((x, y))
    draw.line(points, fill=ink, width=9, joint="curve")
    draw.line([(90, 250), (560, 215)], fill=ink, width=6)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def ensure_sample_images(organization: Organization, *, signature_of: str) -> None:
    """Sample seal and signature images for a demo organisation that has none."""
    from django.core.files.base import ContentFile

    assets, _created = SignatureAssets.objects.get_or_create(organization=organization)
    if not assets.seal_image:
        assets.seal_image.save("seal.png", ContentFile(sample_seal_png(organization)), save=False)
    if not assets.signature_image:
        assets.signature_image.save("signature.png", ContentFile(sample_signature_png()), save=False)
        assets.signature_of = signature_of
    assets.save()
