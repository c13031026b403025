"""The invitee pages in Chromium: import a workbook with refused rows through
the real form, then the valid rows only; add one person (screenshots in /tmp)."""

import pytest

from conferences.models import ConferenceGroup, ConferenceStatus as S

from .factories import conference_in_state
from .test_invitations import rows_with_bad, workbook

pytestmark = pytest.mark.browser


def test_import_and_list(page, login, org, staff, tmp_path):
    conference = conference_in_state(org, S.ANNOUNCED, by=staff, days=20, venue="Hội trường UBND xã")
    for i, text in enumerate(["Trưởng các thôn, tổ dân phố", "Hội Cựu chiến binh xã", "Hội Nông dân xã"]):
        ConferenceGroup.objects.create(conference=conference, text=text, order=i)
    path = tmp_path / "khach-moi.xlsx"
    path.write_bytes(workbook(rows_with_bad(60)).read())
    login(staff)
    page.goto(f"{page.base_url}/hoi-nghi/{conference.pk}/khach-moi/nhap/")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="Nhập").click()
    problems = page.locator("#import-problems li")
    assert problems.count() == 2
    assert problems.nth(0).inner_text() == "Dòng 12: Họ và tên để trống"
    assert "Chưa nhập dòng nào" in page.locator("#import-summary").inner_text()
    page.screenshot(path="/tmp/h6-import-report.png", full_page=True)
    assert conference.invitees.count() == 0

    page.set_input_files("input[name=file]", str(path))
    page.check("input[name=valid_only]")
    page.get_by_role("button", name="Nhập").click()
    assert "58" in page.locator("#import-summary").inner_text()
    assert conference.invitees.count() == 58

    page.goto(f"{page.base_url}/hoi-nghi/{conference.pk}/khach-moi/")
    page.select_option("#group-filter", label="Hội Nông dân xã")
    page.wait_for_url("**group=*")
    rows = page.locator("tbody tr")
    assert 0 < rows.count() < 58
    page.screenshot(path="/tmp/h6-invitees.png", full_page=True)

    page.get_by_role("link", name="Thêm khách mời").click()
    page.fill("input[name=full_name]", "Đinh Văn Mới")
    page.fill("input[name=phone]", "0912 34")
    page.locator("main form button[type=submit]").first.click()
    assert page.get_by_text("Số điện thoại không hợp lệ (0912 34)").is_visible()
    assert page.input_value("input[name=full_name]") == "Đinh Văn Mới"
    page.screenshot(path="/tmp/h6-invitee-form.png", full_page=True)


def test_an_office_made_workbook_and_a_refused_one(page, login, org, staff, tmp_path):
    """A title above a header in two merged rows, a column the import does not
    take; then a workbook with too many rows: the message under the upload field."""
    import os
    from pathlib import Path

    from openpyxl import Workbook

    shots = Path(os.environ.get("SHOTS_DIR", tmp_path))
    conference = conference_in_state(org, S.ANNOUNCED, by=staff, days=20, venue="Hội trường UBND xã")
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH KHÁCH MỜI DỰ HỘI NGHỊ"])
    sheet.merge_cells("A1:F1")
    sheet.append(["STT", "Khách mời", None, None, "Điện thoại", "Năm sinh"])
    sheet.append([None, "Họ và tên", "Chức vụ", "Thôn"])
    sheet.merge_cells("B2:D2")
    sheet.append([1, "Nguyễn Văn An", "Trưởng thôn", "Thôn 1", 912345678, 1970])
    sheet.append([2, "Lê Thị Bình", "Hội viên", "Thôn 2", "0238 3123 456", 1981])
    good = tmp_path / "khach-moi.xlsx"
    book.save(good)
    sheet["J5010"] = "ghi chú lạc"
    refused = tmp_path / "qua-dai.xlsx"
    book.save(refused)

    login(staff)
    page.goto(f"{page.base_url}/hoi-nghi/{conference.pk}/khach-moi/nhap/")
    page.set_input_files("input[name=file]", str(refused))
    page.get_by_role("button", name="Nhập").click()
    error = page.locator("#error_1_id_file")
    assert "Danh sách có hơn 5000 dòng dưới dòng tiêu đề" in error.inner_text()
    page.screenshot(path=str(shots / "import-refused.png"), full_page=True)
    assert conference.invitees.count() == 0

    page.set_input_files("input[name=file]", str(good))
    page.get_by_role("button", name="Nhập").click()
    page.wait_for_url(f"**/hoi-nghi/{conference.pk}/khach-moi/")
    assert "Các cột không được nhập: Năm sinh." in page.locator("main").inner_text()
    assert sorted(conference.invitees.values_list("full_name", "phone")) == [
        ("Lê Thị Bình", "02383123456"), ("Nguyễn Văn An", "0912345678")
    ]
    assert page.get_by_text("0238 3123 456").is_visible()
    page.screenshot(path=str(shots / "import-office-made.png"), full_page=True)
