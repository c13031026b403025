"""Every staff page and action, for every role: the organisation's members see
what their role allows, supervisors only read, agencies and outsiders get 404."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dialogue.models import Role
from dialogue.testing.factories import member
from petitions import services
from petitions.models import Assignment, Conclusion, Petition, PetitionStatus, ReviewStatus

READERS = ["staff", "leader", "supervisor"]
NOT_ORG = ["agency_user", "outsider"]


def client_for(client, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    return client


# --- list ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", READERS)
def test_list_shows_the_organisations_petitions(client, request, petition, who):
    response = client_for(client, request, who).get(reverse("petitions:list"))
    assert response.status_code == 200
    assert petition.tracking_code in response.content.decode()


def test_list_hides_other_organisations(client, outsider, petition):
    client.force_login(outsider)
    response = client.get(reverse("petitions:list"))
    assert response.status_code == 200
    assert petition.tracking_code not in response.content.decode()


def test_list_sends_agency_officers_to_their_inbox(client, agency_user):
    client.force_login(agency_user)
    assert client.get(reverse("petitions:list")).url == reverse("petitions:inbox")


def test_list_needs_login(client):
    assert client.get(reverse("petitions:list")).status_code == 302


def test_list_filters(client, staff, petition, make_petition, leader, agency_org):
    other = make_petition(content="Ô nhiễm từ trại chăn nuôi")
    services.conclusion_record(petition=other, by=leader, outcome="assigned", agency=agency_org)
    client.force_login(staff)
    body = client.get(reverse("petitions:list"), {"status": "assigned"}).content.decode()
    assert other.tracking_code in body and petition.tracking_code not in body
    body = client.get(reverse("petitions:list"), {"agency": agency_org.pk}).content.decode()
    assert other.tracking_code in body and petition.tracking_code not in body
    body = client.get(reverse("petitions:list"), {"conference": petition.conference_id}).content.decode()
    assert petition.tracking_code in body and other.tracking_code not in body
    body = client.get(reverse("petitions:list"), {"q": "O NHIEM"}).content.decode()
    assert other.tracking_code in body and petition.tracking_code not in body


def test_list_query_count_is_constant(client, staff, make_petition, leader, agency_org, conference):
    client.force_login(staff)
    url = reverse("petitions:list")
    for _ in range(2):
        services.conclusion_record(petition=make_petition(conference=conference), by=leader, outcome="assigned", agency=agency_org)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        services.conclusion_record(petition=make_petition(conference=conference), by=leader, outcome="assigned", agency=agency_org)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).content.decode().count("<code>DT-") == 12
    assert len(many) == len(few)


# --- new -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who,status", [("staff", 200), ("leader", 200), ("secretary", 200), ("supervisor", 404), ("agency_user", 404)])
def test_new_page_by_role(client, request, org, who, status):
    assert client_for(client, request, who).get(reverse("petitions:new")).status_code == status


def test_new_records_and_redirects(client, staff, org, conference):
    client.force_login(staff)
    response = client.post(reverse("petitions:new"), {
        "organization": org.pk, "source": "slip", "conference": conference.pk, "received_on": "20/11/2026",
        "petitioner_name": "Võ Thị Em", "petitioner_phone": "0901 234 567", "content": "Xin cấp lại sổ đỏ",
        "priority": "normal", "is_public": "on",
    })
    petition = Petition.objects.get()
    assert response.status_code == 302 and response.url == reverse("petitions:detail", args=[petition.pk])
    assert petition.received_on == dt.date(2026, 11, 20) and petition.source == "slip"


def test_new_refuses_another_organisations_conference(client, outsider, other_org, conference):
    client.force_login(outsider)
    response = client.post(reverse("petitions:new"), {
        "organization": other_org.pk, "source": "slip", "conference": conference.pk, "received_on": "20/11/2026",
        "petitioner_name": "A", "content": "B", "priority": "normal",
    })
    assert response.status_code == 200 and not Petition.objects.exists()
    assert "conference" in response.context["form"].errors


# --- detail, receipt -------------------------------------------------------------------------


@pytest.mark.parametrize("who", READERS)
def test_detail_for_readers(client, request, petition, who):
    response = client_for(client, request, who).get(reverse("petitions:detail", args=[petition.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    # The office sees the contact details; the Front's supervisor, as the public form promises, does not.
    assert ("0912 345 678" in body) == (who != "supervisor")
    has_actions = "Ghi kết luận" in body
    assert has_actions == (who != "supervisor")


@pytest.mark.parametrize("who", NOT_ORG)
def test_detail_404_for_agency_and_outsider(client, request, petition, who):
    assert client_for(client, request, who).get(reverse("petitions:detail", args=[petition.pk])).status_code == 404


def test_detail_shows_likely_duplicates(client, staff, petition, make_petition):
    same_person = make_petition(petitioner_phone="+84 912.345.678", content="Việc khác hẳn")
    similar = make_petition(petitioner_phone="", content="de nghi SUA CHUA tuyen duong lien xom hoa binh bi xuong cap")
    unrelated = make_petition(petitioner_phone="", content="Hỗ trợ hộ nghèo mua bảo hiểm y tế")
    client.force_login(staff)
    body = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert same_person.tracking_code in body and similar.tracking_code in body
    assert unrelated.tracking_code not in body


@pytest.mark.parametrize("who,status", [("staff", 200), ("supervisor", 200), ("agency_user", 404), ("outsider", 404)])
def test_receipt(client, request, petition, who, status):
    response = client_for(client, request, who).get(reverse("petitions:receipt", args=[petition.pk]))
    assert response.status_code == status
    if status == 200:
        assert petition.tracking_code in response.content.decode() and "<svg" in response.content.decode()


# --- conclusion ------------------------------------------------------------------------------


@pytest.mark.parametrize("who,status", [("staff", 200), ("leader", 200), ("secretary", 404), ("supervisor", 404), ("agency_user", 404), ("outsider", 404)])
def test_conclude_page_by_role(client, request, petition, who, status):
    assert client_for(client, request, who).get(reverse("petitions:conclude", args=[petition.pk])).status_code == status


def test_conclude_page_proposes_the_default_deadline(client, staff, petition):
    client.force_login(staff)
    form = client.get(reverse("petitions:conclude", args=[petition.pk])).context["form"]
    assert form.fields["due_on"].initial == services.default_deadlines(petition)[1]


def test_leader_concludes_through_the_page(client, leader, petition, agency_org):
    client.force_login(leader)
    due = timezone.localdate() + dt.timedelta(days=20)
    response = client.post(reverse("petitions:conclude", args=[petition.pk]), {
        "outcome": "assigned", "agency": agency_org.pk, "due_on": due.strftime("%d/%m/%Y"), "direction": "Kiểm tra",
    })
    assert response.status_code == 302
    assert Assignment.objects.get().due_on == due


def test_conclude_keeps_the_input_on_error(client, leader, petition):
    client.force_login(leader)
    response = client.post(reverse("petitions:conclude", args=[petition.pk]), {"outcome": "assigned", "direction": "Giao cho ai đó"})
    assert response.status_code == 200
    assert "Hãy chọn cơ quan có trách nhiệm trả lời." in response.content.decode()
    assert "Giao cho ai đó" in response.content.decode()
    assert not Conclusion.objects.exists()


@pytest.mark.parametrize("who,status", [("leader", 302), ("staff", 404), ("supervisor", 404), ("outsider_leader", 404)])
def test_approve_by_role(client, request, petition, staff, who, status):
    draft = services.conclusion_record(petition=petition, by=staff, outcome="referred", referred_to="UBND huyện")
    response = client_for(client, request, who).post(reverse("petitions:conclusion_approve", args=[draft.pk]))
    assert response.status_code == status
    draft.refresh_from_db()
    assert draft.is_approved == (status == 302)


# --- grouping --------------------------------------------------------------------------------


@pytest.mark.parametrize("who,status", [("staff", 302), ("secretary", 404), ("supervisor", 404), ("agency_user", 404), ("outsider", 404)])
def test_group_by_role(client, request, petition, make_petition, who, status):
    other = make_petition()
    response = client_for(client, request, who).post(reverse("petitions:group", args=[petition.pk]), {"others": [other.pk]})
    assert response.status_code == status
    other.refresh_from_db()
    assert (other.group_id is not None) == (status == 302)


def test_group_cannot_pull_in_another_organisations_petition(client, staff, petition, other_org, make_petition):
    foreign = make_petition(organization=other_org)
    client.force_login(staff)
    client.post(reverse("petitions:group", args=[petition.pk]), {"others": [foreign.pk]})
    foreign.refresh_from_db()
    assert foreign.group_id is None


@pytest.mark.parametrize("who,status", [("staff", 302), ("supervisor", 404), ("outsider", 404)])
def test_ungroup_by_role(client, request, petition, make_petition, staff, who, status):
    other = make_petition()
    services.petitions_group(lead=petition, others=[other], by=staff)
    response = client_for(client, request, who).post(reverse("petitions:ungroup", args=[other.pk]))
    assert response.status_code == status
    other.refresh_from_db()
    assert (other.group_id is None) == (status == 302)


# --- bulk assignment -------------------------------------------------------------------------


def test_bulk_assign(client, leader, make_petition, agency_org):
    petitions = [make_petition() for _ in range(3)]
    client.force_login(leader)
    data = {"petitions": [p.pk for p in petitions], "agency": agency_org.pk}
    asked = client.post(reverse("petitions:bulk_assign"), data)
    # Asked once, naming the agency and how many; nothing is assigned before the confirmation.
    assert asked.status_code == 200 and f"Giao 3 kiến nghị cho {agency_org.name}?" in asked.content.decode()
    assert not Assignment.objects.exists()
    response = client.post(reverse("petitions:bulk_assign"), {**data, "confirmed": "1"})
    assert response.status_code == 302
    assert Assignment.objects.filter(agency=agency_org).count() == 3


@pytest.mark.parametrize("who,status", [("supervisor", 404), ("agency_user", 404)])
def test_bulk_assign_refused(client, request, make_petition, agency_org, who, status):
    p = make_petition()
    response = client_for(client, request, who).post(
        reverse("petitions:bulk_assign"), {"petitions": [p.pk], "agency": agency_org.pk, "confirmed": "1"}
    )
    assert response.status_code == status and not Assignment.objects.exists()


def test_bulk_assign_ignores_another_organisations_petitions(client, outsider_leader, make_petition, other_org):
    p = make_petition()
    client.force_login(outsider_leader)
    client.post(reverse("petitions:bulk_assign"), {"petitions": [p.pk], "agency": other_org.pk, "confirmed": "1"})
    assert not Assignment.objects.exists()


# --- review ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who,status", [("staff", 302), ("leader", 302), ("secretary", 404), ("supervisor", 404), ("agency_user", 404), ("outsider", 404)])
def test_review_by_role(client, request, answered, who, status):
    response = client_for(client, request, who).post(reverse("petitions:response_review", args=[answered.pk]), {"decision": "accept"})
    assert response.status_code == status
    answered.refresh_from_db()
    assert (answered.review_status == ReviewStatus.ACCEPTED) == (status == 302)


def test_return_without_comment_is_refused_with_a_message(client, staff, answered):
    client.force_login(staff)
    response = client.post(reverse("petitions:response_review", args=[answered.pk]), {"decision": "return"}, follow=True)
    assert "Hãy nêu lý do trả lại văn bản trả lời." in response.content.decode()
    answered.refresh_from_db()
    assert answered.review_status == ReviewStatus.PENDING


def test_detail_shows_review_buttons_only_to_reviewers(client, staff, supervisor, answered):
    url = reverse("petitions:detail", args=[answered.assignment.petition_id])
    client.force_login(staff)
    assert "Chấp nhận và công khai" in client.get(url).content.decode()
    client.force_login(supervisor)
    assert "Chấp nhận và công khai" not in client.get(url).content.decode()


@pytest.mark.parametrize("who,status", [("staff", 200), ("supervisor", 200), ("agency_user", 200), ("outsider", 404)])
def test_response_file(client, request, assigned, agency_user, who, status):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = services.response_submit(
        assignment=assigned, by=agency_user, text="Xem văn bản",
        attachment=SimpleUploadedFile("tra-loi.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    response = client_for(client, request, who).get(reverse("petitions:response_file", args=[r.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_nav_shows_petitions_to_office_and_inbox_to_agency(client, staff, agency_user):
    client.force_login(staff)
    body = client.get(reverse("home")).content.decode()
    assert reverse("petitions:list") in body and reverse("petitions:inbox") not in body
    client.force_login(agency_user)
    body = client.get(reverse("home")).content.decode()
    assert reverse("petitions:inbox") in body


def test_status_after_full_flow_through_pages(client, leader, staff, agency_user, petition, agency_org):
    client.force_login(leader)
    client.post(reverse("petitions:conclude", args=[petition.pk]), {"outcome": "assigned", "agency": agency_org.pk})
    assignment = Assignment.objects.get()
    client.force_login(agency_user)
    client.post(reverse("petitions:acknowledge", args=[assignment.pk]))
    client.post(reverse("petitions:respond", args=[assignment.pk]), {"text": "Đã sửa", "is_final": "on"})
    client.force_login(staff)
    client.post(reverse("petitions:response_review", args=[assignment.responses.get().pk]), {"decision": "accept"})
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.RESOLVED


def test_supervisor_of_another_org_sees_nothing(client, other_org, petition):
    watcher = member(other_org, Role.SUPERVISOR)
    client.force_login(watcher)
    assert client.get(reverse("petitions:detail", args=[petition.pk])).status_code == 404


def test_reopened_petitions_are_flagged_on_the_list(client, staff, petition, leader):
    services.conclusion_record(petition=petition, by=leader, outcome="answered", answer="Đã trả lời")
    client.force_login(staff)
    assert "Kiến nghị mở lại do người dân chưa hài lòng" not in client.get(reverse("petitions:list")).content.decode()
    services.petition_feedback(petition=petition, satisfied=False)
    body = client.get(reverse("petitions:list")).content.decode()
    assert "Kiến nghị mở lại do người dân chưa hài lòng: 1." in body
    body = client.get(reverse("petitions:list"), {"status": "reopened"}).content.decode()
    assert petition.tracking_code in body


def test_answer_files_are_stored_under_an_unguessable_folder(assigned, agency_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = services.response_submit(assignment=assigned, by=agency_user, text="x", attachment=SimpleUploadedFile("cv.pdf", b"%PDF"))
    folder = r.attachment.name.split("/")[-2]
    assert len(folder) == 32 and r.attachment.name.endswith("/cv.pdf")


# --- transfer to another agency --------------------------------------------------------------


@pytest.fixture
def second_agency(org):
    from dialogue.testing.factories import OrganizationFactory

    return OrganizationFactory(parent=org, kind="department", name="Phòng Kinh tế")


@pytest.mark.parametrize("who,status", [("staff", 302), ("leader", 302), ("supervisor", 404), ("agency_user", 404), ("outsider", 404), ("secretary", 404)])
def test_transfer_by_role(client, request, assigned, second_agency, who, status):
    response = client_for(client, request, who).post(reverse("petitions:transfer", args=[assigned.pk]), {"agency": second_agency.pk})
    assert response.status_code == status
    assigned.refresh_from_db()
    moved = status == 302
    assert (assigned.status == "closed") == moved
    assert Assignment.objects.filter(agency=second_agency).exists() == moved


def test_transfer_shows_the_new_agency_publicly(client, staff, assigned, second_agency):
    client.force_login(staff)
    client.post(reverse("petitions:transfer", args=[assigned.pk]), {"agency": second_agency.pk})
    client.logout()
    body = client.get(reverse("petitions_public:status", args=[assigned.petition.tracking_code])).content.decode()
    assert "Phòng Kinh tế" in body


def test_transfer_refused_while_an_answer_is_under_review(answered, staff, second_agency):
    with pytest.raises(services.PetitionError):
        services.assignment_transfer(assignment=answered.assignment, by=staff, agency=second_agency)


def test_transfer_to_the_same_agency_is_refused(assigned, staff):
    with pytest.raises(services.PetitionError) as err:
        services.assignment_transfer(assignment=assigned, by=staff, agency=assigned.agency)
    assert err.value.field == "agency"


# --- a secretary is the secretary of a conference --------------------------------------------


@pytest.fixture
def named_secretary(secretary, conference):
    from conferences.models import ConferencePerson

    ConferencePerson.objects.create(conference=conference, role="secretary", user=secretary)
    return secretary


def test_a_secretary_reads_and_corrects_only_their_conferences_petitions(client, secretary, petition, make_petition, org, staff):
    from petitions.tests.factories import make_conference

    elsewhere = make_conference(org, "held")
    other = make_petition(conference=elsewhere)
    client.force_login(secretary)
    # Not named on any conference: nothing.
    assert petition.tracking_code not in client.get(reverse("petitions:list")).content.decode()
    assert client.get(reverse("petitions:detail", args=[petition.pk])).status_code == 404
    assert client.get(reverse("petitions:edit", args=[petition.pk])).status_code == 404
    from conferences.models import ConferencePerson

    ConferencePerson.objects.create(conference=petition.conference, role="secretary", user=secretary)
    body = client.get(reverse("petitions:list")).content.decode()
    assert petition.tracking_code in body and other.tracking_code not in body
    assert client.get(reverse("petitions:detail", args=[petition.pk])).status_code == 200
    assert client.get(reverse("petitions:edit", args=[petition.pk])).status_code == 200
    assert client.get(reverse("petitions:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("petitions:edit", args=[other.pk])).status_code == 404


def test_a_named_secretary_still_cannot_conclude_assign_or_draft_a_notice(client, named_secretary, petition, agency_org):
    client.force_login(named_secretary)
    assert client.get(reverse("petitions:conclude", args=[petition.pk])).status_code == 404
    assert client.post(reverse("petitions:conclude", args=[petition.pk]), {"outcome": "assigned", "agency": agency_org.pk}).status_code == 404
    client.post(
        reverse("petitions:bulk_assign"), {"petitions": [petition.pk], "agency": agency_org.pk, "confirmed": "1"}
    )
    assert not Conclusion.objects.filter(petition=petition).exists()
    assert client.post(reverse("petitions:notice_create", args=[petition.conference_id])).status_code == 404


def test_an_office_draft_replaced_by_another_leaves_a_trace(petition, staff, leader, agency_org):
    from petitions.models import PetitionEvent

    services.conclusion_record(petition=petition, by=staff, outcome="assigned", agency=agency_org, direction="Kiểm tra")
    services.conclusion_record(petition=petition, by=leader, outcome="answered", answer="Đã trả lời tại hội nghị")
    trace = PetitionEvent.objects.filter(petition=petition, text__contains="Thay bản dự thảo").get()
    assert staff.username in trace.text or staff.get_full_name() in trace.text
    assert not trace.public


def test_a_secretary_is_not_offered_the_bulk_assignment_or_the_fronts_list(client, named_secretary, petition, staff):
    client.force_login(named_secretary)
    body = client.get(reverse("petitions:list")).content.decode()
    assert petition.tracking_code in body
    assert 'name="due_on"' not in body and 'name="petitions"' not in body
    assert reverse("petitions:front_import") not in body
    client.force_login(staff)
    body = client.get(reverse("petitions:list")).content.decode()
    assert 'name="due_on"' in body and 'name="petitions"' in body and reverse("petitions:front_import") in body
