"""Digital signatures (PAdES) of issued documents.

The register calls `sign_pdf` when it freezes a document and `check_pdf` when
someone asks whether a PDF is genuine. Signing uses the issuing organisation's
active PKCS#12 certificate (SigningCertificate); checking trusts exactly the
certificates registered here and the authorities that issued them, so a PDF
signed by anyone else is reported as signed but not by an organisation.

Nothing here reaches the network: no timestamp authority, no revocation
lookups (an office may work offline; the register's own hash is the second
line of defence).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass
from functools import lru_cache

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import crypto
from .access import has_role
from .models import Organization, Role, SigningCertificate, private_storage

logger = logging.getLogger(__name__)


class SigningError(Exception):
    """A refused certificate operation; the message is for the user."""


@dataclass(frozen=True)
class SignatureCheck:
    signed: bool  # the PDF carries at least one signature
    intact: bool  # every signature's cryptographic check passes and nothing was changed after it
    signer: str = ""  # the certificate's subject common name
    organization_id: int | None = None  # the organisation whose registered certificate signed it
    signed_at: str = ""  # ISO time the signature claims
    summary: str = ""  # one line for the record, e.g. pyHanko's pretty-printed status first line
    trusted: bool = False  # the signer's certificate chains to a registered certificate or its authority
    certificate_id: int | None = None  # the SigningCertificate that signed it
    signatures: int = 0  # how many signatures the PDF carries
    coverage: str = ""  # pyHanko's coverage of the last signature, e.g. ENTIRE_FILE
    modification_level: str = ""  # pyHanko's modification level after the last signature, e.g. NONE

    @property
    def genuine(self) -> bool:
        """Signed by a registered organisation certificate and unchanged since."""
        return self.signed and self.intact and self.trusted and self.organization_id is not None


# -- certificates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateInfo:
    subject_cn: str
    issuer_cn: str
    serial_number: str
    fingerprint_sha256: str
    not_before: dt.datetime
    not_after: dt.datetime
    pem: str  # the certificate, then the chain the file carries


def _common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the DER certificate, as check_pdf computes it from the PDF."""
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def read_pkcs12(data: bytes, password: str) -> CertificateInfo:
    """The certificate a PKCS#12 file holds, checked to open with the password and to carry its key."""
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(data, password.encode() if password else None)
    except (ValueError, TypeError) as exc:
        raise SigningError(_("Wrong password or the file is not PKCS#12")) from exc
    if key is None or cert is None:
        raise SigningError(_("The PKCS#12 file holds no private key with its certificate."))
    pem = cert.public_bytes(serialization.Encoding.PEM) + b"".join(
        c.public_bytes(serialization.Encoding.PEM) for c in chain or []
    )
    return CertificateInfo(
        subject_cn=_common_name(cert.subject)[:255],
        issuer_cn=_common_name(cert.issuer)[:255],
        serial_number=format(cert.serial_number, "x")[:64],
        fingerprint_sha256=fingerprint(cert),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        pem=pem.decode("ascii"),
    )


def can_manage_assets(user, organization: Organization) -> bool:
    """Superusers, and the organisation's own administrators."""

    return bool(getattr(user, "is_superuser", False)) or has_role(user, organization.pk, Role.ADMIN)


@transaction.atomic
def upload_certificate(
    *, organization: Organization, data: bytes, password: str, by, activate: bool = True, filename: str = ""
) -> SigningCertificate:
    """Register a PKCS#12 file for the organisation; with activate, it signs from now on."""
    from django.core.files.base import ContentFile

    if not can_manage_assets(by, organization):
        raise SigningError(_("Only an administrator of the organisation may manage its certificates."))
    info = read_pkcs12(data, password)
    if SigningCertificate.objects.filter(fingerprint_sha256=info.fingerprint_sha256).exists():
        raise SigningError(_("This certificate is already registered."))
    now = timezone.now()
    if activate and info.not_after <= now:
        raise SigningError(_("The certificate has expired; it cannot be used for signing."))
    if activate:
        _switch_off(SigningCertificate.objects.filter(organization=organization, is_active=True))
    certificate = SigningCertificate(
        organization=organization,
        password_encrypted=crypto.encrypt(password),
        subject_cn=info.subject_cn,
        issuer_cn=info.issuer_cn,
        serial_number=info.serial_number,
        fingerprint_sha256=info.fingerprint_sha256,
        certificate_pem=info.pem,
        not_before=info.not_before,
        not_after=info.not_after,
        is_active=activate,
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    certificate.pkcs12.save(filename or "certificate.p12", ContentFile(data), save=False)
    certificate.save()
    return certificate


@transaction.atomic
def activate_certificate(*, certificate: SigningCertificate, by) -> SigningCertificate:
    """Make this certificate the one the organisation signs with."""
    if not can_manage_assets(by, certificate.organization):
        raise SigningError(_("Only an administrator of the organisation may manage its certificates."))
    if certificate.not_after <= timezone.now():
        raise SigningError(_("The certificate has expired; it cannot be used for signing."))
    _switch_off(
        SigningCertificate.objects.filter(organization_id=certificate.organization_id, is_active=True).exclude(
            pk=certificate.pk
        )
    )
    if not certificate.is_active:
        certificate.is_active = True
        certificate.save(update_fields=["is_active"])
    return certificate


@transaction.atomic
def deactivate_certificate(*, certificate: SigningCertificate, by) -> SigningCertificate:
    """Stop signing with this certificate; documents it signed still verify."""
    if not can_manage_assets(by, certificate.organization):
        raise SigningError(_("Only an administrator of the organisation may manage its certificates."))
    _switch_off(SigningCertificate.objects.filter(pk=certificate.pk, is_active=True))
    certificate.is_active = False
    return certificate


def _switch_off(queryset) -> None:
    # Row by row (there is at most one), so the change history records it.
    for row in queryset.select_for_update():
        row.is_active = False
        row.save(update_fields=["is_active"])


@transaction.atomic
def save_signature_assets(*, form, by):
    """Store the seal and signature images a validated SignatureAssetsForm carries."""
    assets = form.instance
    if not can_manage_assets(by, assets.organization):
        raise SigningError(_("Only an administrator of the organisation may manage its signature images."))
    assets = form.save(commit=False)
    assets.updated_by = by if getattr(by, "pk", None) else None
    assets.save()
    return assets


def active_certificate(organization) -> SigningCertificate | None:
    """The certificate the organisation signs with now, if it has a usable one."""
    if organization is None:
        return None
    now = timezone.now()
    return (
        SigningCertificate.objects.filter(
            organization=organization, is_active=True, not_before__lte=now, not_after__gt=now
        )
        .order_by("-uploaded_at")
        .first()
    )


# -- signing --------------------------------------------------------------------------------


# Signers kept per process. One per organisation that signs; a province's
# communes each have their own certificate, so room for all of them.
SIGNER_CACHE_SIZE = 512


@lru_cache(maxsize=1)
def _kept_key_signer_class():
    """pyHanko's SimpleSigner holding the decoded private key.

    SimpleSigner keeps the key as ASN.1 and decodes it again for every
    signature; decoding an RSA key checks it (a prime test), about 90 ms, more
    than the rest of the signature. The key is decoded once, when the
    certificate is loaded, and reused.
    """
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.sign import signers
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    class KeptKeySigner(signers.SimpleSigner):
        def __init__(self, *, private_key, **kwargs):
            super().__init__(**kwargs)
            self.private_key = private_key

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            if mechanism.signature_algo == "rsassa_pkcs1v15" and isinstance(self.private_key, RSAPrivateKey):
                return self.private_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
            # Any other mechanism (PSS, EC keys): pyHanko's own path.
            return super().sign_raw(data, digest_algorithm)

    return KeptKeySigner


@lru_cache(maxsize=SIGNER_CACHE_SIZE)
def _loaded_signer(certificate_id: int, fingerprint_sha256: str, file_name: str, password_encrypted: str):
    """The pyHanko signer of a certificate, kept per process: opening a PKCS#12
    file (key derivation, key checks) costs more than the signature itself."""
    from pyhanko.sign import signers

    with private_storage().open(file_name, "rb") as handle:
        data = handle.read()
    password = crypto.decrypt(password_encrypted)
    loaded = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=password.encode() if password else None)
    return _kept_key_signer_class()(
        signing_cert=loaded.signing_cert,
        signing_key=loaded.signing_key,
        cert_registry=loaded.cert_registry,
        private_key=serialization.load_der_private_key(loaded.signing_key.dump(), password=None),
    )


def _signer(certificate: SigningCertificate):
    return _loaded_signer(
        certificate.pk, certificate.fingerprint_sha256, certificate.pkcs12.name, certificate.password_encrypted
    )


def _room_for_signature(signer) -> int:
    """Bytes to reserve for the CMS: the certificates it carries plus signed
    attributes and the signature, with a margin. Saying it up front spares
    pyHanko a trial signature to measure it."""
    certificates = [signer.signing_cert, *signer.cert_registry]
    needed = sum(len(cert.dump()) for cert in certificates) + 4096
    return needed + needed % 2  # pyHanko wants an even count


def _new_field_name(reader) -> str:
    taken = {sig.field_name for sig in reader.embedded_signatures}
    n = len(taken) + 1
    while f"Signature{n}" in taken:
        n += 1
    return f"Signature{n}"


def sign_pdf(pdf: bytes, *, organization, signer_name: str = "", reason: str = "", location: str = "") -> bytes:
    """The PDF signed with the organisation's certificate; unchanged when it has none.

    An invisible PAdES (B-B) signature appended as an incremental update, so the
    signed bytes are exactly the PDF given plus the signature; the printed
    signature block is the document's own.
    """
    certificate = active_certificate(organization)
    if certificate is None:
        return pdf
    try:
        signer = _signer(certificate)
    except (OSError, ValueError) as exc:
        # A lost file or key: issuing goes on unsigned rather than failing, and says so.
        logger.error("Cannot load the signing certificate %s of %s: %s", certificate.pk, organization, exc)
        return pdf
    return _sign(pdf, signer, signer_name=signer_name, reason=reason, location=location)


def _sign(pdf: bytes, signer, *, signer_name: str = "", reason: str = "", location: str = "") -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=_new_field_name(writer.prev),
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        name=signer_name or None,
        reason=reason or None,
        location=location or None,
    )
    out = signers.PdfSigner(meta, signer=signer).sign_pdf(
        writer, in_place=False, bytes_reserved=_room_for_signature(signer)
    )
    return out.getvalue()


def load_signers(*, limit: int = SIGNER_CACHE_SIZE) -> list:
    """The signers of the certificates in use, loaded into this process's cache (newest first).

    For a server or worker at start (dialogue.warmup): the first document an
    organisation issues then costs no more than the next. A certificate that
    cannot be loaded is logged and left for sign_pdf to report.
    """
    now = timezone.now()
    in_use = SigningCertificate.objects.filter(is_active=True, not_before__lte=now, not_after__gt=now).order_by(
        "-uploaded_at"
    )
    loaded = []
    for certificate in in_use[:limit]:
        try:
            loaded.append(_signer(certificate))
        except (OSError, ValueError) as exc:
            logger.warning("Cannot load the signing certificate %s: %s", certificate.pk, exc)
    return loaded


def warm_up(pdf: bytes) -> None:
    """Sign `pdf` with a certificate in use and check it, discarding both: what the
    first signature and check of a process would otherwise load (pyHanko's modules,
    the ASN.1 specifications, the validation code)."""
    signers = load_signers()
    if signers:
        pdf = _sign(pdf, signers[0])
    check_pdf(pdf)


# -- checking -------------------------------------------------------------------------------


@dataclass
class _Registered:
    by_fingerprint: dict[str, tuple[int, int]]  # leaf fingerprint -> (certificate id, organisation id)
    roots: list  # asn1crypto certificates: trust roots for pyHanko
    known: dict[bytes, set[bytes]]  # public key (SPKI DER) -> SHA-256 of each registered certificate with it
    by_subject: dict[bytes, list]  # subject (DER) -> cryptography certificates, to find issuers


def _registered() -> _Registered:
    """Each registered certificate by fingerprint, and the trust roots: the
    authorities in the registered chains, and a registered certificate itself
    when the file brought no issuer for it (self-signed, or chain left out)."""
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509 as asn1_x509

    found = _Registered({}, [], {}, {})
    leaves: list[tuple[bytes, x509.Certificate]] = []
    authorities: dict[bytes, bytes] = {}  # digest -> DER
    seen: set[bytes] = set()
    for pk, org_id, fp, pem_text in SigningCertificate.objects.values_list(
        "pk", "organization_id", "fingerprint_sha256", "certificate_pem"
    ):
        found.by_fingerprint[fp] = (pk, org_id)
        for index, (_type, _headers, der) in enumerate(asn1_pem.unarmor(pem_text.encode("ascii"), multiple=True)):
            digest = hashlib.sha256(der).digest()
            if digest in seen:
                continue
            seen.add(digest)
            cert = x509.load_der_x509_certificate(der)
            found.known.setdefault(_spki(cert), set()).add(digest)
            found.by_subject.setdefault(cert.subject.public_bytes(), []).append(cert)
            if index == 0:
                leaves.append((der, cert))
            else:
                authorities[digest] = der
    found.roots = [asn1_x509.Certificate.load(der) for der in authorities.values()]
    for der, cert in leaves:
        issuers = found.by_subject.get(cert.issuer.public_bytes(), [])
        if not any(issuer is not cert and _issued_by(cert, issuer) for issuer in issuers):
            found.roots.append(asn1_x509.Certificate.load(der))
    return found


def _spki(cert: x509.Certificate) -> bytes:
    return cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def _envelope_untouched(embedded, registered: _Registered) -> bool:
    """What the signature's own check cannot see is as it was written.

    The certificates carried beside a CMS signature and the zero padding after
    it are outside what the signature covers. A changed byte there must still
    count as a change: every carried certificate must verify against its
    issuer, one with a registered key must be the registered certificate byte
    for byte, and the padding must be zeros.
    """
    from asn1crypto import parser

    raw = embedded.pkcs7_content
    _cls, _method, _tag, header, contents, trailer = parser.parse(raw)
    if raw[len(header) + len(contents) + len(trailer):].strip(b"\x00"):
        return False
    carried = [
        x509.load_der_x509_certificate(choice.chosen.dump())
        for choice in embedded.signed_data["certificates"] or []
        if choice.name == "certificate"
    ]
    by_subject: dict[bytes, list] = {}
    for cert in carried:
        by_subject.setdefault(cert.subject.public_bytes(), []).append(cert)
    for cert in carried:
        copies = registered.known.get(_spki(cert))
        if copies is not None and hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).digest() not in copies:
            return False
        issuer = cert.issuer.public_bytes()
        candidates = by_subject.get(issuer, []) + registered.by_subject.get(issuer, [])
        if candidates and not any(_issued_by(cert, candidate) for candidate in candidates):
            return False
    return True


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _validation_context(roots):
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def _statuses(pdf: bytes, roots) -> list[tuple[object, object]]:
    """Each embedded signature with pyHanko's status of it, in document order."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    return [(sig, validate_pdf_signature(sig, _validation_context(roots))) for sig in reader.embedded_signatures]


def _sound(status, *, last: bool) -> bool:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if not (status.intact and status.valid):
        return False
    if last:
        # The last signature must cover the file to its last byte: nothing appended.
        return status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    # An earlier signature may only be followed by further signatures and their fields.
    return status.coverage in (
        SignatureCoverageLevel.ENTIRE_FILE,
        SignatureCoverageLevel.ENTIRE_REVISION,
    ) and status.modification_level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)


def check_pdf(pdf: bytes) -> SignatureCheck:
    """What the signatures in the PDF say about it.

    Never raises for a damaged or hostile file: whatever cannot be read or
    verified is reported as not intact.
    """
    registered = _registered()
    try:
        pairs = _statuses(pdf, registered.roots)
        intact = bool(pairs) and all(
            _sound(status, last=index == len(pairs) - 1) and _envelope_untouched(embedded, registered)
            for index, (embedded, status) in enumerate(pairs)
        )
    except Exception as exc:  # a broken file is an answer ("not intact"), not a server error
        logger.info("PDF signature check failed: %s", exc)
        return SignatureCheck(signed=b"/ByteRange" in pdf, intact=False, summary=f"INVALID: {type(exc).__name__}")
    if not pairs:
        return SignatureCheck(signed=False, intact=False, summary=_("The PDF carries no digital signature."))
    statuses = [status for _embedded, status in pairs]
    last = statuses[-1]
    cert_fp = hashlib.sha256(last.signing_cert.dump()).hexdigest()
    certificate_id, organization_id = registered.by_fingerprint.get(cert_fp, (None, None))
    signed_at = last.signer_reported_dt.isoformat() if last.signer_reported_dt else ""
    return SignatureCheck(
        signed=True,
        intact=intact,
        signer=last.signing_cert.subject.native.get("common_name", "") or last.signing_cert.subject.human_friendly,
        organization_id=organization_id,
        signed_at=signed_at,
        summary=last.summary(),
        trusted=intact and all(status.trusted for status in statuses),
        certificate_id=certificate_id,
        signatures=len(statuses),
        coverage=last.coverage.name if last.coverage else "",
        modification_level=last.modification_level.name if last.modification_level else "",
    )


def validation_report(pdf: bytes) -> str:
    """pyHanko's own account of each signature (what `pyhanko sign validate --pretty-print` prints)."""
    try:
        pairs = _statuses(pdf, _registered().roots)
    except Exception as exc:
        return f"The PDF could not be validated: {type(exc).__name__}: {exc}"
    if not pairs:
        return "The PDF carries no digital signature."
    return "\n\n".join(status.pretty_print_details() for _embedded, status in pairs)
