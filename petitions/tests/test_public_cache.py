"""The status page kept in the cache: one query on a repeat look-up, each
visitor's own CSRF token, and every public change visible at once."""

import datetime as dt
import re

from django.test import Client
from django.urls import reverse

from petitions import services
from petitions.page_cache import CSRF_PLACEHOLDER

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def status_url(p):
    return reverse("petitions_public:status", args=[p.tracking_code])


def resolved(petition, leader):
    services.conclusion_record(petition=petition, by=leader, outcome="answered", answer="Đã trả lời tại hội nghị")
    petition.refresh_from_db()
    return petition


def test_a_repeat_look_up_reads_one_row(petition, django_assert_num_queries):
    with django_assert_num_queries(3):  # which petition and its version, its public columns, its events
        first = Client().get(status_url(petition))
    with django_assert_num_queries(1):
        again = Client().get(status_url(petition))
    assert "Nguyễn V. A." in again.content.decode() and first.content == again.content
    # No form on the page, so no token and no cookie to make.
    assert CSRF_PLACEHOLDER not in again.content.decode() and "csrftoken" not in again.cookies


def test_a_logged_in_visitor_is_not_served_the_anonymous_page(client, petition, staff):
    Client().get(status_url(petition))
    client.force_login(staff)
    body = client.get(status_url(petition)).content.decode()
    assert staff.username in body or "Đăng xuất" in body


def test_each_visitor_gets_a_token_that_posts(petition, leader):
    petition = resolved(petition, leader)
    Client().get(status_url(petition))  # the page is now in the cache
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        body = visitor.get(status_url(petition)).content.decode()
        tokens.append(TOKEN.search(body).group(1))
    assert tokens[0] != tokens[1]
    response = visitor.post(
        reverse("petitions_public:feedback", args=[petition.tracking_code]),
        {"satisfied": "1", "csrfmiddlewaretoken": tokens[1]},
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.feedback == "satisfied"


def test_a_public_event_shows_at_once(client, assigned, agency_user):
    petition = assigned.petition
    assert "Gia hạn" not in Client().get(status_url(petition)).content.decode()
    new_date = assigned.due_on + dt.timedelta(days=10)
    services.assignment_extend(assignment=assigned, by=agency_user, new_date=new_date, reason="Chờ kinh phí")
    body = Client().get(status_url(petition)).content.decode()
    assert new_date.strftime("%d/%m/%Y") in body and "Chờ kinh phí" in body


def test_feedback_leaves_the_cache_and_thanks_the_visitor(client, petition, leader):
    petition = resolved(petition, leader)
    client.get(status_url(petition))
    response = client.post(reverse("petitions_public:feedback", args=[petition.tracking_code]), {"satisfied": "1"}, follow=True)
    body = response.content.decode()
    assert "Cảm ơn" in body and "Bạn có hài lòng" not in body
    assert "Bạn có hài lòng" not in Client().get(status_url(petition)).content.decode()


def test_a_hidden_petition_is_not_served_from_the_cache(petition):
    assert Client().get(status_url(petition)).status_code == 200
    petition.is_public = False
    petition.save(update_fields=["is_public"])
    assert Client().get(status_url(petition)).status_code == 404


def test_the_cache_key_suits_every_backend(petition):
    from django.core.cache.backends.base import memcache_key_warnings

    from petitions.page_cache import page_key, version

    key = page_key(version(petition.tracking_code))
    assert list(memcache_key_warnings(key)) == []
