"""From an approved plan to approved minutes in Chromium: create, schedule, announce
(public page and .ics), the secretary's page on the day at tablet width (check-in,
door counts, speakers, petitions, a lost answer retried after a reload), marked
held, minutes drafted, edited, approved and printed."""

import datetime as dt
import io
import subprocess

import pytest
from django.utils import timezone
from pypdf import PdfReader

from conferences.models import Attendance, Conference, ConferenceStatus as S, Minutes, Speech
from petitions.models import Petition

from .factories import approved_plan

pytestmark = pytest.mark.browser

TABLET = {"width": 820, "height": 1180}
SPEAKERS = [
    ("Trần Văn Hùng", "Xóm Hòa Bình", "Đường liên xóm xuống cấp, mùa mưa lầy lội"),
    ("Lê Thị Mai", "Xóm Đông", "Thiếu điện chiếu sáng ở ngã ba chợ"),
    ("Phạm Văn Tâm", "Hợp tác xã Nông nghiệp", "Hỗ trợ giống cây trồng sau lũ"),
]


def _wait_total(page, total):
    page.locator(f"#day-total[data-total='{total}']").wait_for()


def test_from_plan_to_approved_minutes(page, login, org, staff, secretary, leader):
    plan = approved_plan(org, sessions=1, secretary_user=secretary)
    venue = "Nhà văn hóa xóm Hòa Bình"

    # The office creates the conference from the plan, fixes the date and announces it.
    login(staff)
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.goto(f"{page.base_url}/hoi-nghi/")
    page.select_option("#id_plan", str(plan.pk))
    page.get_by_role("button", name="Tạo hội nghị").click()
    page.wait_for_url(f"{page.base_url}/hoi-nghi/*/")
    conference = Conference.objects.get(plan=plan)
    day = timezone.localdate() + dt.timedelta(days=10)
    page.goto(f"{page.base_url}/hoi-nghi/{conference.pk}/xep-lich/")
    page.fill("input[name=date]", day.strftime("%d/%m/%Y"))
    page.fill("input[name=start_time]", "08:00")
    page.fill("input[name=venue]", venue)
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"{page.base_url}/hoi-nghi/{conference.pk}/")
    page.get_by_role("button", name="Thông báo").click()
    page.wait_for_url(f"{page.base_url}/hoi-nghi/{conference.pk}/")
    conference.refresh_from_db()
    assert conference.status == S.ANNOUNCED and not conference.short_notice
    assert venue in asked[-1] and "cổng công khai" in asked[-1]

    public = page.context.request.get(f"{page.base_url}/cong-khai/hoi-nghi/{conference.public_code}/")
    assert public.ok and venue in public.text() and day.strftime("%d/%m/%Y") in public.text()
    ics = page.context.request.get(f"{page.base_url}/cong-khai/hoi-nghi/{conference.public_code}.ics")
    unfolded = ics.text().replace("\r\n ", "")
    assert "BEGIN:VEVENT" in unfolded and venue in unfolded and day.strftime("%Y%m%d") in unfolded

    # The day comes (the clock cannot be moved in a live server: the start is moved to this morning).
    Conference.objects.filter(pk=conference.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))

    # The secretary, on a tablet.
    page.context.clear_cookies()
    page.set_viewport_size(TABLET)
    login(secretary)
    day_url = f"{page.base_url}/hoi-nghi/{conference.pk}/ngay-hoi-nghi/"
    page.goto(day_url)
    for i, (name, unit) in enumerate([("Nguyễn Văn An", "Xóm Hòa Bình"), ("Đỗ Thị Hạnh", "Xóm Đông")], start=1):
        page.fill("#checkin-name", name)
        page.fill("#checkin-unit", unit)
        page.press("#checkin-name", "Enter")
        _wait_total(page, i)
        # After each check-in the name field is ready for the next person.
        assert page.evaluate("document.activeElement.id") == "checkin-name"
    for step, total in (("+10", 12), ("+5", 17), ("+10", 27)):
        page.get_by_role("button", name=step, exact=True).click()
        _wait_total(page, total)

    # Text typed but not sent survives a reload.
    page.fill("#checkin-name", "Vũ Văn Cường")
    page.reload()
    assert page.input_value("#checkin-name") == "Vũ Văn Cường"
    # The server records it but the answer is lost; after a reload the same form is sent again: counted once.
    def lose_answer(route):
        route.fetch()
        route.abort()

    page.route("**/ngay-hoi-nghi/diem-danh/", lose_answer)
    # Wait for the lost answer itself, not only the banner, before the route is taken away.
    with page.expect_event("requestfailed", lambda request: "diem-danh" in request.url):
        page.press("#checkin-name", "Enter")
    page.locator("#day-offline:not(.d-none)").wait_for()
    page.unroute("**/ngay-hoi-nghi/diem-danh/")
    assert Attendance.objects.filter(conference=conference, name="Vũ Văn Cường").count() == 1
    page.reload()
    assert page.input_value("#checkin-name") == "Vũ Văn Cường"
    page.press("#checkin-name", "Enter")
    page.locator("#day-live .day-attendees").wait_for(state="attached")
    page.wait_for_function("() => document.getElementById('checkin-name').value === ''")
    _wait_total(page, 28)
    assert Attendance.objects.filter(conference=conference, name="Vũ Văn Cường").count() == 1

    # Three speakers.
    for i, (name, unit, topic) in enumerate(SPEAKERS, start=1):
        page.fill("#speech-name", name)
        page.fill("#speech-unit", unit)
        page.fill("#speech-topic", topic)
        page.press("#speech-topic", "Enter")
        page.locator("#speeches [data-speech]").nth(i - 1).wait_for()
    speeches = list(Speech.objects.filter(conference=conference))
    assert [s.speaker_name for s in speeches] == [s[0] for s in SPEAKERS]
    for s in speeches:
        row = page.locator(f"[data-speech='{s.pk}']")
        row.get_by_role("button", name="Bắt đầu").click()
        page.locator(f"[data-speech='{s.pk}'] .text-success").wait_for()
    page.locator(f"[data-speech='{speeches[-1].pk}']").get_by_role("button", name="Kết thúc").click()
    page.locator(f"[data-speech='{speeches[-1].pk}'] button.btn-danger").wait_for(state="detached")

    # Who answered the first speaker.
    row = page.locator(f"[data-speech='{speeches[0].pk}']")
    row.locator("summary", has_text="Ghi trả lời").click()
    row.locator("input[name=answered_by]").fill("Chủ tịch UBND xã")
    row.locator("textarea[name=answer_summary]").fill("Xã sẽ sửa đường trong quý III.")
    row.get_by_role("button", name="Lưu nội dung trả lời").click()
    page.locator(f"[data-speech='{speeches[0].pk}']", has_text="Chủ tịch UBND xã").wait_for()

    # Petitions from two of the speeches, content prefilled from the topic.
    for s in speeches[:2]:
        row = page.locator(f"[data-speech='{s.pk}']")
        row.locator("summary", has_text="Ghi kiến nghị").click()
        assert row.locator("textarea[name=content]").input_value() == s.topic
        row.locator(f"#form-petition-{s.pk} button[type=submit]").click()
        page.locator(f"[data-speech='{s.pk}'] .day-petition").wait_for()
    petitions = Petition.objects.filter(conference=conference).order_by("speech_number")
    assert [p.speech_number for p in petitions] == [speeches[0].number, speeches[1].number]
    assert [p.petitioner_name for p in petitions] == [SPEAKERS[0][0], SPEAKERS[1][0]]

    # The third speaker's petition form, as the secretary sees it before sending.
    row = page.locator(f"[data-speech='{speeches[2].pk}']")
    row.locator("summary", has_text="Ghi kiến nghị").click()
    row.locator("textarea[name=content]").fill("Đề nghị hỗ trợ giống ngô cho hộ bị lũ")
    row.screenshot(path="/tmp/h7-day-petition-form.png")
    page.reload()  # unsent: kept on the device, the form reopens
    row = page.locator(f"[data-speech='{speeches[2].pk}']")
    assert row.locator("textarea[name=content]").input_value() == "Đề nghị hỗ trợ giống ngô cho hộ bị lũ"
    assert row.locator("details.day-petition-form").get_attribute("open") is not None
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path="/tmp/h7-day-tablet.png")
    page.screenshot(path="/tmp/h7-day-tablet-full.png", full_page=True)
    # The total stays in sight when the list is scrolled.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.locator("#day-total").is_visible()
    box = page.locator("#day-total").bounding_box()
    assert 0 <= box["y"] < 200

    # Held, then the minutes.
    page.goto(f"{page.base_url}/hoi-nghi/{conference.pk}/")
    page.locator("form[action$='/chuyen/held/'] button").click()
    page.wait_for_url(f"{page.base_url}/hoi-nghi/{conference.pk}/")
    conference.refresh_from_db()
    assert conference.status == S.HELD
    page.goto(f"{page.base_url}/hoi-nghi/{conference.pk}/bien-ban/")
    page.get_by_role("button", name="Lập biên bản").click()
    page.wait_for_url(f"{page.base_url}/hoi-nghi/{conference.pk}/bien-ban/")
    assert "Tổng số người tham dự: 28 người" in page.input_value("#id_attendance")
    assert "Chủ tịch UBND xã" in page.input_value("#id_content")
    page.fill("#id_conclusions", "Giao UBND xã sửa đường liên xóm Hòa Bình trong quý III; lắp đèn chiếu sáng ngã ba chợ.")
    end = timezone.localtime(timezone.now())  # it has just ended: an end still to come is refused
    page.fill("#id_ended_at", end.strftime("%H:%M %d/%m/%Y"))
    page.get_by_role("button", name="Lưu biên bản").click()
    page.locator(".alert-success").wait_for()
    page.screenshot(path="/tmp/h7-minutes-edit.png", full_page=True)

    page.context.clear_cookies()
    login(leader)
    page.goto(f"{page.base_url}/hoi-nghi/{conference.pk}/bien-ban/")
    page.get_by_role("button", name="Duyệt biên bản").click()
    # Approving issues the minutes: one confirmation naming the BB number.
    assert "Duyệt biên bản với số 01/BB-" in page.locator("#confirm-question").inner_text()
    page.screenshot(path="/tmp/h7-minutes-confirm.png", full_page=True)
    page.click("button[name=confirm-action]")
    page.locator("#minutes-status.text-bg-success").wait_for()
    assert Minutes.objects.get(conference=conference).is_approved
    assert page.locator("textarea").count() == 0

    response = page.context.request.get(f"{page.base_url}/hoi-nghi/{conference.pk}/bien-ban.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    with open("/tmp/h7-minutes.pdf", "wb") as fh:
        fh.write(pdf)
    # Lines wrap anywhere: compare with single spaces.
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    for name, unit, _topic in SPEAKERS:
        assert name in text and unit in text
    assert "An Nguyễn Văn" not in text  # names print family name first
    for expected in ("Tổng số người tham dự: 28 người", "BIÊN BẢN", "HỘI NGHỊ TIẾP XÚC, ĐỐI THOẠI", venue,
                     "Chủ tịch UBND xã", "Hội nghị kết thúc vào", "THƯ KÝ", "CHỦ TRÌ", "lắp đèn chiếu sáng ngã ba chợ"):
        assert expected in text, expected
    subprocess.run(["pdftoppm", "-r", "60", "-png", "/tmp/h7-minutes.pdf", "/tmp/h7-minutes"], check=True)
