"""The header of the PDF and of the .docx (as LibreOffice lays it out) put the same
words at the same places in the same sizes: the party date line under the title,
at the right (Hướng dẫn 36), and the issuer's name in one size in both."""

import io
import shutil
import subprocess

import pytest
from docx import Document
from pypdf import PdfReader

from plans.docx import render_plan_docx
from plans.pdf import render_plan_pdf

from .test_docx import make_plan, party_org, state_org  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

HEADER_WORDS = {
    "state": ["UBND HUYỆN VĨNH LINH", "ỦY BAN NHÂN DÂN", "XÃ VĨNH LÂM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
              "Độc lập - Tự do - Hạnh phúc", "Số: 05/KH-UBND", "Vĩnh Lâm, ngày 05 tháng 3 năm 2024", "KẾ HOẠCH"],
    "party": ["ĐẢNG BỘ TỈNH NGHỆ AN", "ĐẢNG ỦY XÃ NAM ĐÀN", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 05-KH/ĐU",
              "Nam Đàn, ngày 05 tháng 3 năm 2024", "KẾ HOẠCH"],
}


def placed_runs(pdf: bytes) -> dict[str, tuple[float, float, float]]:
    """Text of page 1 → (x, y, size in points), the first run of each text."""
    runs: dict[str, tuple[float, float, float]] = {}

    def visit(text, cm, tm, font, size):
        text = " ".join(text.split())
        if text and text not in runs:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs[text] = (x, y, round(size * abs(tm[3] * cm[3] + tm[2] * cm[1]), 1))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return runs


def docx_as_pdf(data: bytes, tmp_path) -> bytes:
    source = tmp_path / "plan.docx"
    source.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [shutil.which("soffice") or "soffice", f"-env:UserInstallation={profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    return (tmp_path / "plan.pdf").read_bytes()


def relative(runs, words, anchor):
    """Each word's x, its height below the anchor's line, and its size."""
    top = runs[anchor][1]
    return {word: (runs[word][0], top - runs[word][1], runs[word][2]) for word in words}


@pytest.mark.parametrize("kind", ["state", "party"])
def test_pdf_and_word_headers_agree(kind, request, tmp_path):
    org = request.getfixturevalue(f"{kind}_org")
    plan = make_plan(org, party=kind == "party")
    words = HEADER_WORDS[kind]
    pdf = placed_runs(render_plan_pdf(plan))
    word = placed_runs(docx_as_pdf(render_plan_docx(plan), tmp_path))
    for text in words:
        assert text in pdf and text in word, text
    anchor = words[0]
    in_pdf, in_word = relative(pdf, words, anchor), relative(word, words, anchor)
    for text in words:
        (x1, dy1, size1), (x2, dy2, size2) = in_pdf[text], in_word[text]
        assert size1 == size2, (text, size1, size2)
        assert abs(x1 - x2) < 2, (text, x1, x2)
        # The page's top margins differ by the header distance Word keeps; within the header, the lines agree.
        if text != "KẾ HOẠCH":
            assert abs(dy1 - dy2) < 3, (text, dy1, dy2)


def test_party_date_sits_under_the_title_at_the_right(party_org):  # noqa: F811
    plan = make_plan(party_org, party=True)
    runs = placed_runs(render_plan_pdf(plan))
    title, date, number = runs["ĐẢNG CỘNG SẢN VIỆT NAM"], runs["Nam Đàn, ngày 05 tháng 3 năm 2024"], runs["Số 05-KH/ĐU"]
    # Under the title, above the number's line: not level with "Số" as the state format has it.
    assert number[1] < date[1] < title[1]
    assert date[1] - number[1] > 14
    document = Document(io.BytesIO(render_plan_docx(plan)))
    right = document.tables[0].cell(0, 1).paragraphs
    texts = [p.text for p in right if p.text]
    assert texts == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Nam Đàn, ngày 05 tháng 3 năm 2024"]
    date_paragraph = next(p for p in right if p.text.startswith("Nam Đàn"))
    assert date_paragraph.alignment == 2 and date_paragraph.runs[0].italic
    assert document.tables[0].cell(1, 1).text == ""


def test_state_date_stays_level_with_the_number(state_org):  # noqa: F811
    runs = placed_runs(render_plan_pdf(make_plan(state_org)))
    assert abs(runs["Số: 05/KH-UBND"][1] - runs["Vĩnh Lâm, ngày 05 tháng 3 năm 2024"][1]) < 1
