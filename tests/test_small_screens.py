"""Every page a user of the demo data opens, at the width of a phone (375 px), has
no sideways scroll: the secretary in the hall and the officers on the road use
phones. Pages come from the URL resolver with the demo objects (tests/pages.py)."""

import pytest

from dialogue import demo

from .pages import ROLE_USERS, build_world_beside_a_browser, html_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}

# A table cell of more than 30 characters squeezed under 160 px reads one word per line.
# A document shown as printed (.paper: the official two-column header and signature
# block) keeps its layout on every screen.
MEASURE = """() => ({
  width: document.documentElement.scrollWidth,
  cramped: [...document.querySelectorAll("td, th")]
    .filter(c => c.offsetParent !== null && !c.closest(".paper") && c.innerText.trim().length > 30 && c.getBoundingClientRect().width < 160)
    .map(c => c.innerText.trim().replace(/\\s+/g, " ").slice(0, 40)),
})"""


def _log_in(page, base_url, username):
    page.goto(f"{base_url}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def _measure(browser, base_url, username, urls) -> dict[str, dict]:
    context = browser.new_context(viewport=PHONE, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        if username:
            _log_in(page, base_url, username)
        found = {}
        for url in urls:
            page.goto(base_url + url)
            found[url] = page.evaluate(MEASURE)
        return found
    finally:
        context.close()


def test_every_page_fits_a_phone_without_sideways_scroll(browser, live_server):
    world = build_world_beside_a_browser()
    pages, server_errors = html_pages(world)
    assert server_errors == []
    too_wide, cramped = [], []
    for username in (*ROLE_USERS, ""):
        urls = sorted({p.url for p in pages if p.user == username})
        assert urls, f"{username or 'visitor'} opens no page"
        for url, seen in _measure(browser, live_server.url, username, urls).items():
            if seen["width"] > PHONE["width"]:
                too_wide.append(f"{username or 'visitor'} {url}: {seen['width']}px")
            if seen["cramped"]:
                cramped.append(f"{username or 'visitor'} {url}: {seen['cramped'][:3]}")
    # The secretary's count of those present stays on the phone's screen, at the top.
    context = browser.new_context(viewport=PHONE, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    try:
        page = context.new_page()
        _log_in(page, live_server.url, "thuky")
        page.goto(f"{live_server.url}/hoi-nghi/{world.day}/ngay-hoi-nghi/")
        box = page.locator("#day-total").bounding_box()
        assert page.locator("#day-total").inner_text() == "27"
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["y"] < 300
    finally:
        context.close()
    assert (too_wide, cramped) == ([], []), (
        f"{len(too_wide)} pages scroll sideways at 375 px:\n" + "\n".join(too_wide)
        + f"\n{len(cramped)} pages squeeze table cells at 375 px:\n" + "\n".join(cramped)
    )
