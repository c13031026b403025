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
    from petitions import public_views

    public_views._names.clear()
    with django_assert_num_queries(3):  # the petition's row and version, the names it shows, its events
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


def test_a_first_look_up_reads_the_row_once_and_names_it_has_read_lately_not_at_all(
    petition, leader, django_assert_num_queries
):
    from petitions import public_views

    public_views._names.clear()
    Client().get(status_url(petition))
    petition.updated_at = petition.updated_at + dt.timedelta(seconds=1)  # a change: the cached page is stale
    type(petition).objects.filter(pk=petition.pk).update(updated_at=petition.updated_at)
    with django_assert_num_queries(2):  # the row and version, its events; the names are known
        Client().get(status_url(petition))


def test_the_anonymous_page_is_the_page_a_visitor_with_a_session_gets(client, petition, leader, staff):
    """The anonymous page is built from the row the version query read and the remembered
    names; a visitor with a session gets it from the joined query. Same petition, same page."""
    from petitions import public_views

    petition = resolved(petition, leader)
    public_views._names.clear()
    anonymous = Client().get(status_url(petition)).content.decode()
    client.cookies["sessionid"] = "not-a-session"  # a session cookie: the page is rendered for this visitor
    with_session = client.get(status_url(petition)).content.decode()
    strip = lambda html: TOKEN.sub("", re.sub(r'name="idempotency_key" value="[^"]+"', "", html))  # noqa: E731
    assert strip(anonymous) == strip(with_session)
    assert petition.organization.name in anonymous and petition.get_status_display() in anonymous
    # Never the contact details or the content.
    for private in (petition.petitioner_phone, petition.petitioner_address, petition.content):
        if private:
            assert private not in anonymous


def test_a_renamed_organisation_shows_on_first_look_ups_within_a_minute(petition, monkeypatch):
    from petitions import public_views

    public_views._names.clear()
    Client().get(status_url(petition))
    petition.organization.__class__.objects.filter(pk=petition.organization_id).update(name="Xã Đổi Tên")
    type(petition).objects.filter(pk=petition.pk).update(updated_at=petition.updated_at + dt.timedelta(seconds=1))
    real = public_views.time.monotonic
    monkeypatch.setattr(public_views.time, "monotonic", lambda: real() + public_views.NAMES_SECONDS + 1)
    assert "Xã Đổi Tên" in Client().get(status_url(petition)).content.decode()
