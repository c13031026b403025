"""The outbox for what happened in the work: one row per user and event, written
once (also when the same event is told at the same moment from several
connections), e-mailed once, retried after a mail server failure, in the digest
for who chose it, under the bell and in the list beside the reminders."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import connection
from django.urls import reverse

from deadlines import notifications, outbox
from deadlines.models import Deadline, Notification, NotificationPreference
from dialogue.models import Role
from dialogue.testing.factories import member

D = dt.date


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def tell(users, key="plan-transition:1", kind="plan_submitted", **fields):
    fields.setdefault("subject", "Kế hoạch chờ duyệt: Hội nghị 2026")
    fields.setdefault("body", "Nguyễn Văn An đã trình kế hoạch.")
    fields.setdefault("url", "/ke-hoach/1/")
    return outbox.notify(kind, users, key=key, **fields)


@pytest.mark.django_db
def test_one_row_per_user_and_event_once(staff, leader):
    assert tell([staff, leader.pk, None]) == 2
    assert tell([staff, leader]) == 2  # told again: the rows are already there
    rows = Notification.objects.order_by("user_id")
    assert [(n.user, n.kind, n.event, n.deadline, n.due_on) for n in rows] == [
        (staff, "plan_submitted", "plan-transition:1", None, None),
        (leader, "plan_submitted", "plan-transition:1", None, None),
    ]
    assert rows[0].title == "Kế hoạch chờ duyệt: Hội nghị 2026" and rows[0].url == "/ke-hoach/1/"
    tell([staff], key="plan-transition:2")
    tell([staff], kind="plan_returned")
    assert Notification.objects.filter(user=staff).count() == 3


@pytest.mark.django_db
def test_bad_calls_are_refused(staff):
    for kind in ("reminder", "escalation", "nonsense"):
        with pytest.raises(ValueError):
            tell([staff], kind=kind)
    with pytest.raises(ValueError):
        tell([staff], key="")
    with pytest.raises(ValueError):
        tell([staff], url="https://elsewhere.example/")
    assert tell([], key="x") == 0 and not Notification.objects.exists()


@pytest.mark.django_db
def test_recipients_by_role_active_and_not_the_actor(org, agency_org, staff, leader, agency_user):
    second = member(org, Role.LEADER, username="leader2")
    gone = member(org, Role.LEADER, username="gone", is_active=False)
    assert outbox.recipients([org], [Role.LEADER]) == sorted([leader.pk, second.pk])
    assert outbox.recipients([org.pk], [Role.LEADER], exclude=second) == [leader.pk]
    assert outbox.recipients([org, agency_org], [Role.AGENCY, Role.STAFF]) == sorted([staff.pk, agency_user.pk])
    assert outbox.active_users([gone, leader, None], exclude=staff) == [leader.pk]


@pytest.mark.django_db
def test_delivered_once_with_its_link_and_attachment(staff, leader, settings):
    settings.SITE_URL = "https://doithoai.example.vn"
    path = default_storage.save("van-ban-di/tb-01.pdf", ContentFile(b"%PDF-1.7 notice"))
    tell([staff], attachment=path, attachment_name="thong-bao-01.pdf")
    tell([leader])
    assert notifications.deliver() == 2
    assert notifications.deliver() == 0
    by_address = {m.to[0]: m for m in mail.outbox}
    message = by_address[staff.email]
    assert message.subject == "[Đối thoại] Kế hoạch chờ duyệt: Hội nghị 2026"
    assert "Nguyễn Văn An đã trình kế hoạch." in message.body
    assert "https://doithoai.example.vn/ke-hoach/1/" in message.body
    assert message.attachments == [("thong-bao-01.pdf", b"%PDF-1.7 notice", "application/pdf")]
    assert by_address[leader.email].attachments == []
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_a_mail_server_failure_is_kept_and_retried(staff, leader, monkeypatch):
    tell([staff, leader])
    real_send = EmailMessage.send
    calls = {"n": 0}

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionRefusedError("SMTP server refused the connection")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    assert notifications.deliver() == 1
    failed = Notification.objects.get(emailed_at__isnull=True)
    assert failed.attempts == 1 and "refused the connection" in failed.last_error
    assert notifications.deliver() == 1 and notifications.deliver() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff.email, leader.email])


@pytest.mark.django_db
def test_a_message_that_cannot_be_written_does_not_stop_the_others(staff, leader):
    tell([staff], attachment="van-ban-di/gone.pdf", attachment_name="thong-bao.pdf")
    tell([leader], key="plan-transition:2")
    assert notifications.deliver() == 1
    assert [m.to for m in mail.outbox] == [[leader.email]]
    stuck = Notification.objects.get(user=staff)
    assert stuck.emailed_at is None and stuck.attempts == 1 and "gone.pdf" in stuck.last_error


@pytest.mark.django_db
def test_a_user_without_an_address_keeps_the_bell_only(org):
    silent = member(org, Role.STAFF, username="silent", email="")
    tell([silent])
    assert notifications.deliver() == 0 and mail.outbox == []
    note = Notification.objects.get()
    assert note.emailed_at is not None and note.last_error == "no e-mail address" and note.read_at is None


@pytest.mark.django_db
def test_the_digest_takes_events_beside_the_reminders(org, agency_org, agency_user, clock, settings):
    settings.SITE_URL = "https://doithoai.example.vn"
    clock(D(2026, 3, 10))
    NotificationPreference.objects.create(user=agency_user, delivery="digest")
    deadline = Deadline.objects.create(
        kind=Deadline.Kind.RESOLVE, organization=org, responsible=agency_org, due_on=D(2026, 3, 12),
        remind_on=D(2026, 3, 10),
    )
    Notification.objects.create(user=agency_user, deadline=deadline, kind="reminder", due_on=deadline.due_on, digest=True)
    path = default_storage.save("van-ban-di/tb-02.pdf", ContentFile(b"%PDF-1.7 two"))
    tell([agency_user], kind="assignment_made", key="assignment:9", subject="Kiến nghị KN-1 được giao cho đơn vị",
         url="/kien-nghi/co-quan/9/", attachment=path, attachment_name="thong-bao-02.pdf")
    assert Notification.objects.get(kind="assignment_made").digest is True
    assert notifications.deliver() == 0  # nothing immediate for a digest user
    assert notifications.send_digests() == 1
    [digest] = mail.outbox
    assert "10/03/2026" in digest.subject
    reminder_at = digest.body.index(f"/thoi-han/{deadline.pk}/")
    event_at = digest.body.index("Kiến nghị KN-1 được giao cho đơn vị")
    assert reminder_at < event_at and "https://doithoai.example.vn/kien-nghi/co-quan/9/" in digest.body
    assert digest.attachments == [("thong-bao-02.pdf", b"%PDF-1.7 two", "application/pdf")]
    assert notifications.send_digests() == 0


def _at_once(target, n=3):
    """Run `target` from n threads released together, each on its own connection."""
    barrier = threading.Barrier(n)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            target()
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_the_same_event_told_at_once_from_three_connections_is_one_row_each(org, staff, leader):
    from django.db import transaction

    def told():
        with transaction.atomic():
            tell([staff, leader], key="response:7:returned", kind="answer_returned")

    _at_once(told)
    assert sorted(Notification.objects.values_list("user_id", flat=True)) == sorted([staff.pk, leader.pk])


# --- the bell and the list ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_bell_counts_events_and_reminders(client, org, staff):
    deadline = Deadline.objects.create(
        kind=Deadline.Kind.OPINIONS, organization=org, responsible=org, due_on=D(2026, 12, 10), remind_on=D(2026, 12, 8)
    )
    Notification.objects.create(user=staff, deadline=deadline, kind="reminder", due_on=deadline.due_on)
    tell([staff])
    client.force_login(staff)
    assert 'data-unread="2"' in client.get(reverse("deadlines:bell")).content.decode()


@pytest.mark.django_db
def test_the_list_shows_both_kinds_with_constant_queries(client, org, staff, django_assert_num_queries):
    deadline = Deadline.objects.create(
        kind=Deadline.Kind.OPINIONS, organization=org, responsible=org, due_on=D(2026, 12, 10), remind_on=D(2026, 12, 8)
    )
    Notification.objects.create(user=staff, deadline=deadline, kind="reminder", due_on=deadline.due_on)
    tell([staff])
    client.force_login(staff)
    url = reverse("deadlines:notifications")
    client.get(url)
    # session, user, the navbar's memberships, count, page
    with django_assert_num_queries(5):
        one = client.get(url)
    for n in range(5):
        tell([staff], key=f"plan-transition:{n + 10}", subject=f"Kế hoạch số {n}")
    with django_assert_num_queries(5):
        many = client.get(url)
    html = one.content.decode()
    assert 'data-kind="reminder"' in html and 'data-kind="plan_submitted"' in html
    assert "Kế hoạch chờ duyệt: Hội nghị 2026" in html and "Kế hoạch trình duyệt" in html
    assert many.content.decode().count("data-notification=") == 7


@pytest.mark.django_db
def test_opening_an_event_marks_it_read_and_goes_to_its_page(client, staff, outsider):
    tell([staff, outsider])
    mine = Notification.objects.get(user=staff)
    theirs = Notification.objects.get(user=outsider)
    client.force_login(staff)
    assert client.post(reverse("deadlines:read", args=[theirs.pk]), {"next": "go"}).status_code == 404
    response = client.post(reverse("deadlines:read", args=[mine.pk]), {"next": "go"})
    assert response.status_code == 302 and response["Location"] == "/ke-hoach/1/"
    mine.refresh_from_db()
    assert mine.read_at is not None


@pytest.mark.django_db
def test_a_link_to_another_site_is_never_followed(client, staff):
    tell([staff])
    Notification.objects.update(url="//elsewhere.example/x")
    client.force_login(staff)
    note = Notification.objects.get()
    response = client.post(reverse("deadlines:read", args=[note.pk]), {"next": "go"})
    assert response["Location"] == reverse("deadlines:notifications")
