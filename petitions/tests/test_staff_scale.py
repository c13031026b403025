"""The office's list, its search and the agency inbox as they must behave at a
million petitions: pages read by key ranges of indexes that match the order, a
count that stops at a cap, the code found by its own index, the trigram search
and duplicate finder on PostgreSQL (the plain path elsewhere), no query per row.

The PostgreSQL tests run when DATABASE_URL names a PostgreSQL database."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from dialogue import pagination
from dialogue.codes import code_prefix
from dialogue.text import fold
from petitions import selectors
from petitions.models import Assignment, Petition

postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner and pg_trgm")


def many(org, staff, n, content="Đề nghị sửa chữa tuyến đường liên xóm", **fields):
    """n petitions, the newest last, without the services' steps (only the rows the pages read)."""
    start = timezone.now() - dt.timedelta(days=n)
    petitions = Petition.objects.bulk_create(
        Petition(
            organization=org, source="slip", content=f"{content} số {i}", content_key=fold(f"{content} số {i}"),
            petitioner_name=f"Người {i}", name_key=fold(f"Người {i}"), created_by=staff, **fields,
        )
        for i in range(n)
    )
    for i, petition in enumerate(petitions):
        Petition.objects.filter(pk=petition.pk).update(created_at=start + dt.timedelta(days=i))
    return petitions


# --- pages and counts ----------------------------------------------------------------------------


def test_pages_follow_the_lists_order_and_the_count_stops_at_the_cap(org, staff):
    made = many(org, staff, 7)
    newest_first = [p.pk for p in reversed(made)]
    paginator = pagination.LargePaginator(Petition.objects.filter(organization=org), 3, exact_up_to=5)
    first = paginator.get_page(1)
    assert [p.pk for p in first] == newest_first[:3] and first.has_next() and not first.has_previous()
    assert (paginator.count, paginator.exact, paginator.num_pages) == (5, False, None)
    third = paginator.get_page(3)
    assert [p.pk for p in third] == newest_first[6:] and not third.has_next() and third.has_previous()


def test_a_page_past_the_end_shows_the_last_page(org, staff):
    many(org, staff, 7)
    for cap in (5, 100):  # counted only up to the cap, or exactly
        paginator = pagination.LargePaginator(Petition.objects.filter(organization=org), 3, exact_up_to=cap)
        page = paginator.get_page(99)
        assert page.number == 3 and len(page) == 1 and paginator.exact and paginator.count == 7


def test_the_list_says_more_than_the_cap_and_deep_links_work(client, leader, org, staff, monkeypatch):
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 4)
    monkeypatch.setattr("petitions.views.PAGE_SIZE", 2)
    made = many(org, staff, 7)
    client.force_login(leader)
    body = client.get(reverse("petitions:list")).content.decode()
    assert "Số kiến nghị: hơn 4" in body and "Trang 1" in body
    deep = client.get(reverse("petitions:list"), {"page": 3}).content.decode()
    assert made[2].tracking_code in deep and made[1].tracking_code in deep and made[3].tracking_code not in deep
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 100)
    body = client.get(reverse("petitions:list"), {"page": 2}).content.decode()
    assert "Số kiến nghị: 7" in body and "2 / 4" in body


def test_the_list_costs_the_same_queries_for_a_page_of_many(
    client, leader, org, staff, agency_org, django_assert_max_num_queries
):
    petitions = many(org, staff, 3)
    for petition in petitions:
        Assignment.objects.create(petition=petition, agency=agency_org, assigned_by=leader, due_on=timezone.localdate())
    client.force_login(leader)
    client.get(reverse("petitions:list"))
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("petitions:list"))
    for petition in many(org, staff, 40):
        Assignment.objects.create(petition=petition, agency=agency_org, assigned_by=leader, due_on=timezone.localdate())
    with django_assert_max_num_queries(len(few)):
        body = client.get(reverse("petitions:list")).content.decode()
    assert body.count(agency_org.name) >= 40


# --- the search ------------------------------------------------------------------------------------


def test_a_code_is_found_by_the_code_alone(client, leader, org, staff, make_petition):
    petition = make_petition()
    other = make_petition(content=f"Xem lại hồ sơ {petition.tracking_code}")
    condition = selectors.text_search(petition.tracking_code.replace("-", " ").lower(), addresses=True)
    assert list(Petition.objects.filter(condition)) == [petition]
    client.force_login(leader)
    body = client.get(reverse("petitions:list"), {"q": petition.tracking_code.replace("-", "")}).content.decode()
    assert petition.tracking_code in body and f'"{reverse("petitions:detail", args=[other.pk])}"' not in body


def test_the_start_of_a_code_finds_its_petition(client, leader, make_petition):
    petition = make_petition()
    typed = petition.tracking_code.replace("-", " ")[:8]  # "DT 7K3M9"
    assert code_prefix(typed) == petition.tracking_code[:8]
    client.force_login(leader)
    assert petition.tracking_code in client.get(reverse("petitions:list"), {"q": typed.lower()}).content.decode()


def test_words_that_read_as_a_code_still_search_the_text(make_petition):
    # "xom hoa binh" is ten symbols of the code alphabet once O and I are read as 0 and 1.
    petition = make_petition(petitioner_address="Xóm Hòa Bình")
    assert list(Petition.objects.filter(selectors.text_search("xom hoa binh", addresses=True))) == [petition]


# --- PostgreSQL: the plans -------------------------------------------------------------------------


def plan(queryset, off=("enable_seqscan", "enable_sort", "enable_bitmapscan")) -> str:
    """The plan PostgreSQL chooses when reading the table and sorting it are priced out (as at
    a million rows): a Sort left in it means no index gives the order."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in off:
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgresql
def test_a_page_of_the_list_is_a_range_of_its_index(leader, org, staff):
    many(org, staff, 5)
    qs = selectors.petitions_for_user(leader)
    explained = plan(qs.values_list("pk", flat=True)[100:151])
    assert "petition_org_created_idx" in explained and "Sort" not in explained


@postgresql
def test_the_text_search_reads_the_trigram_indexes(leader, org, staff):
    many(org, staff, 5)
    explained = plan(Petition.objects.filter(selectors.text_search("cầu treo", addresses=True)).order_by(), off=["enable_seqscan"])
    for column in ("content_key", "name_key", "address_key"):
        assert f"petition_{column}_trgm" in explained


@postgresql
def test_the_inbox_is_a_range_of_its_index(agency_user, agency_org, org, staff, leader):
    for petition in many(org, staff, 3):
        Assignment.objects.create(petition=petition, agency=agency_org, assigned_by=leader, due_on=timezone.localdate())
    explained = plan(selectors.agency_inbox(agency_user, status="open").values_list("pk", flat=True)[:51])
    assert "assignment_inbox_idx" in explained and "Sort" not in explained


@postgresql
def test_duplicates_are_found_across_the_whole_organisation(org, staff, petition):
    similar = many(org, staff, 1, content="de nghi SUA CHUA tuyen duong lien xom hoa binh bi xuong cap")[0]
    # Newer than the similar one: beyond the window the fallback compares with.
    many(org, staff, selectors.DUPLICATE_WINDOW + 5, content="Hỗ trợ hộ nghèo mua bảo hiểm y tế")
    Petition.objects.filter(pk=similar.pk).update(created_at=timezone.now() - dt.timedelta(days=3000))
    found = selectors.likely_duplicates(petition)
    assert (similar.pk, "content") in [(p.pk, why) for p, why in found]
    assert all(why == "petitioner" or "ho tro" not in p.content_key for p, why in found)


def test_duplicates_without_postgresql_compare_the_recent_petitions(org, staff, petition):
    similar = many(org, staff, 1, content="de nghi SUA CHUA tuyen duong lien xom hoa binh bi xuong cap")[0]
    unrelated = many(org, staff, 1, content="Hỗ trợ hộ nghèo mua bảo hiểm y tế")[0]
    found = [(p.pk, why) for p, why in selectors.likely_duplicates(petition)]
    assert (similar.pk, "content") in found and unrelated.pk not in [pk for pk, _ in found]


def test_the_detail_page_queries_do_not_grow_with_duplicates(
    client, leader, org, staff, petition, django_assert_max_num_queries
):
    client.force_login(leader)
    url = reverse("petitions:detail", args=[petition.pk])
    client.get(url)
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as alone:
        client.get(url)
    many(org, staff, 8, content="Đề nghị sửa chữa tuyến đường liên xóm Hòa Bình bị xuống cấp")
    with django_assert_max_num_queries(len(alone)):
        assert client.get(url).status_code == 200


def test_a_text_search_is_counted_to_a_lower_cap(client, leader, org, staff, monkeypatch):
    monkeypatch.setattr("petitions.views.SEARCH_COUNTED_UP_TO", 2)
    many(org, staff, 3)
    client.force_login(leader)
    assert "Số kiến nghị: hơn 2" in client.get(reverse("petitions:list"), {"q": "sửa chữa"}).content.decode()
    assert "Số kiến nghị: 3" in client.get(reverse("petitions:list")).content.decode()
