"""The plan's life in a real browser: template → edit → review → issue → PDF."""

import re

import pytest

from plans.models import Plan, Status
from plans.seeds import load_templates

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _relogin(page, login, user):
    page.context.clear_cookies()
    login(user)


def _saved(page):
    page.wait_for_function("() => !window.planEditor.isDirty()")
    page.wait_for_function("() => document.getElementById('save-status').textContent.startsWith('Đã lưu lúc')")


def _shoot(page, name, width, full_page=True):
    page.set_viewport_size({"width": width, "height": 1000})
    page.wait_for_timeout(300)
    page.screenshot(path=f"/tmp/h2-{name}-{width}.png", full_page=full_page)


def test_plan_from_template_to_issued_pdf(page, login, org, staff, leader):
    load_templates()
    login(staff)
    page.click("nav >> text=Kế hoạch")
    page.click("text=Kế hoạch mới")
    form = page.locator("#from-template")
    # The template of the user's kind of issuer is preselected.
    assert "Ủy ban" in form.locator("select[name=tpl-template] option:checked").inner_text() or form.locator(
        "select[name=tpl-template]"
    ).input_value()
    form.locator("input[name=tpl-year]").fill("2026")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/ke-hoach/\d+/sua/$"))
    plan = Plan.objects.get(issuer=org, year=2026)
    assert plan.copied_from.is_template and plan.sections.exists()
    page.locator(".alert-success").wait_for()

    # The document editor: two recipients typed at the end of their list, the second moved above
    # the first with Alt+↑; saved by itself, in that order, also after a reload.
    page.locator("#plan-doc .line-body textarea").first.wait_for()
    page.locator(".line-recipients textarea.t").last.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Ủy ban MTTQ xã")
    page.keyboard.press("Enter")
    page.keyboard.type("Các thôn trên địa bàn xã")
    page.keyboard.press("Alt+ArrowUp")
    _saved(page)
    texts = list(plan.recipients.values_list("text", flat=True))
    assert texts[-2:] == ["Các thôn trên địa bàn xã", "Ủy ban MTTQ xã"]
    page.reload()
    shown = page.locator(".line-recipients textarea.t").evaluate_all("els => els.map(e => e.value)")
    assert shown[-2:] == ["Các thôn trên địa bàn xã", "Ủy ban MTTQ xã"]

    # An unknown [[code]] is named next to its line and the text typed is kept.
    page.locator(".line-agenda textarea.t").last.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Trả lời trong [[khong_co]]")
    feedback = page.locator(".line-agenda.is-current .invalid-feedback")
    feedback.wait_for()
    assert "[[khong_co]]" in feedback.inner_text()
    assert page.evaluate("document.activeElement.value") == "Trả lời trong [[khong_co]]"
    page.keyboard.press("Shift+Home")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")

    # A legal basis changed in place is saved without a button.
    basis = page.locator(".line-bases textarea.t").first
    basis.fill("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;")
    _saved(page)
    assert plan.legal_bases.order_by("order", "id").first().text.startswith("Căn cứ Luật Tổ chức chính quyền")

    page.evaluate("window.scrollTo(0, 0)")
    _shoot(page, "editor", 1280, full_page=False)
    _shoot(page, "editor", 820, full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Submit for review.
    page.click("text=Về trang kế hoạch")
    page.wait_for_url(f"{page.base_url}/ke-hoach/{plan.pk}/")
    page.click("button[name=submit-plan]")
    page.locator("[data-status=submitted]").first.wait_for()
    assert page.locator("a:has-text('Sửa')").count() == 0

    # The leader returns it with a comment.
    _relogin(page, login, leader)
    page.goto(f"{page.base_url}/ke-hoach/{plan.pk}/")
    page.click("text=Trả lại kèm ý kiến")
    page.fill("textarea[name=comment]", "Bổ sung thời gian cụ thể cho từng buổi.")
    page.click("button[name=return-plan]")
    page.locator("[data-status=returned]").first.wait_for()
    assert "Bổ sung thời gian cụ thể" in page.locator("#plan-history").inner_text()

    # Staff resubmits.
    _relogin(page, login, staff)
    page.goto(f"{page.base_url}/ke-hoach/{plan.pk}/")
    page.click("button[name=submit-plan]")
    page.locator("[data-status=submitted]").first.wait_for()
    assert page.locator("button[name=approve-plan]").count() == 0  # staff cannot approve

    # The leader approves and issues.
    _relogin(page, login, leader)
    page.goto(f"{page.base_url}/ke-hoach/{plan.pk}/")
    page.click("button[name=approve-plan]")
    page.locator("[data-status=approved]").first.wait_for()
    page.click("button[name=issue-plan]")
    page.click("button[name=confirm-issue]")  # the confirmation naming the number
    page.locator("[data-status=issued]").first.wait_for()
    plan.refresh_from_db()
    assert plan.status == Status.ISSUED and plan.number == 1
    assert "Số: 01/KH-" in page.locator(".paper").inner_text()
    history = page.locator("#plan-history > li")
    # created, its year written in place of the template's, submitted, returned, submitted, approved, issued
    assert history.count() == 7
    _shoot(page, "detail", 1280)
    _shoot(page, "detail", 820)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Nobody edits an issued plan: the editor sends back to the plan page.
    page.goto(f"{page.base_url}/ke-hoach/{plan.pk}/sua/")
    page.wait_for_url(f"{page.base_url}/ke-hoach/{plan.pk}/")

    with page.expect_download() as download:
        page.click("#download-pdf")
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
