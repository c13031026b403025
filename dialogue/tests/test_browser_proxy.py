"""Two offices' browsers behind one trusted reverse proxy: one client's wrong
passwords lock that client, and the leader logs in from the other."""

import pytest

from dialogue.testing.fixtures import TEST_PASSWORD
from dialogue.testing.proxy import Relay, ReverseProxy

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def behind_proxy(live_server, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    proxy = ReverseProxy(live_server.url)
    relays = [Relay(proxy.port, "127.0.0.2"), Relay(proxy.port, "127.0.0.3")]
    yield relays
    for relay in relays:
        relay.close()
    proxy.close()


def log_in(page, base, username, password):
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_one_clients_failures_do_not_lock_the_other(browser, behind_proxy, leader, settings):
    first, second = behind_proxy
    attacker = browser.new_context(locale="vi-VN").new_page()
    office = browser.new_context(locale="vi-VN").new_page()
    try:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            log_in(attacker, first.url, leader.username, "sai-mat-khau")
        log_in(attacker, first.url, leader.username, TEST_PASSWORD)
        assert "Tài khoản đã bị khóa" in attacker.content()

        log_in(office, second.url, leader.username, TEST_PASSWORD)
        assert office.url == f"{second.url}/"
        assert "Đăng xuất" in office.content()
    finally:
        attacker.context.close()
        office.context.close()
