import pytest
from django.urls import reverse

from dialogue.testing.fixtures import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_vietnamese(client):
    body = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in body
    assert 'lang="vi"' in body


def test_login_and_logout(client, staff):
    response = client.post(reverse("login"), {"username": "staff", "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "Chào mừng" in client.get(reverse("home")).content.decode()
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    # Logged out, the site root is the public front door, with the way back in.
    home = client.get(reverse("home"))
    assert home.status_code == 200 and "Chào mừng" not in home.content.decode()
    assert f'href="{reverse("login")}"' in home.content.decode()


def test_wrong_password_shows_a_vietnamese_message_and_keeps_the_username(client, staff):
    response = client.post(reverse("login"), {"username": "staff", "password": "sai"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Vui lòng điền vào" in body
    assert 'value="staff"' in body


def test_lockout_after_repeated_failures(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "staff", "password": "sai"})
    response = client.post(reverse("login"), {"username": "staff", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "Tài khoản đã bị khóa" in response.content.decode()


def test_password_change(client, staff):
    client.force_login(staff)
    page = client.get(reverse("password_change")).content.decode()
    assert "Đổi mật khẩu" in page
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "Hoi-nghi-2026!", "new_password2": "Hoi-nghi-2026!"},
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("Hoi-nghi-2026!")


def test_password_change_errors_are_vietnamese(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "123", "new_password2": "456"},
    )
    assert response.status_code == 200
    assert "Hai trường mật khẩu không giống nhau" in response.content.decode()


def test_admin_is_vietnamese_and_shows_history(admin_client, org):
    body = admin_client.get(reverse("admin:index")).content.decode()
    assert "Quản trị" in body
    org.name = "Ủy ban nhân dân xã Đổi Tên"
    org.save()
    history = admin_client.get(reverse("admin:dialogue_organization_history", args=[org.pk]))
    assert history.status_code == 200
    assert org.history.count() == 2
