"""The printed BÁO CÁO: build_report_document(report) -> ReportDocument ->
templates/documents/report.html -> dialogue.documents.render_pdf; the Word copy
(reports.docx) is made from the same ReportDocument.

Its body: an opening line; I. the results (the paragraphs, then the tables of
figures against the previous period, by field, by unit, the petitions still
with an agency and the conferences held); II. the assessment; III. the
difficulties; IV. the proposals; the closing line; recipients and signature.
Every number comes from the report's snapshot (reports.snapshot).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation

from dialogue import clock
from dialogue.documents import DRAFT_CSS, STATIC_BASE_URL, SignatureMarks, document_stylesheets, render_pdf, signature_marks
from dialogue.letterhead import DocumentHeader, place_date, signature_block_lines

from .models import Report
from .rows import FIGURE_ROWS, SOURCE_LABELS, change, shown
from .snapshot import Snapshot

ROMAN = ["I", "II", "III", "IV", "V"]


@dataclass
class Table:
    """A printed table: its caption, header cells and rows of text; `emphasis` rows print bold."""

    caption: str
    header: list[str]
    rows: list[list[str]]
    widths: list[int]  # percent of the text width
    numeric_from: int = 1  # columns from this index on are numbers, aligned right
    emphasis: set[int] = field(default_factory=set)
    indented: set[int] = field(default_factory=set)

    @property
    def labelled_rows(self) -> list[list[tuple[str, str, bool]]]:
        """Each row's cells with their column's header (a phone shows a row as a card) and whether it is a number."""
        return [[(self.header[i], cell, i >= self.numeric_from) for i, cell in enumerate(row)] for row in self.rows]


@dataclass
class Section:
    heading: str
    paragraphs: list[str]
    tables: list[Table] = field(default_factory=list)


@dataclass
class ReportDocument(DocumentHeader):
    report: Report
    subject: list[str]
    opening: str
    sections: list[Section]
    closing: str
    recipients: list[str]
    signature_lines: list[str]
    signer_name: str
    marks: SignatureMarks | None = None


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _recipient_lines(report: Report, is_party: bool) -> list[str]:
    separator = "," if is_party else ";"
    names = [line.strip().lstrip("-–•").strip().rstrip(";,.").strip() for line in paragraphs(report.recipients)]
    lines = [f"- {name}{separator}" for name in names if name]
    archive = report.archive_line.strip().rstrip(".") or "Lưu: VT"
    lines.append(f"- {archive}.")
    return lines


def figure_table(snap: Snapshot) -> Table:
    rows, emphasis, indented = [], set(), set()
    number = 0
    for row in FIGURE_ROWS:
        current, previous = row.value(snap.current), row.value(snap.previous)
        if row.sub:
            label = f"- {row.label}"
            indented.add(len(rows))
            order = ""
        else:
            number += 1
            order = str(number)
            emphasis.add(len(rows))
            label = str(row.label)
        rows.append([order, label, row.shown(snap.current), row.shown(snap.previous), change(current, previous)])
    return Table(
        caption="Bảng 1. Số liệu kết quả tổ chức tiếp xúc, đối thoại",
        header=["TT", "Chỉ tiêu", "Kỳ báo cáo", f"Kỳ trước ({snap.previous_label})", "Tăng (+), giảm (-)"],
        rows=rows, widths=[7, 45, 14, 20, 14], numeric_from=2, emphasis=emphasis, indented=indented,
    )


def source_table(snap: Snapshot) -> Table:
    f, p = snap.current, snap.previous
    rows = [
        [str(i), str(SOURCE_LABELS.get(key, key)), shown(count), shown(p.by_source.get(key, 0))]
        for i, (key, count) in enumerate(f.by_source.items(), start=1)
    ]
    rows.append(["", "Tổng cộng", shown(f.petitions), shown(p.petitions)])
    return Table(
        caption="Bảng 2. Ý kiến, kiến nghị theo nguồn tiếp nhận",
        header=["TT", "Nguồn tiếp nhận", "Kỳ báo cáo", "Kỳ trước"], rows=rows, widths=[8, 52, 20, 20],
        numeric_from=2, emphasis={len(rows) - 1},
    )


def field_table(snap: Snapshot) -> Table:
    f = snap.current
    rows = [
        [str(i), name or "Chưa phân loại", shown(count), f"{round(100 * count / f.petitions)}%" if f.petitions else "—"]
        for i, (_pk, name, count) in enumerate(f.by_field, start=1)
    ]
    rows.append(["", "Tổng cộng", shown(f.petitions), "100%" if f.petitions else "—"])
    return Table(
        caption="Bảng 3. Ý kiến, kiến nghị theo lĩnh vực", header=["TT", "Lĩnh vực", "Số ý kiến", "Tỷ lệ"],
        rows=rows, widths=[8, 56, 18, 18], numeric_from=2, emphasis={len(rows) - 1},
    )


def unit_table(snap: Snapshot) -> Table | None:
    if len(snap.units) < 2:
        return None
    rows = []
    for i, unit in enumerate(snap.units, start=1):
        u = unit.figures
        rows.append([str(i), unit.name, shown(u.conferences), shown(u.participants), shown(u.petitions),
                     shown(u.answered), shown(u.assigned), shown(u.on_time), shown(u.late), shown(u.open)])
    f = snap.current
    rows.append(["", "Tổng cộng", shown(f.conferences), shown(f.participants), shown(f.petitions), shown(f.answered),
                 shown(f.assigned), shown(f.on_time), shown(f.late), shown(f.open)])
    return Table(
        caption="Bảng 4. Kết quả theo đơn vị",
        header=["TT", "Đơn vị", "Hội nghị", "Người dự", "Ý kiến", "Trả lời tại HN", "Giao giải quyết", "Đúng hạn",
                "Quá hạn", "Đang giải quyết"],
        rows=rows, widths=[5, 27, 8, 9, 8, 9, 9, 8, 8, 9], numeric_from=2, emphasis={len(rows) - 1},
    )


def agency_table(snap: Snapshot, number: int) -> Table | None:
    if not snap.agencies:
        return None
    rows = [[str(i), name, shown(n), shown(late)] for i, (name, n, late) in enumerate(snap.agencies, start=1)]
    rows.append(["", "Tổng cộng", shown(sum(r[1] for r in snap.agencies)), shown(sum(r[2] for r in snap.agencies))])
    return Table(
        caption=f"Bảng {number}. Kiến nghị đang giải quyết theo cơ quan (đến ngày {snap.counted_on})",
        header=["TT", "Cơ quan được giao", "Đang giải quyết", "Trong đó quá hạn"], rows=rows, widths=[8, 52, 20, 20],
        numeric_from=2, emphasis={len(rows) - 1},
    )


def conference_table(snap: Snapshot, number: int) -> Table | None:
    if not snap.conferences:
        return None
    rows = [
        [str(i), c.day, c.title + ("" if c.periodic else " (đột xuất)"), c.venue or "", shown(c.participants)]
        for i, c in enumerate(snap.conferences, start=1)
    ]
    return Table(
        caption=f"Bảng {number}. Các hội nghị đã tổ chức",
        header=["TT", "Ngày", "Hội nghị", "Địa điểm", "Người dự"], rows=rows, widths=[6, 14, 44, 26, 10],
        numeric_from=4,
    )


def build_report_document(report: Report) -> ReportDocument:
    organization = report.organization
    is_party = organization.is_party
    snap = Snapshot.load(report.figures)
    period = report.period
    with translation.override("vi"):
        tables = [figure_table(snap), source_table(snap), field_table(snap)]
        units = unit_table(snap)
        if units:
            tables.append(units)
        for make in (agency_table, conference_table):
            table = make(snap, len(tables) + 1)
            if table:
                tables.append(table)
    headings = iter(ROMAN)
    sections = [Section(f"{next(headings)}. KẾT QUẢ THỰC HIỆN", paragraphs(report.results_text), tables)]
    for title, text in (
        ("ĐÁNH GIÁ CHUNG", report.assessment),
        ("KHÓ KHĂN, VƯỚNG MẮC", report.difficulties),
        ("ĐỀ XUẤT, KIẾN NGHỊ", report.proposals),
    ):
        if paragraphs(text):
            sections.append(Section(f"{next(headings)}. {title}", paragraphs(text)))
    year = report.issued_on.year if report.issued_on else clock.today().year
    return ReportDocument(
        report=report,
        is_party=is_party,
        is_draft=not report.is_issued,
        header_parent=paragraphs(organization.header_parent),
        header_issuer=organization.header_lines,
        symbol=report.symbol_display(),
        place_date=place_date(report.place or organization.place_name, report.issued_on, year),
        name="BÁO CÁO",
        subject=paragraphs(report.subject),
        opening=(
            f"{organization.name} báo cáo kết quả tổ chức tiếp xúc, đối thoại trực tiếp với Nhân dân "
            f"{period.label} như sau:"
        ),
        sections=sections,
        closing=(
            f"Trên đây là báo cáo kết quả tổ chức tiếp xúc, đối thoại trực tiếp với Nhân dân {period.label} "
            f"của {organization.name}./."
        ),
        recipients=_recipient_lines(report, is_party),
        signature_lines=signature_block_lines(report, party=is_party),
        signer_name=report.signer_name,
        marks=signature_marks(organization, signer_name=report.signer_name, issued=report.is_issued),
    )


def _html(doc: ReportDocument, *, external_styles: bool, verification=None) -> str:
    return render_to_string(
        "documents/report.html",
        {"doc": doc, "static_base": STATIC_BASE_URL, "external_styles": external_styles, "draft_css": DRAFT_CSS,
         "verification": verification},
    )


def render_report_pdf(report: Report, *, verification=None) -> bytes:
    """The PDF; an unissued report carries DỰ THẢO on every page, an issued one its verification block."""
    doc = build_report_document(report)
    html = _html(doc, external_styles=True, verification=verification)
    return render_pdf(html, base_url=STATIC_BASE_URL, stylesheets=document_stylesheets(draft=doc.is_draft))


def render_registered_report(document, verification) -> bytes:
    """The register's background renderer (registry.issuing.register_renderer)."""
    report = Report.objects.select_related("organization").get(pk=document.report_id)
    return render_report_pdf(report, verification=verification)


def render_registered_report_docx(document) -> bytes:
    """The register's Word copy of an issued report (registry.issuing.register_word_renderer)."""
    from .docx import render_report_docx  # python-docx, loaded when a copy is made

    report = Report.objects.select_related("organization").get(pk=document.report_id)
    return render_report_docx(report)


def report_filename(report: Report, extension: str = "pdf") -> str:
    if report.number:
        return f"bao-cao-{report.number:02d}-{report.year}.{extension}"
    return f"du-thao-bao-cao-{report.pk}.{extension}"
