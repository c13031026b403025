"""The minutes: drafted from the records, edited, approved by the chair, printed."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from conferences import session_records as records
from conferences.minutes_documents import build_minutes_document, render_minutes_pdf
from conferences.models import ConferencePerson, ConferenceStatus as S, Minutes
from conferences.services import ConferenceError

from .factories import conference_in_state


@pytest.fixture
def conference(org, staff, secretary, leader):
    conference = conference_in_state(
        org, S.HELD, by=staff, secretary=secretary, venue="Nhà văn hóa xóm Hòa Bình",
        starts_at=timezone.now() - dt.timedelta(hours=2),  # started, whatever the time of day the tests run
        audience="Nhân dân xóm Hòa Bình",
    )
    ConferencePerson.objects.create(conference=conference, role="chair", user=leader, position="Chủ tịch UBND xã")
    records.attendance_check_in(conference=conference, by=secretary, name="Nguyễn Văn An", unit="Xóm 1")
    records.door_count_add(conference=conference, by=secretary, count=40)
    a = records.speech_add(conference=conference, by=secretary, speaker_name="Trần Văn Hùng", unit="Xóm 1", topic="Đường liên xóm xuống cấp")
    records.speech_edit(speech=a, by=secretary, answered_by="Chủ tịch UBND xã", answer_summary="Sửa trong quý III")
    records.speech_start(speech=a, by=secretary)
    records.speech_stop(speech=a, by=secretary)
    records.speech_capture_petition(speech=a, by=secretary, content="Sửa đường liên xóm")
    return conference


def test_draft_from_the_records(conference, secretary):
    minutes = records.minutes_draft(conference=conference, by=secretary)
    assert "Nhà văn hóa xóm Hòa Bình" in minutes.opening and minutes.opening.startswith("Vào hồi ")
    assert "Tổng số người tham dự: 41 người" in minutes.attendance
    assert "Nguyễn Văn An (Xóm 1)" in minutes.attendance
    assert "Trần Văn Hùng (Xóm 1)" in minutes.content and "Trả lời: Chủ tịch UBND xã" in minutes.content
    assert "Kiến nghị ghi nhận:" in minutes.content
    assert "Chủ tịch UBND xã" in minutes.chairs
    assert minutes.ended_at is not None


def test_edit_approve_and_then_read_only(conference, secretary, leader, staff):
    records.minutes_draft(conference=conference, by=secretary)
    with pytest.raises(ConferenceError) as exc:
        records.minutes_approve(conference=conference, by=leader)
    assert "kết luận" in exc.value.message.lower() or "conclusion" in exc.value.message.lower()
    records.minutes_edit(conference=conference, by=secretary, conclusions="Giao UBND xã sửa đường trong quý III.")
    # Re-drafting keeps the conclusions already written.
    records.minutes_draft(conference=conference, by=secretary)
    assert Minutes.objects.get().conclusions.startswith("Giao UBND xã")
    with pytest.raises(ConferenceError):
        records.minutes_approve(conference=conference, by=staff)
    with pytest.raises(ConferenceError):
        records.minutes_approve(conference=conference, by=secretary)
    minutes = records.minutes_approve(conference=conference, by=leader)
    assert minutes.is_approved and minutes.approved_by == leader
    for call in (
        lambda: records.minutes_edit(conference=conference, by=secretary, content="x"),
        lambda: records.minutes_draft(conference=conference, by=secretary),
    ):
        with pytest.raises(ConferenceError):
            call()


def test_end_before_start_is_refused(conference, secretary):
    records.minutes_draft(conference=conference, by=secretary)
    with pytest.raises(ConferenceError) as exc:
        records.minutes_edit(conference=conference, by=secretary, ended_at=conference.starts_at - dt.timedelta(hours=1))
    assert exc.value.field == "ended_at"


def test_pdf_prints_the_official_layout(conference, secretary, leader):
    records.minutes_draft(conference=conference, by=secretary)
    records.minutes_edit(conference=conference, by=secretary, conclusions="Giao UBND xã sửa đường.")
    minutes = records.minutes_approve(conference=conference, by=leader)
    doc = build_minutes_document(Minutes.objects.get(pk=minutes.pk))
    assert not doc.is_draft and doc.symbol.startswith("Số: ") and "/BB-" in doc.symbol
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(render_minutes_pdf(minutes))).pages)
    for expected in (
        "BIÊN BẢN", "HỘI NGHỊ TIẾP XÚC, ĐỐI THOẠI", "Nhà văn hóa xóm Hòa Bình", "41 người", "Trần Văn Hùng",
        "Chủ tịch UBND xã", "Giao UBND xã sửa đường", "Hội nghị kết thúc vào", "THƯ KÝ", "CHỦ TRÌ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ):
        assert expected in text, expected
    assert "DỰ THẢO" not in text


def test_views_draft_edit_approve_and_pdf(client, conference, secretary, leader, supervisor):
    client.force_login(secretary)
    url = reverse("conferences:minutes", args=[conference.pk])
    assert "Lập biên bản" in client.get(url).content.decode()
    client.post(reverse("conferences:minutes_draft", args=[conference.pk]))
    minutes = Minutes.objects.get()
    end = timezone.localtime(conference.starts_at + dt.timedelta(hours=2)).strftime("%H:%M %d/%m/%Y")
    data = {f: getattr(minutes, f) for f in ("opening", "chairs", "secretaries", "attendance", "content")}
    response = client.post(url, {**data, "conclusions": "Kết luận của chủ trì.", "ended_at": "25:99 hôm nay"})
    assert response.status_code == 200 and "Kết luận của chủ trì." in response.content.decode()
    response = client.post(url, {**data, "conclusions": "Kết luận của chủ trì.", "ended_at": end})
    assert response.status_code == 302
    assert client.post(reverse("conferences:minutes_approve", args=[conference.pk])).status_code == 404
    pdf = client.get(reverse("conferences:minutes_pdf", args=[conference.pk]))
    assert pdf["Content-Type"] == "application/pdf" and "du-thao" in pdf["Content-Disposition"]
    client.force_login(leader)
    # Approving issues the minutes: asked once, naming the BB number; only the confirmed post approves.
    asked = client.post(reverse("conferences:minutes_approve", args=[conference.pk]))
    assert asked.status_code == 200 and "Duyệt biên bản với số 01/BB-" in asked.content.decode()
    assert not Minutes.objects.get().is_approved
    client.post(reverse("conferences:minutes_approve", args=[conference.pk]), {"confirmed": "1", "expected_number": "1"})
    assert Minutes.objects.get().is_approved
    client.force_login(secretary)
    body = client.get(url).content.decode()
    assert "<textarea" not in body
    assert client.post(url, {**data, "conclusions": "x"}).status_code == 404
    client.force_login(supervisor)
    assert client.get(reverse("conferences:minutes_pdf", args=[conference.pk])).status_code == 200
