"""The BÁO CÁO as a Word document, laid out like the PDF: the plan's writer
(plans.docx, the same header, title, signature block and page set-up by
Nghị định 30 and Hướng dẫn 36) with the report's body and ruled tables."""

from __future__ import annotations

import io

from django.utils import timezone
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from plans.docx import LANGUAGE, TEXT_WIDTH_MM, _stamp_zip, _Writer

from .documents import ReportDocument, Table, build_report_document
from .models import Report

TABLE_SIZE = 12


def _ruled(table, widths_mm: list[float]) -> None:
    """Single black rules round every cell, fixed column widths."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "4")
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    tbl_pr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    width = tbl_pr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(sum(widths_mm) / 25.4 * 1440)))
    for column, w in zip(table.columns, widths_mm):
        column.width = Mm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


class _ReportWriter(_Writer):
    doc: ReportDocument

    def table(self, table: Table) -> None:
        self.paragraph(self.word, table.caption, size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
                       after=2, before=8, keep_with_next=True)
        widths = [TEXT_WIDTH_MM * w / 100 for w in table.widths]
        word_table = self.word.add_table(rows=1 + len(table.rows), cols=len(table.header))
        _ruled(word_table, widths)
        _repeat_header(word_table.rows[0])
        for cell, text in zip(word_table.rows[0].cells, table.header):
            cell._tc.remove(cell.paragraphs[0]._p)
            self.paragraph(cell, text, size=TABLE_SIZE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=0)
        for index, values in enumerate(table.rows):
            row = word_table.rows[index + 1]
            bold = index in table.emphasis
            italic = index in table.indented
            for column, (cell, text) in enumerate(zip(row.cells, values)):
                cell._tc.remove(cell.paragraphs[0]._p)
                if column == 0:
                    align = WD_ALIGN_PARAGRAPH.CENTER
                elif column >= table.numeric_from:
                    align = WD_ALIGN_PARAGRAPH.RIGHT
                else:
                    align = WD_ALIGN_PARAGRAPH.LEFT
                self.paragraph(cell, text, size=TABLE_SIZE, bold=bold, italic=italic and column == 1, align=align,
                               indent=False, after=0)
        self.paragraph(self.word, after=0, indent=False).paragraph_format.space_after = Pt(4)

    def body(self) -> None:
        d = self.doc
        self.paragraph(self.word, d.opening)
        for section in d.sections:
            self.paragraph(self.word, section.heading, bold=True, keep_with_next=True)
            for text in section.paragraphs:
                self.paragraph(self.word, text)
            for table in section.tables:
                self.table(table)
        self.paragraph(self.word, d.closing)

    def render(self) -> bytes:
        self.header()
        self.title()
        self.body()
        self.signature()
        report = self.doc.report
        core = self.word.core_properties
        core.title = f"{self.doc.name} {' '.join(self.doc.subject)}"[:255]
        core.author = ""
        core.comments = ""
        core.created = report.created_at or timezone.now()
        core.modified = report.updated_at or core.created
        core.language = LANGUAGE
        buffer = io.BytesIO()
        self.word.save(buffer)
        return _stamp_zip(buffer.getvalue(), core.modified)


def render_report_docx(report: Report) -> bytes:
    return _ReportWriter(build_report_document(report)).render()
