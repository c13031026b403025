"""Real Celery workers and beat deliver what the steps of petitions wrote: the
citizens' messages and the agency's workflow notifications. Two workers send at
once, one is killed while sending, a new one takes its place: every row arrives,
each exactly once (as deadlines/tests/test_worker.py does for the reminders)."""

import time

import pytest

from deadlines.models import Notification
from deadlines.tests.slow_mail import sending
from deadlines.tests.test_worker import BEAT_SECONDS, _mails, _wait_for, celery_processes  # noqa: F401 (fixture)
from petitions import services
from petitions.models import CitizenMessage

from .factories import make_conference

PETITIONS = 6


@pytest.fixture
def workers(monkeypatch, request):
    # The citizens' beat entry as often as the scan's; read when the beat starts.
    monkeypatch.setenv("CITIZEN_MAIL_SECONDS", str(BEAT_SECONDS))
    # Delivery here is the workers' only: the steps below queue no task of their own.
    monkeypatch.setattr("deadlines.outbox._deliver_after_commit", lambda: None)
    monkeypatch.setattr("petitions.citizen._deliver_after_commit", lambda: None)
    return request.getfixturevalue("celery_processes")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_two_workers_one_killed_while_sending_deliver_each_message_once(
    workers, org, leader, agency_org, agency_user, tmp_path
):
    conference = make_conference(org, "announced")
    for n in range(PETITIONS):
        petition = services.petition_register_online(
            conference=conference, petitioner_name=f"Nguyễn Văn {n}", petitioner_email=f"dan{n}@example.vn",
            content=f"Kiến nghị số {n} về đường xóm", email_updates=True,
        )
        services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    # Per petition: "received" and "assigned" to the citizen, "assignment made" to the agency.
    assert CitizenMessage.objects.count() == 2 * PETITIONS
    assert Notification.objects.filter(kind="assignment_made", user=agency_user).count() == PETITIONS
    expected = 3 * PETITIONS

    marks = tmp_path / "sending"
    marks.mkdir()
    slow = {
        "EMAIL_BACKEND": "deadlines.tests.slow_mail.SlowFileBackend", "SLOW_MAIL_SECONDS": "0.5",
        "SLOW_MAIL_MARK_DIR": str(marks),
    }
    processes = workers["start"](workers=2, **slow)
    assert _wait_for(lambda: len(_mails(workers["mail"])) >= 3, processes), "no message arrived within 90 s"
    # Killed while its message is with the "server": the row it holds is neither sent nor marked.
    workers_now = [proc for proc in processes if "worker" in proc.args]
    caught = []

    def a_worker_is_sending() -> bool:
        caught[:] = [sending(marks, workers_now)]
        return caught[0] is not None

    assert _wait_for(a_worker_is_sending, processes, timeout=30, every=0.02), "no worker is sending"
    [victim] = caught
    victim.kill()
    victim.wait(timeout=10)
    processes.remove(victim)
    processes.append(workers["start_worker"](**slow))

    assert _wait_for(lambda: len(_mails(workers["mail"])) >= expected, processes), "not every message arrived"
    time.sleep(4 * BEAT_SECONDS)  # more beats: nothing more
    mails = _mails(workers["mail"])
    assert len(mails) == expected
    assert len({(m["To"], m["Subject"]) for m in mails}) == expected  # none twice
    assert sorted(m["To"] for m in mails if m["To"] != agency_user.email) == sorted(
        f"dan{n}@example.vn" for n in range(PETITIONS) for _kind in ("received", "assigned")
    )
    assert not CitizenMessage.objects.filter(emailed_at__isnull=True).exists()
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
