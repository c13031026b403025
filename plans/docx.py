"""The KẾ HOẠCH as a Word document, laid out like the PDF.

Layout by Nghị định 30/2020/NĐ-CP, Phụ lục I (state bodies) and Hướng dẫn
36-HD/VPTW (party bodies), as the published rules list it: A4, margins
20/20/30/15 mm, Times New Roman, a borderless two-column header table, centred
name and subject, justified 14 pt body with a 1.27 cm first-line indent, page
numbers centred at the top from page 2, and the recipients beside the
signature block.

Everything printed comes from `plans.documents.build_document`, so the Word
file and the PDF never disagree about numbering, bullets or deadline phrases.
"""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .documents import Part, PlanDocument, build_document, split_heading
from .models import Plan

FONT = "Times New Roman"
LANGUAGE = "vi-VN"

PAGE_WIDTH_MM = 210
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]
FIRST_LINE_INDENT = Cm(1.27)

STATE_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
STATE_MOTTO = "Độc lập - Tự do - Hạnh phúc"
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
DRAFT_MARK = "DỰ THẢO"


class Sizes:
    """Point sizes, state format (the rule's own example: FORMATS.md); the PDF's
    stylesheet (static/css/documents.css) has the same, which test_print_layout checks."""

    parent = 13
    issuer = 13
    number = 13
    title = 12
    motto = 13
    date = 13
    name = 14
    subject = 14
    body = 14
    signature = 14
    recipients_label = 12
    recipients = 11
    page_number = 14
    # Column widths as the PDF's stylesheet (static/css/documents.css) has them.
    left_column_mm = TEXT_WIDTH_MM * 0.37
    recipients_column_mm = TEXT_WIDTH_MM * 0.45


class PartySizes(Sizes):
    """Hướng dẫn 36: 14 pt header, 15 pt title, 15 pt name."""

    parent = 14
    issuer = 14
    number = 14
    title = 15
    date = 14
    name = 16


# --- measuring text, so the rules under the issuer and the motto get their length


@functools.lru_cache(maxsize=2)
def _metrics(bold: bool):
    from fontTools.ttLib import TTFont

    # The bundled fonts have Times New Roman's metrics, so their advance widths
    # are the widths Word will lay the text out with.
    fonts = Path(settings.BASE_DIR) / "static" / "fonts"
    style = "Bold" if bold else "Regular"
    candidates = [fonts / f"DoiThoaiSerif-{style}.ttf", fonts / f"LiberationSerif-{style}.ttf"]
    path = next((path for path in candidates if path.exists()), None)
    if path is None:
        return None
    font = TTFont(path, lazy=True)
    return font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm


def text_width_mm(text: str, size_pt: float, bold: bool = True) -> float:
    metrics = _metrics(bold)
    if metrics is None:  # no font file: half an em per character is close enough for a rule's length
        return len(text) * size_pt * 0.5 * 25.4 / 72
    cmap, hmtx, units = metrics
    fallback = hmtx[cmap[ord("n")]][0]
    advance = sum(hmtx[cmap[ord(c)]][0] if ord(c) in cmap else fallback for c in text)
    return advance * size_pt / units * 25.4 / 72


# --- low-level XML helpers python-docx has no API for


# The schema's order of the children we add (python-docx keeps the rest in order);
# Word refuses a file whose properties are out of order.
_SUCCESSORS = {
    "w:pBdr": ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
               "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
    "w:rPr": ("w:sectPr", "w:pPrChange"),
    "w:lang": ("w:eastAsianLayout", "w:specVanish", "w:oMath"),
    "w:tblBorders": ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                     "w:tblPrChange"),
    "w:tblCellMar": ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"),
}


def _insert(parent, element) -> None:
    prefix, local = "w", element.tag.rsplit("}", 1)[1]
    parent.insert_element_before(element, *_SUCCESSORS[f"{prefix}:{local}"])


def _set_run_fonts(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    # Theme attributes win over explicit names in Word, so they must go.
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _set_language(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        _insert(rpr, lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _bottom_border(paragraph, size_eighths: int = 6) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size_eighths))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    _insert(ppr, borders)


def _box_border(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "8")
        edge.set(qn("w:space"), "2")
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    _insert(ppr, borders)


def _mark_size(paragraph, size_pt: float) -> None:
    """The size of the paragraph mark, which sets the height of an empty paragraph."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(int(size_pt * 2)))
        rpr.append(el)
    _insert(ppr, rpr)


def _page_field(paragraph, size_pt: float) -> None:
    run = paragraph.add_run()
    run.font.size = Pt(size_pt)
    parts = [("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)]
    for kind, text in parts:
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text.strip() == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _borderless(table, widths_mm: list[float]) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    _insert(tbl_pr, borders)
    # Zero cell padding: the columns then span exactly the text width, and the
    # rules under the issuer and the motto can be centred by measurement.
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    _insert(tbl_pr, margins)
    table.autofit = False  # a fixed layout: Word keeps the widths below
    width = tbl_pr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(sum(widths_mm) / 25.4 * 1440)))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


# --- the writer


class _Writer:
    def __init__(self, doc: PlanDocument):
        self.doc = doc
        self.sizes = PartySizes if doc.is_party else Sizes
        self.word = Document()
        self._page_setup()
        self._styles()

    def _page_setup(self) -> None:
        section = self.word.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = Mm(MARGINS_MM["top"])
        section.bottom_margin = Mm(MARGINS_MM["bottom"])
        section.left_margin = Mm(MARGINS_MM["left"])
        section.right_margin = Mm(MARGINS_MM["right"])
        section.header_distance = Mm(10)
        section.footer_distance = Mm(10)
        # Page numbers from page 2 on: page 1 gets its own (empty or draft) header.
        section.different_first_page_header_footer = True
        if self.doc.is_draft:
            # Like the PDF: a boxed DỰ THẢO top right on every page, level with the page number.
            self._draft_header(section.header, page_number=True)
            self._draft_header(section.first_page_header, page_number=False)
        else:
            number = section.header.paragraphs[0]
            number.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _page_field(number, self.sizes.page_number)

    def _draft_header(self, header, *, page_number: bool) -> None:
        side = 32
        widths = [side, TEXT_WIDTH_MM - 2 * side, side]
        table = header.add_table(rows=1, cols=3, width=Mm(TEXT_WIDTH_MM))
        _borderless(table, widths)
        number, mark = table.cell(0, 1).paragraphs[0], table.cell(0, 2).paragraphs[0]
        number.alignment = mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if page_number:
            _page_field(number, self.sizes.page_number)
        run = mark.add_run(DRAFT_MARK)
        run.bold = True
        run.font.size = Pt(12)
        _box_border(mark)
        # A header ends with a paragraph; the table goes before python-docx's empty one, made tiny.
        last = header.paragraphs[0]
        last._p.addprevious(table._tbl)
        last.paragraph_format.space_after = Pt(0)
        _mark_size(last, 2)

    def _styles(self) -> None:
        styles = self.word.styles
        defaults = self.word.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
            if rpr is not None:
                _set_run_fonts(rpr)
                _set_language(rpr)
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(self.sizes.body)
        rpr = normal.element.get_or_add_rPr()
        _set_run_fonts(rpr)
        _set_language(rpr)
        fmt = normal.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(6)
        fmt.line_spacing = 1.0
        fmt.widow_control = True

    # paragraphs

    def paragraph(
        self,
        container,
        text: str = "",
        *,
        size: float | None = None,
        bold: bool = False,
        italic: bool = False,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        indent: bool = True,
        after: float = 6,
        before: float = 0,
        keep_with_next: bool = False,
    ):
        p = container.add_paragraph()
        fmt = p.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = FIRST_LINE_INDENT if indent else Pt(0)
        fmt.space_after = Pt(after)
        fmt.space_before = Pt(before)
        if keep_with_next:
            fmt.keep_with_next = True
        if text:
            self.run(p, text, size=size, bold=bold, italic=italic)
        return p

    def run(self, paragraph, text: str, *, size: float | None = None, bold: bool = False, italic: bool = False):
        run = paragraph.add_run(text)
        run.font.size = Pt(size or self.sizes.body)
        run.bold = bold or None
        run.italic = italic or None
        return run

    def rule(self, container, width_mm: float, column_mm: float, after: float = 0):
        """A short solid line, centred in a column `column_mm` wide."""
        width_mm = min(width_mm, column_mm)
        p = container.add_paragraph()
        fmt = p.paragraph_format
        side = Mm(max((column_mm - width_mm) / 2, 0))
        fmt.left_indent = fmt.right_indent = side
        fmt.first_line_indent = Pt(0)
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(after)
        fmt.line_spacing = 1.0
        _mark_size(p, 2)
        _bottom_border(p)
        return p

    def centred_lines(self, cell, lines, *, size, bold=False, italic=False):
        for line in lines:
            self.paragraph(
                cell, line, size=size, bold=bold, italic=italic, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=0
            )

    # blocks

    def header(self) -> None:
        d, s = self.doc, self.sizes
        left_mm = s.left_column_mm
        right_mm = TEXT_WIDTH_MM - left_mm
        table = self.word.add_table(rows=2, cols=2)
        _borderless(table, [left_mm, right_mm])
        issuer, national = table.cell(0, 0), table.cell(0, 1)
        number, date = table.cell(1, 0), table.cell(1, 1)
        for cell in (issuer, national, number, date):
            cell._tc.remove(cell.paragraphs[0]._p)

        self.centred_lines(issuer, d.header_parent, size=s.parent)
        self.centred_lines(issuer, d.header_issuer, size=s.issuer, bold=True)
        if d.is_party:
            self.paragraph(issuer, "*", size=s.issuer, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=0)
            self.paragraph(national, PARTY_TITLE, size=s.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                           indent=False, after=0)
            self.rule(national, text_width_mm(PARTY_TITLE, s.title), right_mm)
        else:
            widest = max((text_width_mm(line, s.issuer) for line in d.header_issuer), default=40)
            # Nghị định 30: a line 1/3 to 1/2 as long as the issuer's name.
            self.rule(issuer, widest * 0.4, left_mm)
            self.centred_lines(national, [STATE_TITLE], size=s.title, bold=True)
            self.centred_lines(national, [STATE_MOTTO], size=s.motto, bold=True)
            self.rule(national, text_width_mm(STATE_MOTTO, s.motto), right_mm)

        self.paragraph(number, d.symbol, size=s.number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=0,
                       before=6)
        if d.is_party:
            # Hướng dẫn 36 (ô số 4): under the title, in the right corner, as the PDF prints it.
            self.paragraph(national, d.place_date, size=s.date, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT,
                           indent=False, after=0, before=6)
            _mark_size(self.paragraph(date, indent=False, after=0), 2)
        else:
            self.paragraph(date, d.place_date, size=s.date, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                           indent=False, after=0, before=6)

    def title(self) -> None:
        d, s = self.doc, self.sizes
        centre = WD_ALIGN_PARAGRAPH.CENTER
        self.paragraph(self.word, d.name, size=s.name, bold=True, align=centre, indent=False, after=0, before=18,
                       keep_with_next=True)
        for line in d.subject:
            self.paragraph(self.word, line, size=s.subject, bold=True, align=centre, indent=False, after=0,
                           keep_with_next=True)
        self.rule(self.word, 40, TEXT_WIDTH_MM, after=12)

    def body(self) -> None:
        d = self.doc
        for basis in d.legal_bases:
            self.paragraph(self.word, basis, italic=True)
        for text in d.preamble:
            self.paragraph(self.word, text)
        for section in d.sections:
            heading = " ".join(filter(None, [section.number, section.heading]))
            self.paragraph(self.word, heading, bold=True, keep_with_next=True)
            for part in section.parts:
                self.part(part)
        for text in d.closing:
            self.paragraph(self.word, text)

    def part(self, part: Part) -> None:
        # The PDF's own split, so both print the same words in bold.
        strong, plain = split_heading(part)
        if strong or plain:
            p = self.paragraph(self.word, keep_with_next=not part.inline and bool(part.lines))
            if strong:
                self.run(p, strong, bold=True)
            if plain:
                self.run(p, plain)
        for line in part.lines:
            self.paragraph(self.word, line.full_text)

    def signature(self) -> None:
        d, s = self.doc, self.sizes
        table = self.word.add_table(rows=1, cols=2)
        left_mm = s.recipients_column_mm
        _borderless(table, [left_mm, TEXT_WIDTH_MM - left_mm])
        recipients, signature = table.cell(0, 0), table.cell(0, 1)
        # Recipients and signature stay on one page (the PDF's break-inside: avoid).
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        for cell in (recipients, signature):
            cell._tc.remove(cell.paragraphs[0]._p)
        left = WD_ALIGN_PARAGRAPH.LEFT
        self.paragraph(recipients, "Nơi nhận:", size=s.recipients_label, bold=True, italic=True, align=left,
                       indent=False, after=0, before=6)
        for line in d.recipients:
            self.paragraph(recipients, line, size=s.recipients, align=left, indent=False, after=0)

        centre = WD_ALIGN_PARAGRAPH.CENTER
        for index, line in enumerate(d.signature_lines):
            self.paragraph(signature, line, size=s.signature, bold=True, align=centre, indent=False, after=0,
                           before=6 if index == 0 else 0)
        # Room for the signature and the seal, as in the PDF: 26 mm.
        self.paragraph(signature, d.signer_name, size=s.signature, bold=True, align=centre, indent=False, after=0,
                       before=Mm(26).pt)

    def render(self) -> bytes:
        self.header()
        self.title()
        self.body()
        self.signature()
        core = self.word.core_properties
        core.title = f"{self.doc.name} {self.doc.plan.subject_one_line}"[:255]
        core.author = ""
        core.comments = ""  # the template's own description otherwise
        # The plan's own times, so the same version of a plan gives the same file.
        plan = self.doc.plan
        core.created = plan.created_at or timezone.now()
        core.modified = plan.updated_at or core.created
        core.language = LANGUAGE
        buffer = io.BytesIO()
        self.word.save(buffer)
        return _stamp_zip(buffer.getvalue(), core.modified)


def _stamp_zip(data: bytes, when) -> bytes:
    """The same zip with every entry dated `when`: python-docx dates them with the
    clock, so two saves a second apart would differ byte for byte."""
    stamp = timezone.localtime(when).timetuple()[:6] if timezone.is_aware(when) else when.timetuple()[:6]
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))  # the earliest date a zip entry can hold
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type, info.external_attr = entry.compress_type, entry.external_attr
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()


def render_plan_docx(plan: Plan) -> bytes:
    """The plan as a .docx file; pass a plan fetched through prefetch_plan to keep the queries fixed."""
    return _Writer(build_document(plan)).render()


__all__ = ["render_plan_docx", "text_width_mm"]
