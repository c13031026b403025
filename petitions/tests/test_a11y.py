"""The citizen's pages pass axe-core (no serious or critical violation) at desk
and phone width, and never scroll sideways on a phone (screenshots in /tmp/h9-*.png)."""

import json

import pytest

from petitions import services
from petitions.models import Field

from .factories import make_conference

pytestmark = pytest.mark.browser

DESK = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
SERIOUS = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""


@pytest.fixture
def public_pages(org, staff, leader, agency_user, agency_org):
    """Path of each public page, with content that exercises it: an announced
    conference open for registration and a petition with a published answer."""
    conference = make_conference(
        org, "announced", title="Hội nghị đối thoại với Nhân dân thôn Hòa Bình năm 2026",
        audience="Nhân dân thôn Hòa Bình, Đồng Tâm", content="Đất đai, giao thông nông thôn, an sinh xã hội",
    )
    field, _ = Field.objects.get_or_create(organization=None, name="Giao thông")
    petition = services.petition_register_online(
        conference=conference, petitioner_name="Nguyễn Văn An", petitioner_phone="0912 345 678",
        petitioner_address="Xóm Hòa Bình", field=field,
        content="Đề nghị sửa chữa tuyến đường liên xóm Hòa Bình – Đồng Tâm bị xuống cấp, mùa mưa ngập sâu.",
    )
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    assignment = petition.assignments.get()
    response = services.response_submit(
        assignment=assignment, by=agency_user, is_final=True,
        text="Công an xã đã phối hợp với Ban quản lý xóm khảo sát hiện trạng;\nthi công xong trong tháng 01/2027.",
    )
    services.response_review(response=response, by=staff, accept=True)
    return {
        "lookup": "/tra-cuu/",
        "not-found": "/tra-cuu/DT-00000-00000/",
        "status": f"/tra-cuu/{petition.tracking_code}/",
        "register": f"/tra-cuu/dang-ky/{conference.public_code}/",
        "conference": f"/cong-khai/hoi-nghi/{conference.public_code}/",
        "conferences": f"/cong-khai/don-vi/{org.code}/hoi-nghi/",
    }


def _violations(page) -> list:
    page.add_script_tag(url="/static/vendor/axe/axe.min.js")  # from the site: the CSP allows it
    return page.evaluate(SERIOUS)


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_public_pages_have_no_serious_violation(browser, live_server, public_pages, viewport):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = {}
    try:
        for name, path in public_pages.items():
            page.goto(f"{live_server.url}{path}")
            violations = _violations(page)
            if violations:
                found[name] = violations
            if viewport is PHONE:
                page.screenshot(path=f"/tmp/h9-{name}-375.png", full_page=True)
                widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
                assert widths[0] <= widths[1], f"{name} scrolls sideways at 375 px: {widths}"
    finally:
        context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_registration_errors_are_accessible(browser, live_server, public_pages):
    """The form sent back with errors: messages tied to their fields, still no violation."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE)
    page = context.new_page()
    try:
        page.on("dialog", lambda dialog: dialog.accept())  # "Gửi câu hỏi? …": the citizen confirms
        page.goto(f"{live_server.url}{public_pages['register']}")
        page.get_by_role("button", name="Đăng ký").click()
        page.wait_for_selector(".is-invalid")
        violations = _violations(page)
        assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)
        name_input = page.locator("input[name=petitioner_name]")
        assert name_input.get_attribute("aria-invalid") == "true"
        described = name_input.get_attribute("aria-describedby") or ""
        assert any(page.locator(f"#{i}").inner_text().strip() for i in described.split()), described
        assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
        page.screenshot(path="/tmp/h9-register-errors-375.png", full_page=True)
    finally:
        context.close()
