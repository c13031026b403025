"""The bell, the notifications page, the preference form and one deadline's page:
own data only (another user's or organisation's is a 404), each role what it should."""

import datetime as dt

import pytest
from django.urls import reverse

from deadlines.models import Deadline, Notification, NotificationPreference
from dialogue.models import Role
from dialogue.testing.factories import member

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def opinions(org, staff):
    return Deadline.objects.create(
        kind=Deadline.Kind.OPINIONS, organization=org, responsible=org, due_on=D(2026, 12, 10), remind_on=D(2026, 12, 8)
    )


@pytest.fixture
def resolve(org, agency_org):
    return Deadline.objects.create(
        kind=Deadline.Kind.RESOLVE, organization=org, responsible=agency_org, due_on=D(2026, 12, 20),
        remind_on=D(2026, 12, 17),
    )


def notify(user, deadline, kind="reminder", **fields):
    return Notification.objects.create(user=user, deadline=deadline, kind=kind, due_on=deadline.due_on, **fields)


def test_the_bell_counts_only_the_users_unread(client, staff, outsider, opinions):
    notify(staff, opinions)
    notify(staff, opinions, kind="escalation", read_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    notify(outsider, opinions)
    client.force_login(staff)
    response = client.get(reverse("deadlines:bell"))
    assert response.status_code == 200 and 'data-unread="1"' in response.content.decode()


def test_pages_load_the_bell_lazily_without_a_query(client, staff):
    client.force_login(staff)
    html = client.get(reverse("home")).content.decode()
    assert f'data-hx-get="{reverse("deadlines:bell")}"' in html and 'data-hx-trigger="load"' in html


def test_anonymous_users_are_sent_to_log_in(client, opinions):
    for url in (reverse("deadlines:bell"), reverse("deadlines:notifications"), reverse("deadlines:preferences"),
                reverse("deadlines:detail", args=[opinions.pk])):
        assert client.get(url).status_code == 302


def test_notifications_list_shows_own_with_constant_queries(client, staff, opinions, django_assert_num_queries):
    client.force_login(staff)
    notify(staff, opinions)
    url = reverse("deadlines:notifications")
    client.get(url)
    # session, user, the navbar's memberships, count, page
    with django_assert_num_queries(5):
        one = client.get(url)
    for kind in ("escalation",):
        notify(staff, opinions, kind=kind)
    with django_assert_num_queries(5):
        two = client.get(url)
    assert one.content.decode().count("data-notification=") == 1
    assert two.content.decode().count("data-notification=") == 2


def test_mark_read_one_and_all_only_own(client, staff, outsider, opinions):
    mine = notify(staff, opinions)
    theirs = notify(outsider, opinions)
    client.force_login(staff)
    assert client.post(reverse("deadlines:read", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("deadlines:read", args=[mine.pk]), {"next": "deadline"})
    assert response.status_code == 302 and response["Location"] == reverse("deadlines:detail", args=[opinions.pk])
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None
    notify(staff, opinions, kind="escalation")
    client.post(reverse("deadlines:read_all"))
    assert not Notification.objects.filter(user=staff, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=outsider, read_at__isnull=True).exists()
    assert client.get(reverse("deadlines:read_all")).status_code == 405


def test_preferences_form_saves_and_rejects_bad_input(client, agency_user):
    client.force_login(agency_user)
    url = reverse("deadlines:preferences")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"delivery": "weekly"})
    assert bad.status_code == 200 and "invalid-feedback" in bad.content.decode()
    assert client.post(url, {"delivery": "digest"}).status_code == 302
    assert NotificationPreference.objects.get(user=agency_user).delivery == "digest"


def test_deadline_page_by_role(client, org, staff, leader, agency_user, outsider, opinions, resolve):
    supervisor = member(org, Role.SUPERVISOR, username="mttq")
    for user, deadline, status in [
        (staff, opinions, 200), (leader, resolve, 200), (supervisor, opinions, 200),
        (agency_user, resolve, 200), (agency_user, opinions, 404),
        (outsider, opinions, 404), (outsider, resolve, 404),
    ]:
        client.force_login(user)
        assert client.get(reverse("deadlines:detail", args=[deadline.pk])).status_code == status, (user, deadline)


def test_mark_done_by_office_staff_only(client, org, staff, agency_user, outsider, opinions, resolve):
    supervisor = member(org, Role.SUPERVISOR, username="mttq")
    url = reverse("deadlines:mark_done", args=[opinions.pk])
    client.force_login(staff)
    page = client.get(reverse("deadlines:detail", args=[opinions.pk])).content.decode()
    assert "da-xong" in page and "Đánh dấu thời hạn này đã hoàn thành? Thời hạn đóng lại" in page
    for user in (outsider, supervisor, agency_user):
        client.force_login(user)
        assert client.post(url).status_code == 404
    opinions.refresh_from_db()
    assert opinions.state == "open"
    client.force_login(staff)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    opinions.refresh_from_db()
    assert opinions.state in ("met", "late") and opinions.closed_by == staff
    # A second press says it is closed; work the system closes itself cannot be marked by hand.
    page = client.post(url, follow=True).content.decode()
    assert "Thời hạn này đã đóng." in page
    client.force_login(member(org, Role.LEADER, username="lanhdao2"))
    page = client.post(reverse("deadlines:mark_done", args=[resolve.pk]), follow=True).content.decode()
    assert "tự đóng" in page
    resolve.refresh_from_db()
    assert resolve.state == "open"


def test_admin_scan_now_queues_the_task(admin_client, monkeypatch):
    from deadlines import tasks

    queued = []
    monkeypatch.setattr(tasks.scan, "delay", lambda *a, **k: queued.append(1))
    page = admin_client.get(reverse("admin:deadlines_deadline_changelist"))
    assert reverse("admin:deadlines_scan_now") in page.content.decode()
    response = admin_client.post(reverse("admin:deadlines_scan_now"))
    assert response.status_code == 302 and queued == [1]
