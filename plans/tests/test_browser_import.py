"""Import from Word in a real browser: upload on "Kế hoạch mới", read the report, fix a paragraph with one click."""

from pathlib import Path

import pytest

from plans.models import ImportParagraph, Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCX = Path(__file__).parent / "data" / "docx"


def test_upload_report_and_one_click_fix(page, login, org, staff):
    org.header_name, org.header_parent = "ĐẢNG ỦY XÃ NAM ĐÀN", "ĐẢNG BỘ TỈNH NGHỆ AN"
    org.save()
    login(staff)
    page.click("nav >> text=Kế hoạch")
    page.click("text=Kế hoạch mới")
    form = page.locator("#import-word")
    form.locator("input[type=file]").set_input_files(str(DOCX / "004_office.docx"))
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/nhap-tu-word/")
    assert "Đã nhập kế hoạch từ tệp" in page.content()
    assert page.locator("#issuer-warning").count() == 0
    plain = page.locator("tr.plain")
    assert plain.count() == 1 and "Tổ chức hội nghị tiếp xúc" in plain.inner_text()
    plain.locator("button[value=item]").click()
    page.wait_for_load_state()
    assert page.locator("tr.plain").count() == 0
    assert "Đã nhận diện được mọi đoạn văn." in page.content()
    plan = Plan.objects.get()
    row = ImportParagraph.objects.get(plan=plan, forced="item")
    assert row.became == "item" and row.text.startswith("Tổ chức hội nghị tiếp xúc, đối thoại trực tiếp")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/import-report-after-fix.png")
    page.click("text=Mở kế hoạch trong trình soạn thảo")
    page.wait_for_url(f"**/ke-hoach/{plan.pk}/sua/")
