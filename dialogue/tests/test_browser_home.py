import pytest

from dialogue import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_demo_user_can_log_in_and_sees_their_organisation(page, login):
    orgs = demo.load_organizations()
    demo.load_users(orgs)
    from django.contrib.auth import get_user_model

    for spec in demo.USERS:
        user = get_user_model().objects.get(username=spec.username)
        login(user, demo.DEMO_PASSWORD)
        assert page.locator("h1").inner_text().startswith("Chào mừng")
        assert orgs[spec.org].name in page.content()
        page.click("text=" + (user.get_full_name() or user.username))
        page.click("button:has-text('Đăng xuất')")
        page.wait_for_url("**/dang-nhap/")


def test_wrong_password_in_the_browser_shows_the_error(page, staff):
    page.goto(f"{page.base_url}/dang-nhap/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", "sai-mat-khau")
    page.click("button[type=submit]")
    assert page.locator(".alert-danger, .invalid-feedback, .alert-block").first.is_visible()
    assert page.input_value("input[name=username]") == "staff"
