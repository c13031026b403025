"""The plan's life in a real browser: template → edit → review → issue → PDF."""

import re

import pytest

from plans.models import Plan, Status
from plans.seeds import load_templates

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _relogin(page, login, user):
    page.context.clear_cookies()
    login(user)


def _card(page, key):
    return page.locator(f"#card-{key}")


def _add_row(page, key, **fields):
    """Open the card's add form, fill the fields by name suffix and add the row; waits for it to appear."""
    card = _card(page, key)
    rows = card.locator(f"ol#rows-list-{key}-{_plan_pk(page)} > li")
    before = rows.count()
    add = card.locator(f"#add-list-{key}-{_plan_pk(page)}")
    if add.get_attribute("open") is None:
        add.locator("summary").click()
    for suffix, value in fields.items():
        field = add.locator(f"[name$='-{suffix}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    with page.expect_response(re.compile(r"/them/$")):
        add.locator("button[type=submit]").click()
    return rows, before


def _plan_pk(page) -> int:
    return int(re.search(r"/ke-hoach/(\d+)/", page.url).group(1))


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

    # Add two recipients, then move the second above the first with the keyboard-accessible button.
    rows, before = _add_row(page, "recipients", text="Ủy ban MTTQ xã")
    rows.nth(before).wait_for()
    rows, before = _add_row(page, "recipients", text="Các thôn trên địa bàn xã", note="thực hiện")
    rows.nth(before).wait_for()
    assert rows.count() == before + 1
    last = rows.nth(before)
    with page.expect_response(re.compile(r"/sap-xep/$")) as reorder:
        last.locator(".js-move[data-dir=up]").click()
    assert reorder.value.status == 204
    texts = list(plan.recipients.values_list("text", flat=True))
    assert texts[-2:] == ["Các thôn trên địa bàn xã", "Ủy ban MTTQ xã"]
    # The order shown is the order stored, also after a reload.
    page.reload()
    shown = _card(page, "recipients").locator("ol > li textarea, ol > li input[name$='-text']").evaluate_all(
        "els => els.map(e => e.value)"
    )
    assert shown[-2:] == ["Các thôn trên địa bàn xã", "Ủy ban MTTQ xã"]

    # A legal basis appears in the live preview without reloading.
    rows, before = _add_row(page, "bases", text="Căn cứ Kế hoạch số 99/KH-UBND của UBND huyện;")
    page.locator("#preview").get_by_text("Căn cứ Kế hoạch số 99/KH-UBND").wait_for()

    # An unknown [[code]] is named next to the field and the text typed is kept.
    _add_row(page, "agenda", text="Trả lời trong [[khong_co]]")
    add = page.locator(f"#add-list-agenda-{plan.pk}")
    assert "[[khong_co]]" in add.locator(".invalid-feedback").inner_text()
    assert add.locator("[name$='-text']").input_value() == "Trả lời trong [[khong_co]]"

    # Editing a saved row: change it and save; the row says it was saved.
    first_basis = _card(page, "bases").locator("ol > li").first
    first_basis.locator("[name$='-text']").fill("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;")
    first_basis.locator("button[type=submit]").click()
    first_basis.get_by_text("Đã lưu").wait_for()
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
    assert history.count() == 6  # created, submitted, returned, submitted, approved, issued
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


def test_drag_handle_reorders_and_keyboard_buttons_keep_focus(page, login, org, staff):
    from plans.models import LegalBasis

    from .factories import complete_plan

    plan = complete_plan(issuer=org)
    LegalBasis.objects.create(plan=plan, order=2, text="Căn cứ thứ hai;")
    LegalBasis.objects.create(plan=plan, order=3, text="Căn cứ thứ ba;")
    login(staff)
    page.goto(f"{page.base_url}/ke-hoach/{plan.pk}/sua/")
    rows = _card(page, "bases").locator("ol > li")
    with page.expect_response(re.compile(r"/sap-xep/$")):
        rows.nth(2).locator(".drag-handle").drag_to(rows.nth(0), target_position={"x": 20, "y": 5})
    assert list(plan.legal_bases.values_list("text", flat=True))[0] == "Căn cứ thứ ba;"
    # The preview follows the new order.
    page.wait_for_function(
        "() => document.querySelector('#preview .paper p.i').textContent.includes('Căn cứ thứ ba')"
    )
    # Keyboard: focus the down button, press Enter; the row moves and the button keeps the focus.
    down = rows.nth(0).locator(".js-move[data-dir=down]")
    down.focus()
    with page.expect_response(re.compile(r"/sap-xep/$")):
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.dir") == "down"
    assert list(plan.legal_bases.values_list("text", flat=True))[:2] == [
        "Căn cứ Luật Tổ chức chính quyền địa phương năm 2015;",
        "Căn cứ thứ ba;",
    ]
