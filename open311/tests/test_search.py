"""GET requests.{fmt}: public petitions by jurisdiction, service, status and dates,
newest first, a bounded page at a time, in a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from open311 import query, selectors
from petitions import services
from petitions.models import Field, Petition
from petitions.tests.factories import PetitionFactory

pytestmark = pytest.mark.django_db

URL = reverse("open311:requests", kwargs={"format": "json"})


@pytest.fixture
def make(org, staff):
    def _make(days_ago=0, **fields):
        fields.setdefault("organization", org)
        petition = PetitionFactory(created_by=staff, **fields)
        at = timezone.now() - dt.timedelta(days=days_ago)
        Petition.objects.filter(pk=petition.pk).update(created_at=at)
        petition.created_at = at
        return petition

    return _make


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [r["service_request_id"] for r in response.json()]


def test_newest_first_within_the_last_90_days_by_default(client, make):
    old, recent, today = make(days_ago=120), make(days_ago=30), make()
    assert codes(client.get(URL)) == [today.tracking_code, recent.tracking_code]
    window = {"start_date": (timezone.localdate() - dt.timedelta(days=125)).isoformat(),
              "end_date": (timezone.localdate() - dt.timedelta(days=100)).isoformat()}
    assert codes(client.get(URL, window)) == [old.tracking_code]


def test_dates_are_w3c_with_an_offset_or_vietnam_time(client, make):
    petition = make()
    at = timezone.localtime(petition.created_at).replace(microsecond=0)
    before, after = at - dt.timedelta(seconds=1), at + dt.timedelta(seconds=1)
    utc = dt.timezone.utc
    assert codes(client.get(URL, {"start_date": before.astimezone(utc).strftime("%Y-%m-%dT%H:%M:%SZ")})) == [
        petition.tracking_code
    ]
    assert codes(client.get(URL, {"start_date": after.strftime("%Y-%m-%dT%H:%M:%S")})) == []  # naive: Vietnam time
    assert codes(client.get(URL, {"end_date": before.isoformat()})) == []
    # A date alone for end_date takes in the whole day.
    assert codes(client.get(URL, {"end_date": at.date().isoformat()})) == [petition.tracking_code]


def test_status_filter(client, make, leader):
    open_one, closed = make(), make(days_ago=1)
    services.conclusion_record(petition=closed, by=leader, outcome="answered", answer="Đã trả lời tại hội nghị")
    assert codes(client.get(URL, {"status": "open"})) == [open_one.tracking_code]
    assert codes(client.get(URL, {"status": "closed"})) == [closed.tracking_code]
    assert codes(client.get(URL, {"status": "open,closed"})) == [open_one.tracking_code, closed.tracking_code]


def test_service_filter(client, make, road_field):
    road, unsorted = make(field=road_field), make(days_ago=1)
    make(days_ago=2, field=Field.objects.filter(organization__isnull=True).first())  # a shared field
    assert codes(client.get(URL, {"service_code": str(road_field.pk)})) == [road.tracking_code]
    assert codes(client.get(URL, {"service_code": "other"})) == [unsorted.tracking_code]
    both = client.get(URL, {"service_code": f"{road_field.pk},other"})
    assert codes(both) == [road.tracking_code, unsorted.tracking_code]


def test_jurisdiction_and_what_may_not_be_looked_up(client, make, org, other_org):
    ours, theirs = make(), make(days_ago=1, organization=other_org)
    make(days_ago=2, is_public=False)
    assert codes(client.get(URL)) == [ours.tracking_code, theirs.tracking_code]
    assert codes(client.get(URL, {"jurisdiction_id": org.code})) == [ours.tracking_code]
    assert codes(client.get(URL, {"jurisdiction_id": other_org.code})) == [theirs.tracking_code]


def test_codes_override_the_other_filters(client, make, leader):
    old = make(days_ago=200)
    response = client.get(URL, {"service_request_id": old.tracking_code, "status": "closed", "service_code": "other"})
    assert codes(response) == [old.tracking_code]


def test_pages_and_the_link_to_the_next(client, make):
    made = [make(days_ago=i) for i in range(5)]
    first = client.get(URL, {"page_size": 2, "status": "open"})
    assert codes(first) == [p.tracking_code for p in made[:2]]
    link = first["Link"]
    assert link.endswith('>; rel="next"') and "page=2" in link and "page_size=2" in link and "status=open" in link
    second = client.get(link[1: link.index(">")].replace("http://testserver", ""))
    assert codes(second) == [p.tracking_code for p in made[2:4]]
    last = client.get(URL, {"page_size": 2, "page": 3})
    assert codes(last) == [made[4].tracking_code] and "Link" not in last
    assert codes(client.get(URL, {"page_size": 2, "page": 4})) == []


def test_the_default_and_largest_page(client, make):
    for i in range(query.MAX_PAGE_SIZE + 1):
        make(days_ago=i % 80)
    assert len(codes(client.get(URL))) == query.PAGE_SIZE == 50
    assert len(codes(client.get(URL, {"page_size": query.MAX_PAGE_SIZE}))) == 100
    assert client.get(URL, {"page_size": query.MAX_PAGE_SIZE + 1}).status_code == 400


@pytest.mark.parametrize("count", [1, 40])
def test_a_page_costs_the_same_queries_however_long(
    client, make, org, agency_org, leader, count, django_assert_num_queries
):
    for i in range(count):
        petition = make(days_ago=i % 80)
        services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    # The organisation, the petitions, their public events.
    with django_assert_num_queries(3):
        response = client.get(URL, {"jurisdiction_id": org.code, "page_size": 100})
    assert len(codes(response)) == count
    assert {r["agency_responsible"] for r in response.json()} == {agency_org.name}
    with django_assert_num_queries(2):
        client.get(URL, {"page_size": 100})


BY_DATE = ("petition_public_org_created", "petition_public_created", "petition_org_created_idx")


def _plan(search) -> str:
    """The database's plan for the search's select of petitions."""
    with CaptureQueriesContext(connection) as queries:
        selectors.public_requests(search)
    select = queries.captured_queries[0]["sql"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A test's few rows are cheaper to scan: ask whether the index can serve.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {select}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {select}")
        return " ".join(str(row) for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor not in ("sqlite", "postgresql"), reason="reads the query plan")
def test_the_search_reads_the_partial_indexes(make, org):
    make()
    assert "petition_public_created" in _plan(query.search({}, None))
    by_organisation = _plan(query.search({}, org.pk))
    # Any index of petitions by date serves it (the staff list's petition_org_created_idx
    # too, on a test's few rows), with no sort of its own.
    assert any(name in by_organisation for name in BY_DATE), by_organisation
    assert "TEMP B-TREE" not in by_organisation and "Sort" not in by_organisation
