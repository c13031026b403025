"""The leader approves many drafted conclusions at once from the list, and the
agency acknowledges many at once from its inbox, in Chromium: select all, one
confirmation naming how many, the report. Screenshots in shots_dir("bulk")."""

import pytest

from dialogue.testing.shots import shots_dir
from petitions import services
from petitions.models import Assignment, PetitionStatus

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def test_the_leader_approves_the_conclusions_waiting_in_one_go(page, login, leader, staff, agency_org, make_petition):
    folder = shots_dir("bulk")
    waiting = []
    for content in ("Đề nghị sửa cống thoát nước ngã ba chợ", "Đề nghị lắp đèn đường thôn Đông",
                    "Đề nghị nạo vét kênh mương nội đồng"):
        p = make_petition(content=content)
        services.conclusion_record(petition=p, by=staff, outcome="assigned", agency=agency_org, direction="Kiểm tra")
        waiting.append(p)
    untouched = make_petition(content="Đề nghị hỗ trợ giống cây trồng")

    login(leader)
    page.goto(f"{page.base_url}/kien-nghi/?stage=approval")
    rows = page.locator("tbody tr")
    assert rows.count() == 3 and untouched.tracking_code not in page.content()
    assert page.locator("tbody .badge", has_text="Chờ duyệt kết luận").count() == 3
    page.check("input[data-check-all=petitions]")
    assert page.locator("input[name=petitions]:checked").count() == 3
    page.screenshot(path=str(folder / "approval-list.png"), full_page=True)

    page.get_by_role("button", name="Duyệt các kết luận đã chọn").click()
    page.wait_for_url("**/duyet-ket-luan-hang-loat/")
    assert page.locator("#confirm-question").inner_text() == "Duyệt 3 kết luận?"
    assert page.locator("#confirm-items li").count() == 3
    assert not Assignment.objects.exists()
    page.screenshot(path=str(folder / "approval-confirm.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(folder / "approval-confirm-375.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.click("button[name=confirm-action]")
    page.wait_for_url("**/kien-nghi/?stage=approval")
    assert page.get_by_text("Đã duyệt 3 kết luận").is_visible()
    assert page.locator("tbody .badge", has_text="Chờ duyệt kết luận").count() == 0
    page.screenshot(path=str(folder / "approval-done.png"), full_page=True)
    assert Assignment.objects.filter(petition__in=waiting, agency=agency_org).count() == 3
    for p in waiting:
        p.refresh_from_db()
        assert p.status == PetitionStatus.ASSIGNED


def test_the_agency_acknowledges_several_from_its_inbox(page, login, agency_user, leader, agency_org, make_petition):
    folder = shots_dir("bulk")
    for content in ("Đường liên xóm Hòa Bình hỏng nặng", "Cống thoát nước ngã ba chợ tắc"):
        services.conclusion_record(petition=make_petition(content=content), by=leader, outcome="assigned", agency=agency_org)
    login(agency_user)
    page.goto(f"{page.base_url}/kien-nghi/co-quan/")
    page.fill("#inbox-q", "cong thoat")
    page.get_by_role("button", name="Tìm").click()
    assert page.locator("main a.list-group-item").count() == 1
    page.goto(f"{page.base_url}/kien-nghi/co-quan/")
    page.check("#acknowledge-all")
    page.screenshot(path=str(folder / "inbox-selected.png"), full_page=True)
    page.get_by_role("button", name="Tiếp nhận các kiến nghị đã chọn").click()
    assert page.locator("#confirm-question").inner_text() == "Tiếp nhận 2 kiến nghị?"
    page.click("button[name=confirm-action]")
    page.wait_for_url("**/kien-nghi/co-quan/?trang-thai=open")
    assert page.get_by_text("Đã tiếp nhận 2 kiến nghị").is_visible()
    assert Assignment.objects.filter(status="acknowledged").count() == 2
    page.screenshot(path=str(folder / "inbox-done.png"), full_page=True)
