"""Every printed document keeps its text inside the page and prints it only in
the bundled fonts: a long unbroken word wraps at the right margin, and a
character the bundled fonts lack never borrows a glyph from a system font."""

import re
import subprocess
from html import unescape
from io import BytesIO

import pytest
from pypdf import PdfReader

from dialogue.documents import document_stylesheets, render_pdf
from plans.pdf import render_plan_pdf
from plans.tests.factories import complete_plan

A4_WIDTH = 595.28  # points
RIGHT_MARGIN = 15 / 25.4 * 72  # 15 mm
LONG_WORD = "Đ" + "A" * 298 + "Z"  # 300 characters and no break opportunity


def words_with_boxes(pdf: bytes) -> list[tuple[float, float, str]]:
    """(xMin, xMax, word) of every word poppler finds, on every page."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    pattern = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>')
    return [(float(x0), float(x1), unescape(w)) for x0, x1, w in pattern.findall(out)]


def assert_long_word_inside_the_page(pdf: bytes):
    words = words_with_boxes(pdf)
    pieces = [w for _x0, _x1, w in words if set(w) <= set(LONG_WORD) and "A" * 10 in w]
    # Every letter of the word is printed, over several lines, none past the right margin.
    assert sum(len(w) for w in pieces) >= len(LONG_WORD) - 2
    assert len(pieces) > 1
    right_edge = A4_WIDTH - RIGHT_MARGIN + 1
    assert max(x1 for _x0, x1, _w in words) <= right_edge


def embedded_fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.mark.django_db
def test_a_long_word_in_the_plan_subject_wraps_inside_the_page():
    plan = complete_plan(subject=f"Tổ chức hội nghị {LONG_WORD} năm 2025")
    assert_long_word_inside_the_page(render_plan_pdf(plan))


@pytest.mark.django_db
def test_a_long_word_in_a_plan_item_wraps_inside_the_page():
    plan = complete_plan()
    item = plan.sections.get(order=1).parts.get().items.get(order=1)
    item.text = f"Nắm bắt {LONG_WORD} của nhân dân."
    item.save()
    assert_long_word_inside_the_page(render_plan_pdf(plan))


def test_a_long_word_wraps_in_any_document_on_the_shared_stylesheet():
    html = (
        '<html><body><table class="doc-header"><col class="left"><col class="right"><tr>'
        f'<td><p class="issuer-name">{LONG_WORD}</p></td><td></td></tr></table>'
        f'<div class="body"><p>Nội dung {LONG_WORD} kết thúc.</p></div></body></html>'
    )
    assert_long_word_inside_the_page(render_pdf(html, stylesheets=document_stylesheets(draft=False)))


def test_a_character_the_bundled_fonts_lack_never_pulls_in_a_system_font():
    # ✓ and → exist in DejaVu Sans, which this machine happens to have; a
    # document must not depend on that, whatever family the text asks for.
    html = (
        '<html><body><p>Đã xong ✓ → tiếp</p><p style="font-family: sans-serif">Chữ không chân ✓</p>'
        '<p style="font-family: DejaVu Sans, monospace">Đơn cách →</p></body></html>'
    )
    fonts = embedded_fonts(render_pdf(html, stylesheets=document_stylesheets(draft=False)))
    assert fonts and all(name.startswith("DoiThoai-Serif") for name in fonts), fonts


FIRST_RENDER = """
import django, sys
django.setup()
from dialogue.documents import render_pdf
sys.stdout.buffer.write(render_pdf("<html><body><h1>KẾ HOẠCH</h1><p>Tổ chức hội nghị đối thoại.</p></body></html>"))
"""


def test_the_first_html_of_a_process_without_a_stylesheet_prints_in_the_bundled_font(tmp_path):
    """A process whose first document brings no @font-face must not be left without any
    font (Pango then gives none, and the process dies in the C library)."""
    import os
    import sys

    from django.conf import settings

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dialogue.settings", "VAR_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", FIRST_RENDER], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert embedded_fonts(done.stdout) <= {"DoiThoai-Serif", "DoiThoai-Serif-Bold"}
    assert "Tổ chức hội nghị đối thoại" in PdfReader(BytesIO(done.stdout)).pages[0].extract_text()
