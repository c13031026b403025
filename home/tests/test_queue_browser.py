"""Each demo user, after the demo's conference day has been run through, logs in and
sees their queue; every line opens its list, and the list's first row opens the page
where the work is done (the leader's approve button, the agency's acknowledge form,
the secretary's day page); the Front's supervisor reads the same pages without an
action. The queue is screenshotted at 1280 and 375 px and fits a phone."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connections

from demo.loading import load_all
from dialogue import demo
from dialogue.testing.shots import shots_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PETITION_ROW = 'tbody a[href^="/kien-nghi/"]'
CONFERENCE_ROW = 'tbody a[href^="/hoi-nghi/"]'
PLAN_ROW = 'tbody a[href^="/ke-hoach/"]'
DEADLINE_ROW = 'tbody tr[data-deadline] a[href^="/thoi-han/"]'
ASSIGNMENT_ROW = 'main a.list-group-item[href^="/kien-nghi/co-quan/"]'
CONCLUDE = 'form[action$="/ket-luan/"]'

# Per user, every line the demo gives them: the row its list opens, and what the row's
# page offers (True) or, for the read-only supervisor, must not offer (False).
LINES = {
    "chutich": {
        "plans_to_approve": (PLAN_ROW, 'form[action$="/chuyen/approve/"]', True),
        "conclusions_to_approve": (PETITION_ROW, 'form[action^="/kien-nghi/ket-luan/"][action$="/duyet/"]', True),
        "notices_to_approve": ('tbody a[href^="/kien-nghi/thong-bao/"]', 'form[action$="/duyet/"]', True),
        "extensions": (PETITION_ROW, 'form[action^="/kien-nghi/giao/"][action$="/chuyen/"]', True),
        "overdue": (DEADLINE_ROW, 'form[action$="/da-xong/"]', True),
    },
    "vanphong": {
        "plans_returned": (PLAN_ROW, 'form[action$="/chuyen/submit/"]', True),
        "conferences_to_schedule": (CONFERENCE_ROW, 'a[href$="/xep-lich/"]', True),
        "conferences_to_announce": (CONFERENCE_ROW, 'form[action^="/hoi-nghi/"][action$="/thong-bao/"]', True),
        "petitions_without_conclusion": (PETITION_ROW, CONCLUDE, True),
        "answers_to_review": (PETITION_ROW, 'form[action^="/kien-nghi/tra-loi/"][action$="/duyet/"]', True),
        "notices_to_draft": (CONFERENCE_ROW, 'a[href^="/kien-nghi/hoi-nghi/"][href$="/thong-bao/"]', True),
        "citizens_unsatisfied": (PETITION_ROW, CONCLUDE, True),
    },
    "congan": {
        "to_acknowledge": (ASSIGNMENT_ROW, 'form[action$="/tiep-nhan/"]', True),
        "answers_due": (ASSIGNMENT_ROW, 'form[action$="/tra-loi/"]', True),
        "answers_returned": (ASSIGNMENT_ROW, 'form[action$="/tra-loi/"]', True),
    },
    "mttq": {
        "petitions_assigned": (PETITION_ROW, "form[method=post]:not([action$='/dang-xuat/'])", False),
        "overdue": (DEADLINE_ROW, 'form[action$="/da-xong/"]', False),
        "citizens_unsatisfied": (PETITION_ROW, CONCLUDE, False),
    },
}


def load_demo_beside_the_browser() -> None:
    """load_all in another thread on this thread's connections: issuing the day's notice
    signs it with an event loop of its own, which Playwright's running loop would refuse."""
    shared = {alias: connections[alias] for alias in connections}
    failed = []

    def run():
        for alias, connection in shared.items():
            connections[alias] = connection
        try:
            load_all()
        except BaseException as exc:  # handed to the test's thread
            failed.append(exc)

    for connection in shared.values():
        connection.inc_thread_sharing()
    try:
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
    finally:
        for connection in shared.values():
            connection.dec_thread_sharing()
    if failed:
        raise failed[0]


def _queue(page, login, username):
    load_demo_beside_the_browser()
    login(get_user_model().objects.get(username=username), demo.DEMO_PASSWORD)
    page.locator("h1").wait_for()
    folder = shots_dir("home-queue")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{username}-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 900})
    return page.locator("[data-queue-line]").evaluate_all(
        "links => links.map(a => [a.dataset.queueLine, a.getAttribute('href')])"
    )


def _open(page, selector):
    with page.expect_navigation() as navigation:
        page.locator(selector).first.click()
    assert navigation.value.status == 200, page.url
    page.locator("main").wait_for()


@pytest.mark.parametrize("username", list(LINES))
def test_each_line_leads_to_where_the_work_is_done(page, login, username):
    found = _queue(page, login, username)
    assert {key for key, _href in found} == set(LINES[username])
    home = page.url
    for key, href in found:
        row, action, offered = LINES[username][key]
        page.goto(home)
        _open(page, f'[data-queue-line="{key}"]')
        assert page.url.endswith(href.replace("&amp;", "&")), (key, page.url)
        assert page.locator(row).count() >= 1, (key, page.url)
        _open(page, row)
        assert (page.locator(action).count() >= 1) is offered, (key, page.url, action)


def test_the_secretary_opens_each_conference_day_from_the_queue(page, login):
    found = _queue(page, login, "thuky")
    assert [key for key, _href in found] == ["conference_day"] * 3
    home = page.url
    recording = 0
    for _key, href in found:
        page.goto(home)
        _open(page, f'[data-queue-line="conference_day"][href="{href}"]')
        assert page.locator("#day-root").count() == 1
        recording += page.locator('form[action$="/ngay-hoi-nghi/diem-danh/"]').count()
    # The conference held today is still open for the secretary's records.
    assert recording >= 1
    assert "Hôm nay" in page.goto(home).text()
