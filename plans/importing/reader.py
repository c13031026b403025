"""A Word file as the list of paragraphs an office typed.

Offices type plans in many ways: the header and the signature in borderless
tables, numbers typed by hand or made by Word's list numbering (then the number
is not in the text but in numbering.xml), Shift+Enter line breaks, runs split
in the middle of a word, non-breaking and double spaces. The reader hides all
of that: each paragraph comes out as one clean line of text with its list
number written in front, tagged with where it stood (a table cell or the body).

.doc and .odt are converted to .docx with LibreOffice first. Every file is
checked before it is parsed: its size, and the uncompressed sizes of the zip
entries (a small zip can expand to gigabytes).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import asdict, dataclass, field
from io import BytesIO
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from lxml import etree

from dialogue.errors import DomainError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # a long plan with pictures is 2–3 MB
MAX_ENTRY_BYTES = 40 * 1024 * 1024  # one uncompressed part (styles.xml of a big template is ~1 MB)
MAX_TOTAL_BYTES = 120 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_RATIO = 200  # a deflated XML part rarely shrinks more than 20 times
SOFFICE_TIMEOUT = 90  # seconds; a plan converts in 2–5

EXTENSIONS = (".docx", ".doc", ".odt")


class ImportFileError(DomainError):
    """A file that cannot be imported; the message says why, in the user's language."""


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class Para:
    """One paragraph as typed: text with its list number, and where it stood."""

    text: str
    zone: str = "body"  # body | table
    table: int = -1  # index of the table it stood in
    row: int = -1
    cell: int = -1
    bold: bool = False
    centered: bool = False
    marker: str = ""  # the number or bullet Word's list numbering printed before it
    level: int = 0  # the list level of that marker
    order: int = 0

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Para:
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in names})


# --------------------------------------------------------------------------- text


SPACES = re.compile(r"[ \u00a0\u2007\u202f\u2002\u2003\u2009\ufeff]+")


def clean(text: str) -> str:
    """One line: non-breaking and repeated spaces as one space, no zero-width characters."""
    text = text.replace("\u200b", "").replace("\u00ad", "")
    return SPACES.sub(" ", text).strip()


def _paragraph_text(p) -> str:
    """The visible text of a w:p, runs joined (a word split over runs comes out whole).

    Line breaks (Shift+Enter) come out as "\n" and tabs as "\t"; deleted text
    (w:delText) and field codes (w:instrText) are not w:t and are left out.
    """
    out: list[str] = []
    for el in p.iter(_q("t"), _q("tab"), _q("br"), _q("cr"), _q("noBreakHyphen"), _q("softHyphen"), _q("sym")):
        tag = etree.QName(el).localname
        if tag == "t":
            out.append(el.text or "")
        elif tag == "tab":
            # A w:tab inside w:pPr/w:tabs is a tab stop, not a tab character.
            if etree.QName(el.getparent()).localname == "r":
                out.append("\t")
        elif tag in ("br", "cr"):
            if el.get(_q("type")) in (None, "textWrapping"):
                out.append("\n")
        elif tag == "noBreakHyphen":
            out.append("-")
        elif tag == "sym":
            char = el.get(_q("char")) or ""
            try:
                out.append(chr(int(char, 16)) if char else "")
            except ValueError:
                pass
    return "".join(out)


def _on(el) -> bool:
    """A w:b / w:jc-style toggle: present and not switched off."""
    if el is None:
        return False
    return el.get(_q("val")) not in ("0", "false", "off")


def _mostly_bold(p) -> bool:
    total = bold = 0
    for run in p.iter(_q("r")):
        text = "".join(t.text or "" for t in run.iter(_q("t"))).strip()
        if not text:
            continue
        total += len(text)
        rpr = run.find(_q("rPr"))
        if rpr is not None and _on(rpr.find(_q("b"))):
            bold += len(text)
    return total > 0 and bold * 2 > total


# --------------------------------------------------------------------------- numbering


ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def letters(n: int) -> str:
    # Word's lowerLetter: a … z, then aa, bb …
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("upperRoman",):
        return roman(n)
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt == "upperLetter":
        return letters(n).upper()
    if fmt == "lowerLetter":
        return letters(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


DASH_BULLETS = {"-", "–", "—", "−", "‐", "‑", "\uf02d"}


def bullet_marker(text: str, level: int) -> str:
    """Word's bullet character as the marker offices type: "-", "+" or "*"."""
    char = text.strip()
    if char in DASH_BULLETS:
        return "-"
    if char in ("+", "\uf02b"):
        return "+"
    if char in ("*", "\uf02a"):
        return "*"
    # •, o, ▪, the Symbol and Wingdings glyphs: a dash on the first level, a plus under it.
    return "-" if level == 0 else "+"


def _int(value, default: int = 0) -> int:
    """An integer attribute of numbering.xml; a damaged one counts as the default."""
    try:
        return max(0, min(int(value), 10_000))
    except (TypeError, ValueError):
        return default


class Numbering:
    """Word's list numbering: counts the paragraphs of each list and prints their numbers."""

    def __init__(self, xml: bytes | None, styles: bytes | None):
        self.levels: dict[str, dict[int, dict]] = {}  # abstractNumId -> ilvl -> {fmt, text, start}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.style_num: dict[str, tuple[str, int]] = {}  # styleId -> (numId, ilvl)
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if xml:
            root = etree.fromstring(xml, parser=_parser())
            for abstract in root.findall("w:abstractNum", NS):
                levels = {}
                for lvl in abstract.findall("w:lvl", NS):
                    ilvl = _int(lvl.get(_q("ilvl")))
                    fmt = lvl.find("w:numFmt", NS)
                    text = lvl.find("w:lvlText", NS)
                    start = lvl.find("w:start", NS)
                    levels[ilvl] = {
                        "fmt": fmt.get(_q("val")) if fmt is not None else "decimal",
                        "text": text.get(_q("val")) if text is not None else "",
                        "start": _int(start.get(_q("val")), 1) if start is not None else 1,
                    }
                self.levels[abstract.get(_q("abstractNumId"))] = levels
            for num in root.findall("w:num", NS):
                abstract = num.find("w:abstractNumId", NS)
                overrides = {}
                for override in num.findall("w:lvlOverride", NS):
                    start = override.find("w:startOverride", NS)
                    if start is not None:
                        overrides[_int(override.get(_q("ilvl")))] = _int(start.get(_q("val")), 1)
                if abstract is not None:
                    self.nums[num.get(_q("numId"))] = (abstract.get(_q("val")), overrides)
        if styles:
            root = etree.fromstring(styles, parser=_parser())
            based: dict[str, str] = {}
            own: dict[str, tuple[str, int]] = {}
            for style in root.findall("w:style", NS):
                sid = style.get(_q("styleId"))
                base = style.find("w:basedOn", NS)
                if base is not None:
                    based[sid] = base.get(_q("val"))
                numpr = style.find("w:pPr/w:numPr", NS)
                if numpr is not None:
                    num_id = numpr.find("w:numId", NS)
                    ilvl = numpr.find("w:ilvl", NS)
                    if num_id is not None:
                        own[sid] = (num_id.get(_q("val")), _int(ilvl.get(_q("val"))) if ilvl is not None else 0)
            for sid in set(based) | set(own):
                current, depth = sid, 0
                while current and depth < 10:
                    if current in own:
                        self.style_num[sid] = own[current]
                        break
                    current, depth = based.get(current), depth + 1

    def marker(self, p) -> tuple[str, int]:
        """The number or bullet printed before a paragraph, and its level; ("", 0) if none."""
        ppr = p.find(_q("pPr"))
        num_id, ilvl = None, 0
        if ppr is not None:
            style = ppr.find(_q("pStyle"))
            if style is not None and style.get(_q("val")) in self.style_num:
                num_id, ilvl = self.style_num[style.get(_q("val"))]
            numpr = ppr.find(_q("numPr"))
            if numpr is not None:
                el_id, el_lvl = numpr.find(_q("numId")), numpr.find(_q("ilvl"))
                if el_id is not None:
                    num_id = el_id.get(_q("val"))
                if el_lvl is not None:
                    ilvl = _int(el_lvl.get(_q("val")))
        if not num_id or num_id == "0" or num_id not in self.nums:
            return "", 0
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        level = levels.get(ilvl)
        if level is None:
            return "", ilvl
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            # A list restarted with w:startOverride begins again from its start value.
            self.started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
        if level["fmt"] == "bullet":
            return bullet_marker(level["text"], ilvl), ilvl
        counters[ilvl] = counters.get(ilvl, levels[ilvl]["start"] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def value(match):
            k = int(match.group(1)) - 1
            lvl = levels.get(k, {"fmt": "decimal", "start": 1})
            n = counters.get(k, lvl["start"])
            return format_number(n, lvl["fmt"])

        return re.sub(r"%(\d)", value, level["text"]).strip(), ilvl


# --------------------------------------------------------------------------- the file


def _parser():
    # No entities, no network, no huge trees: the XML comes from an uploaded file.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


def check_zip(data: bytes) -> zipfile.ZipFile:
    """The .docx as a zip, refused before parsing if it is not one or would expand too far."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFileError(_("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)})
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(_("The file is not a Word document (.docx) or it is damaged.")) from None
    if len(infos) > MAX_ENTRIES:
        raise ImportFileError(_("The file holds too many parts to be a Word document."))
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_ENTRY_BYTES or total > MAX_TOTAL_BYTES or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise ImportFileError(_("The file expands to too much data when opened; it was not read."))
    if "word/document.xml" not in archive.namelist():
        raise ImportFileError(_("The file is not a Word document (.docx) or it is damaged."))
    return archive


def _read(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    with archive.open(info) as handle:
        # Read at most the declared size plus one byte: a lying header cannot make us read more.
        data = handle.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise ImportFileError(_("The file expands to too much data when opened; it was not read."))
    return data


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, suffix: str) -> bytes:
    """A .doc or .odt converted to .docx by LibreOffice, which must be installed on the server."""
    binary = soffice_binary()
    if not binary:
        raise ImportFileError(_(
            "Files in %(format)s format cannot be read here: LibreOffice (package libreoffice-writer-nogui) "
            "is not installed on the server. Save the file as .docx in Word and upload it again."
        ) % {"format": suffix})
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFileError(_("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)})
    with tempfile.TemporaryDirectory(prefix="plan-import-") as tmp:
        source = Path(tmp) / f"plan{suffix}"
        source.write_bytes(data)
        # Its own profile folder: two conversions at once would otherwise fight over the user profile lock.
        profile = Path(tmp) / "profile"
        command = [
            binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--convert-to", "docx", "--outdir", str(Path(tmp) / "out"), str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=SOFFICE_TIMEOUT, check=False,
                           env={**os.environ, "HOME": tmp})
        except (subprocess.TimeoutExpired, OSError):
            raise ImportFileError(_("LibreOffice could not convert the file; save it as .docx and upload it again.")) from None
        result = Path(tmp) / "out" / "plan.docx"
        if not result.exists():
            raise ImportFileError(_("LibreOffice could not convert the file; save it as .docx and upload it again."))
        return result.read_bytes()


def docx_bytes(data: bytes, file_name: str) -> bytes:
    suffix = Path(file_name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ImportFileError(_("Upload a Word file: .docx, .doc or .odt."))
    if suffix in (".doc", ".odt"):
        if suffix == ".odt" or not data.startswith(b"PK"):
            return convert_to_docx(data, suffix)
        # A .docx saved under a .doc name: read it as it is.
    return data


@dataclass
class Document:
    paragraphs: list[Para] = field(default_factory=list)


def read_paragraphs(data: bytes, file_name: str = "plan.docx") -> list[Para]:
    """Every non-empty paragraph of the file, in reading order, numbered from 0."""
    data = docx_bytes(data, file_name)
    archive = check_zip(data)
    try:
        document = etree.fromstring(_read(archive, "word/document.xml"), parser=_parser())
        numbering = Numbering(_read(archive, "word/numbering.xml"), _read(archive, "word/styles.xml"))
    except etree.XMLSyntaxError:
        raise ImportFileError(_("The file is not a Word document (.docx) or it is damaged.")) from None
    body = document.find("w:body", NS)
    if body is None:
        raise ImportFileError(_("The file is not a Word document (.docx) or it is damaged."))
    out: list[Para] = []
    tables = [0]

    def paragraph(p, **where):
        marker, level = numbering.marker(p)
        text = _paragraph_text(p)
        ppr = p.find(_q("pPr"))
        jc = ppr.find(_q("jc")) if ppr is not None else None
        centered = jc is not None and jc.get(_q("val")) == "center"
        bold = _mostly_bold(p)
        # A soft line break keeps one paragraph in Word; in a table cell (header,
        # signature) each line is a line of its own, in the body it is a wrapped line.
        pieces = text.split("\n")
        if where.get("zone") == "table":
            lines = pieces
        else:
            lines = _join_wrapped(pieces)
        first = True
        for line in lines:
            line = clean(line.replace("\t", "    ")) if where.get("zone") == "table" else _clean_tabs(line)
            if not line:
                continue
            out.append(Para(text=f"{marker} {line}" if (first and marker) else line,
                            bold=bold, centered=centered, marker=marker if first else "", level=level, **where))
            first = False

    def walk(container, **where):
        for child in container:
            tag = etree.QName(child).localname
            if tag == "p":
                paragraph(child, **where)
            elif tag == "tbl":
                index = tables[0]
                tables[0] += 1
                for r, tr in enumerate(child.findall("w:tr", NS)):
                    for c, tc in enumerate(tr.findall("w:tc", NS)):
                        walk(tc, zone="table", table=index, row=r, cell=c)
            elif tag in ("sdt", "customXml", "smartTag"):
                content = child.find("w:sdtContent", NS) if tag == "sdt" else child
                if content is not None:
                    walk(content, **where)

    walk(body, zone="body")
    for order, para in enumerate(out):
        para.order = order
    return out


ITEM_START = re.compile(r"^\s*([-–—+*•]|\d{1,2}[.)]|[a-zđ][.)]\s|[IVX]{1,4}\.\s)")


def _join_wrapped(pieces: list[str]) -> list[str]:
    """Lines of a paragraph split by Shift+Enter: a line that starts like an item
    ("- ", "+ ", "2.", "b)") is a paragraph of its own, any other continues the line above."""
    lines: list[str] = []
    for piece in pieces:
        if lines and not ITEM_START.match(piece):
            lines[-1] = f"{lines[-1].rstrip()} {piece.lstrip()}"
        else:
            lines.append(piece)
    return lines


def _clean_tabs(line: str) -> str:
    """Tabs and long runs of spaces in a body line are layout: two columns typed
    side by side ("Nơi nhận:<tab><tab>TM. ỦY BAN NHÂN DÂN"). They are kept as one
    tab, which the classifier splits on; every other run of spaces becomes one space."""
    parts = [clean(part) for part in re.split(r"\t+|[ \u00a0]{8,}", line)]
    return "\t".join(part for part in parts if part)
