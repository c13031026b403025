"""The home page's queue: per role, the lines and counts on a known dataset; each
count is the number of rows its link shows; a fixed number of queries however many
rows; an empty queue says so; another commune's work is never counted."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from conferences.models import ConferencePerson
from deadlines.models import Deadline
from dialogue.models import Role
from dialogue.testing.factories import OrganizationFactory, member
from home.queue import SECRETARY_SHOWN
from petitions import services
from petitions.models import ConclusionNotice, Outcome
from petitions.tests.factories import make_conference
from plans.models import Status as PlanStatus
from plans.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@dataclass
class World:
    """One commune's work, each kind once, made as the services make it."""

    held: object
    secretary_today: object
    secretary_coming: object


def _petition(org, staff, n: int):
    return services.petition_record(
        organization=org, by=staff, source="slip", petitioner_name="Nguyễn Văn An", petitioner_phone=f"09123456{n:02d}",
        content=f"Đề nghị sửa chữa tuyến đường liên xóm số {n} bị xuống cấp nghiêm trọng",
    )


def build(org, *, staff, leader, secretary, agency_org, agency_user) -> World:
    """One of each thing a queue counts, plus one of each that it must not count."""
    # Plans: one submitted, one returned; a draft and an approved one count nowhere.
    for status in (PlanStatus.SUBMITTED, PlanStatus.RETURNED, PlanStatus.DRAFT, PlanStatus.APPROVED):
        PlanFactory(issuer=org, status=status)

    # Conferences: one of each state; the scheduled one's announcement is due in two days,
    # the held one's notice in five, and the announced one's opinions report was due yesterday.
    make_conference(org, "planned")
    scheduled = make_conference(org, "scheduled", days=9)
    announced = make_conference(org, "announced", days=12)
    held = make_conference(org, "held", days=0)
    make_conference(org, "concluded", days=-3)
    make_conference(org, "cancelled")
    today = TODAY()
    for kind, conference, due in (
        (Deadline.Kind.ANNOUNCE, scheduled, today + dt.timedelta(days=2)),
        (Deadline.Kind.NOTICE, held, today + dt.timedelta(days=5)),
        (Deadline.Kind.OPINIONS, announced, today - dt.timedelta(days=1)),
    ):
        Deadline.objects.create(
            kind=kind, organization=org, responsible=org, conference=conference, due_on=due, remind_on=due
        )

    # The secretary: named on a conference today and one coming, not on a past one or a cancelled one.
    secretary_today = make_conference(org, "announced", days=0, starts_at=timezone.now() + dt.timedelta(minutes=5))
    secretary_coming = make_conference(org, "scheduled", days=4)
    past = make_conference(org, "concluded", days=-2)
    cancelled = make_conference(org, "cancelled", starts_at=timezone.now() + dt.timedelta(days=2))
    for conference in (secretary_today, secretary_coming, past, cancelled):
        ConferencePerson.objects.create(conference=conference, role="secretary", user=secretary)

    # Notices: one submitted to the leader; a draft and an issued one count nowhere.
    for status in (ConclusionNotice.Status.SUBMITTED, ConclusionNotice.Status.DRAFT):
        ConclusionNotice.objects.create(conference=held, status=status, created_by=staff)

    # Petitions, through the services.
    _petition(org, staff, 1)  # without a conclusion
    drafted = _petition(org, staff, 2)
    services.conclusion_record(petition=drafted, by=staff, outcome=Outcome.ASSIGNED, agency=agency_org)
    fresh, reviewed, returned, extended = (_petition(org, staff, n) for n in (3, 4, 5, 6))
    assignments = {}
    for name, petition in (("fresh", fresh), ("reviewed", reviewed), ("returned", returned), ("extended", extended)):
        services.conclusion_record(petition=petition, by=leader, outcome=Outcome.ASSIGNED, agency=agency_org)
        assignments[name] = petition.assignments.get()
    services.response_submit(assignment=assignments["reviewed"], by=agency_user, text="Đã sửa xong.")
    answer = services.response_submit(assignment=assignments["returned"], by=agency_user, text="Đang xem xét.")
    services.response_review(response=answer, by=staff, accept=False, comment="Nêu rõ thời gian sửa chữa.")
    services.assignment_extend(
        assignment=assignments["extended"], by=agency_user, new_date=assignments["extended"].due_on + dt.timedelta(days=10),
        reason="Chờ kinh phí của huyện.",
    )
    unsatisfied = _petition(org, staff, 7)
    services.conclusion_record(petition=unsatisfied, by=leader, outcome=Outcome.ANSWERED, answer="Đã đưa vào kế hoạch.")
    unsatisfied.refresh_from_db()
    services.petition_feedback(petition=unsatisfied, satisfied=False)
    return World(held=held, secretary_today=secretary_today, secretary_coming=secretary_coming)


EXPECTED = {
    "leader": {
        "plans_to_approve": 1, "conclusions_to_approve": 1, "notices_to_approve": 1, "extensions": 1, "overdue": 1,
    },
    "staff": {
        "plans_returned": 1, "conferences_to_schedule": 1, "conferences_to_announce": 2, "petitions_without_conclusion": 1,
        "answers_to_review": 1, "notices_to_draft": 1, "citizens_unsatisfied": 1,
    },
    "agency_user": {"to_acknowledge": 1, "answers_due": 3, "answers_returned": 1},
    "supervisor": {"conferences_announced": 2, "petitions_assigned": 3, "overdue": 1, "citizens_unsatisfied": 1},
}

# The queries of the whole page per role: the session, the user, the memberships twice
# (the page's list with organisations, dialogue.access's own), then the role's lines.
QUERIES = {"leader": 4 + 4, "staff": 4 + 4, "agency_user": 4 + 1, "supervisor": 4 + 3, "secretary": 4 + 2}

LINE = re.compile(
    r'<a class="list-group-item[^"]*" href="(?P<url>[^"]+)" data-queue-line="(?P<key>\w+)">\s*'
    r'(?:<span class="badge[^"]*" data-count>(?P<count>\d+)</span>)?',
    re.S,
)


def lines(client, user) -> dict[str, tuple[int | None, str]]:
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    return {m["key"]: (int(m["count"]) if m["count"] else None, m["url"].replace("&amp;", "&")) for m in LINE.finditer(body)}


# The row of each list a line links to, as a pattern of what each row carries once.
ROWS = {
    "/ke-hoach/": r'href="/ke-hoach/(\d+)/"',
    "/hoi-nghi/": r'href="/hoi-nghi/(\d+)/"',
    "/kien-nghi/co-quan/": r'href="/kien-nghi/co-quan/(\d+)/"',
    "/kien-nghi/thong-bao/": r'href="/kien-nghi/thong-bao/(\d+)/"',
    "/kien-nghi/": r'href="/kien-nghi/(\d+)/"',
    "/thoi-han/tong-quan/danh-sach/": r'data-deadline="(\d+)"',
}


def rows_behind(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    path = url.split("?")[0]
    return len(set(re.findall(ROWS[path], response.content.decode())))


@pytest.fixture
def world(org, staff, leader, secretary, supervisor, agency_org, agency_user):
    return build(org, staff=staff, leader=leader, secretary=secretary, agency_org=agency_org, agency_user=agency_user)


@pytest.fixture
def elsewhere(other_org, outsider, outsider_leader):
    """The same work in another commune, with its own people: never counted in `org`'s queues."""
    agency = OrganizationFactory(parent=other_org, kind="department", name="Công an xã Khác", code="ca-khac")
    return build(
        other_org, staff=outsider, leader=outsider_leader, secretary=member(other_org, Role.SECRETARY, username="tk-khac"),
        agency_org=agency, agency_user=member(agency, Role.AGENCY, username="ca-khac"),
    )


@pytest.mark.parametrize("who", list(EXPECTED))
def test_each_role_sees_its_lines_and_counts(client, request, world, elsewhere, who):
    user = request.getfixturevalue(who)
    found = lines(client, user)
    assert {key: count for key, (count, _url) in found.items()} == EXPECTED[who]


@pytest.mark.parametrize("who", list(EXPECTED))
def test_each_count_is_the_rows_its_link_shows(client, request, world, elsewhere, who):
    user = request.getfixturevalue(who)
    for key, (count, url) in lines(client, user).items():
        assert rows_behind(client, url) == count, (key, url)


def test_the_secretary_sees_today_and_the_coming_conferences_with_their_day_pages(client, secretary, world, elsewhere):
    client.force_login(secretary)
    body = client.get(reverse("home")).content.decode()
    days = re.findall(r'href="(/hoi-nghi/\d+/ngay-hoi-nghi/)" data-queue-line="conference_day"', body)
    assert days == [
        reverse("conferences:day", args=[world.secretary_today.pk]),
        reverse("conferences:day", args=[world.secretary_coming.pk]),
    ]
    assert "Hôm nay" in body
    for url in days:
        assert client.get(url).status_code == 200


def test_a_secretary_named_on_many_conferences_sees_the_first_and_a_link_to_the_rest(client, org, secretary):
    for days in range(1, SECRETARY_SHOWN + 4):
        conference = make_conference(org, "scheduled", days=days)
        ConferencePerson.objects.create(conference=conference, role="secretary", user=secretary)
    found = lines(client, secretary)
    assert found["more_conferences"][0] == 3
    body = client.get(reverse("home")).content.decode()
    assert body.count('data-queue-line="conference_day"') == SECRETARY_SHOWN


@pytest.mark.parametrize("who", [*EXPECTED, "secretary"])
def test_the_number_of_queries_does_not_grow_with_the_rows(
    client, request, who, org, staff, leader, secretary, agency_org, agency_user, django_assert_num_queries
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    people = dict(staff=staff, leader=leader, secretary=secretary, agency_org=agency_org, agency_user=agency_user)
    build(org, **people)
    client.get(reverse("home"))  # the working-day calendar, read once and kept
    with django_assert_num_queries(QUERIES[who]):
        first = client.get(reverse("home")).content.decode()
    for _ in range(3):
        build(org, **people)
    with django_assert_num_queries(QUERIES[who]):
        many = client.get(reverse("home")).content.decode()
    assert first != many  # the counts moved, the queries did not


def test_an_empty_queue_says_so(client, org, leader):
    client.force_login(leader)
    body = client.get(reverse("home")).content.decode()
    assert "data-queue-line" not in body
    assert "Không có việc nào đang chờ." in body
    assert "Việc cần làm" in body


def test_a_user_of_no_organisation_is_told_to_ask_for_one(client, db):
    user = get_user_model().objects.create_user("moi", password="x")
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    assert "data-queue=" not in body
    assert "Tài khoản của bạn chưa thuộc tổ chức nào." in body


def test_a_user_with_two_roles_sees_both_sections(client, org, staff, world):
    from dialogue.testing.factories import MembershipFactory

    MembershipFactory(user=staff, organization=org, role=Role.LEADER)
    client.force_login(staff)
    body = client.get(reverse("home")).content.decode()
    assert 'data-queue="leader"' in body and 'data-queue="office"' in body
    assert body.index('data-queue="leader"') < body.index('data-queue="office"')


def test_the_outsider_counts_only_their_own_commune(client, world, elsewhere, outsider, outsider_leader):
    assert {k: c for k, (c, _u) in lines(client, outsider_leader).items()} == EXPECTED["leader"]
    assert {k: c for k, (c, _u) in lines(client, outsider).items()} == EXPECTED["staff"]


def test_the_nearest_limits_are_printed(client, staff, world):
    client.force_login(staff)
    body = client.get(reverse("home")).content.decode()
    soon = (TODAY() + dt.timedelta(days=2)).strftime("%d/%m/%Y")
    assert f"Hạn thông báo gần nhất: {soon}, còn 2 ngày." in body
    notice = (TODAY() + dt.timedelta(days=5)).strftime("%d/%m/%Y")
    assert f"Hạn ban hành thông báo kết luận gần nhất: {notice}, còn 5 ngày." in body


def test_a_passed_announcement_limit_is_said_and_marked(client, org, staff):
    conference = make_conference(org, "scheduled", days=3)
    due = TODAY() - dt.timedelta(days=4)
    Deadline.objects.create(
        kind=Deadline.Kind.ANNOUNCE, organization=org, responsible=org, conference=conference, due_on=due, remind_on=due
    )
    client.force_login(staff)
    body = client.get(reverse("home")).content.decode()
    assert f"đã quá hạn thông báo 4 ngày (hạn {due:%d/%m/%Y})" in body
    assert 'text-bg-danger" data-count>1</span>' in body


def test_the_agency_sees_its_nearest_answer_date_in_working_days(client, agency_user, world):
    client.force_login(agency_user)
    body = client.get(reverse("home")).content.decode()
    assert re.search(r"Hạn trả lời gần nhất: \d\d/\d\d/\d{4}, còn \d+ ngày làm việc\.", body)
    assert re.search(r"Hạn tiếp nhận gần nhất: \d\d/\d\d/\d{4}, còn \d+ ngày làm việc\.", body)
