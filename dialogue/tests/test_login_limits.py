"""Log-in a real office can live with: each client counted as itself behind the proxy,
a limit per account across addresses that cannot lock a leader out of their own office,
password reset by e-mail, and sessions that end after a working day."""

import re

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from dialogue import login_guard
from dialogue.clientip import client_ip
from dialogue.testing.fixtures import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"


def request_from(peer, forwarded=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    "trusted, peer, forwarded, expected",
    [
        # No proxy configured: the header is anybody's to write.
        ((), "203.0.113.5", "198.51.100.7", "203.0.113.5"),
        # Behind our proxy: the address our proxy saw.
        ((PROXY,), PROXY, "198.51.100.7", "198.51.100.7"),
        # A client's own X-Forwarded-For is left of what our proxy appended: ignored.
        ((PROXY,), PROXY, "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        # Two of our proxies in a row (a network of them).
        (("10.0.0.0/8",), PROXY, "1.2.3.4, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        # A peer we do not trust cannot name another client.
        ((PROXY,), "203.0.113.5", "198.51.100.7", "203.0.113.5"),
        # Garbage in the header: what our proxy itself vouches for.
        ((PROXY,), PROXY, "not-an-address", PROXY),
        # Ports and IPv6 as proxies write them.
        ((PROXY,), PROXY, "[2001:db8::1]:443", "2001:db8::1"),
        ((PROXY,), PROXY, "198.51.100.7:51234", "198.51.100.7"),
        # Only proxies in the header: the first of them.
        ((PROXY,), PROXY, "", PROXY),
    ],
)
def test_client_address_behind_trusted_proxies(settings, trusted, peer, forwarded, expected):
    settings.TRUSTED_PROXIES = list(trusted)
    assert client_ip(request_from(peer, forwarded)) == expected


def post_login(client, username, password, address):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def test_one_clients_failures_behind_the_proxy_do_not_lock_another(client, leader, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, leader.username, "sai", "198.51.100.7")
    assert post_login(client, leader.username, TEST_PASSWORD, "198.51.100.7").status_code == 429
    response = post_login(client, leader.username, TEST_PASSWORD, "198.51.100.8")
    assert response.status_code == 302


def test_the_public_budget_is_per_citizen_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.RATE_LIMITS = {"lookup": (3, 600)}
    url = reverse("petitions_public:lookup")
    for _ in range(3):
        assert client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200
    assert client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 200
    # A spoofed header from outside the proxy buys no new budget.
    for spoof in ("1.1.1.1", "2.2.2.2"):
        client.get(url, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=spoof)
    client.get(url, REMOTE_ADDR="203.0.113.5")
    assert client.get(url, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="3.3.3.3").status_code == 429


def test_failures_from_many_addresses_stop_new_addresses_but_not_the_office(client, leader, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.AXES_FAILURE_LIMIT = 5
    office = "198.51.100.200"
    assert post_login(client, leader.username, TEST_PASSWORD, office).status_code == 302
    client.post(reverse("logout"))
    # 120 failures from 30 addresses, four each: under the per-address limit every time.
    for attempt in range(120):
        post_login(client, leader.username, "sai", f"203.0.113.{attempt % 30}")
    response = post_login(client, leader.username, TEST_PASSWORD, "192.0.2.50")
    assert response.status_code == 200
    assert "quá nhiều lần đăng nhập sai" in response.content.decode()
    assert post_login(client, leader.username, TEST_PASSWORD, office).status_code == 302


def test_the_account_limit_lasts_one_window(client, leader, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.ACCOUNT_FAILURE_LIMIT = 3
    for attempt in range(3):
        post_login(client, leader.username, "sai", f"203.0.113.{attempt}")
    assert login_guard.is_throttled(leader.username, "192.0.2.50")
    # The window's counter expiring is what ends it (cache expiry).
    login_guard.clear_failures(leader.username)
    assert post_login(client, leader.username, TEST_PASSWORD, "192.0.2.50").status_code == 302


def reset_link(message) -> str:
    match = re.search(r"https?://\S+/dat-lai-mat-khau/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def test_password_reset_by_e_mail_in_vietnamese_lifts_a_lock(client, leader, settings):
    settings.SITE_URL = "https://doithoai.example.vn"
    leader.email = "chutich@example.vn"
    leader.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": leader.username, "password": "sai"})
    assert client.post(reverse("login"), {"username": leader.username, "password": TEST_PASSWORD}).status_code == 429
    locked_page = client.get(reverse("password_reset")).content.decode()
    assert "Quên mật khẩu" in locked_page

    response = client.post(reverse("password_reset"), {"email": "chutich@example.vn"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "mật khẩu" in message.subject.lower()
    link = reset_link(message)
    assert link.startswith("https://doithoai.example.vn/")
    path = link.removeprefix("https://doithoai.example.vn")
    form_page = client.get(path, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    new = "Hoi-nghi-moi-2026!"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True)
    assert "được mở khóa" in done.content.decode() or "mở khóa" in done.content.decode()
    assert client.post(reverse("login"), {"username": leader.username, "password": new}).status_code == 302


def test_password_reset_does_not_tell_who_has_an_account(client, leader):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.vn"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_reset_e_mails_are_rate_limited_per_client(client, leader, settings):
    leader.email = "chutich@example.vn"
    leader.save()
    settings.RATE_LIMITS = {"password_reset": (2, 3600)}
    for _ in range(2):
        assert client.post(reverse("password_reset"), {"email": leader.email}).status_code == 302
    assert client.post(reverse("password_reset"), {"email": leader.email}).status_code == 429
    assert len(mail.outbox) == 2


def test_a_session_ends_after_a_working_day_without_requests(client, staff, settings, monkeypatch):
    import time

    from dialogue import sessions

    response = client.post(reverse("login"), {"username": staff.username, "password": TEST_PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert 8 * 3600 <= int(cookie["max-age"]) <= 10 * 3600
    # Requests soon after leave the session as it is (no write on every page)...
    assert settings.SESSION_COOKIE_NAME not in client.get(reverse("home")).cookies
    # ...and one after a quarter of an hour pushes the end back: idle time is what counts.
    later = time.time() + sessions.TOUCH_EVERY + 1
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    renewed = client.get(reverse("home")).cookies[settings.SESSION_COOKIE_NAME]
    assert 8 * 3600 <= int(renewed["max-age"]) <= 10 * 3600


def test_a_visitor_without_a_session_gets_none(client):
    response = client.get(reverse("petitions_public:lookup"))
    assert settings_cookie_absent(response)


def settings_cookie_absent(response) -> bool:
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME not in response.cookies
