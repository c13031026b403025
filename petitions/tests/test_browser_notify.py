"""In Chromium at a phone's width: a citizen asks for news by e-mail on the
registration form (refused without an address, next to it), receives the
message and stops them from its link; the agency finds the assignment under
its bell and opens it from there."""

import re

import pytest
from django.core import mail

from dialogue.testing.shots import shots_dir
from petitions import citizen, services
from petitions.models import Petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def shot(page, name):
    page.screenshot(path=str(shots_dir("notify") / f"{name}.png"), full_page=True)


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_citizen_asks_for_news_then_stops_them(page, conference, settings):
    page.set_viewport_size(PHONE)
    page.on("dialog", lambda dialog: dialog.accept())  # "Send your question?"
    page.goto(f"{page.base_url}/tra-cuu/dang-ky/{conference.public_code}/")
    page.fill("input[name=petitioner_name]", "Hoàng Thị Lan")
    page.fill("textarea[name=content]", "Đề nghị lắp đèn chiếu sáng đường xóm 5.")
    page.check("input[name=consent]")
    page.get_by_label("Gửi tin về kiến nghị của tôi qua thư điện tử").check()
    page.get_by_role("button", name="Đăng ký").click()
    error = page.locator("#id_petitioner_email_error")
    assert error.inner_text() == "Nhập địa chỉ thư điện tử để nhận tin về kiến nghị."
    assert page.get_by_label("Gửi tin về kiến nghị của tôi qua thư điện tử").is_checked()
    assert fits(page)
    shot(page, "register-needs-address-375")
    page.fill("input[name=petitioner_email]", "lan.hoang@example.vn")
    page.get_by_role("button", name="Đăng ký").click()
    page.wait_for_url(f"{page.base_url}/tra-cuu/phieu/**")

    petition = Petition.objects.get()
    assert petition.email_updates and citizen.deliver() == 1
    link = re.search(r"Để ngừng nhận thư, mở: (\S+)", mail.outbox[0].body).group(1)
    page.goto(page.base_url + link.removeprefix(settings.SITE_URL))
    assert petition.tracking_code in page.content() and "Hoàng" not in page.content()
    assert fits(page)
    shot(page, "stop-ask-375")
    page.get_by_role("button", name="Ngừng nhận thư").click()
    page.get_by_text("ông/bà sẽ không nhận thêm thư nào về kiến nghị này").wait_for()
    shot(page, "stop-done-375")
    petition.refresh_from_db()
    assert petition.email_updates is False


def test_the_agency_opens_its_new_assignment_from_the_bell(page, login, petition, leader, agency_org, agency_user):
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    assignment = petition.assignments.get()
    page.set_viewport_size(PHONE)
    login(agency_user)
    bell = page.locator("#deadline-bell [data-unread]")
    bell.wait_for(state="attached")  # in the folded menu at a phone's width
    assert bell.get_attribute("data-unread") == "1"
    page.goto(f"{page.base_url}/thoi-han/thong-bao/")
    item = page.locator("[data-kind=assignment_made]")
    assert petition.tracking_code in item.inner_text() and "Kiến nghị được giao" in item.inner_text()
    assert fits(page)
    shot(page, "agency-notifications-375")
    item.get_by_role("button", name="Xem chi tiết").click()
    page.wait_for_url(f"**/kien-nghi/co-quan/{assignment.pk}/")
    bell.wait_for(state="attached")
    assert bell.get_attribute("data-unread") == "0"
