"""The leader's dashboard: counts aggregated in the database by organisation and
by agency, scoped to the user's organisations, and the list behind each number."""

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deadlines import dashboard, views_dashboard
from deadlines.dashboard import Period
from deadlines.models import Deadline
from dialogue import workdays
from dialogue.models import Role
from dialogue.testing.factories import OrganizationFactory
from petitions import services
from petitions.models import ConclusionNotice
from petitions.tests.factories import PetitionFactory, make_conference

D = dt.date
# Thursday 12/02/2026, the week before Tết: this week runs to Sunday 15/02.
TODAY = D(2026, 2, 12)
YEAR = Period(year=2026)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    workdays.clear_cache()
    monkeypatch.setattr(views_dashboard, "_today", lambda: TODAY)
    yield
    workdays.clear_cache()


def make_deadline(organization, responsible, due_on, state="open", *, closed_on=None, kind="resolve", **links):
    if state in ("met", "late") and closed_on is None:
        closed_on = due_on if state == "met" else due_on + dt.timedelta(days=7)
    return Deadline.objects.create(
        kind=kind, organization=organization, responsible=responsible, due_on=due_on,
        remind_on=due_on - dt.timedelta(days=2), state=state, closed_on=closed_on, **links,
    )


@pytest.fixture
def subjects(org, staff, leader, agency_org):
    """A conference, a notice and an assignment for the deadlines to be about."""
    conference = make_conference(org, "held", title="Hội nghị đối thoại xóm Đồng Tâm")
    notice = ConclusionNotice.objects.create(conference=conference)
    petition = PetitionFactory(organization=org, created_by=staff, conference=conference,
                               content="Đề nghị nạo vét kênh mương nội đồng xóm Đồng Tâm")
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    # Only the deadlines this module makes are counted below, whatever the services recorded.
    Deadline.objects.all().delete()
    return {"conference": conference, "notice": notice, "assignment": petition.assignments.get(), "petition": petition}


@pytest.fixture
def other_agency(other_org):
    return OrganizationFactory(name="Công an xã Khác", parent=other_org, kind="department")


@pytest.fixture
def story(org, agency_org, other_org, other_agency, subjects):
    a = subjects["assignment"]
    made = {
        "week_today": make_deadline(org, agency_org, TODAY, assignment=a),
        "week_friday": make_deadline(org, agency_org, D(2026, 2, 13), kind="acknowledge", assignment=a),
        "next_week": make_deadline(org, agency_org, D(2026, 2, 16)),
        "overdue": make_deadline(org, agency_org, D(2026, 2, 10), kind="answer", assignment=a),
        # Fell due last year and is still open: overdue whatever the period.
        "overdue_last_year": make_deadline(org, org, D(2025, 12, 22), kind="notice", conference=subjects["conference"]),
        "met": make_deadline(org, agency_org, D(2026, 1, 5), "met"),
        "met_office": make_deadline(org, org, D(2026, 1, 20), "met", kind="announce", conference=subjects["conference"]),
        "late": make_deadline(org, agency_org, D(2026, 1, 15), "late", closed_on=D(2026, 1, 22), notice=subjects["notice"]),
        "met_last_year": make_deadline(org, agency_org, D(2025, 11, 3), "met"),
        "cancelled": make_deadline(org, agency_org, D(2026, 2, 11), "cancelled"),
    }
    # Another commune's: never counted for org's users.
    for state, due in (("open", TODAY), ("open", D(2026, 2, 2)), ("met", D(2026, 1, 6)), ("late", D(2026, 1, 7))):
        make_deadline(other_org, other_agency, due, state)
    return made


def totals(row):
    return (row.week, row.overdue, row.met, row.late)


# --- selectors --------------------------------------------------------------------------------------


def test_totals_for_the_leader(leader, story):
    result = dashboard.summary(dashboard.deadlines_for(leader), today=TODAY, period=YEAR)
    assert totals(result.total) == (2, 2, 2, 1)
    assert result.total.rate == 67


def test_by_agency_and_by_organisation(leader, org, agency_org, story):
    result = dashboard.summary(dashboard.deadlines_for(leader), today=TODAY, period=YEAR)
    assert [(r.pk, totals(r), r.rate) for r in result.by_organization] == [(org.pk, (2, 2, 2, 1), 67)]
    by_agency = {r.pk: (totals(r), r.rate) for r in result.by_responsible}
    assert by_agency == {agency_org.pk: ((2, 1, 1, 1), 50), org.pk: ((0, 1, 1, 0), 100)}


def test_the_period_narrows_met_and_late_but_never_hides_overdue(leader, story):
    qs = dashboard.deadlines_for(leader)
    assert totals(dashboard.summary(qs, today=TODAY, period=Period(2026, quarter=1)).total) == (2, 2, 2, 1)
    january = dashboard.summary(qs, today=TODAY, period=Period(2026, month=1)).total
    assert totals(january) == (2, 2, 2, 1)
    february = dashboard.summary(qs, today=TODAY, period=Period(2026, month=2)).total
    assert totals(february) == (2, 2, 0, 0) and february.rate is None
    last_year = dashboard.summary(qs, today=TODAY, period=Period(2025)).total
    assert totals(last_year) == (2, 2, 1, 0)


def test_the_agency_sees_only_what_it_must_do(agency_user, story):
    result = dashboard.summary(dashboard.deadlines_for(agency_user), today=TODAY, period=YEAR)
    assert totals(result.total) == (2, 1, 1, 1)
    assert {r.name for r in result.by_responsible} == {"Công an xã Vĩnh Thử"}


def test_another_commune_sees_only_its_own(outsider, story):
    result = dashboard.summary(dashboard.deadlines_for(outsider), today=TODAY, period=YEAR)
    assert totals(result.total) == (1, 1, 1, 1)
    assert [r.name for r in result.by_organization] == ["Ủy ban nhân dân xã Khác"]


def test_a_user_of_both_communes_can_narrow_to_one(leader, org, other_org, story):
    from dialogue.models import Membership

    Membership.objects.create(user=leader, organization=other_org, role=Role.LEADER)
    leader._dialogue_memberships = None
    assert totals(dashboard.summary(dashboard.deadlines_for(leader), today=TODAY, period=YEAR).total) == (3, 3, 3, 2)
    narrowed = dashboard.deadlines_for(leader, organization=other_org.pk)
    assert totals(dashboard.summary(narrowed, today=TODAY, period=YEAR).total) == (1, 1, 1, 1)


def test_the_counts_are_one_query_however_many_deadlines(leader, org, story, django_assert_num_queries):
    dashboard.organization_ids(leader)  # memberships, read once per request
    dashboard.beneath_ids(leader)  # and the organisations beneath theirs (the roll-up), once per request
    with django_assert_num_queries(1):
        dashboard.summary(dashboard.deadlines_for(leader), today=TODAY, period=YEAR)
    agencies = [OrganizationFactory(parent=org, kind="department") for _ in range(5)]
    for i in range(40):
        make_deadline(org, agencies[i % 5], D(2026, 1, 1) + dt.timedelta(days=i), ("open", "met", "late")[i % 3])
    with django_assert_num_queries(1):
        result = dashboard.summary(dashboard.deadlines_for(leader), today=TODAY, period=YEAR)
    assert len(result.by_responsible) == 7


def test_chart_bars_scale_to_the_longest_row(leader, story):
    result = dashboard.summary(dashboard.deadlines_for(leader), today=TODAY, period=YEAR)
    chart = dashboard.chart(result.by_responsible)
    widths = {bar.row.name: sum(s[3] for s in bar.segments) for bar in chart.bars}
    assert widths["Công an xã Vĩnh Thử"] == pytest.approx(dashboard.BAR_SHARE)
    # Two of the five the agency has.
    assert widths["Ủy ban nhân dân xã Vĩnh Thử"] == pytest.approx(dashboard.BAR_SHARE * 2 / 5)
    assert chart.height == 2 * dashboard.ROW_HEIGHT


# --- the dashboard page -------------------------------------------------------------------------------


URL = "/thoi-han/tong-quan/"


def test_the_url_is_vietnamese():
    assert reverse("deadlines:dashboard") == URL


@pytest.mark.parametrize("who", ["leader", "staff", "supervisor"])
def test_office_roles_see_their_organisations_numbers(client, request, who, story):
    client.force_login(request.getfixturevalue(who))
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert _total(body, "week") == 2 and _total(body, "overdue") == 2
    assert _total(body, "met") == 2 and _total(body, "late") == 1
    assert 'id="on-time-rate">67%' in body


def test_the_agency_sees_its_own_numbers(client, agency_user, story):
    client.force_login(agency_user)
    body = client.get(URL).content.decode()
    assert (_total(body, "week"), _total(body, "overdue"), _total(body, "met"), _total(body, "late")) == (2, 1, 1, 1)


def test_an_outsider_sees_none_of_the_communes_numbers(client, outsider, story, org):
    client.force_login(outsider)
    body = client.get(URL).content.decode()
    assert "Vĩnh Thử" not in body
    assert _total(body, "week") == 1
    # Asking for the other commune by its id is answered as if it did not exist.
    assert client.get(URL, {"organization": org.pk}).status_code == 404
    assert client.get(reverse("deadlines:dashboard_list"), {"organization": org.pk}).status_code == 404


def test_a_user_without_an_organisation_gets_404(client, db):
    from dialogue.testing.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(URL).status_code == 404
    assert client.get(reverse("deadlines:dashboard_list")).status_code == 404


def test_login_is_required(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/dang-nhap/" in response.url


def test_bad_filters_get_a_message_not_an_error(client, leader, story):
    client.force_login(leader)
    response = client.get(URL, {"year": "abc", "quarter": "1", "month": "7"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tháng này không thuộc quý đã chọn." in body
    # The page still counts, over the default period.
    assert _total(body, "met") == 2


def test_the_period_filter(client, leader, story):
    client.force_login(leader)
    body = client.get(URL, {"year": "2026", "month": "2"}).content.decode()
    assert (_total(body, "met"), _total(body, "late"), _total(body, "overdue")) == (0, 0, 2)
    assert "tháng 2/2026" in body


def test_definitions_and_chart_are_on_the_page(client, leader, story):
    client.force_login(leader)
    body = client.get(URL).content.decode()
    assert "Cách tính các số liệu" in body and "Tỷ lệ đúng hạn" in body
    svg = body[body.index("<svg"): body.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    # The numbers are text beside the bars, not only colours; and no comma decimals in SVG lengths.
    assert "Công an xã Vĩnh Thử: 1 đúng hạn, 1 hoàn thành trễ hạn, 1 đang quá hạn, 2 đến hạn trong tuần này." in svg
    assert "50% đúng hạn" in svg
    assert not re.search(r'(x|width)="\d+,\d', svg)


def test_dashboard_query_count_is_constant(client, leader, org, story, django_assert_num_queries):
    client.force_login(leader)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    agencies = [OrganizationFactory(parent=org, kind="department") for _ in range(8)]
    for i in range(32):
        make_deadline(org, agencies[i % 8], D(2026, 1, 1) + dt.timedelta(days=i), ("open", "met", "late")[i % 3])
    with django_assert_num_queries(len(few)):
        body = client.get(URL).content.decode()
    assert body.count("data-row=") > len(few)
    # Session, user, memberships, the organisations beneath (one query per level of the tree
    # under the commune: its agencies, then theirs), the organisation choices, one aggregate.
    assert len(few) == 7


def test_the_organisation_filter_is_offered_only_to_a_user_of_several(client, leader, other_org, story):
    from dialogue.models import Membership

    client.force_login(leader)
    assert 'name="organization"' not in client.get(URL).content.decode()
    Membership.objects.create(user=leader, organization=other_org, role=Role.SUPERVISOR)
    body = client.get(URL).content.decode()
    assert 'name="organization"' in body and "Ủy ban nhân dân xã Khác" in body
    assert _total(body, "week") == 3
    narrowed = client.get(URL, {"organization": other_org.pk}).content.decode()
    assert _total(narrowed, "week") == 1 and "Vĩnh Thử" not in narrowed.split('id="dashboard-totals"')[1]


def test_the_navigation_links_to_the_dashboard(client, leader, agency_user):
    for user in (leader, agency_user):
        client.force_login(user)
        assert f'href="{URL}"' in client.get("/").content.decode()


# --- the list behind each number ------------------------------------------------------------------


def _total(body: str, bucket: str) -> int:
    totals_html = body[body.index('id="dashboard-totals"'):]
    return int(re.search(rf'data-bucket="{bucket}" href="[^"]*">(\d+)<', totals_html).group(1))


def _links(body: str) -> list[tuple[str, int]]:
    return [(unescape(href), int(n)) for href, n in re.findall(r'data-bucket="\w+" href="([^"]+)"[^>]*>(\d+)<', body)]


def _rows(body: str) -> int:
    table = body[body.index('id="deadline-list"'): body.index("</table>", body.index('id="deadline-list"'))]
    return table.count("<tr data-deadline=")


@pytest.mark.parametrize("who", ["leader", "supervisor", "agency_user"])
def test_every_number_opens_a_list_of_that_many(client, request, who, story):
    client.force_login(request.getfixturevalue(who))
    links = _links(client.get(URL).content.decode())
    assert len(links) == 4 + 4 * 3 or who == "agency_user"
    for href, n in links:
        response = client.get(href)
        assert response.status_code == 200, href
        assert _rows(response.content.decode()) == n, href


def test_the_overdue_list(client, leader, story, subjects):
    client.force_login(leader)
    body = client.get(reverse("deadlines:dashboard_list"), {"bucket": "overdue"}).content.decode()
    assert _rows(body) == 2
    # Subjects link to what the deadline is about.
    assert reverse("petitions:detail", args=[subjects["petition"].pk]) in body
    assert reverse("conferences:detail", args=[subjects["conference"].pk]) in body
    # 10/02 → 12/02: two working days late; 22/12/2025 → 12/02/2026 crosses the new year.
    assert "quá hạn 2 ngày làm việc" in body
    assert "Trả lời kiến nghị bằng văn bản" in body
    # Each deadline opens its own page (its history, and "done" where it is done by hand).
    assert reverse("deadlines:detail", args=[story["overdue"].pk]) in body


def test_the_late_list_says_how_late(client, leader, story, subjects):
    client.force_login(leader)
    body = client.get(reverse("deadlines:dashboard_list"), {"bucket": "late", "year": 2026}).content.decode()
    assert _rows(body) == 1
    # Due Thursday 15/01, closed Thursday 22/01: five working days late.
    assert "hoàn thành trễ 5 ngày làm việc" in body
    assert reverse("petitions:notice_detail", args=[subjects["notice"].pk]) in body


def test_the_agency_list_links_to_its_assignment_page(client, agency_user, story, subjects):
    client.force_login(agency_user)
    body = client.get(reverse("deadlines:dashboard_list"), {"bucket": "week"}).content.decode()
    assert _rows(body) == 2
    assert reverse("petitions:assignment", args=[subjects["assignment"].pk]) in body
    assert reverse("petitions:detail", args=[subjects["petition"].pk]) not in body


def test_the_list_filters_by_agency(client, leader, org, story):
    client.force_login(leader)
    body = client.get(reverse("deadlines:dashboard_list"), {"bucket": "overdue", "responsible": org.pk}).content.decode()
    assert _rows(body) == 1 and "Ban hành thông báo kết luận" in body


def test_the_list_is_paginated_with_constant_queries(client, leader, org, agency_org, subjects, django_assert_num_queries):
    client.force_login(leader)
    url = reverse("deadlines:dashboard_list")
    for i in range(3):
        make_deadline(org, agency_org, D(2026, 1, 5) + dt.timedelta(days=i), kind="resolve", assignment=subjects["assignment"])
    client.get(url, {"bucket": "overdue"})
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"bucket": "overdue"})
    links = [{"assignment": subjects["assignment"]}, {"notice": subjects["notice"]}, {"conference": subjects["conference"]}, {}]
    for i in range(40):
        make_deadline(org, agency_org, D(2026, 1, 1) + dt.timedelta(days=i % 30), kind="resolve", **links[i % 4])
    with django_assert_num_queries(len(few)):
        body = client.get(url, {"bucket": "overdue"}).content.decode()
    assert _rows(body) == views_dashboard.PAGE_SIZE
    assert "1 / 2" in body
    second = client.get(url, {"bucket": "overdue", "page": 2}).content.decode()
    assert _rows(second) == 43 - views_dashboard.PAGE_SIZE


def test_an_unknown_bucket_falls_back_to_overdue(client, leader, story):
    client.force_login(leader)
    response = client.get(reverse("deadlines:dashboard_list"), {"bucket": "nonsense"})
    assert response.status_code == 200


def test_large_counts_are_kept_a_minute_small_ones_never(leader, story, monkeypatch, django_assert_num_queries):
    dashboard.organization_ids(leader)
    dashboard.beneath_ids(leader)
    qs = dashboard.deadlines_for(leader)
    first = dashboard.summary(qs, today=TODAY, period=YEAR)
    with django_assert_num_queries(1):  # a few deadlines: counted again
        dashboard.summary(qs, today=TODAY, period=YEAR)
    monkeypatch.setattr(dashboard, "KEEP_COUNTS_ABOVE", 2)
    dashboard.summary(qs, today=TODAY, period=YEAR)
    with django_assert_num_queries(0):
        again = dashboard.summary(qs, today=TODAY, period=YEAR)
    assert totals(again.total) == totals(first.total)
    assert [(r.pk, totals(r)) for r in again.by_responsible] == [(r.pk, totals(r)) for r in first.by_responsible]
