"""The scanner: due-soon and late work found once, claimed once, notified once;
delivery from the outbox after a crash sends the rest and nothing twice."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection

from deadlines import notifications, scanner
from deadlines.models import Deadline, Notification, NotificationPreference
from deadlines.services import Dates, _move
from dialogue.models import Role
from dialogue.testing.factories import member

D = dt.date
TODAY = D(2026, 3, 10)  # a Tuesday


def make_deadline(org, responsible, *, due_on, remind_on=None, kind=Deadline.Kind.RESOLVE, **fields):
    return Deadline.objects.create(
        kind=kind, organization=org, responsible=responsible, due_on=due_on,
        remind_on=remind_on or due_on - dt.timedelta(days=2), **fields,
    )


@pytest.fixture
def people(org, agency_org, staff, leader, agency_user):
    return {"staff": staff, "leader": leader, "agency": agency_user}


@pytest.mark.django_db
def test_one_due_one_not_yet(org, agency_org, people, clock):
    clock(TODAY)
    due = make_deadline(org, agency_org, due_on=D(2026, 3, 12), remind_on=TODAY)
    later = make_deadline(org, agency_org, due_on=D(2026, 3, 13), remind_on=D(2026, 3, 11))
    result = scanner.scan()
    assert (result.reminded, result.escalated, result.notifications) == (1, 0, 1)
    note = Notification.objects.get()
    assert (note.deadline, note.user, note.kind, note.due_on) == (due, people["agency"], "reminder", due.due_on)
    later.refresh_from_db()
    assert later.reminded_at is None
    assert notifications.deliver() == 1
    assert [m.to for m in mail.outbox] == [[people["agency"].email]]
    assert "Sắp đến hạn" in mail.outbox[0].subject and f"/thoi-han/{due.pk}/" in mail.outbox[0].body


@pytest.mark.django_db
def test_exactly_once_under_two_scans_and_two_deliveries(org, agency_org, people, clock):
    clock(TODAY)
    for n in range(3):
        make_deadline(org, agency_org, due_on=D(2026, 3, 12), remind_on=TODAY)
    assert scanner.scan().reminded == 3
    again = scanner.scan()
    assert (again.reminded, again.notifications) == (0, 0)
    assert Notification.objects.count() == 3
    assert notifications.deliver() == 3
    assert notifications.deliver() == 0
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_late_work_is_escalated_to_the_owning_leaders(org, agency_org, people, clock):
    clock(TODAY)
    late = make_deadline(org, agency_org, due_on=D(2026, 3, 9), reminded_at=None)
    result = scanner.scan()
    assert (result.reminded, result.escalated) == (1, 1)
    escalations = Notification.objects.filter(kind="escalation")
    assert [n.user for n in escalations] == [people["leader"]]
    assert [n.user for n in Notification.objects.filter(kind="reminder")] == [people["agency"]]
    late.refresh_from_db()
    assert late.escalated_at is not None
    # Due today is not late yet.
    make_deadline(org, agency_org, due_on=TODAY, reminded_at=late.reminded_at)
    assert scanner.scan().escalated == 0


@pytest.mark.django_db
def test_office_work_reminds_the_office_staff(org, people, clock):
    clock(TODAY)
    make_deadline(org, org, kind=Deadline.Kind.NOTICE, due_on=D(2026, 3, 11), remind_on=TODAY)
    scanner.scan()
    assert [n.user for n in Notification.objects.all()] == [people["staff"]]


@pytest.mark.django_db
def test_work_another_body_answers_for_reminds_its_supervisors_too(org, people, clock):
    """The Front reports the opinions: its supervisors hear of it; the office's own supervisors do not."""
    from dialogue.testing.factories import OrganizationFactory

    clock(TODAY)
    front = OrganizationFactory(name="Ủy ban MTTQ xã", code="mttq-xa", kind="mttq", parent=org)
    front_user = member(front, Role.SUPERVISOR, username="mttq")
    member(org, Role.SUPERVISOR, username="giamsat")
    make_deadline(org, front, kind=Deadline.Kind.OPINIONS, due_on=D(2026, 3, 11), remind_on=TODAY)
    make_deadline(org, org, kind=Deadline.Kind.NOTICE, due_on=D(2026, 3, 11), remind_on=TODAY)
    scanner.scan()
    assert sorted((n.deadline.kind, n.user.username) for n in Notification.objects.all()) == [
        ("notice", people["staff"].username), ("opinions", front_user.username),
    ]


@pytest.mark.django_db
def test_closed_and_cancelled_work_is_left_alone(org, agency_org, people, clock):
    clock(TODAY)
    make_deadline(org, agency_org, due_on=D(2026, 3, 1), state="met", closed_on=D(2026, 2, 28))
    make_deadline(org, agency_org, due_on=D(2026, 3, 1), state="cancelled")
    assert scanner.scan().as_dict() == {"reminded": 0, "escalated": 0, "notifications": 0, "more": False}


@pytest.mark.django_db
def test_a_batch_is_bounded_and_the_next_run_takes_the_rest(org, agency_org, people, clock):
    clock(TODAY)
    for _ in range(5):
        make_deadline(org, agency_org, due_on=D(2026, 3, 12), remind_on=TODAY)
    first = scanner.scan(limit=3)
    assert (first.reminded, first.more) == (3, True)
    second = scanner.scan(limit=3)
    assert (second.reminded, second.more) == (2, False)
    assert Notification.objects.count() == 5


@pytest.mark.django_db
def test_killed_between_claim_and_delivery_then_restarted(org, agency_org, people, clock, monkeypatch):
    """The scan commits its claim and its notifications; the worker dies before
    sending. A restarted delivery sends all; a transport failure on one message
    leaves it for the next run; nothing goes twice."""
    clock(TODAY)
    extra = member(agency_org, Role.AGENCY, username="agency2", email="agency2@example.vn")
    for _ in range(3):
        make_deadline(org, agency_org, due_on=D(2026, 3, 12), remind_on=TODAY)
    scanner.scan()  # claimed and recorded; the "worker" dies here, nothing sent
    assert len(mail.outbox) == 0 and Notification.objects.filter(emailed_at__isnull=True).count() == 6

    from django.core.mail import EmailMessage

    real_send = EmailMessage.send
    calls = {"n": 0}

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionError("SMTP server went away")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    assert notifications.deliver() == 5
    failed = Notification.objects.get(emailed_at__isnull=True)
    assert failed.attempts == 1 and "went away" in failed.last_error
    assert scanner.scan().reminded == 0  # a restarted scan claims nothing again
    assert notifications.deliver() == 1
    assert notifications.deliver() == 0
    sent = sorted((m.to[0], m.body) for m in mail.outbox)
    assert len(sent) == 6 and len(set(sent)) == 6
    assert {m.to[0] for m in mail.outbox} == {people["agency"].email, extra.email}


@pytest.mark.django_db
def test_a_deadline_moved_later_is_reminded_again_for_its_new_date(org, agency_org, people, clock):
    clock(TODAY)
    deadline = make_deadline(org, agency_org, due_on=D(2026, 3, 12), remind_on=TODAY)
    scanner.scan()
    _move(deadline, dates=Dates(D(2026, 3, 31), TODAY), reason="Gia hạn")
    deadline.refresh_from_db()
    assert deadline.reminded_at is None and deadline.remind_on == D(2026, 3, 27)
    assert scanner.scan().reminded == 0
    clock(D(2026, 3, 27))
    assert scanner.scan().reminded == 1
    assert sorted(Notification.objects.values_list("due_on", flat=True)) == [D(2026, 3, 12), D(2026, 3, 31)]


@pytest.mark.django_db
def test_digest_users_get_one_mail_a_day(org, agency_org, people, clock):
    clock(TODAY)
    NotificationPreference.objects.create(user=people["agency"], delivery="digest")
    make_deadline(org, agency_org, due_on=D(2026, 3, 12), remind_on=TODAY)
    make_deadline(org, agency_org, due_on=D(2026, 3, 9))
    scanner.scan()
    assert Notification.objects.filter(user=people["agency"], digest=True).count() == 2
    leader_sent = notifications.deliver()  # the leader's escalation goes at once
    assert leader_sent == 1 and mail.outbox[0].to == [people["leader"].email]
    assert notifications.send_digests() == 1
    digest = mail.outbox[1]
    assert digest.to == [people["agency"].email] and "10/03/2026" in digest.subject
    assert digest.body.count("/thoi-han/") == 2
    assert notifications.send_digests() == 0
    # The next day's new reminders make the next digest.
    clock(D(2026, 3, 11))
    make_deadline(org, agency_org, due_on=D(2026, 3, 13), remind_on=D(2026, 3, 11))
    scanner.scan()
    assert notifications.send_digests() == 1 and mail.outbox[-1].body.count("/thoi-han/") == 1


@pytest.mark.django_db
def test_mark_without_notifying(org, agency_org, people, clock):
    clock(TODAY)
    make_deadline(org, agency_org, due_on=D(2026, 3, 12), remind_on=TODAY)
    assert scanner.scan(notify=False).reminded == 1
    assert not Notification.objects.exists()


def _run_in_threads(target, n=2):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(target())
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    return results


def _deliver_all() -> int:
    total = 0
    while sent := notifications.deliver(limit=50):
        total += sent
    return total


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scanners_send_one_each(org, agency_org, people, clock):
    """On PostgreSQL two scanners run at the same moment in two threads (SKIP
    LOCKED splits the work); SQLite allows one writer at a time, so there the two
    run one after the other, which checks the same outcome without the race."""
    clock(TODAY)
    Deadline.objects.bulk_create(
        [Deadline(kind="resolve", organization=org, responsible=agency_org, due_on=D(2026, 3, 12), remind_on=TODAY)
         for _ in range(300)]
    )
    if connection.vendor == "postgresql":
        results = _run_in_threads(scanner.scan)
        sent = _run_in_threads(_deliver_all)
    else:
        results = [scanner.scan(), scanner.scan()]
        sent = [notifications.deliver(limit=150), notifications.deliver(limit=150)]
    assert sum(r.reminded for r in results) == 300
    assert Notification.objects.count() == 300
    assert Deadline.objects.filter(reminded_at__isnull=True).count() == 0
    assert sum(sent) == 300 and len(mail.outbox) == 300
    assert len({m.body for m in mail.outbox}) == 300
