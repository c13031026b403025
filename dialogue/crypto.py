"""Secrets kept in the database encrypted: the PKCS#12 passwords.

The key is SIGNING_KEY (one or more Fernet keys, comma-separated: the first
encrypts, all decrypt, so a key can be rotated), or, when it is not set, a key
derived from SECRET_KEY with HKDF. Changing SECRET_KEY without setting
SIGNING_KEY makes the stored passwords unreadable: the certificates must then
be uploaded again.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Distinct from every other use of SECRET_KEY, so the derived key says nothing about it.
HKDF_INFO = b"doithoai/signing-certificate-password/v1"


def _derived_key(secret: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO)
    return base64.urlsafe_b64encode(hkdf.derive(secret.encode()))


def fernet() -> MultiFernet:
    raw = [k.strip() for k in (getattr(settings, "SIGNING_KEY", "") or "").split(",") if k.strip()]
    if not raw:
        return MultiFernet([Fernet(_derived_key(settings.SECRET_KEY))])
    try:
        return MultiFernet([Fernet(k.encode()) for k in raw])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "SIGNING_KEY must be Fernet keys (32 url-safe base64-encoded bytes), comma-separated"
        ) from exc


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The plain text, or ValueError when the key that encrypted it is gone."""
    try:
        return fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken as exc:
        raise ValueError("The stored password cannot be decrypted with the current key") from exc
