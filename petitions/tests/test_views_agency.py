"""The agency inbox: an agency officer sees and acts on the assignments to
their agency only; office staff, supervisors, other agencies and outsiders get 404."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dialogue.models import Role
from dialogue.testing.factories import OrganizationFactory, member
from petitions import services
from petitions.models import AssignmentStatus, Response

OTHERS = ["staff", "leader", "supervisor", "outsider"]


@pytest.fixture
def other_agency_user(org):
    return member(OrganizationFactory(parent=org, kind="department", name="Điện lực"), Role.AGENCY)


def login(client, request, who):
    client.force_login(request.getfixturevalue(who))
    return client


def test_inbox_lists_own_assignments_only(client, agency_user, assigned, make_petition, leader, org):
    elsewhere = OrganizationFactory(parent=org, kind="department")
    other = make_petition()
    services.conclusion_record(petition=other, by=leader, outcome="assigned", agency=elsewhere)
    client.force_login(agency_user)
    body = client.get(reverse("petitions:inbox")).content.decode()
    assert assigned.petition.tracking_code in body
    assert other.tracking_code not in body


def test_inbox_query_count_is_constant(client, agency_user, agency_org, leader, make_petition, django_assert_num_queries):
    client.force_login(agency_user)
    services.conclusion_record(petition=make_petition(), by=leader, outcome="assigned", agency=agency_org)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("petitions:inbox"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("petitions:inbox"))
    for _ in range(8):
        services.conclusion_record(petition=make_petition(), by=leader, outcome="assigned", agency=agency_org)
    with django_assert_num_queries(len(few)):
        body = client.get(reverse("petitions:inbox")).content.decode()
    assert body.count("<code>DT-") == 9


def test_inbox_tabs(client, agency_user, assigned, staff):
    r = services.response_submit(assignment=assigned, by=agency_user, text="Xong")
    services.response_review(response=r, by=staff, accept=True)
    client.force_login(agency_user)
    code = assigned.petition.tracking_code
    assert code not in client.get(reverse("petitions:inbox")).content.decode()
    assert code in client.get(reverse("petitions:inbox"), {"trang-thai": "closed"}).content.decode()
    assert code in client.get(reverse("petitions:inbox"), {"trang-thai": "all"}).content.decode()


@pytest.mark.parametrize("who", ["staff", "supervisor", "outsider"])
def test_inbox_404_without_agency_role(client, request, who):
    assert login(client, request, who).get(reverse("petitions:inbox")).status_code == 404


def test_assignment_page_for_the_agency(client, agency_user, assigned):
    client.force_login(agency_user)
    response = client.get(reverse("petitions:assignment", args=[assigned.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Xác nhận tiếp nhận" in body and "Đề nghị gia hạn" in body
    # The agency needs the contact details to answer the citizen.
    assert "0912 345 678" in body


@pytest.mark.parametrize("who", [*OTHERS, "other_agency_user"])
@pytest.mark.parametrize("name", ["assignment", "acknowledge", "extend", "respond"])
def test_assignment_urls_404_for_everyone_else(client, request, assigned, who, name):
    c = login(client, request, who)
    url = reverse(f"petitions:{name}", args=[assigned.pk])
    response = c.get(url) if name == "assignment" else c.post(url, {"text": "x", "new_date": "01/01/2030", "reason": "x"})
    assert response.status_code == 404
    assigned.refresh_from_db()
    assert assigned.status == AssignmentStatus.NEW and assigned.extended_to is None
    assert not Response.objects.exists()


def test_acknowledge(client, agency_user, assigned):
    client.force_login(agency_user)
    assert client.post(reverse("petitions:acknowledge", args=[assigned.pk])).status_code == 302
    assigned.refresh_from_db()
    assert assigned.status == AssignmentStatus.ACKNOWLEDGED


def test_acknowledge_is_post_only(client, agency_user, assigned):
    client.force_login(agency_user)
    assert client.get(reverse("petitions:acknowledge", args=[assigned.pk])).status_code == 405


def test_extend(client, agency_user, assigned):
    client.force_login(agency_user)
    new = assigned.due_on + dt.timedelta(days=10)
    response = client.post(reverse("petitions:extend", args=[assigned.pk]), {"new_date": new.strftime("%d/%m/%Y"), "reason": "Chờ đo đạc"})
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert assigned.extended_to == new and assigned.extension_reason == "Chờ đo đạc"


def test_extend_error_shows_next_to_the_field_and_keeps_input(client, agency_user, assigned):
    client.force_login(agency_user)
    earlier = assigned.due_on - dt.timedelta(days=1)
    response = client.post(reverse("petitions:extend", args=[assigned.pk]), {"new_date": earlier.strftime("%d/%m/%Y"), "reason": "Lý do rất riêng"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Thời hạn mới phải sau thời hạn hiện tại." in body and "Lý do rất riêng" in body
    assigned.refresh_from_db()
    assert assigned.extended_to is None


def test_respond_with_attachment(client, agency_user, assigned):
    client.force_login(agency_user)
    upload = SimpleUploadedFile("cong-van-12.pdf", b"%PDF-1.4 body", content_type="application/pdf")
    response = client.post(reverse("petitions:respond", args=[assigned.pk]), {"text": "Đã xử lý", "attachment": upload, "is_final": "on"})
    assert response.status_code == 302
    r = Response.objects.get()
    assert r.is_final and r.attachment.name.endswith(".pdf") and r.text == "Đã xử lý"


def test_respond_refuses_an_executable_attachment(client, agency_user, assigned):
    client.force_login(agency_user)
    upload = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(reverse("petitions:respond", args=[assigned.pk]), {"text": "Nội dung giữ lại", "attachment": upload})
    assert response.status_code == 400 and not Response.objects.exists()
    assert "Nội dung giữ lại" in response.content.decode()


def test_office_answers_its_own_in_writing_petition(client, leader, staff, petition):
    services.conclusion_record(petition=petition, by=leader, outcome="in_writing")
    assignment = petition.assignments.get()
    client.force_login(staff)
    assert client.get(reverse("petitions:assignment", args=[assignment.pk])).status_code == 200
    assert client.post(reverse("petitions:respond", args=[assignment.pk]), {"text": "Trả lời bằng văn bản", "is_final": "on"}).status_code == 302


def test_inbox_flags_a_returned_answer(client, agency_user, answered, staff):
    services.response_review(response=answered, by=staff, accept=False, comment="Bổ sung thời gian thi công")
    client.force_login(agency_user)
    assert "Bị trả lại: cần trả lời lại" in client.get(reverse("petitions:inbox")).content.decode()
    page = client.get(reverse("petitions:assignment", args=[answered.assignment_id])).content.decode()
    assert "Bổ sung thời gian thi công" in page and "Gửi để xem xét" in page
