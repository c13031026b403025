"""The dashboard in Chromium: the leader opens it from the navigation, reads the
numbers, clicks one and lands on the matching list; the petition list's badges.
Screenshots at desktop and phone width in /tmp/shots-dashboard/."""

import datetime as dt

import pytest

from deadlines.models import Deadline
from deadlines.templatetags import deadline_badges
from dialogue.testing.shots import shots_dir
from petitions import services
from petitions.models import Assignment
from petitions.tests.factories import PetitionFactory

from .test_dashboard import TODAY, _fixed_today, other_agency, story, subjects  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

SHOTS = shots_dir("dashboard")
PHONE = {"width": 375, "height": 812}


@pytest.fixture(autouse=True)
def _badges_today(monkeypatch):
    monkeypatch.setattr(deadline_badges, "_today", lambda: TODAY)


def _shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _total(page, bucket):
    return page.locator(f"#dashboard-totals a[data-bucket={bucket}]")


def test_leader_reads_the_dashboard_and_follows_a_number(page, login, leader, story):
    login(leader)
    page.get_by_role("link", name="Thời hạn", exact=True).click()
    page.wait_for_url("**/thoi-han/tong-quan/")
    assert page.get_by_role("heading", name="Tổng quan thời hạn").is_visible()
    numbers = {b: _total(page, b).inner_text() for b in ("week", "overdue", "met", "late")}
    assert numbers == {"week": "2", "overdue": "2", "met": "2", "late": "1"}
    assert page.locator("#on-time-rate").inner_text() == "67%"
    chart = page.get_by_role("img", name="Thời hạn theo cơ quan thực hiện")
    assert chart.is_visible()
    assert chart.locator("text", has_text="50% đúng hạn").count() == 1
    _shot(page, "dashboard-desktop")

    _total(page, "overdue").click()
    page.wait_for_url("**/danh-sach/?bucket=overdue*")
    assert page.get_by_role("heading", name="Quá hạn (chưa hoàn thành, đã qua ngày hạn)").is_visible()
    assert page.locator("#deadline-list tbody tr[data-deadline]").count() == 2
    assert page.get_by_text("quá hạn 2 ngày làm việc").is_visible()
    _shot(page, "list-overdue-desktop")

    # Back to the dashboard through the breadcrumb, then the agency's "met on time".
    page.get_by_role("link", name="Tổng quan thời hạn").click()
    agency_row = page.locator("#by-responsible ~ * tr", has_text="Công an xã Vĩnh Thử").first
    agency_row.locator("a[data-bucket=met]").click()
    page.wait_for_url("**bucket=met*responsible=*")
    rows = page.locator("#deadline-list tbody tr[data-deadline]")
    assert rows.count() == 1
    assert "Công an xã Vĩnh Thử" in rows.first.inner_text()
    assert page.get_by_role("heading").filter(has_text="Đúng hạn").filter(has_text="Công an xã Vĩnh Thử").is_visible()


def test_dashboard_and_list_at_phone_width(browser, live_server, leader, story):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("input[name=username]", leader.username)
        page.fill("input[name=password]", "matkhau-thu-123")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/thoi-han/tong-quan/")
        assert _total(page, "overdue").inner_text() == "2"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        _shot(page, "dashboard-phone")
        page.goto(f"{live_server.url}/thoi-han/tong-quan/danh-sach/?bucket=week")
        assert page.locator("#deadline-list tbody tr[data-deadline]").count() == 2
        _shot(page, "list-week-phone")
    finally:
        context.close()


def test_petition_list_badges(page, login, staff, leader, org, agency_org, subjects):
    for due in (dt.date(2026, 2, 27), dt.date(2026, 2, 26), dt.date(2026, 2, 23), dt.date(2026, 2, 9)):
        petition = PetitionFactory(organization=org, created_by=staff, conference=subjects["conference"])
        services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
        Assignment.objects.filter(petition=petition).update(due_on=due)
    Deadline.objects.all().delete()
    login(staff)
    page.goto(f"{page.base_url}/kien-nghi/")
    for level in ("ok", "soon", "urgent", "overdue"):
        assert page.locator(f".deadline-badge.deadline-{level}").count() >= 1
    assert page.get_by_text("quá hạn 3 ngày làm việc").is_visible()
    urgent = page.locator(".deadline-urgent").first
    assert urgent.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(253, 126, 20)"
    _shot(page, "petitions-badges-desktop")
    page.set_viewport_size(PHONE)
    _shot(page, "petitions-badges-phone")


def test_inbox_badges(page, login, staff, leader, org, agency_org, agency_user, subjects):
    for due in (dt.date(2026, 2, 27), dt.date(2026, 2, 13), dt.date(2026, 2, 9)):
        petition = PetitionFactory(organization=org, created_by=staff, conference=subjects["conference"])
        services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
        Assignment.objects.filter(petition=petition).update(due_on=due)
    login(agency_user)
    page.goto(f"{page.base_url}/kien-nghi/co-quan/")
    assert page.get_by_text("quá hạn 3 ngày làm việc").is_visible()
    assert page.get_by_text("còn 1 ngày làm việc").is_visible()
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, "inbox-badges-phone")


SERIOUS = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""


@pytest.mark.parametrize("width", [1280, 375])
def test_dashboard_pages_pass_axe(page, login, leader, story, width):
    login(leader)
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("/thoi-han/tong-quan/", "/thoi-han/tong-quan/danh-sach/?bucket=overdue",
                 "/thoi-han/tong-quan/danh-sach/?bucket=late&year=2026"):
        page.goto(f"{page.base_url}{path}")
        page.add_script_tag(url="/static/vendor/axe/axe.min.js")  # from the site: the CSP allows it
        assert page.evaluate(SERIOUS) == [], path
