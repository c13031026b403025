"""The KẾ HOẠCH as .docx: opened again with python-docx, its parts must be where the rules put them."""

import datetime as dt
import difflib
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dialogue.letterhead import Authority
from dialogue.models import Organization
from dialogue.testing.factories import OrganizationFactory
from plans.documents import prefetch_plan
from plans.docx import render_plan_docx
from plans.models import (
    AgendaItem,
    AttendeeGroup,
    DeadlineRule,
    HeadingStyle,
    ItemKind,
    LegalBasis,
    PartKind,
    PersonRole,
    Plan,
    PlanItem,
    PlanPart,
    PlanPerson,
    PlanSection,
    Recipient,
    Session,
    Status,
    Style,
)

SEEDS = Path(__file__).parent / "data" / "seeds"


def make_plan(org: Organization, *, party: bool = False, status: str = Status.DRAFT, number: int = 5) -> Plan:
    plan = Plan.objects.create(
        issuer=org,
        year=2024,
        status=status,
        header_parent=org.header_parent,
        header_issuer=org.header_name,
        number=number,
        symbol=org.abbreviation,
        place=org.place_name,
        issued_on=dt.date(2024, 3, 5),
        subject="Tổ chức hội nghị tiếp xúc, đối thoại giữa Chủ tịch UBND xã\nvới Nhân dân năm 2024",
        preamble="Ủy ban nhân dân xã xây dựng kế hoạch như sau:",
        closing="Trên đây là kế hoạch tổ chức hội nghị./.",
        archive_line="Lưu: VT, VP.",
        sign_authority=Authority.TM,
        sign_on_behalf_of="Ban Thường vụ" if party else "Ủy ban nhân dân",
        sign_position="Phó Bí thư Thường trực" if party else "Chủ tịch",
        signer_name="Lê Đức Dũng",
    )
    LegalBasis.objects.create(plan=plan, order=1, text="Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;")
    LegalBasis.objects.create(plan=plan, order=2, text="Căn cứ Chương trình công tác năm 2024 của xã.")
    DeadlineRule.objects.create(
        plan=plan, code="bao_cao", name="Báo cáo", anchor="conference", offset_days=-10, day_type="working"
    )
    PlanPerson.objects.create(plan=plan, role=PersonRole.CHAIR, description="Chủ tịch UBND xã", order=1)
    PlanPerson.objects.create(plan=plan, role=PersonRole.SECRETARY, description="Công chức Văn phòng", order=1)
    Session.objects.create(plan=plan, window="Dự kiến cuối quý III", venue="Hội trường UBND xã", order=1)
    AttendeeGroup.objects.create(
        plan=plan, category="participants", text="Nhân dân trên địa bàn xã;", expected_count=150, order=1
    )
    AgendaItem.objects.create(plan=plan, text="Tuyên bố lý do, giới thiệu đại biểu.", order=1)
    AgendaItem.objects.create(plan=plan, text="Nhân dân phát biểu ý kiến.", order=2)

    one = PlanSection.objects.create(plan=plan, heading="MỤC ĐÍCH, YÊU CẦU", order=1)
    purposes = PlanPart.objects.create(section=one, kind=PartKind.PURPOSES, heading="Mục đích", order=1)
    PlanItem.objects.create(part=purposes, text="Nắm bắt tâm tư, nguyện vọng của Nhân dân.", order=1)
    requirements = PlanPart.objects.create(section=one, kind=PartKind.REQUIREMENTS, heading="Yêu cầu", order=2)
    PlanItem.objects.create(part=requirements, text="Thiết thực, hiệu quả.", order=1)
    PlanItem.objects.create(part=requirements, style=Style.PLUS, text="Đúng quy định.", order=2)

    two = PlanSection.objects.create(plan=plan, heading="NỘI DUNG", order=2)
    chairs = PlanPart.objects.create(
        section=two, kind=PartKind.CHAIRS, heading="Chủ trì", heading_style=HeadingStyle.COLON, order=1
    )
    PlanItem.objects.create(part=chairs, kind=ItemKind.CHAIRS, style=Style.INLINE, order=1)
    schedule = PlanPart.objects.create(section=two, kind=PartKind.SCHEDULE, heading="Thời gian, địa điểm", order=2)
    PlanItem.objects.create(part=schedule, kind=ItemKind.SESSIONS, order=1)
    attendees = PlanPart.objects.create(section=two, kind=PartKind.ATTENDEES, heading="Thành phần", order=3)
    PlanItem.objects.create(part=attendees, kind=ItemKind.PARTICIPANTS, order=1)
    agenda = PlanPart.objects.create(section=two, kind=PartKind.AGENDA, heading="Chương trình", order=4)
    PlanItem.objects.create(part=agenda, kind=ItemKind.AGENDA, order=1)

    three = PlanSection.objects.create(plan=plan, heading="TỔ CHỨC THỰC HIỆN", order=3)
    office = PlanPart.objects.create(
        section=three,
        kind=PartKind.RESPONSIBILITY,
        heading="Văn phòng Ủy ban nhân dân xã",
        heading_style=HeadingStyle.COLON,
        order=1,
    )
    PlanItem.objects.create(
        part=office, style=Style.INLINE, text="Báo cáo Thường trực HĐND trước [[bao_cao]] tổ chức hội nghị.", order=1
    )
    culture = PlanPart.objects.create(
        section=three, kind=PartKind.RESPONSIBILITY, heading="Công chức Văn hóa", order=2
    )
    PlanItem.objects.create(part=culture, text="Thông báo rộng rãi trên loa truyền thanh.", order=1)
    police = PlanPart.objects.create(
        section=three, kind=PartKind.RESPONSIBILITY, heading="Công an xã", heading_style=HeadingStyle.RUN_IN, order=3
    )
    PlanItem.objects.create(part=police, style=Style.INLINE, text="bảo đảm an ninh trật tự.", order=1)

    Recipient.objects.create(plan=plan, text="TT. HĐND huyện", note="b/c", order=1)
    Recipient.objects.create(plan=plan, text="Cán bộ, công chức", order=2)
    return prefetch_plan(Plan.objects.filter(pk=plan.pk)).get()


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def body_texts(document) -> list[str]:
    """Paragraphs and table cells in reading order, as a reader copying the page would meet them."""
    texts = []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            texts.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
        elif block.tag == qn("w:tbl"):
            for tc in block.iter(qn("w:tc")):
                for p in tc.iter(qn("w:p")):
                    texts.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return [t for t in texts if t.strip()]


def header_text(header) -> str:
    return "".join(t.text or "" for t in header._element.iter(qn("w:t")))


def field_codes(header) -> str:
    return "".join(t.text or "" for t in header._element.iter(qn("w:instrText")))


def first_page_header_text(document) -> str:
    return header_text(document.sections[0].first_page_header)


@pytest.fixture
def state_org(db):
    return OrganizationFactory(
        header_parent="UBND HUYỆN VĨNH LINH", header_name="ỦY BAN NHÂN DÂN\nXÃ VĨNH LÂM", place_name="Vĩnh Lâm"
    )


@pytest.fixture
def party_org(db):
    return OrganizationFactory(
        kind=Organization.Kind.PARTY_COMMITTEE,
        header_parent="ĐẢNG BỘ TỈNH NGHỆ AN",
        header_name="ĐẢNG ỦY XÃ NAM ĐÀN",
        abbreviation="ĐU",
        place_name="Nam Đàn",
        document_format=Organization.DocumentFormat.PARTY,
    )


def test_state_plan_header_table(state_org):
    document = open_docx(render_plan_docx(make_plan(state_org)))
    header = document.tables[0]
    issuer = [p.text for p in header.cell(0, 0).paragraphs if p.text]
    assert issuer == ["UBND HUYỆN VĨNH LINH", "ỦY BAN NHÂN DÂN", "XÃ VĨNH LÂM"]
    bold = {p.text: all(r.bold for r in p.runs) for p in header.cell(0, 0).paragraphs if p.text}
    assert bold == {"UBND HUYỆN VĨNH LINH": False, "ỦY BAN NHÂN DÂN": True, "XÃ VĨNH LÂM": True}
    # The short rule under the issuer: an empty paragraph with a bottom border, narrower than the column.
    rule = header.cell(0, 0).paragraphs[-1]
    assert rule.text == "" and rule._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    assert rule.paragraph_format.left_indent > Mm(10)
    assert [p.text for p in header.cell(0, 1).paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert header.cell(1, 0).text == "Số: 05/KH-UBND"
    date = header.cell(1, 1).paragraphs[0]
    assert date.text == "Vĩnh Lâm, ngày 05 tháng 3 năm 2024"
    assert date.runs[0].italic
    # Borderless.
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_state_plan_name_subject_body(state_org):
    document = open_docx(render_plan_docx(make_plan(state_org)))
    paragraphs = document.paragraphs
    texts = [p.text for p in paragraphs]
    name = paragraphs[texts.index("KẾ HOẠCH")]
    assert name.alignment == 1 and name.runs[0].bold  # centred
    assert "Tổ chức hội nghị tiếp xúc, đối thoại giữa Chủ tịch UBND xã" in texts
    assert "với Nhân dân năm 2024" in texts
    basis = paragraphs[texts.index("Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;")]
    assert basis.runs[0].italic
    for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG", "III. TỔ CHỨC THỰC HIỆN", "1. Mục đích", "2. Yêu cầu"):
        paragraph = paragraphs[texts.index(heading)]
        assert all(run.bold for run in paragraph.runs), heading
    assert "- Nắm bắt tâm tư, nguyện vọng của Nhân dân." in texts
    assert "+ Đúng quy định." in texts
    assert "1. Chủ trì: Chủ tịch UBND xã." in texts
    assert "- Dự kiến cuối quý III, tại Hội trường UBND xã." in texts
    assert "- Nhân dân trên địa bàn xã (dự kiến 150 người);" in texts
    assert "- Nhân dân phát biểu ý kiến." in texts
    # A responsibility: bold office, then its duty with the deadline phrase substituted.
    duty = paragraphs[texts.index("1. Văn phòng Ủy ban nhân dân xã: Báo cáo Thường trực HĐND trước 10 ngày làm việc tổ chức hội nghị.")]
    assert [r.text for r in duty.runs if r.bold] == ["1. Văn phòng Ủy ban nhân dân xã"]
    assert "2. Công chức Văn hóa" in texts
    # A run-in office heading prints plain, as in the PDF.
    run_in = paragraphs[texts.index("3. Công an xã bảo đảm an ninh trật tự.")]
    assert not any(r.bold for r in run_in.runs)
    body = paragraphs[texts.index("- Nắm bắt tâm tư, nguyện vọng của Nhân dân.")]
    assert body.alignment == 3  # justified
    assert body.paragraph_format.first_line_indent == pytest.approx(Mm(12.7), abs=Mm(0.1))
    assert body.runs[0].font.size == Pt(14)
    assert document.styles["Normal"].paragraph_format.space_after == Pt(6)


def test_recipients_and_signature(state_org):
    document = open_docx(render_plan_docx(make_plan(state_org)))
    table = document.tables[-1]
    recipients = [p for p in table.cell(0, 0).paragraphs if p.text]
    assert recipients[0].text == "Nơi nhận:"
    assert recipients[0].runs[0].bold and recipients[0].runs[0].italic
    assert recipients[0].runs[0].font.size == Pt(12)
    assert [p.text for p in recipients[1:]] == ["- TT. HĐND huyện (b/c);", "- Cán bộ, công chức;", "- Lưu: VT, VP."]
    assert {p.runs[0].font.size for p in recipients[1:]} == {Pt(11)}
    signature = [p for p in table.cell(0, 1).paragraphs if p.text]
    assert [p.text for p in signature] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Đức Dũng"]
    assert all(p.runs[0].bold for p in signature)
    assert signature[-1].paragraph_format.space_before >= Pt(60)  # room for the signature and the seal
    assert table.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None  # one page, not split


def test_page_setup_font_and_page_numbers(state_org):
    document = open_docx(render_plan_docx(make_plan(state_org)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    assert fonts.get(qn("w:asciiTheme")) is None
    assert section.different_first_page_header_footer
    for header in (section.header, section.first_page_header):
        number = header.tables[0].cell(0, 1).paragraphs[0]  # a draft: the number beside the DỰ THẢO mark
        assert number.alignment == 1
    assert 'w:fldCharType="begin"' in section.header._element.xml and field_codes(section.header) == " PAGE "
    assert field_codes(section.first_page_header) == ""


def test_draft_mark_only_until_issued(state_org):
    draft = open_docx(render_plan_docx(make_plan(state_org)))
    assert "DỰ THẢO" in first_page_header_text(draft)
    assert "DỰ THẢO" in header_text(draft.sections[0].header)  # every page, like the PDF
    mark = draft.sections[0].header.tables[0].cell(0, 2).paragraphs[0]
    assert mark._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:left')}") is not None  # boxed
    issued_plan = make_plan(state_org, status=Status.ISSUED, number=6)
    issued = open_docx(render_plan_docx(issued_plan))
    assert "DỰ THẢO" not in first_page_header_text(issued)
    assert "DỰ THẢO" not in header_text(issued.sections[0].header)
    assert "DỰ THẢO" not in " ".join(body_texts(issued))
    number = issued.sections[0].header.paragraphs[0]
    assert number.alignment == 1 and field_codes(issued.sections[0].header) == " PAGE "


def test_party_variant(party_org):
    document = open_docx(render_plan_docx(make_plan(party_org, party=True)))
    header = document.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == ["ĐẢNG BỘ TỈNH NGHỆ AN", "ĐẢNG ỦY XÃ NAM ĐÀN", "*"]
    title = header.cell(0, 1).paragraphs[0]
    assert title.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert title.runs[0].bold and title.runs[0].font.size == Pt(15)
    name = next(p for p in document.paragraphs if p.text == "KẾ HOẠCH")
    assert name.runs[0].font.size == Pt(16)
    assert header.cell(1, 0).text == "Số 05-KH/ĐU"
    date = header.cell(0, 1).paragraphs[-1]  # under the title (Hướng dẫn 36), not level with the number
    assert date.text == "Nam Đàn, ngày 05 tháng 3 năm 2024" and date.alignment == 2  # right
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in " ".join(body_texts(document))
    signature = [p.text for p in document.tables[-1].cell(0, 1).paragraphs if p.text]
    assert signature == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Lê Đức Dũng"]


def test_query_count_is_fixed(state_org, django_assert_max_num_queries):
    plan = make_plan(state_org)
    with django_assert_max_num_queries(0):
        render_plan_docx(plan)


# --- the seed plans: the Word text must read like the original


def normalise(text: str) -> list[str]:
    """Words from the document's name on, without page furniture or markdown."""
    text = text.replace("**", "").replace("\u00a0", " ")
    start = text.find("KẾ HOẠCH")
    if start >= 0:
        text = text[start:]
    text = text.replace("DỰ THẢO", " ")
    return text.split()


def seed_file(key: str) -> Path:
    (path,) = SEEDS.glob(f"{key}_*.txt")
    return path


@pytest.mark.parametrize("key", ["000", "002", "004"])
def test_seed_plan_text_matches_the_original(db, key):
    from plans.seeds import load_seed_plans

    plans = load_seed_plans()
    plan = prefetch_plan(Plan.objects.filter(pk=plans[key].pk)).get()
    document = open_docx(render_plan_docx(plan))
    ours = normalise("\n".join(body_texts(document)))
    theirs = normalise(seed_file(key).read_text(encoding="utf-8"))
    ratio = difflib.SequenceMatcher(None, ours, theirs, autojunk=False).ratio()
    assert ratio >= 0.95, (key, ratio)
    assert re.search(r"KẾ HOẠCH", " ".join(ours))


def test_same_plan_gives_the_same_file(state_org):
    plan = make_plan(state_org)
    first = render_plan_docx(plan)
    assert render_plan_docx(plan) == first
    core = open_docx(first).core_properties
    assert core.comments == "" and core.author == ""
    assert core.created == plan.created_at.replace(microsecond=0)


def test_same_plan_gives_the_same_file_a_few_seconds_later(state_org, monkeypatch):
    import time
    import zipfile

    plan = make_plan(state_org)
    first = render_plan_docx(plan)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 5)  # zip entries are dated to 2 seconds
    assert render_plan_docx(plan) == first
    stamp = zipfile.ZipFile(io.BytesIO(first)).infolist()[0].date_time
    assert dt.datetime(*stamp).date() == timezone.localtime(plan.updated_at).date()
