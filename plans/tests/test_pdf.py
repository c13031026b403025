"""The printed KẾ HOẠCH: each seed plan, rendered from the demo data, reads as the original
document word for word, on A4 with the state or party layout, in the bundled fonts."""

import datetime as dt
import difflib
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.db import transaction
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from dialogue.documents import STATIC_DIR, RefusedURL, render_pdf, static_path
from plans.documents import Part
from plans.models import HeadingStyle, Plan, Status
from plans.documents import split_heading
from plans.pdf import plan_html, render_plan_pdf
from plans.seeds import load_seed_plans

SEEDS_DIR = Path(__file__).parent / "data" / "seeds"
DRAFT = "DỰ THẢO"
A4 = (595.28, 841.89)  # points
TOP_MARGIN = 20 / 25.4 * 72  # 20 mm in points
BUNDLED_FAMILY = "DoiThoai Serif"


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """The three seed PDFs and an issued copy of seed 002, rendered once; the database is left as found."""
    with django_db_blocker.unblock(), transaction.atomic():
        plans = load_seed_plans()
        out = {key: render_plan_pdf(plan) for key, plan in plans.items()}
        issued = plans["002"]
        issued.status, issued.number, issued.issued_on = Status.ISSUED, 5, dt.date(2024, 3, 5)
        issued.save()
        out["issued"] = render_plan_pdf(issued)
        out["html"] = {key: plan_html(plan) for key, plan in plans.items() if key != "002"}
        transaction.set_rollback(True)
    return out


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(BytesIO(pdf))


def seed_text(key: str) -> str:
    (path,) = SEEDS_DIR.glob(f"{key}_*.txt")
    return path.read_text(encoding="utf-8")


def body_words(text: str) -> list[str]:
    """Words from the document name on: seeds 000 and 004 lost their header block."""
    text = text.replace("**", " ")  # seed 004 marks the signature block bold in Markdown
    start = text.find("KẾ HOẠCH")
    assert start >= 0
    return text[start:].split()


def pdf_text(pdf: bytes) -> str:
    """The text without page furniture: margin boxes (page number, DỰ THẢO) come last on each page."""
    pages = []
    for number, page in enumerate(reader(pdf).pages, start=1):
        text = page.extract_text().rstrip()
        text = text.removesuffix(DRAFT).rstrip()
        if number > 1:
            text = re.sub(rf"\s{number}$", "", text)
        pages.append(text)
    return "\n".join(pages)


def positioned_text(page) -> list[tuple[float, float, str]]:
    """(x, y, text) of each text run, in PDF points from the bottom left."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((x, y, text.strip()))

    page.extract_text(visitor_text=visit)
    return runs


def top_margin_text(page) -> list[tuple[float, str]]:
    height = float(page.mediabox.height)
    return [(x, text) for x, y, text in positioned_text(page) if y > height - TOP_MARGIN]


@pytest.mark.parametrize("key", ["000", "002", "004"])
def test_printed_plan_reads_as_the_seed(rendered, key):
    seed, printed = body_words(seed_text(key)), body_words(pdf_text(rendered[key]))
    ratio = difflib.SequenceMatcher(None, seed, printed, autojunk=False).ratio()
    assert ratio >= 0.95, f"seed {key}: {ratio:.3f}"


@pytest.mark.parametrize("key", ["000", "002", "004"])
def test_a4_page_numbers_from_page_two_and_draft_mark(rendered, key):
    pages = reader(rendered[key]).pages
    assert len(pages) >= 2
    for page in pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)
    first = [text for _, text in top_margin_text(pages[0])]
    assert first == [DRAFT]  # no page number on page 1
    second = top_margin_text(pages[1])
    assert sorted(text for _, text in second) == ["2", DRAFT]
    # The number is centred over the text block (left margin 30 mm, right 15 mm).
    (x,) = [x for x, text in second if text == "2"]
    centre = (30 + (210 - 15)) / 2 / 25.4 * 72
    assert abs(x - centre) < 8
    for number, page in enumerate(pages[2:], start=3):
        assert str(number) in [text for _, text in top_margin_text(page)]
    assert all(DRAFT in page.extract_text() for page in pages)


def test_party_header(rendered):
    first = reader(rendered["004"]).pages[0].extract_text()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first
    assert "ĐẢNG ỦY XÃ NAM ĐÀN" in first
    assert re.search(r"Số[\s\xa0]+-KH/ĐU", first)
    assert "Số:" not in first
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in first
    last = reader(rendered["004"]).pages[-1].extract_text()
    assert "T/M BAN THƯỜNG VỤ" in last and "PHÓ BÍ THƯ THƯỜNG TRỰC" in last and "Lê Văn Sỹ" in last


@pytest.mark.parametrize("key", ["000", "002"])
def test_state_header(rendered, key):
    first = reader(rendered[key]).pages[0].extract_text()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert re.search(r"Số:[\s\xa0]+/KH-", first)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in first


def test_signature_blocks(rendered):
    text_000 = pdf_text(rendered["000"])
    assert re.search(r"TM\. THƯỜNG TRỰC HĐND\s+KT\. CHỦ TỊCH\s+PHÓ CHỦ TỊCH\s+Đặng Bá Lâm", text_000)
    text_002 = pdf_text(rendered["002"])
    assert "TM. ỦY BAN NHÂN DÂN" in text_002 and "Lê Đức Dũng" in text_002
    assert "- Lưu: VP." in text_002 and "Nơi nhận:" in text_002


def test_issued_plan_has_no_draft_mark_and_prints_its_number_and_date(rendered):
    pdf = reader(rendered["issued"])
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert DRAFT not in text
    assert "Số: 05/KH-UBND" in text
    assert "Vĩnh Lâm, ngày 05 tháng 3 năm 2024" in text
    assert [text for _, text in top_margin_text(pdf.pages[0])] == []
    assert [text for _, text in top_margin_text(pdf.pages[1])] == ["2"]


@pytest.mark.parametrize("key", ["000", "002", "004", "issued"])
def test_only_bundled_fonts_are_embedded(rendered, key):
    pdf = reader(rendered[key])
    fonts = {}
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    styles = set()
    for name, font in fonts.items():
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        embedded = TTFont(BytesIO(descriptor["/FontFile2"].get_object().get_data()))
        assert embedded["name"].getDebugName(1) == BUNDLED_FAMILY, name
        assert re.fullmatch(r"/[A-Z]{6}\+DoiThoai-Serif(-Bold)?(-Italic)?", name), name
        styles.add(name.split("+")[1])
    # Regular body, bold headings, italic legal bases and date, bold italic "Nơi nhận:".
    assert styles == {"DoiThoai-Serif", "DoiThoai-Serif-Bold", "DoiThoai-Serif-Italic", "DoiThoai-Serif-Bold-Italic"}


@pytest.mark.parametrize("key", ["000", "002", "004", "issued"])
def test_pdf_is_small(rendered, key):
    assert len(rendered[key]) < 150 * 1024


@pytest.mark.parametrize("key", ["000", "004"])
def test_bundled_fonts_cover_every_character_printed(rendered, key):
    text = re.sub(r"<[^>]+>", " ", rendered["html"][key])
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        cmap = TTFont(STATIC_DIR / "fonts" / f"DoiThoaiSerif-{style}.ttf").getBestCmap()
        missing = {c for c in text if not c.isspace() and ord(c) not in cmap}
        assert not missing, (style, missing)


@pytest.mark.django_db
def test_rendering_costs_a_fixed_number_of_queries(django_assert_num_queries):
    plans = load_seed_plans()
    counts = set()
    for plan in plans.values():
        plain = Plan.objects.get(pk=plan.pk)
        with django_assert_num_queries(11) as captured:
            plan_html(plain)
        counts.add(len(captured))
    assert counts == {11}


def test_refuses_anything_but_bundled_static_files():
    assert static_path((STATIC_DIR / "css" / "documents.css").as_uri()).name == "documents.css"
    for url in ("http://example.com/x.css", "https://127.0.0.1/font.ttf", "file:///etc/passwd",
                (STATIC_DIR / ".." / "manage.py").resolve().as_uri(), (STATIC_DIR / "missing.css").as_uri()):
        with pytest.raises(RefusedURL):
            static_path(url)


def test_render_pdf_renders_without_fetching_remote_resources():
    html = (
        '<html><head><link rel="stylesheet" href="css/documents.css">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head>'
        '<body><p>Ủy ban nhân dân xã Vĩnh Lâm</p><img src="http://127.0.0.1:9/x.png"></body></html>'
    )
    pdf = render_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert "Ủy ban nhân dân xã Vĩnh Lâm" in reader(pdf).pages[0].extract_text()


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (Part("1.", "Mục đích", HeadingStyle.LINE, "purposes"), ("1. Mục đích", "")),
        (Part("1.", "Chủ trì đối thoại", HeadingStyle.COLON, "chairs", inline="Chủ tịch UBND xã."),
         ("1. Chủ trì đối thoại", ": Chủ tịch UBND xã.")),
        (Part("1.", "Văn phòng Ủy ban nhân dân xã", HeadingStyle.COLON, "responsibility"),
         ("1. Văn phòng Ủy ban nhân dân xã", ":")),
        (Part("2.", "Công an huyện", HeadingStyle.RUN_IN, "responsibility", inline="phân công cán bộ."),
         ("", "2. Công an huyện phân công cán bộ.")),
        (Part("", "", HeadingStyle.LINE, "purposes"), ("", "")),
    ],
)
def test_split_heading_prints_the_heading_text(part, expected):
    assert split_heading(part) == expected
    strong, plain = expected
    assert (strong + plain).removesuffix(":") == part.heading_text.removesuffix(":")
