"""The day's page and its actions through HTTP: permissions, htmx answers, keys."""

import uuid

import pytest
from django.urls import reverse

from conferences import session_records as records
from conferences.models import Attendance, ConferenceStatus as S, Speech
from dialogue.models import Role
from dialogue.testing.factories import member
from petitions.models import Petition

from .factories import conference_in_state

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def conference(org, staff, secretary):
    return conference_in_state(org, S.ANNOUNCED, by=staff, days=0, secretary=secretary)


@pytest.fixture
def speech(conference, secretary):
    return records.speech_add(conference=conference, by=secretary, speaker_name="Bà B", unit="Xóm 2", topic="Điện")


def _posts(conference, speech):
    return [
        (reverse("conferences:day_check_in", args=[conference.pk]), {"name": "X"}),
        (reverse("conferences:day_door", args=[conference.pk]), {"count": "5"}),
        (reverse("conferences:day_speech_add", args=[conference.pk]), {"speaker_name": "X"}),
        (reverse("conferences:day_speech_reorder", args=[conference.pk]), {"speech": [speech.pk]}),
        (reverse("conferences:day_speech", args=[conference.pk, speech.pk, "start"]), {}),
        (reverse("conferences:day_speech", args=[conference.pk, speech.pk, "petition"]), {"content": "Y"}),
        (reverse("conferences:minutes_draft", args=[conference.pk]), {}),
    ]


def test_secretary_checks_in_with_htmx_and_a_retry_is_not_counted_twice(client, conference, secretary):
    client.force_login(secretary)
    url = reverse("conferences:day_check_in", args=[conference.pk])
    key = str(uuid.uuid4())
    for _ in range(2):
        response = client.post(url, {"name": "Nguyễn Văn An", "unit": "Xóm 1", "key": key}, **HX)
        assert response.status_code == 200
    assert Attendance.objects.filter(conference=conference).count() == 1
    assert 'id="day-live"' in response.content.decode()
    assert 'data-total="1"' in response.content.decode()
    assert "Nguyễn Văn An" in response.content.decode()


def test_refused_input_keeps_what_was_typed(client, conference, secretary):
    client.force_login(secretary)
    url = reverse("conferences:day_speech_add", args=[conference.pk])
    response = client.post(url, {"speaker_name": " ", "unit": "Xóm Đông", "topic": "Đường liên xóm"}, **HX)
    assert response.status_code == 200
    assert response["HX-Trigger"] == "day-error"
    body = response.content.decode()
    assert "is-invalid" in body and 'value="Đường liên xóm"' in body and 'value="Xóm Đông"' in body
    assert not Speech.objects.exists()


def test_speech_actions_and_petition_in_one_step(client, conference, secretary, speech):
    client.force_login(secretary)
    base = [conference.pk, speech.pk]
    client.post(reverse("conferences:day_speech", args=[*base, "start"]), **HX)
    client.post(reverse("conferences:day_speech", args=[*base, "stop"]), **HX)
    client.post(
        reverse("conferences:day_speech", args=[*base, "edit"]),
        {"answered_by": "Chủ tịch UBND xã", "answer_summary": "Sẽ kéo điện trong quý III", "topic": "Điện sinh hoạt"},
        **HX,
    )
    key = str(uuid.uuid4())
    for _ in range(2):
        response = client.post(
            reverse("conferences:day_speech", args=[*base, "petition"]), {"content": "Kéo điện về xóm 2", "key": key}, **HX
        )
    speech.refresh_from_db()
    assert speech.started_at and speech.ended_at and speech.answered_by == "Chủ tịch UBND xã"
    petition = Petition.objects.get(conference=conference)
    assert petition.speech_number == speech.number and petition.petitioner_name == "Bà B"
    assert petition.tracking_code in response.content.decode()
    response = client.post(
        reverse("conferences:day_speech", args=[*base, "petition"]), {"content": "Z", "field": "999999"}, **HX
    )
    assert "day-error" in response.content.decode()
    assert client.post(reverse("conferences:day_speech", args=[*base, "dance"])).status_code == 404


def test_without_htmx_the_action_redirects_back(client, conference, secretary):
    client.force_login(secretary)
    response = client.post(reverse("conferences:day_door", args=[conference.pk]), {"count": "10"})
    assert response.status_code == 302 and response["Location"] == reverse("conferences:day", args=[conference.pk])
    assert records.attendance_total(conference)["total"] == 10


def test_page_for_the_secretary_has_the_forms(client, conference, secretary, speech):
    client.force_login(secretary)
    body = client.get(reverse("conferences:day", args=[conference.pk])).content.decode()
    assert 'id="form-checkin"' in body and "Ghi kiến nghị" in body and 'name="key"' in body
    assert "day.js" in body


def test_supervisor_reads_only(client, conference, supervisor, speech):
    client.force_login(supervisor)
    response = client.get(reverse("conferences:day", args=[conference.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bà B" in body and 'id="form-checkin"' not in body and "Ghi kiến nghị" not in body
    assert client.get(reverse("conferences:minutes", args=[conference.pk])).status_code == 200
    for url, data in _posts(conference, speech):
        assert client.post(url, data, **HX).status_code == 404, url
    assert client.post(reverse("conferences:minutes_approve", args=[conference.pk])).status_code == 404
    assert Attendance.objects.count() == 0 and Petition.objects.count() == 0


def test_outsiders_and_other_secretaries_get_404(client, conference, org, outsider, speech):
    other_secretary = member(org, Role.SECRETARY, username="other-secretary")
    for user in (outsider, other_secretary):
        client.force_login(user)
        for name in ("conferences:day", "conferences:minutes", "conferences:minutes_pdf"):
            assert client.get(reverse(name, args=[conference.pk])).status_code == 404
        for url, data in _posts(conference, speech):
            assert client.post(url, data, **HX).status_code == 404, url
    assert Attendance.objects.count() == 0


def test_anonymous_is_sent_to_log_in(client, conference):
    response = client.get(reverse("conferences:day", args=[conference.pk]))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_attendance_from_another_conference_is_404(client, org, staff, conference, secretary):
    other = conference_in_state(org, S.ANNOUNCED, by=staff, days=0, secretary=secretary)
    attendance = records.attendance_check_in(conference=other, by=secretary, name="X")
    client.force_login(secretary)
    url = reverse("conferences:day_check_in_remove", args=[conference.pk, attendance.pk])
    assert client.post(url).status_code == 404
    url = reverse("conferences:day_check_in_remove", args=[other.pk, attendance.pk])
    client.post(url, **HX)
    assert not Attendance.objects.exists()
