"""Digital signatures (PAdES) of issued documents.

The interface the register calls when it freezes a document; the
implementation signs with the issuing organisation's PKCS#12 certificate.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SignatureCheck:
    signed: bool  # the PDF carries at least one signature
    intact: bool  # every signature's cryptographic check passes and nothing was changed after it
    signer: str = ""  # the certificate's subject common name
    organization_id: int | None = None  # the organisation whose registered certificate signed it
    signed_at: str = ""  # ISO time the signature claims
    summary: str = ""  # one line for the record, e.g. pyHanko's pretty-printed status first line


def sign_pdf(pdf: bytes, *, organization, signer_name: str = "", reason: str = "", location: str = "") -> bytes:
    """The PDF signed with the organisation's certificate; unchanged when it has none."""
    return pdf


def check_pdf(pdf: bytes) -> SignatureCheck:
    """What the signatures in the PDF say about it."""
    return SignatureCheck(signed=False, intact=False)
