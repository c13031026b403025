"""The front door, the archive of published answers and the office's page for
publishing a conference's answers, in headless Chromium at a desk's 1280 px and a
phone's 375 px: no axe-core violation, no sideways scroll, and the release asks
once, naming the number; nothing the Content-Security-Policy blocks. Screenshots in
shots_dir("front")."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from dialogue import demo
from dialogue.testing.shots import shots_dir
from petitions import publication, services
from petitions.models import Response
from petitions.tests.factories import make_conference
from tests.pages import build_world_beside_a_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
VIOLATIONS = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""


# Every Content-Security-Policy violation the page meets (registry/tests/test_browser_csp.py).
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


def _violations(page) -> list:
    page.add_script_tag(url="/static/vendor/axe/axe.min.js")  # from the site: the CSP allows it
    return page.evaluate(VIOLATIONS)


@pytest.fixture
def pages(live_server):
    """The demo commune in a conference season (tests/pages.py), whose held conference holds
    its answers: one accepted and held, then released with a summary."""
    world = build_world_beside_a_browser()
    staff = get_user_model().objects.get(username="vanphong")
    from conferences.models import Conference

    held = Conference.objects.get(pk=world.held)
    publication.set_answer_policy(conference=held, by=staff, hold=True)
    services.response_review(response=Response.objects.get(pk=world.response), by=staff, accept=True)
    publication.release_answers(
        conference=held, by=staff, summary="Hội nghị ghi nhận 2 ý kiến; đã trả lời đủ, 1 ý kiến trả lời tại hội nghị."
    )
    # The front door's cards: two conferences announced for the coming weeks.
    commune = held.organization
    for days, title in ((9, "Hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân thôn Đông Hà năm 2026"),
                        (23, "Hội nghị tiếp xúc, đối thoại với thanh niên xã Vĩnh Lâm")):
        make_conference(commune, "announced", days=days, title=title, venue="Nhà văn hóa thôn Đông Hà, xã Vĩnh Lâm")
    archive = reverse("front:archive", args=[world.organization_code])
    return {
        "front-door": "/",
        "archive": archive,
        "archive-conference": f"{archive}?hoi_nghi={held.public_code}",
        "archive-errors": f"{archive}?hoi_nghi=khong-co&q=a",
        "archive-search": f"{archive}?q=duong+lien+thon",
    }, world


def _log_in(page, base_url, username):
    page.goto(f"{base_url}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_the_public_pages_pass_axe_and_fit(browser, live_server, pages, viewport):
    paths, world = pages
    folder = shots_dir("front")
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=viewport)
    context.add_init_script(WATCH)
    page = context.new_page()
    page.set_default_timeout(20_000)
    found, wide, blocked = {}, {}, {}
    try:
        for name, path in paths.items():
            response = page.goto(f"{live_server.url}{path}")
            assert response.status in (200, 400), (name, response.status)
            if page.evaluate("window.__csp"):
                blocked[name] = page.evaluate("window.__csp")
            violations = _violations(page)
            if violations:
                found[name] = violations
            widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
            if widths[0] > widths[1]:
                wide[name] = widths
            page.screenshot(path=str(folder / f"{name}-{viewport['width']}.png"), full_page=True)
        # The office's page, logged in.
        _log_in(page, live_server.url, "vanphong")
        page.goto(f"{live_server.url}{reverse('petitions:answer_publication', args=[world.held])}")
        if page.evaluate("window.__csp"):
            blocked["publication"] = page.evaluate("window.__csp")
        violations = _violations(page)
        if violations:
            found["publication"] = violations
        page.screenshot(path=str(folder / f"publication-{viewport['width']}.png"), full_page=True)
    finally:
        context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
    assert not wide, wide
    assert not blocked, blocked


def test_the_release_asks_once_naming_the_number(browser, live_server):
    """A held answer: the office's button asks "Publish 1 …?"; dismissed, nothing is published;
    accepted, the answer reaches the archive."""
    world = build_world_beside_a_browser()
    staff = get_user_model().objects.get(username="vanphong")
    from conferences.models import Conference

    held = Conference.objects.get(pk=world.held)
    publication.set_answer_policy(conference=held, by=staff, hold=True)
    services.response_review(response=Response.objects.get(pk=world.response), by=staff, accept=True)
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    asked = []
    try:
        _log_in(page, live_server.url, "vanphong")
        page.goto(f"{live_server.url}{reverse('petitions:answer_publication', args=[world.held])}")
        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
        page.get_by_role("button", name="Công bố cùng lúc 1 câu trả lời").click()
        assert asked and asked[0].startswith("Công bố 1 câu trả lời đã duyệt")
        assert publication.held_responses(held).count() == 1
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Công bố cùng lúc 1 câu trả lời").click()
        page.wait_for_selector(".alert-success")
        assert publication.held_responses(held).count() == 0
        page.goto(f"{live_server.url}{reverse('front:archive', args=[world.organization_code])}")
        assert "Đã kiểm tra hiện trường, lập dự toán sửa chữa." in page.content()
    finally:
        context.close()
