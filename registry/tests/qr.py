"""Reading an issued PDF's verification block back, as a scanner would.

No QR decoder is installed, so the proof is the other way round: the QR's link
annotation gives its box on the page, the page is rasterised with pdftoppm, and
each module's centre pixel is compared with the matrix segno makes of the
address. Equal matrices mean the printed QR encodes that address.
"""

import io
import subprocess
import tempfile
from dataclasses import dataclass

import segno
from PIL import Image
from pypdf import PdfReader

from registry.services import QR_BORDER


@dataclass
class Link:
    page: int
    uri: str
    rect: tuple[float, float, float, float]  # x0, y0, x1, y1 in points, origin bottom left
    page_height: float

    @property
    def is_square(self) -> bool:
        x0, y0, x1, y1 = self.rect
        return abs((x1 - x0) - (y1 - y0)) < 0.5


def links(pdf: bytes) -> list[Link]:
    found = []
    for index, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            action = annotation.get("/A")
            if action is None or not action.get("/URI"):
                continue
            x0, y0, x1, y1 = (float(v) for v in annotation["/Rect"])
            found.append(Link(index, str(action["/URI"]), (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)),
                              float(page.mediabox.height)))
    return found


def rasterise(pdf: bytes, page: int, dpi: int) -> Image.Image:
    with tempfile.TemporaryDirectory() as tmp:
        with open(f"{tmp}/doc.pdf", "wb") as handle:
            handle.write(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page + 1), "-l", str(page + 1), "-singlefile",
             f"{tmp}/doc.pdf", f"{tmp}/page"],
            check=True,
        )
        return Image.open(f"{tmp}/page.png").convert("L")


def printed_modules(pdf: bytes, link: Link, size: int, dpi: int = 300) -> list[list[bool]]:
    """The dark and light modules inside the QR's box, sampled at each module's centre."""
    image = rasterise(pdf, link.page, dpi)
    scale = dpi / 72
    x0, _y0, x1, y1 = link.rect
    left, top, cell = x0 * scale, (link.page_height - y1) * scale, (x1 - x0) * scale / size
    return [
        [image.getpixel((int(left + (c + 0.5) * cell), int(top + (r + 0.5) * cell))) < 128 for c in range(size)]
        for r in range(size)
    ]


def expected_modules(url: str) -> list[list[bool]]:
    return [[bool(v) for v in row] for row in segno.make(url, error="m", micro=False).matrix_iter(border=QR_BORDER)]


def differing_modules(pdf: bytes, link: Link, url: str) -> int:
    expected = expected_modules(url)
    printed = printed_modules(pdf, link, len(expected))
    return sum(a != b for row_a, row_b in zip(expected, printed) for a, b in zip(row_a, row_b))
