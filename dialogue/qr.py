"""QR codes for addresses a reader scans: a petition's status page, a document's verification page."""

import segno
from django.utils.safestring import mark_safe


def qr_code(url: str) -> segno.QRCode:
    # Level M survives a smudged or folded print; never a Micro QR, which phones read badly.
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str, *, scale: float = 3, unit: str | None = None, border: int | None = None) -> str:
    """The code as inline SVG, black on white."""
    return mark_safe(qr_code(url).svg_inline(scale=scale, unit=unit, border=border, dark="#000", light="#fff"))
