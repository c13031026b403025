"""The BÁO CÁO goes through draft, approval, issue and signing like a notice: its
figures written in, its text edited, numbered by the register (BC series),
frozen and signed; its PDF, Word copy and Excel file say the same."""

import io
import zipfile

import pytest
from docx import Document
from pypdf import PdfReader

from dialogue.testing.fixtures import give_certificate
from registry.issuing import store_word_copy
from registry.models import DocType, OutgoingDocument
from reports import services
from reports.documents import build_report_document, render_report_pdf
from reports.docx import render_report_docx
from reports.models import Report
from reports.periods import Period
from reports.services import ReportError

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


@pytest.fixture
def draft(year):
    return services.report_prepare(organization=year.district, period=Period.year(2025), by=year.district_staff)


def test_the_draft_has_its_figures_and_text(year, draft):
    assert draft.status == Report.Status.DRAFT and draft.number is None
    assert draft.figures["current"]["conferences"] == 5 and draft.figures["current"]["petitions"] == 12
    assert draft.figures["previous_label"] == "năm 2024"
    assert [u["name"] for u in draft.figures["units"]] == [
        "Ủy ban nhân dân huyện Thử", "Ủy ban nhân dân xã An", "Ủy ban nhân dân xã Bình",
    ]
    assert draft.subject == "Kết quả tổ chức tiếp xúc, đối thoại trực tiếp với Nhân dân năm 2025"
    text = draft.results_text
    assert "đã tổ chức 5 hội nghị" in text and "(định kỳ 2, đột xuất 3)" in text
    assert "104 lượt người tham dự" in text and "Đã tiếp nhận 12 ý kiến" in text
    assert "đã trả lời trực tiếp tại hội nghị 3 ý kiến (25%)" in text
    assert "đúng hạn 4, quá hạn 1, đang giải quyết 2 (gia hạn 2)" in text
    assert "So với năm 2024: số hội nghị tăng 4 (kỳ trước 1)" in text
    assert draft.signer_name == "Trần Văn Hùng" and draft.sign_position == "CHỦ TỊCH"
    # No citizen's name or contact in what the report keeps.
    stored = str(draft.figures)
    assert "Nguyễn Văn An" not in stored and "0912345678" not in stored and "Bến Đò" not in stored


def test_only_the_organisation_s_office_drafts_and_its_leader_issues(year, draft):
    with pytest.raises(ReportError):
        services.report_prepare(organization=year.commune_a, period=Period.year(2025), by=year.district_staff)
    with pytest.raises(ReportError):
        services.report_approve(report=draft, by=year.district_staff)
    with pytest.raises(ReportError):
        services.report_update(report=draft, by=year.a_staff, assessment="Tốt")


def test_draft_approve_issue_and_sign(year, draft):
    give_certificate(year.district)
    staff, leader = year.district_staff, year.district_leader
    draft = services.report_update(
        report=draft, by=staff, assessment="Các hội nghị được tổ chức đúng kế hoạch.",
        difficulties="Một số cơ quan chậm trả lời.", proposals="Đề nghị tỉnh tập huấn cho cán bộ xã.",
    )
    draft = services.report_submit(report=draft, by=staff)
    with pytest.raises(ReportError):
        services.report_update(report=draft, by=staff, assessment="Thay đổi")
    returned = services.report_return(report=draft, by=leader, comment="Bổ sung kiến nghị")
    assert returned.status == Report.Status.DRAFT
    services.report_submit(report=returned, by=staff)
    approved = services.report_approve(report=returned, by=leader)
    assert approved.status == Report.Status.APPROVED
    issued = services.report_issue(report=approved, by=leader)
    assert issued.status == Report.Status.ISSUED and issued.number == 1
    assert issued.symbol_display() == "Số: 01/BC-UBND"
    document = OutgoingDocument.objects.get(report=issued)
    assert document.doc_type == DocType.REPORT and document.symbol == "Số: 01/BC-UBND"
    assert document.is_frozen and document.signature_signed and document.signature_intact
    # The Word copy is the worker's, once the issue commits (registry.tasks.store_word_copy).
    assert not document.docx and store_word_copy(document_id=document.pk)
    document.refresh_from_db()
    text = pdf_text(document.read_pdf())
    assert "BÁO CÁO" in text and "Số: 01/BC-UBND" in text and "Mã xác minh" in text
    assert "KẾT QUẢ THỰC HIỆN" in text and "ĐỀ XUẤT, KIẾN NGHỊ" in text and "tập huấn" in text
    assert "Bảng 1. Số liệu kết quả tổ chức tiếp xúc, đối thoại" in text and "Bảng 4. Kết quả theo đơn vị" in text
    assert "DỰ THẢO" not in text
    word = docx_text(document.read_docx())
    assert "Số: 01/BC-UBND" in word and "Ủy ban nhân dân xã Bình" in word and "tập huấn" in word
    # Issued: frozen, its number taken; a second issue refused.
    with pytest.raises(ReportError):
        services.report_issue(report=issued, by=leader)
    second = services.report_prepare(organization=year.district, period=Period.half(2025, 2), by=staff)
    services.report_approve(report=second, by=leader)
    assert services.report_issue(report=second, by=leader).number == 2


def test_the_party_layout(year):
    from dialogue.models import Organization

    Organization.objects.filter(pk=year.district.pk).update(
        document_format=Organization.DocumentFormat.PARTY, abbreviation="HU", header_name="HUYỆN ỦY THỬ",
        kind=Organization.Kind.PARTY_COMMITTEE,
    )
    year.district.refresh_from_db()
    report = services.report_prepare(organization=year.district, period=Period.year(2025), by=year.district_staff)
    assert report.sign_on_behalf_of == "BAN THƯỜNG VỤ"
    doc = build_report_document(report)
    assert doc.is_party and doc.symbol.startswith("Số") and "-BC/HU" in doc.symbol
    data = render_report_pdf(report)
    text = pdf_text(data)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "DỰ THẢO" in text and "-BC/HU" in text
    import shutil
    import subprocess

    from dialogue.testing.shots import shots_dir

    folder = shots_dir("reports")
    (folder / "bao-cao-party.pdf").write_bytes(data)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(folder / "bao-cao-party.pdf"),
                        str(folder / "bao-cao-party")], check=True)


def test_the_draft_pdf_and_word_copy(year, draft):
    text = pdf_text(render_report_pdf(draft))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "DỰ THẢO" in text
    assert "Kết quả tổ chức tiếp xúc, đối thoại trực tiếp với Nhân dân năm 2025" in text
    word = render_report_docx(draft)
    assert zipfile.is_zipfile(io.BytesIO(word))
    body = docx_text(word)
    assert "Chỉ tiêu" in body and "Số hội nghị đã tổ chức | 5 | 1 | +4" in body
    assert "Ủy ban MTTQ Việt Nam huyện Thử" in body


def test_the_pages_as_pictures(year, draft):
    """Page 1 and the tables as PNG (shots_dir("reports")), for a person to look at; the
    state layout issued and signed, the party layout as a draft."""
    import shutil
    import subprocess

    from dialogue.testing.shots import shots_dir

    give_certificate(year.district)
    services.report_update(report=draft, by=year.district_staff, assessment="Các hội nghị được tổ chức đúng kế hoạch.",
                           difficulties="Một số cơ quan chậm trả lời.", proposals="Đề nghị tỉnh tập huấn cho cán bộ xã.")
    services.report_approve(report=draft, by=year.district_leader)
    issued = services.report_issue(report=draft, by=year.district_leader)
    pdf = OutgoingDocument.objects.get(report=issued).read_pdf()
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    folder = shots_dir("reports")
    (folder / "bao-cao-state.pdf").write_bytes(pdf)
    document = OutgoingDocument.objects.get(report=issued)
    store_word_copy(document_id=document.pk)  # what the worker does once the issue commits
    document.refresh_from_db()
    (folder / "bao-cao-state.docx").write_bytes(document.read_docx())
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(folder / "bao-cao-state.pdf"), str(folder / "bao-cao-state")],
                       check=True)
        assert (folder / "bao-cao-state-1.png").exists()
