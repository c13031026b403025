"""The secretary's day starts from the queue: citizens who registered before the
conference wait on the speakers list in registration order, marked "đăng ký
trước", and one click calls one to speak."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conferences.models import ConferenceStatus as S, Speech
from conferences.tests.factories import conference_in_state
from petitions import day, services
from petitions.models import Petition

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def conference(org, staff, secretary):
    # Announced and two days away: citizens may still register online.
    return conference_in_state(org, S.ANNOUNCED, by=staff, days=2, secretary=secretary)


def register(conference, name, content):
    return services.petition_register_online(
        conference=conference, petitioner_name=name, petitioner_phone="0912 345 678",
        petitioner_address="Xóm Bến Đò, thôn 2", content=content,
    )


@pytest.fixture
def queue(conference, org, staff):
    """Two online registrations, then a paper slip, then one raised some other way (not a registration)."""
    first = register(conference, "Trần Văn Nam", "Đề nghị sửa cống thoát nước thôn 2")
    second = register(conference, "Lê Thị Hoa", "Hỏi về chế độ hộ nghèo")
    slip = services.petition_record(
        organization=org, by=staff, source="slip", conference=conference, petitioner_name="Phạm Văn Cường",
        content="Đề nghị lắp đèn đường",
    )
    services.petition_record(
        organization=org, by=staff, source="writing", conference=conference, petitioner_name="Đỗ Thị Lan",
        content="Đơn gửi văn phòng",
    )
    return [first, second, slip]


def test_registrants_in_registration_order(conference, queue):
    assert day.registrants(conference) == queue


def test_the_day_page_lists_them_marked_and_without_their_contact_details(client, conference, secretary, supervisor, queue):
    client.force_login(secretary)
    page = client.get(reverse("conferences:day", args=[conference.pk])).content.decode()
    section = page[page.index('class="list-unstyled day-registrants"'):]
    positions = [section.index(p.petitioner_name) for p in queue]
    assert positions == sorted(positions)
    assert section.count("đăng ký trước") == 3 and "Đỗ Thị Lan" not in page
    assert "Đăng ký trước, chưa mời phát biểu: 3" in page
    assert reverse("conferences:day_registrant", args=[conference.pk, queue[0].pk]) in page
    # The speakers list is read by more people than the petition's contact details are.
    assert "Xóm Bến Đò" not in page and "0912" not in page
    client.force_login(supervisor)
    read = client.get(reverse("conferences:day", args=[conference.pk])).content.decode()
    assert "Trần Văn Nam" in read
    assert reverse("conferences:day_registrant", args=[conference.pk, queue[0].pk]) not in read


def test_one_click_calls_a_registrant_to_speak(client, conference, secretary, queue):
    client.force_login(secretary)
    url = reverse("conferences:day_registrant", args=[conference.pk, queue[1].pk])
    key = str(uuid.uuid4())
    response = client.post(url, {"key": key}, **HX)
    assert response.status_code == 200
    speech = Speech.objects.get(conference=conference)
    assert speech.speaker_name == "Lê Thị Hoa" and speech.topic == "Hỏi về chế độ hộ nghèo" and speech.unit == ""
    assert Petition.objects.get(pk=queue[1].pk).speech_number == speech.number
    page = response.content.decode()
    # Now a speech marked as registered in advance, with its petition; out of the waiting list.
    speeches = page[page.index('id="speeches"'):page.index("</ol>", page.index('id="speeches"'))]
    assert "Lê Thị Hoa" in speeches and "đăng ký trước" in speeches and queue[1].tracking_code in speeches
    assert "Đăng ký trước, chưa mời phát biểu: 2" in page
    # The same click again (a retry), or a second secretary's click: still one speech.
    client.post(url, {"key": key}, **HX)
    client.post(url, {"key": str(uuid.uuid4())}, **HX)
    assert Speech.objects.filter(conference=conference).count() == 1
    assert day.registrants(conference) == [queue[0], queue[2]]


def test_a_petition_not_registered_for_this_conference_is_refused(client, org, staff, conference, secretary, queue):
    other = conference_in_state(org, S.ANNOUNCED, by=staff, days=3, secretary=secretary)
    elsewhere = register(other, "Ngô Văn Bình", "Câu hỏi cho hội nghị khác")
    writing = Petition.objects.get(conference=conference, source="writing")
    client.force_login(secretary)
    for petition in (elsewhere, writing):
        response = client.post(reverse("conferences:day_registrant", args=[conference.pk, petition.pk]), **HX)
        assert response.status_code == 200 and response["HX-Trigger"] == "day-error"
        assert "không thuộc danh sách của hội nghị" in response.content.decode()
    assert not Speech.objects.exists()


def test_closed_records_call_nobody(client, org, staff, secretary, queue, conference):
    conference.status = S.CONCLUDED
    conference.save(update_fields=["status"])
    client.force_login(secretary)
    client.post(reverse("conferences:day_registrant", args=[conference.pk, queue[0].pk]))
    assert not Speech.objects.exists() and Petition.objects.get(pk=queue[0].pk).speech_number is None


@pytest.mark.parametrize("who", ["supervisor", "outsider", "agency_user", "outsider_leader"])
def test_only_those_who_record_the_day_call(client, request, who, conference, queue):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("conferences:day_registrant", args=[conference.pk, queue[0].pk]))
    assert response.status_code == 404 and not Speech.objects.exists()


def test_the_secretary_of_another_conference_calls_nobody_here(client, org, staff, conference, queue):
    from dialogue.models import Role
    from dialogue.testing.factories import member

    someone = member(org, Role.SECRETARY, username="thuky2")
    conference_in_state(org, S.ANNOUNCED, by=staff, days=5, secretary=someone)
    client.force_login(someone)
    response = client.post(reverse("conferences:day_registrant", args=[conference.pk, queue[0].pk]))
    assert response.status_code == 404 and not Speech.objects.exists()


def test_the_day_page_costs_the_same_queries_for_one_registrant_or_many(
    client, conference, secretary, django_assert_num_queries
):
    register(conference, "Người thứ nhất", "Câu hỏi số 1")
    client.force_login(secretary)
    url = reverse("conferences:day", args=[conference.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(2, 8):
        register(conference, f"Người thứ {i}", f"Câu hỏi số {i}")
    with django_assert_num_queries(len(one)):
        body = client.get(url).content.decode()
    assert "Đăng ký trước, chưa mời phát biểu: 7" in body
