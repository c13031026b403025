"""The report in Chromium: the district's leader opens Báo cáo, reads its
communes' figures and charts, follows a number to its list; the commune's
office drafts the BÁO CÁO from the page and its leader approves and issues it;
the page printed on A4. Screenshots (desktop, phone, print) in shots_dir("reports")."""

import subprocess

import pytest

from dialogue.testing.shots import shots_dir

pytestmark = pytest.mark.browser

SHOTS = shots_dir("reports")
PHONE = {"width": 375, "height": 812}
YEAR = "?period=year&year=2025"


def _shot(page, name):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_district_reads_its_communes_and_follows_a_number(page, login, year):
    login(year.district_leader)
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.wait_for_url("**/bao-cao/")
    page.goto(f"{page.base_url}/bao-cao/{YEAR}&organization={year.district.pk}")
    assert page.get_by_role("heading", name="Kết quả tiếp xúc, đối thoại").is_visible()
    assert page.locator("a[data-figure=conferences]").inner_text() == "5"
    assert page.locator("a[data-figure=petitions]").inner_text() == "12"
    assert page.locator("a[data-figure=answered]").inner_text() == "25%"
    field_chart = page.get_by_role("img", name="Ý kiến, kiến nghị theo lĩnh vực")
    assert field_chart.is_visible()
    assert page.locator("#units-table tbody tr").count() == 3
    _shot(page, "results-district-desktop")

    page.locator("#figures-table tr[data-row=late] a").click()
    page.wait_for_url("**/bao-cao/danh-sach/**figure=late**")
    assert page.locator("#report-list tbody tr").count() == 1
    assert "quá hạn" in page.locator("#report-list tbody").inner_text()
    _shot(page, "list-late-desktop")

    page.set_viewport_size(PHONE)
    page.goto(f"{page.base_url}/bao-cao/{YEAR}&organization={year.district.pk}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, "results-district-phone")

    # Printed on A4: no navigation or filters, the figures and charts on the page.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="print")
    _shot(page, "results-district-print")
    assert not page.locator("form[role=search]").is_visible()
    assert not page.locator(".app-navbar").is_visible()
    pdf = SHOTS / "results-district-a4.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(SHOTS / "results-district-a4")], check=True)
    page.emulate_media(media="screen")


def test_the_commune_drafts_and_its_leader_issues_the_report(page, login, year):
    login(year.a_staff)
    page.goto(f"{page.base_url}/bao-cao/{YEAR}")
    assert page.locator("a[data-figure=petitions]").inner_text() == "10"
    assert page.get_by_text("Ủy ban nhân dân xã Bình").count() == 0
    page.get_by_role("button", name="Lập dự thảo BÁO CÁO năm 2025").click()
    page.wait_for_url("**/bao-cao/van-ban/*/sua/")
    page.get_by_label("Đề xuất, kiến nghị").fill("Đề nghị huyện tổ chức tập huấn kỹ năng đối thoại cho cán bộ xã.")
    _shot(page, "document-edit-desktop")
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    page.wait_for_url("**/bao-cao/van-ban/*/")
    assert page.get_by_text("Bảng 1. Số liệu kết quả tổ chức tiếp xúc, đối thoại").is_visible()
    _shot(page, "document-draft-desktop")
    page.get_by_role("button", name="Trình lãnh đạo").click()
    assert page.locator("#report-status").inner_text() == "Đã trình lãnh đạo"
    detail = page.url

    page.context.clear_cookies()
    login(year.a_leader)
    page.goto(detail)
    page.get_by_role("button", name="Duyệt báo cáo").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Ban hành với số tiếp theo").click()
    page.wait_for_load_state()
    assert page.locator("#report-status").inner_text() == "Đã ban hành"
    assert page.get_by_role("heading", name="BÁO CÁO Số: 01/BC-UBND").is_visible()
    _shot(page, "document-issued-desktop")
    with page.expect_download() as download:
        page.locator("#report-xlsx").click()
    from dialogue import clock

    assert download.value.suggested_filename == f"bao-cao-01-{clock.today().year}.xlsx"
