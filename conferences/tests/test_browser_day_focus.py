"""The secretary keeps typing while an answer arrives: the cursor stays where it is."""

import pytest

from conferences.models import ConferenceStatus as S, Speech

from .factories import conference_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_late_answer_does_not_pull_the_cursor_out_of_the_field_being_typed(page, login, org, staff):
    conference = conference_in_state(org, S.ANNOUNCED, by=staff)
    login(staff)
    page.goto(f"{page.base_url}/hoi-nghi/{conference.pk}/ngay-hoi-nghi/")
    page.fill("#speech-name", "Trần Văn Hùng")
    page.press("#speech-name", "Enter")
    page.locator("#speeches [data-speech]").first.wait_for()
    page.wait_for_function("() => document.getElementById('speech-name').value === ''")

    # The secretary is already in the hamlet field of the next speaker when the
    # page settles again (as it does a few milliseconds after each answer).
    page.fill("#speech-name", "Lê Thị Mai")
    page.focus("#speech-unit")
    page.evaluate(
        """() => {
            const live = document.getElementById('day-live');
            live.dispatchEvent(new CustomEvent('htmx:afterSettle', {bubbles: true, detail: {target: live}}));
        }"""
    )
    assert page.evaluate("document.activeElement.id") == "speech-unit"
    page.keyboard.type("Xóm Đông")
    assert page.input_value("#speech-name") == "Lê Thị Mai"
    assert page.input_value("#speech-unit") == "Xóm Đông"
    page.press("#speech-unit", "Enter")
    page.locator("#speeches [data-speech]").nth(1).wait_for()
    assert list(Speech.objects.filter(conference=conference).values_list("speaker_name", "unit")) == [
        ("Trần Văn Hùng", ""),
        ("Lê Thị Mai", "Xóm Đông"),
    ]


def test_another_request_answering_first_does_not_drop_the_unsent_text(page, login, org, staff):
    """The bell (or any request of the page) may answer while a check-in is in flight;
    when the check-in then fails, its text must still be kept for the retry."""
    conference = conference_in_state(org, S.ANNOUNCED, by=staff)
    login(staff)
    held = {}
    page.route("**/thoi-han/chuong/", lambda route: held.setdefault("bell", route))
    page.route("**/ngay-hoi-nghi/diem-danh/", lambda route: held.setdefault("checkin", route))
    page.goto(f"{page.base_url}/hoi-nghi/{conference.pk}/ngay-hoi-nghi/")
    while "bell" not in held:  # the bell asks as the page loads; its answer is held back
        page.wait_for_timeout(20)
    page.fill("#checkin-name", "Vũ Văn Cường")
    page.press("#checkin-name", "Enter")
    while "checkin" not in held:
        page.wait_for_timeout(20)
    with page.expect_event("requestfinished", lambda request: "chuong" in request.url):
        held["bell"].continue_()  # the bell answers first, successfully
    with page.expect_event("requestfailed", lambda request: "diem-danh" in request.url):
        held["checkin"].abort()  # then the check-in is lost
    page.unroute("**/thoi-han/chuong/")
    page.unroute("**/ngay-hoi-nghi/diem-danh/")
    page.reload()
    assert page.input_value("#checkin-name") == "Vũ Văn Cường"
