"""The real pages in Chromium: the detail page, the agenda editor's script and
the public announcement, at desktop and phone width (screenshots in /tmp)."""

import pytest
from django.utils import timezone

from conferences import services
from conferences.models import Conference, ConferenceStatus as S

from .factories import approved_plan, in_days

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def announced(org, staff, secretary):
    plan = approved_plan(org, sessions=2, secretary_user=secretary)
    conference = services.conferences_create_from_plan(plan=plan, by=staff)[0]
    services.conference_update(
        conference=conference, by=staff,
        audience="Cán bộ, đảng viên và Nhân dân trên địa bàn xóm Hòa Bình",
    )
    services.conference_schedule(conference=conference, starts_at=in_days(5, hour=14), venue="Nhà văn hóa xóm Hòa Bình", by=staff)
    services.conference_announce(conference=conference, by=staff, acknowledge_short_notice=True)
    return conference


def test_detail_and_public_pages(page, login, staff, announced):
    login(staff)
    page.goto(f"{page.base_url}/hoi-nghi/{announced.pk}/")
    # The title names the event, and which of the plan's sessions it is.
    heading = page.locator("h1").inner_text()
    assert heading.startswith("Hội nghị tiếp xúc") and heading.endswith("(Trước tháng 6/2026, tại Hội trường UBND xã)")
    assert page.get_by_text("Đã thông báo", exact=True).first.is_visible()
    assert page.get_by_text("thông báo muộn", exact=True).is_visible()
    page.screenshot(path="/tmp/h4-detail-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path="/tmp/h4-detail-phone.png", full_page=True)

    # The public pages as a citizen sees them: logged out.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{page.base_url}/cong-khai/hoi-nghi/{announced.public_code}/")
    assert page.get_by_text("Nhà văn hóa xóm Hòa Bình").is_visible()
    assert page.get_by_text("Chuyên viên Văn phòng").count() == 0
    assert page.get_by_role("link", name="Đăng nhập").is_visible()
    page.screenshot(path="/tmp/h4-public-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path="/tmp/h4-public-phone.png", full_page=True)
    page.goto(f"{page.base_url}/cong-khai/don-vi/{announced.organization.code}/hoi-nghi/")
    page.screenshot(path="/tmp/h4-public-list-phone.png", full_page=True)


def test_agenda_editor_adds_moves_and_removes_rows(page, login, staff, org):
    plan = approved_plan(org, sessions=1)
    conference = services.conferences_create_from_plan(plan=plan, by=staff)[0]
    login(staff)
    page.goto(f"{page.base_url}/hoi-nghi/{conference.pk}/danh-sach/agenda/")
    page.click("#add-row")
    page.locator("[data-row]").last.locator("textarea").fill("Bế mạc hội nghị")
    # Move the new row to the top, remove the (old) second step.
    new_row = page.locator("[data-row]").filter(has=page.locator("textarea[name='agenda-3-text']"))
    for _ in range(3):
        new_row.locator("[data-move='-1']").click()
    page.locator("[data-row]").nth(2).locator("label.btn-outline-danger").click()
    assert page.locator("[data-row] [data-delete]:checked").count() == 1
    assert page.locator("[data-row].d-none").count() == 1
    page.screenshot(path="/tmp/h4-agenda-editor.png", full_page=True)
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"{page.base_url}/hoi-nghi/{conference.pk}/")
    texts = [a.text for a in Conference.objects.get(pk=conference.pk).agenda.all()]
    assert texts == ["Bế mạc hội nghị", "Ổn định tổ chức; giới thiệu đại biểu", "Nhân dân phát biểu ý kiến"]


def test_short_notice_confirm_step(page, login, staff, org):
    plan = approved_plan(org, sessions=1)
    conference = services.conferences_create_from_plan(plan=plan, by=staff)[0]
    services.conference_schedule(conference=conference, starts_at=in_days(2), venue="Hội trường", by=staff)
    login(staff)
    page.goto(f"{page.base_url}/hoi-nghi/{conference.pk}/")
    page.on("dialog", lambda dialog: dialog.accept())  # "Thông báo hội nghị … lên cổng công khai?"
    page.get_by_role("button", name="Thông báo").click()
    page.get_by_text("Vi phạm quy định của kế hoạch").wait_for()
    page.screenshot(path="/tmp/h4-short-notice.png", full_page=True)
    page.get_by_label("Tôi hiểu quy định bị vi phạm và vẫn thông báo.").check()
    page.get_by_role("button", name="Vẫn thông báo").click()
    page.wait_for_url(f"{page.base_url}/hoi-nghi/{conference.pk}/")
    conference.refresh_from_db()
    assert conference.status == S.ANNOUNCED and conference.announced_at <= timezone.now()


def test_list_schedule_people_and_cancelled_public_page(page, login, staff, org, secretary):
    plan = approved_plan(org, sessions=2)
    first, second = services.conferences_create_from_plan(plan=plan, by=staff)
    services.conference_schedule(conference=second, starts_at=in_days(20, hour=8), venue="Hội trường UBND xã", by=staff)
    services.conference_announce(conference=second, by=staff)
    services.conference_cancel(conference=second, by=staff, reason="Trùng lịch tiếp công dân của tỉnh; sẽ tổ chức lại.")
    login(staff)
    page.goto(f"{page.base_url}/hoi-nghi/")
    assert page.locator("td .badge", has_text="Đã hủy").is_visible()
    page.screenshot(path="/tmp/h4-list-desktop.png", full_page=True)

    page.goto(f"{page.base_url}/hoi-nghi/{first.pk}/xep-lich/")
    page.fill("input[name=date]", "31/02/2030")
    page.fill("input[name=start_time]", "08:00")
    page.get_by_role("button", name="Lưu").click()
    assert page.locator(".invalid-feedback, .alert-danger").first.is_visible()
    assert page.input_value("input[name=venue]") == "Hội trường UBND xã"
    page.screenshot(path="/tmp/h4-schedule-error.png", full_page=True)

    page.goto(f"{page.base_url}/hoi-nghi/{first.pk}/danh-sach/people/")
    page.click("#add-row")
    row = page.locator("[data-row]").last
    row.locator("select[name$='-role']").select_option("secretary")
    row.locator("select[name$='-user']").select_option(str(secretary.pk))
    page.set_viewport_size(PHONE)
    page.screenshot(path="/tmp/h4-people-phone.png", full_page=True)
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"{page.base_url}/hoi-nghi/{first.pk}/")
    assert first.people.filter(role="secretary", user=secretary).exists()

    page.context.clear_cookies()
    page.goto(f"{page.base_url}/cong-khai/hoi-nghi/{second.public_code}/")
    page.get_by_text("Hội nghị này đã hủy.").wait_for()
    page.screenshot(path="/tmp/h4-public-cancelled-phone.png", full_page=True)
