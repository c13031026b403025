"""The document editor in Chromium: keyboard, paste, clearing a part, what is typed
surviving a failed save and a reload, two tabs not overwriting each other, axe."""

import json
import re

import pytest

from dialogue.testing.shots import shots_dir
from plans.models import PlanItem, PlanPart, Style

from .factories import complete_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = shots_dir("editor")
VIOLATIONS = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""
SAVE = re.compile(r"/sua/luu/$")


def _open(page, login, staff, plan):
    login(staff)
    page.goto(f"{page.base_url}/ke-hoach/{plan.pk}/sua/")
    page.wait_for_selector("#plan-doc .line-body textarea")


def _saved(page):
    page.wait_for_function("() => !window.planEditor.isDirty()")
    page.wait_for_function("() => document.getElementById('save-status').textContent.startsWith('Đã lưu lúc')")


def _item(plan, text):
    return PlanItem.objects.filter(part__section__plan=plan, text=text)


def _line(page, text):
    """The textarea of the body line whose text is `text`."""
    key = page.evaluate(
        """text => Array.from(document.querySelectorAll('#plan-doc textarea.t')).find(e => e.value === text).dataset.key""",
        text,
    )
    return f"#f-{key}-text"


def test_enter_tab_backspace_and_alt_arrows(page, login, org, staff):
    plan = complete_plan(issuer=org)
    _open(page, login, staff, plan)
    page.click(_line(page, "Nắm bắt tâm tư, nguyện vọng của nhân dân."))
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Dòng mới gõ tại chỗ")
    page.keyboard.press("Tab")  # a sub-item "+"
    _saved(page)
    item = _item(plan, "Dòng mới gõ tại chỗ").get()
    assert item.style == Style.PLUS
    texts = list(item.part.items.values_list("text", flat=True))
    assert texts == ["Nắm bắt tâm tư, nguyện vọng của nhân dân.", "Dòng mới gõ tại chỗ", "Trả lời trong [[tra_loi]]."]

    # Alt+↑ moves it up; Shift+Tab twice makes it a part heading of the same section.
    page.keyboard.press("Alt+ArrowUp")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    _saved(page)
    assert not _item(plan, "Dòng mới gõ tại chỗ").exists()
    parts = list(PlanPart.objects.filter(section__plan=plan, section__order=1).order_by("order"))
    assert [p.heading for p in parts] == ["Mục đích", "Dòng mới gõ tại chỗ"]
    assert list(parts[1].items.values_list("text", flat=True)) == ["Nắm bắt tâm tư, nguyện vọng của nhân dân.",
                                                                    "Trả lời trong [[tra_loi]]."]

    # Enter in the middle of a line splits it; Backspace at the start joins it back.
    page.click(_line(page, "Trả lời trong [[tra_loi]]."))
    page.keyboard.press("Home")
    for _ in range(len("Trả lời")):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    _saved(page)
    assert _item(plan, " trong [[tra_loi]].").exists()
    page.keyboard.press("Backspace")
    _saved(page)
    assert _item(plan, "Trả lời trong [[tra_loi]].").exists()
    # Backspace in an empty line removes it and goes to the end of the line above.
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.press("Backspace")
    assert page.evaluate("document.activeElement.value") == "Trả lời trong [[tra_loi]]."
    # Keyboard only: Alt+F10 reaches the toolbar, which acts on the line; Esc goes back to it.
    page.keyboard.press("Alt+F10")
    assert page.evaluate("document.activeElement.id") == "tool-kind"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "tool-style"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.value") == "Trả lời trong [[tra_loi]]."
    # A typed "- " at the start of a line is its marker, not its text.
    page.keyboard.press("Enter")
    page.keyboard.type("* Dòng sao")
    _saved(page)
    assert _item(plan, "Dòng sao").get().style == Style.STAR


def test_paste_of_several_paragraphs_makes_several_items(page, login, org, staff):
    plan = complete_plan(issuer=org)
    _open(page, login, staff, plan)
    page.click(_line(page, "Trả lời trong [[tra_loi]]."))
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    pasted = (
        "- Tuyên truyền mục đích, yêu cầu của hội nghị\nđối thoại.\n"
        "+ Mời đại diện cán bộ, nhân dân;\n"
        "a) Chuẩn bị hội trường.\n"
        "2. Công tác phối hợp\n"
        "- Đề nghị thường trực HĐND tham dự."
    )
    page.evaluate(
        """text => { const dt = new DataTransfer(); dt.setData('text/plain', text);
        document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true})); }""",
        pasted,
    )
    _saved(page)
    first = _item(plan, "Tuyên truyền mục đích, yêu cầu của hội nghị đối thoại.").get()
    assert first.style == Style.DASH
    assert _item(plan, "Mời đại diện cán bộ, nhân dân;").get().style == Style.PLUS
    assert _item(plan, "Chuẩn bị hội trường.").get().style == Style.LETTER_PAREN
    part = PlanPart.objects.get(section__plan=plan, heading="Công tác phối hợp")
    assert part.numbered and part.section_id == first.part.section_id
    assert list(part.items.values_list("text", "style")) == [("Đề nghị thường trực HĐND tham dự.", Style.DASH)]


def test_paragraphs_pasted_from_word_stay_paragraphs(page, login, org, staff):
    """Word copies paragraphs as lines without markers (CR LF): each is an item of its own;
    only a line going on in small letters after an unfinished one joins it (a PDF's break)."""
    plan = complete_plan(issuer=org)
    _open(page, login, staff, plan)
    page.click(_line(page, "Trả lời trong [[tra_loi]]."))
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.evaluate(
        """text => { const dt = new DataTransfer(); dt.setData('text/plain', text);
        document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true})); }""",
        "Đoạn A\r\nĐoạn B\r\n- Đoạn C của hội nghị\r\nđối thoại\r\nĐoạn D",
    )
    _saved(page)
    for text in ("Đoạn A", "Đoạn B", "Đoạn C của hội nghị đối thoại", "Đoạn D"):
        assert _item(plan, text).exists(), text


def test_clearing_a_part_is_one_action_with_one_confirmation(page, login, org, staff):
    plan = complete_plan(issuer=org)
    part = PlanPart.objects.get(section__plan=plan, heading="Mục đích")
    for n in range(10):
        PlanItem.objects.create(part=part, text=f"Dòng mẫu {n}", order=10 + n)
    _open(page, login, staff, plan)
    page.click(_line(page, "Dòng mẫu 3"))
    confirms = []
    page.on("dialog", lambda dialog: (confirms.append(dialog.message), dialog.accept()))
    page.click("[data-action=clear-part]")
    _saved(page)
    assert confirms == ["Xoá mọi dòng của phần này?"]
    assert not part.items.exists()
    assert PlanPart.objects.filter(pk=part.pk).exists()


def test_a_failed_save_and_a_reload_lose_nothing(page, login, org, staff):
    plan = complete_plan(issuer=org)
    _open(page, login, staff, plan)
    page.route(SAVE, lambda route: route.abort())
    page.click(_line(page, "Nắm bắt tâm tư, nguyện vọng của nhân dân."))
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Gõ khi mạng mất")
    page.get_by_text("Chưa lưu được — sẽ thử lại").wait_for()
    assert not _item(plan, "Gõ khi mạng mất").exists()

    page.reload()  # the server still has the old text; this browser kept the new one
    page.wait_for_selector("#plan-doc .line-body textarea")
    assert page.locator("#plan-doc textarea.t").evaluate_all("els => els.map(e => e.value)").count("Gõ khi mạng mất") == 1
    page.unroute(SAVE)
    page.keyboard.press("Tab")  # the page saves the restored text (next change or retry)
    page.click(_line(page, "Gõ khi mạng mất"))
    page.keyboard.press("End")
    page.keyboard.type(" và đã lưu")
    _saved(page)
    assert _item(plan, "Gõ khi mạng mất và đã lưu").exists()
    assert page.evaluate(f"localStorage.getItem('plan-draft-{plan.pk}')") is None


def test_two_tabs_do_not_overwrite_each_other(page, login, org, staff):
    plan = complete_plan(issuer=org)
    _open(page, login, staff, plan)
    other = page.context.new_page()
    other.goto(f"{page.base_url}/ke-hoach/{plan.pk}/sua/")
    other.wait_for_selector("#plan-doc .line-body textarea")
    other.fill("#f-plan-place", "Nơi của tab hai")
    other.wait_for_function("() => !window.planEditor.isDirty()")

    page.fill("#f-plan-place", "Nơi của tab một")
    page.locator("#editor-conflict").wait_for()
    assert "được sửa ở nơi khác" in page.locator("#editor-conflict").inner_text()
    plan.refresh_from_db()
    assert plan.place == "Nơi của tab hai"
    page.click("[data-action=keep-mine]")
    _saved(page)
    plan.refresh_from_db()
    assert plan.place == "Nơi của tab một"


def test_errors_are_shown_next_to_the_line_in_vietnamese(page, login, org, staff):
    plan = complete_plan(issuer=org)
    _open(page, login, staff, plan)
    page.click(_line(page, "Nắm bắt tâm tư, nguyện vọng của nhân dân."))
    page.keyboard.press("End")
    page.keyboard.type(" Trong [[khong_co]].")
    feedback = page.locator(".line.is-current .invalid-feedback")
    feedback.wait_for()
    assert "Chưa có thời hạn nào có mã [[khong_co]]" in feedback.inner_text()
    assert "đánh dấu đỏ" in page.locator("#save-status").inner_text()
    # What was typed stays in the line.
    assert page.evaluate("document.activeElement.value").endswith("Trong [[khong_co]].")


@pytest.mark.parametrize("width", [1280, 820, 375])
def test_editor_passes_axe_and_is_looked_at(page, login, org, staff, width):
    plan = complete_plan(issuer=org)
    page.set_viewport_size({"width": width, "height": 900})
    _open(page, login, staff, plan)
    page.click(_line(page, "Nắm bắt tâm tư, nguyện vọng của nhân dân."))
    page.add_script_tag(url="/static/vendor/axe/axe.min.js")  # from the site: the CSP allows it
    violations = page.evaluate(VIOLATIONS)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"editor-complete-{width}.png"), full_page=True)
