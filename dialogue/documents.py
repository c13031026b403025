"""HTML to PDF for every printed document (KẾ HOẠCH, THÔNG BÁO, GIẤY MỜI, BIÊN BẢN).

One renderer for all document types: the type's module builds its HTML from
templates/documents/ and calls `render_pdf`. Resources come only from static/
(stylesheet and fonts); nothing is fetched over the network, so a document
renders the same on a machine without Internet and cannot be made to call out.

Speed: WeasyPrint spends most of a small document's time on fonts. Three things
keep that low:
  - one FontConfiguration for the process: the @font-face files are written to
    fontconfig once, not on every render (WeasyPrint keys them by descriptor);
  - the bundled fonts are already cut down to Vietnamese (scripts/subset_fonts.py),
    ~500 glyphs instead of 2,600, so loading and subsetting them is cheap;
  - static files are read from disk once and served from memory;
  - the document stylesheet is parsed once (about 30 ms of each render
    otherwise) and passed to WeasyPrint as a ready CSS object.

Fonts: only the bundled ones. WeasyPrint's FontConfiguration starts from the
system's fontconfig set and Pango falls back to any installed font for a
character the document's fonts lack (✓ → from DejaVu Sans on one machine,
nothing on another). `bundled_font_configuration` starts it from an empty set
instead, so the @font-face files of static/css/documents.css are all there is:
a document prints the same everywhere, and dialogue/glyphs.py can tell at entry
which characters will print.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

from .models import SignatureAssets, private_storage

STATIC_DIR = Path(settings.BASE_DIR) / "static"
# The base every document's relative addresses (css/…, fonts/…) resolve against.
STATIC_BASE_URL = STATIC_DIR.as_uri() + "/"

# Images of an organisation's signature and seal travel inside the HTML as data
# addresses: they live in private storage, which has no URL.
DATA_PNG_PREFIX = "data:image/png;base64,"

# WeasyPrint options for every document. Defaults are kept where they are the
# fastest that still give a correct, small PDF: fonts are subset (hinting off),
# and there are no raster images to optimise.
PDF_OPTIONS = {"hinting": False, "full_fonts": False, "uncompressed_pdf": False}

_lock = threading.Lock()


class RefusedURL(ValueError):
    """A document asked for something outside static/; WeasyPrint logs it and goes on."""


@lru_cache(maxsize=64)
def _read_cached(path: Path, mtime_ns: int) -> bytes:
    return path.read_bytes()


def _read_static(path: Path) -> bytes:
    # Keyed by modification time, so an edited stylesheet shows without a restart.
    return _read_cached(path, path.stat().st_mtime_ns)


def static_path(url: str) -> Path:
    """The file under static/ a file: URL names, or RefusedURL."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        raise RefusedURL(f"Documents load only bundled files, not {url!r}")
    path = Path(unquote(parts.path)).resolve()
    if not path.is_relative_to(STATIC_DIR.resolve()) or not path.is_file():
        raise RefusedURL(f"Not a bundled static file: {url!r}")
    return path


# A fontconfig file with no font directories: the configuration it loads holds
# no system fonts, only the files WeasyPrint adds from @font-face.
EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig></fontconfig>
"""


def bundled_font_configuration(font_configuration_class):
    """A WeasyPrint FontConfiguration that knows only the fonts documents bring.

    FontConfiguration() loads fontconfig's configuration through
    FcInitLoadConfigAndFonts, which reads the file FONTCONFIG_FILE names at
    that moment; pointing it at an empty file for the call (and only for it:
    Chromium and other children of this process keep the system's) gives a
    configuration without the system's fonts.
    """
    folder = Path(tempfile.mkdtemp(prefix="doithoai-fontconfig-"))
    conf = folder / "fonts.conf"
    conf.write_text(EMPTY_FONTCONFIG, encoding="utf-8")
    previous = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(conf)
    try:
        return font_configuration_class()
    finally:
        if previous is None:
            os.environ.pop("FONTCONFIG_FILE", None)
        else:
            os.environ["FONTCONFIG_FILE"] = previous


@lru_cache(maxsize=1)
def _weasyprint():
    """Import WeasyPrint on first use: it loads Pango and friends, which most processes never need."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        """Serves file: URLs under static/ from memory and refuses everything else."""

        def fetch(self, url, headers=None):
            if url.startswith(DATA_PNG_PREFIX):
                # The signature and seal images, inlined by signature_marks().
                return URLFetcherResponse(url, base64.b64decode(url[len(DATA_PNG_PREFIX):]),
                                          headers={"Content-Type": "image/png"})
            path = static_path(url)
            mime = {".css": "text/css", ".ttf": "font/ttf", ".png": "image/png", ".svg": "image/svg+xml"}
            return URLFetcherResponse(
                path.as_uri(),
                _read_static(path),
                headers={"Content-Type": mime.get(path.suffix, "application/octet-stream")},
            )

    # Called once (lru_cache), under _lock when a stylesheet is parsed first.
    font_config, fetcher = bundled_font_configuration(FontConfiguration), StaticFetcher()
    # The document faces are known from the start: a configuration without any font
    # makes Pango hand WeasyPrint no font at all, and the process dies in the C library
    # on the first HTML that brings no @font-face of its own.
    weasyprint.CSS(url=DOCUMENT_CSS.as_uri(), url_fetcher=fetcher, font_config=font_config)
    return weasyprint, font_config, fetcher


DOCUMENT_CSS = STATIC_DIR / "css" / "documents.css"
# The mark every page of an unissued document carries.
DRAFT_CSS = '@page { @top-right { content: "DỰ THẢO"; } }'


@lru_cache(maxsize=8)
def _parsed_stylesheets(draft: bool, mtime_ns: int) -> tuple:
    weasyprint, font_config, fetcher = _weasyprint()
    sheets = [weasyprint.CSS(url=DOCUMENT_CSS.as_uri(), url_fetcher=fetcher, font_config=font_config)]
    if draft:
        sheets.append(weasyprint.CSS(string=DRAFT_CSS, font_config=font_config))
    return tuple(sheets)


def document_stylesheets(*, draft: bool) -> list:
    """The parsed document stylesheet (and the draft mark); re-parsed only when the file changes."""
    with _lock:
        return list(_parsed_stylesheets(draft, DOCUMENT_CSS.stat().st_mtime_ns))


def render_pdf(html: str, *, base_url: str | None = None, stylesheets: list | None = None) -> bytes:
    """The PDF of `html`; relative addresses resolve against static/ unless the HTML or `base_url` says otherwise."""
    weasyprint, font_config, fetcher = _weasyprint()
    document = weasyprint.HTML(string=html, base_url=base_url or STATIC_BASE_URL, url_fetcher=fetcher)
    # The shared FontConfiguration is not safe to fill from two threads at once.
    with _lock:
        return document.write_pdf(stylesheets=stylesheets, font_config=font_config, **PDF_OPTIONS)


@dataclass(frozen=True)
class SignatureMarks:
    """The images printed in an issued document's signature block, as data addresses."""

    seal: str = ""
    signature: str = ""


def _person(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@lru_cache(maxsize=32)
def _data_address(name: str, digest: str) -> str:

    with private_storage().open(name, "rb") as handle:
        return DATA_PNG_PREFIX + base64.b64encode(handle.read()).decode("ascii")


def _image(field) -> str:
    if not field:
        return ""
    storage = field.storage
    try:
        # Keyed by name and size+modification time so a replaced file is read again; through
        # the storage, which may be a bucket shared by every server rather than a local folder.
        stamp = f"{storage.size(field.name)}:{storage.get_modified_time(field.name).timestamp()}"
        return _data_address(field.name, hashlib.sha1(stamp.encode()).hexdigest())
    except Exception:  # noqa: BLE001 - a missing image (OSError locally, ClientError in a bucket) prints none
        return ""


def signature_marks(organization, *, signer_name: str, issued: bool) -> SignatureMarks | None:
    """The seal and signature images for a document's signature block; None for a draft.

    The seal is the organisation's; its signature image prints only over the
    name of the person it belongs to, so a deputy's document never carries the
    head's signature.
    """
    if not issued or organization is None:
        return None

    assets = SignatureAssets.objects.filter(organization=organization).first()
    if assets is None:
        return None
    seal = _image(assets.seal_image)
    own = bool(signer_name.strip()) and _person(signer_name) == _person(assets.signature_of)
    signature = _image(assets.signature_image) if own else ""
    if not (seal or signature):
        return None
    return SignatureMarks(seal=seal, signature=signature)


# A line in each bundled face, a QR code and a small image: what an issued
# document prints, so rendering it loads the fonts, the SVG and the image code.
_WARM_UP_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def warm_up() -> bytes:
    """Parse the stylesheets and render a small document in every bundled face; its PDF.

    For a server or worker at start (dialogue.warmup): WeasyPrint's import, the
    fonts written to fontconfig and their first shaping are otherwise paid by the
    first document the process prints.
    """
    from django.template.loader import get_template

    from .qr import qr_svg

    # Every document template compiled (the cached loader keeps them for the process).
    for template in sorted((STATIC_DIR.parent / "templates" / "documents").glob("*.html")):
        get_template(f"documents/{template.name}")
    document_stylesheets(draft=True)
    html = (
        '<!doctype html><html lang="vi"><body>'
        "<p>Kế hoạch tổ chức hội nghị <b>đối thoại</b> <i>với Nhân dân</i> <b><i>năm 2026</i></b></p>"
        f'<img src="{DATA_PNG_PREFIX}{_WARM_UP_PNG}" alt="">'
        f'{qr_svg("https://example.invalid/xac-minh/", scale=0.5, unit="mm", border=2)}'
        "</body></html>"
    )
    return render_pdf(html, stylesheets=document_stylesheets(draft=False))
