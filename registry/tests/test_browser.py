"""In the browser: the leader issues a plan, downloads it, follows the address its
QR encodes to the public page and uploads the file back; the new pages pass axe."""

import json

import pytest

from dialogue.testing.shots import shots_dir
from registry.models import OutgoingDocument

from . import qr
from .conftest import approve, issue_plan, pdf_text

pytestmark = pytest.mark.browser

SHOTS = shots_dir("register")
SERIOUS = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""


def _shoot(page, name, width):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def _violations(page):
    page.add_script_tag(url="/static/vendor/axe/axe.min.js")  # from the site: the CSP allows it
    return page.evaluate(SERIOUS)


@pytest.fixture
def site_url(settings, live_server):
    # The printed address must lead to the server the browser talks to.
    settings.SITE_URL = live_server.url
    return live_server.url


def test_issue_download_follow_the_qr_and_upload_back(page, login, leader, plan, site_url, tmp_path):
    approve(plan)
    login(leader)
    page.goto(f"{page.base_url}/ke-hoach/{plan.pk}/")
    page.click("button[name=issue-plan]")
    page.click("button[name=confirm-issue]")  # the confirmation naming the number
    page.locator("[data-status=issued]").first.wait_for()
    document = OutgoingDocument.objects.get(plan=plan)
    assert page.locator("#verify-issued").get_attribute("href") == f"/xac-minh/{document.code}/"

    with page.expect_download() as download_info:
        page.click("#download-pdf")
    path = tmp_path / "ke-hoach.pdf"
    download_info.value.save_as(path)
    pdf = path.read_bytes()
    assert pdf == document.read_pdf()

    # The address printed, linked and encoded in the QR is the same one.
    url = f"{site_url}/xac-minh/{document.code}/"
    assert url in "".join(pdf_text(pdf)).replace("\n", "")
    square = [link for link in qr.links(pdf) if link.is_square]
    assert square and {link.uri for link in square} == {url}
    assert qr.differing_modules(pdf, square[0], url) == 0
    other = f"{site_url}/xac-minh/00000-00000/"
    assert qr.differing_modules(pdf, square[0], other) > 50  # the comparison can tell addresses apart

    page.goto(square[0].uri)
    assert page.locator("h1").inner_text() == "Xác minh văn bản"
    assert "Số: 01/KH-UBND" in page.content() and document.sha256 in page.content()
    page.set_input_files("input[name=pdf]", str(path))
    page.click("button:has-text('Đối chiếu tệp')")
    result = page.locator("#check-result")
    result.wait_for()
    assert result.inner_text().splitlines()[0].strip() == "Khớp"
    _shoot(page, "verify-match", 1280)
    _shoot(page, "verify-match", 375)
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the verification page scrolls sideways at 375 px: {widths}"

    # One byte changed: no longer the document.
    flipped = bytearray(pdf)
    flipped[len(flipped) // 2] ^= 0x01
    (tmp_path / "sua.pdf").write_bytes(bytes(flipped))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.set_input_files("input[name=pdf]", str(tmp_path / "sua.pdf"))
    page.click("button:has-text('Đối chiếu tệp')")
    page.locator("#check-result.alert-danger").wait_for()
    assert page.locator("#check-result").inner_text().splitlines()[0].strip() == "Không khớp"
    _shoot(page, "verify-mismatch", 1280)


def test_print_view_and_register_in_the_browser(page, login, leader, plan, site_url):
    issue_plan(plan, leader)
    document = plan.outgoing_document
    login(leader)
    page.goto(f"{page.base_url}/van-ban/")
    assert "Số: 01/KH-UBND" in page.locator("table").inner_text()
    _shoot(page, "register", 1280)
    page.click("a:has-text('In bản đã ban hành')")
    page.wait_for_url(f"{page.base_url}/van-ban/{document.pk}/in/")
    frame = page.locator("#frozen-pdf")
    assert frame.get_attribute("src") == f"/van-ban/{document.pk}/pdf/"
    # The frame loads the stored bytes (X-Frame-Options lets the same site frame them).
    response = page.request.get(f"{page.base_url}/van-ban/{document.pk}/pdf/")
    assert response.body() == document.read_pdf() and response.headers["x-frame-options"] == "SAMEORIGIN"
    # The button asks the frame to print; record the call rather than open a dialog.
    page.evaluate("""() => { const w = document.getElementById('frozen-pdf').contentWindow;
                             window.__printed = 0; w.print = () => { window.__printed += 1; }; }""")
    page.click("#print-frozen")
    assert page.evaluate("window.__printed") == 1
    _shoot(page, "print", 1280)


@pytest.mark.parametrize("width", [1280, 375])
def test_public_pages_pass_axe(browser, live_server, issued, width, site_url):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": width, "height": 812})
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = {}
    try:
        for name, path in {"start": "/xac-minh/", "detail": f"/xac-minh/{issued.code}/", "missing": "/xac-minh/00000-00000/"}.items():
            page.goto(f"{live_server.url}{path}")
            violations = _violations(page)
            if violations:
                found[name] = violations
            page.screenshot(path=str(SHOTS / f"verify-{name}-{width}.png"), full_page=True)
            widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], f"{name} scrolls sideways at {width} px: {widths}"
    finally:
        context.close()
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_office_pages_pass_axe(page, login, leader, issued):
    login(leader)
    found = {}
    for name, path in {"register": "/van-ban/", "print": f"/van-ban/{issued.pk}/in/"}.items():
        page.goto(f"{page.base_url}{path}")
        violations = _violations(page)
        if violations:
            found[name] = violations
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
