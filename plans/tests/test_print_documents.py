"""What real plans need printed: agenda steps with presenter and minutes, lettered
points that number themselves, typed markers printed once, the archive line as typed.
One builder serves the PDF, the preview and the .docx, so each rule is checked
on the built document and then in the PDF and Word files."""

import io

import pytest
from django.apps import apps as django_apps
from docx import Document
from pypdf import PdfReader

from plans.docx import render_plan_docx
from plans.documents import agenda_step_text, agenda_total, archive_line, build_document, prefetch_plan
from plans.models import AgendaItem, ItemKind, PartKind, Plan, PlanItem, PlanPart, PlanSection, Style
from plans.text import clean_row, contains_folded, letter, strip_marker

from .factories import PlanFactory, complete_plan

pytestmark = pytest.mark.django_db


def fresh(plan: Plan) -> Plan:
    return prefetch_plan(Plan.objects.filter(pk=plan.pk)).get()


def part_lines(plan: Plan, heading: str) -> list[str]:
    doc = build_document(fresh(plan))
    part = next(p for s in doc.sections for p in s.parts if p.heading == heading)
    return [line.full_text for line in part.lines]


def add_part(plan: Plan, heading: str, rows: list[tuple[str, str]]) -> PlanPart:
    section = plan.sections.first() or PlanSection.objects.create(plan=plan, heading="NỘI DUNG", order=1)
    part = PlanPart.objects.create(section=section, heading=heading, order=50 + PlanPart.objects.count())
    for order, (style, text) in enumerate(rows, start=1):
        PlanItem.objects.create(part=part, style=style, text=text, order=order)
    return part


# --- typed markers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "style", "expected"),
    [
        ("- Nhân dân trên địa bàn", Style.DASH, "Nhân dân trên địa bàn"),
        ("– Nhân dân (en dash from Word)", Style.DASH, "Nhân dân (en dash from Word)"),
        ("- - Nhân dân", Style.DASH, "Nhân dân"),
        ("-\tNhân dân", Style.DASH, "Nhân dân"),
        ("+ Đúng quy định", Style.PLUS, "Đúng quy định"),
        ("2. Yêu cầu", Style.NUMBERED, "Yêu cầu"),
        ("2) Yêu cầu", Style.NUMBERED, "Yêu cầu"),
        ("a) Thời gian", Style.LETTER_PAREN, "Thời gian"),
        ("đ) Thời gian", Style.LETTER_PAREN, "Thời gian"),
        ("b. Địa điểm", Style.LETTER_DOT, "Địa điểm"),
        # Only the style's own marker goes.
        ("2. Yêu cầu", Style.DASH, "2. Yêu cầu"),
        ("- không phải gạch đầu dòng", Style.PARAGRAPH, "- không phải gạch đầu dòng"),
        ("a) điểm", Style.LETTER_DOT, "a) điểm"),
        ("2024 là năm", Style.NUMBERED, "2024 là năm"),
        ("-5 độ", Style.DASH, "-5 độ"),
        ("", Style.DASH, ""),
    ],
)
def test_strip_marker(text, style, expected):
    assert strip_marker(text, style) == expected


def test_clean_row_drops_the_typed_marker_before_saving():
    row = PlanItem(style=Style.NUMBERED, text="3. Tổ chức hội nghị")
    assert clean_row(row) is True and row.text == "Tổ chức hội nghị"
    assert clean_row(row) is False and row.text == "Tổ chức hội nghị"


def test_saved_markers_print_once(org):
    plan = PlanFactory(issuer=org)
    add_part(plan, "Yêu cầu", [(Style.DASH, "- Thiết thực, hiệu quả."), (Style.NUMBERED, "2. 2. Đúng quy định."),
                              (Style.PLUS, "+ Công khai.")])
    assert part_lines(plan, "Yêu cầu") == ["- Thiết thực, hiệu quả.", "1. Đúng quy định.", "+ Công khai."]


# --- lettered points ------------------------------------------------------------------------


def test_letters_follow_the_vietnamese_alphabet():
    assert [letter(i) for i in range(1, 8)] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert letter(23) == "y" and letter(24) == "aa"


def test_lettered_points_number_themselves_and_restart(org):
    plan = PlanFactory(issuer=org)
    add_part(plan, "Thời gian, địa điểm", [
        (Style.LETTER_PAREN, "a) Thời gian: tháng 6."),
        (Style.LETTER_PAREN, "Địa điểm: hội trường."),
        (Style.DASH, "Khu vực 1;"),        # a point's own bullets keep its run going
        (Style.PLUS, "Tổ 2."),
        (Style.LETTER_PAREN, "Thành phần."),
        (Style.PARAGRAPH, "Riêng hội nghị thứ hai:"),  # a paragraph starts a new run
        (Style.LETTER_PAREN, "Thời gian: tháng 10."),
        (Style.LETTER_DOT, "Địa điểm: nhà văn hóa."),  # the other lettering starts its own
        (Style.LETTER_DOT, "Thành phần."),
        (Style.NUMBERED, "Một mục đánh số."),
        (Style.LETTER_DOT, "Sau mục đánh số."),
    ])
    assert part_lines(plan, "Thời gian, địa điểm") == [
        "a) Thời gian: tháng 6.",
        "b) Địa điểm: hội trường.",
        "- Khu vực 1;",
        "+ Tổ 2.",
        "c) Thành phần.",
        "Riêng hội nghị thứ hai:",
        "a) Thời gian: tháng 10.",
        "a. Địa điểm: nhà văn hóa.",
        "b. Thành phần.",
        "1. Một mục đánh số.",
        "a. Sau mục đánh số.",
    ]


def test_lettering_restarts_in_each_part(org):
    plan = PlanFactory(issuer=org)
    add_part(plan, "Phần một", [(Style.LETTER_PAREN, "Một."), (Style.LETTER_PAREN, "Hai.")])
    add_part(plan, "Phần hai", [(Style.LETTER_PAREN, "Ba.")])
    assert part_lines(plan, "Phần một") == ["a) Một.", "b) Hai."]
    assert part_lines(plan, "Phần hai") == ["a) Ba."]


# --- agenda steps ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "presenter", "minutes", "expected"),
    [
        ("Tuyên bố lý do, giới thiệu đại biểu.", "Văn phòng UBND xã", None,
         "Tuyên bố lý do, giới thiệu đại biểu (Văn phòng UBND xã)."),
        ("Tuyên bố lý do, giới thiệu đại biểu.", "", 10, "Tuyên bố lý do, giới thiệu đại biểu (10 phút)."),
        ("Báo cáo tình hình kinh tế - xã hội", "Chủ tịch UBND xã", 20,
         "Báo cáo tình hình kinh tế - xã hội (Chủ tịch UBND xã, 20 phút)"),
        # The text already names the presenter, with other accents and case: not again.
        ("Đồng chí Chủ tịch UBND xã phát biểu khai mạc;", "chu tich ubnd xa", 5,
         "Đồng chí Chủ tịch UBND xã phát biểu khai mạc (5 phút);"),
        ("Nhân dân phát biểu ý kiến.", "", None, "Nhân dân phát biểu ý kiến."),
        # An imported step that says its length itself: not printed twice (but 115 is not 15).
        ("Khai mạc (15 phút).", "", 15, "Khai mạc (15 phút)."),
        ("Thảo luận trong 115 phút.", "", 15, "Thảo luận trong 115 phút (15 phút)."),
    ],
)
def test_agenda_step_text(text, presenter, minutes, expected):
    assert agenda_step_text(AgendaItem(text=text, presenter=presenter, minutes=minutes)) == expected


def test_presenter_match_is_by_whole_words():
    assert contains_folded("Ông Lê Văn An trình bày", "le van an")
    assert not contains_folded("Ông Lê Văn Anh trình bày", "Lê Văn An")


def test_agenda_total_only_when_every_step_is_timed():
    timed = [AgendaItem(text="a", minutes=15), AgendaItem(text="b", minutes=90)]
    assert agenda_total(timed) == "Tổng thời gian: khoảng 105 phút."
    assert agenda_total(timed + [AgendaItem(text="c")]) == ""
    assert agenda_total(timed[:1]) == ""
    assert agenda_total([]) == ""


def agenda_plan(org) -> Plan:
    plan = complete_plan(issuer=org)
    AgendaItem.objects.filter(plan=plan).delete()
    AgendaItem.objects.create(plan=plan, order=1, text="- Tuyên bố lý do, giới thiệu đại biểu.",
                              presenter="Văn phòng UBND xã", minutes=10)
    AgendaItem.objects.create(plan=plan, order=2, text="Chủ tịch UBND xã báo cáo tình hình địa phương.",
                              presenter="Chủ tịch UBND xã", minutes=20)
    AgendaItem.objects.create(plan=plan, order=3, text="Nhân dân phát biểu ý kiến.", minutes=90)
    section = plan.sections.last()
    part = PlanPart.objects.create(section=section, order=9, kind=PartKind.AGENDA, heading="Chương trình hội nghị")
    PlanItem.objects.create(part=part, order=1, kind=ItemKind.AGENDA, style=Style.DASH, text="")
    add_part(plan, "Thời gian, địa điểm cụ thể", [(Style.LETTER_PAREN, "a) Hội nghị thứ nhất."),
                                                    (Style.LETTER_PAREN, "Hội nghị thứ hai.")])
    return plan


AGENDA_LINES = [
    "- Tuyên bố lý do, giới thiệu đại biểu (Văn phòng UBND xã, 10 phút).",
    "- Chủ tịch UBND xã báo cáo tình hình địa phương (20 phút).",
    "- Nhân dân phát biểu ý kiến (90 phút).",
    "Tổng thời gian: khoảng 120 phút.",
]


def test_agenda_prints_presenter_minutes_and_total(org):
    assert part_lines(agenda_plan(org), "Chương trình hội nghị") == AGENDA_LINES


def squash(text: str) -> str:
    return " ".join(text.split())


def test_pdf_and_docx_print_the_same_lines(org):
    from plans.pdf import render_plan_pdf

    plan = fresh(agenda_plan(org))
    pdf = squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(render_plan_pdf(plan))).pages))
    word = [p.text for p in Document(io.BytesIO(render_plan_docx(plan))).paragraphs]
    for line in AGENDA_LINES + ["a) Hội nghị thứ nhất.", "b) Hội nghị thứ hai."]:
        assert squash(line) in pdf, line
        assert line in word, line


def test_preview_prints_the_lettered_points(client, org, staff):
    plan = agenda_plan(org)
    client.force_login(staff)
    body = client.get(f"/ke-hoach/{plan.pk}/xem-truoc/").content.decode()
    assert "a) Hội nghị thứ nhất." in body and "b) Hội nghị thứ hai." in body
    assert "(Văn phòng UBND xã, 10 phút)" in body


# --- the archive line ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "printed"),
    [("Lưu: VT.(TA)", "- Lưu: VT.(TA)"), ("Lưu: VT, VP.", "- Lưu: VT, VP."), ("- Lưu: VT.", "- Lưu: VT."),
     ("Lưu: VT", "- Lưu: VT"), ("  ", "")],
)
def test_archive_line_prints_as_typed(typed, printed):
    assert archive_line(typed) == printed


def test_recipients_end_with_the_archive_line_as_typed(org):
    plan = complete_plan(issuer=org, archive_line="Lưu: VT.(TA)")
    assert build_document(fresh(plan)).recipients[-1] == "- Lưu: VT.(TA)"


def test_migration_keeps_the_period_earlier_plans_printed(org):
    from importlib import import_module

    migration = import_module("plans.migrations.0003_archive_line_as_printed")
    plain = PlanFactory(issuer=org, archive_line="Lưu: VT, VP")
    typed = PlanFactory(issuer=org, archive_line="Lưu: VT.(TA)")
    done = PlanFactory(issuer=org, archive_line="Lưu: VT.")
    migration.keep_printed_period(django_apps, None)
    for plan, expected in ((plain, "Lưu: VT, VP."), (typed, "Lưu: VT.(TA)"), (done, "Lưu: VT.")):
        plan.refresh_from_db()
        assert plan.archive_line == expected
