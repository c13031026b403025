"""The filters the home page's queue links to: the petitions list's "progress"
(awaiting a conclusion, a conclusion awaiting approval, a deadline extended), the
agency inbox's narrower views, and the list of conclusion notices."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from petitions import services
from petitions.models import ConclusionNotice, Outcome

from .factories import make_conference

pytestmark = pytest.mark.django_db


def codes(body: str) -> set[str]:
    return set(re.findall(r'href="/kien-nghi/(\d+)/"', body))


@pytest.fixture
def stages(make_petition, staff, leader, agency_org, agency_user):
    """One petition per stage, and one in none of them."""
    waiting = make_petition()
    drafted = make_petition()
    services.conclusion_record(petition=drafted, by=staff, outcome=Outcome.ASSIGNED, agency=agency_org)
    extended = make_petition()
    services.conclusion_record(petition=extended, by=leader, outcome=Outcome.ASSIGNED, agency=agency_org)
    assignment = extended.assignments.get()
    services.assignment_extend(
        assignment=assignment, by=agency_user, new_date=assignment.due_on + dt.timedelta(days=7), reason="Chờ kinh phí."
    )
    assigned = make_petition()
    services.conclusion_record(petition=assigned, by=leader, outcome=Outcome.ASSIGNED, agency=agency_org)
    return {"conclusion": waiting, "approval": drafted, "extended": extended, "none": assigned}


@pytest.mark.parametrize("stage", ["conclusion", "approval", "extended"])
def test_the_progress_filter_shows_exactly_its_petitions(client, staff, stages, stage):
    client.force_login(staff)
    body = client.get(reverse("petitions:list"), {"stage": stage}).content.decode()
    assert codes(body) == {str(stages[stage].pk)}


def test_a_grouped_petition_waits_for_its_conclusion_once_by_its_lead(client, staff, make_petition):
    lead, other = make_petition(), make_petition()
    services.petitions_group(lead=lead, others=[other], by=staff)
    client.force_login(staff)
    body = client.get(reverse("petitions:list"), {"stage": "conclusion"}).content.decode()
    assert codes(body) == {str(lead.pk)}


def test_a_conclusion_approved_leaves_the_approval_filter(client, staff, leader, stages):
    conclusion = stages["approval"].conclusions.get()
    services.conclusion_approve(conclusion=conclusion, by=leader)
    client.force_login(leader)
    assert codes(client.get(reverse("petitions:list"), {"stage": "approval"}).content.decode()) == set()


def test_an_unknown_progress_is_a_message_not_an_error(client, staff, stages):
    client.force_login(staff)
    response = client.get(reverse("petitions:list"), {"stage": "<script>"})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()


def test_the_filter_never_shows_another_communes_petitions(client, outsider, stages):
    client.force_login(outsider)
    for stage in ("conclusion", "approval", "extended"):
        assert codes(client.get(reverse("petitions:list"), {"stage": stage}).content.decode()) == set()


def test_the_filtered_list_costs_the_same_queries_for_more_rows(client, staff, make_petition, django_assert_num_queries):
    make_petition()
    client.force_login(staff)
    url = reverse("petitions:list") + "?stage=conclusion"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        make_petition()
    with django_assert_num_queries(len(few)):
        body = client.get(url).content.decode()
    assert len(codes(body)) == 7


# --- the agency inbox ---------------------------------------------------------------------------


@pytest.fixture
def inbox_world(make_petition, leader, staff, agency_org, agency_user):
    """An assignment not acknowledged, one acknowledged, one answered, one returned, one closed."""
    made = {}
    for name in ("new", "acknowledged", "answered", "returned", "closed", "answered_again"):
        petition = make_petition()
        services.conclusion_record(petition=petition, by=leader, outcome=Outcome.ASSIGNED, agency=agency_org)
        made[name] = petition.assignments.get()
    services.assignment_acknowledge(assignment=made["acknowledged"], by=agency_user)
    services.response_submit(assignment=made["answered"], by=agency_user, text="Đã xử lý.")
    first = services.response_submit(assignment=made["returned"], by=agency_user, text="Đang xem.")
    services.response_review(response=first, by=staff, accept=False, comment="Chưa rõ.")
    done = services.response_submit(assignment=made["closed"], by=agency_user, text="Đã sửa xong.")
    services.response_review(response=done, by=staff, accept=True)
    # Returned once, answered again: the office's turn, no longer "returned".
    again = services.response_submit(assignment=made["answered_again"], by=agency_user, text="Bản 1.")
    services.response_review(response=again, by=staff, accept=False, comment="Thiếu số liệu.")
    services.response_submit(assignment=made["answered_again"], by=agency_user, text="Bản 2, đủ số liệu.")
    return made


@pytest.mark.parametrize("show, expected", [
    ("new", {"new"}),
    ("due", {"new", "acknowledged", "returned"}),
    ("returned", {"returned"}),
])
def test_the_inbox_narrows_to_what_the_queue_counts(client, agency_user, inbox_world, show, expected):
    client.force_login(agency_user)
    body = client.get(reverse("petitions:inbox"), {"trang-thai": show}).content.decode()
    found = set(re.findall(r'href="/kien-nghi/co-quan/(\d+)/"', body))
    assert found == {str(inbox_world[name].pk) for name in expected}
    assert "Xem tất cả việc cần làm" in body


def test_an_unknown_inbox_view_shows_what_is_to_do(client, agency_user, inbox_world):
    client.force_login(agency_user)
    body = client.get(reverse("petitions:inbox"), {"trang-thai": "bogus"}).content.decode()
    assert len(set(re.findall(r'href="/kien-nghi/co-quan/(\d+)/"', body))) == 5
    assert "Xem tất cả việc cần làm" not in body


# --- the list of conclusion notices ---------------------------------------------------------------


@pytest.fixture
def notice_world(org, other_org, staff, outsider):
    held = make_conference(org, "held", days=0)
    made = {
        status: ConclusionNotice.objects.create(conference=held, status=status, created_by=staff)
        for status in ConclusionNotice.Status.values
    }
    elsewhere = make_conference(other_org, "held", days=0, title="Hội nghị xã khác")
    ConclusionNotice.objects.create(conference=elsewhere, status="submitted", created_by=outsider)
    return made


def notice_ids(body: str) -> set[str]:
    return set(re.findall(r'href="/kien-nghi/thong-bao/(\d+)/"', body))


@pytest.mark.parametrize("show, expected", [
    ("", {"draft", "submitted", "approved", "issued"}),
    ("awaiting", {"submitted", "approved"}),
    ("draft", {"draft"}),
    ("issued", {"issued"}),
    ("nonsense", {"draft", "submitted", "approved", "issued"}),
])
def test_the_notices_list_filters_by_what_waits(client, leader, notice_world, show, expected):
    client.force_login(leader)
    response = client.get(reverse("petitions:notice_list"), {"trang-thai": show} if show else {})
    assert response.status_code == 200
    assert notice_ids(response.content.decode()) == {str(notice_world[s].pk) for s in expected}


def test_the_front_reads_the_notices_list(client, supervisor, notice_world):
    client.force_login(supervisor)
    assert len(notice_ids(client.get(reverse("petitions:notice_list")).content.decode())) == 4


def test_an_agency_has_no_notices_list(client, agency_user, notice_world):
    client.force_login(agency_user)
    assert client.get(reverse("petitions:notice_list")).status_code == 404


def test_a_secretary_sees_only_the_notices_of_their_conferences(client, org, secretary, notice_world, staff):
    from conferences.models import ConferencePerson

    theirs = make_conference(org, "held", days=0, title="Hội nghị thư ký")
    ConferencePerson.objects.create(conference=theirs, role="secretary", user=secretary)
    notice = ConclusionNotice.objects.create(conference=theirs, created_by=staff)
    client.force_login(secretary)
    assert notice_ids(client.get(reverse("petitions:notice_list")).content.decode()) == {str(notice.pk)}


def test_the_notices_list_costs_the_same_queries_for_more_rows(client, org, leader, staff, django_assert_num_queries):
    held = make_conference(org, "held", days=0)
    ConclusionNotice.objects.create(conference=held, status="submitted", created_by=staff)
    client.force_login(leader)
    url = reverse("petitions:notice_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        other = make_conference(org, "held", days=0, title=f"Hội nghị {n}")
        ConclusionNotice.objects.create(conference=other, status="draft", created_by=staff)
    with django_assert_num_queries(len(few)):
        body = client.get(url).content.decode()
    assert len(notice_ids(body)) == 6


def test_another_communes_leader_sees_only_theirs(client, notice_world, outsider_leader):
    client.force_login(outsider_leader)
    assert len(notice_ids(client.get(reverse("petitions:notice_list")).content.decode())) == 1
