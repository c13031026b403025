"""In Chromium: the bell fills in after the page loads, leads to the
notifications, and a notification opens its deadline, where staff mark the
opinions report done."""

import datetime as dt
import os
from pathlib import Path

import pytest

from deadlines.models import Deadline, DeadlineChange, Notification
from petitions.tests.factories import make_conference

SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots-deadlines"))


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_bell_notifications_and_done(page, login, org, staff):
    conference = make_conference(org, "scheduled", days=20, title="Hội nghị đối thoại xóm Hòa Bình")
    day = conference.local_start.date()
    opinions = Deadline.objects.create(
        kind=Deadline.Kind.OPINIONS, organization=org, responsible=org, conference=conference,
        due_on=day - dt.timedelta(days=10), remind_on=day - dt.timedelta(days=12),
    )
    DeadlineChange.objects.create(deadline=opinions, old_due_on=day - dt.timedelta(days=14),
                                  new_due_on=opinions.due_on, reason="Hội nghị được ấn định ngày mới.", by=staff)
    for kind in ("reminder", "escalation"):
        Notification.objects.create(user=staff, deadline=opinions, kind=kind, due_on=opinions.due_on)

    login(staff)
    bell = page.locator("#deadline-bell [data-unread]")
    bell.wait_for()
    assert bell.get_attribute("data-unread") == "2"
    assert page.locator("#deadline-bell .badge").inner_text() == "2"
    shot(page, "home-bell")

    bell.click()
    page.wait_for_url("**/thoi-han/thong-bao/")
    assert page.locator("[data-notification]").count() == 2
    shot(page, "notifications")

    page.locator("[data-notification] button").first.click()
    page.wait_for_url(f"**/thoi-han/{opinions.pk}/")
    assert "Hội nghị đối thoại xóm Hòa Bình" in page.content()
    assert page.locator("table tbody tr").count() == 1
    shot(page, "deadline-detail")
    page.once("dialog", lambda dialog: dialog.accept())  # closing a deadline cannot be undone: asked once
    page.get_by_role("button", name="Đánh dấu đã hoàn thành").click()
    page.wait_for_selector("[data-state=met]")
    shot(page, "deadline-done")
    assert page.locator("#deadline-bell [data-unread]").get_attribute("data-unread") == "1"

    page.goto(f"{page.base_url}/thoi-han/tuy-chon/")
    page.get_by_label("Một thư tổng hợp mỗi ngày").check()
    page.get_by_role("button", name="Lưu lựa chọn").click()
    page.wait_for_selector(".alert-success")
    shot(page, "preferences")
    opinions.refresh_from_db()
    assert opinions.state == "met" and staff.deadline_preference.delivery == "digest"
