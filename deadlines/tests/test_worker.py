"""Real Celery workers and beat, on the configured broker (Redis in CI, the
filesystem transport locally): a conference is held, time moves forward
(dialogue.clock's file, which the workers read too), and exactly one reminder,
later exactly one escalation, arrive as rows and as e-mails; two workers
scanning and sending at once, one of them killed while sending, still send
each reminder once."""

import datetime as dt
import email
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from conferences import services as conferences
from deadlines.models import Deadline, Notification
from deadlines.tests.slow_mail import sending
from dialogue.clock import CLOCK_FILE_ENV
from dialogue.tests.test_worker import database_url
from petitions.tests.factories import make_conference

BEAT_SECONDS = 2


def _start(args, env):
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "dialogue", *args],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def _stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture
def celery_processes(transactional_db, tmp_path):
    today_file = tmp_path / "today"
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        CLOCK_FILE_ENV: str(today_file),
        "DEADLINES_SCAN_SECONDS": str(BEAT_SECONDS),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "VAR_DIR": str(var_dir),
        "CELERY_TASK_DEFAULT_QUEUE": f"deadlines-test-{uuid.uuid4().hex[:8]}",
        # A beat lock of this test's own (dialogue/beat.py), never one a beat of another run holds.
        "BEAT_LOCK_KEY": f"deadlines-test-beat-{uuid.uuid4().hex[:8]}",
    }
    if settings.CELERY_BROKER_URL == "filesystem://":
        # The filesystem broker lives under VAR_DIR: the worker and beat share this one.
        env["CELERY_BROKER_URL"] = "filesystem://"
    processes = []

    def start_worker(**extra_env):
        worker = _start(
            ["worker", "--pool=solo", "--loglevel=WARNING", "--without-gossip", "--without-mingle"], {**env, **extra_env}
        )
        processes.append(worker)
        return worker

    def start(workers=1, **extra_env):
        for _ in range(workers):
            start_worker(**extra_env)
        processes.append(_start(["beat", "--loglevel=WARNING", "-s", str(var_dir / "beat-schedule")], env))
        return processes

    yield {
        "today": today_file, "mail": var_dir / "mail", "start": start, "start_worker": start_worker,
        "processes": processes,
    }
    for proc in processes:
        _stop(proc)


def _mails(folder: Path) -> list:
    if not folder.exists():
        return []
    messages = []
    for path in sorted(folder.glob("*.log")):
        # The file backend appends each message followed by a line of dashes.
        for chunk in path.read_text(encoding="utf-8").split("-" * 79):
            if chunk.strip():
                messages.append(email.message_from_string(chunk.strip()))
    return messages


def _wait_for(condition, processes, timeout=90, every=0.5):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        for proc in processes:
            assert proc.poll() is None, proc.stdout.read()
        time.sleep(every)
    return False


@pytest.mark.worker
def test_beat_and_worker_remind_once_then_escalate_once(celery_processes, org, staff, leader):
    run = celery_processes
    today = timezone.localdate()
    run["today"].write_text(today.isoformat())
    conference = make_conference(org, "announced", days=-1)
    conferences.conference_mark_held(conference=conference, by=staff)
    deadline = Deadline.objects.get(conference=conference, kind=Deadline.Kind.NOTICE)
    assert deadline.remind_on > today

    processes = run["start"]()
    # A few beats at today's date: nothing is due yet.
    time.sleep(3 * BEAT_SECONDS + 4)
    assert not Notification.objects.exists()

    run["today"].write_text(deadline.remind_on.isoformat())
    assert _wait_for(lambda: len(_mails(run["mail"])) >= 1, processes), "no reminder arrived within 90 s"
    time.sleep(3 * BEAT_SECONDS)  # more beats: still one
    reminder = Notification.objects.get()
    assert (reminder.kind, reminder.user, reminder.emailed_at is not None) == ("reminder", staff, True)
    mails = _mails(run["mail"])
    assert len(mails) == 1 and mails[0]["To"] == staff.email

    run["today"].write_text((deadline.due_on + dt.timedelta(days=1)).isoformat())
    assert _wait_for(lambda: len(_mails(run["mail"])) >= 2, processes), "no escalation arrived within 90 s"
    time.sleep(3 * BEAT_SECONDS)
    escalation = Notification.objects.get(kind="escalation")
    assert escalation.user == leader
    assert Notification.objects.count() == 2
    mails = _mails(run["mail"])
    assert [m["To"] for m in mails] == [staff.email, leader.email]


@pytest.mark.worker
def test_two_workers_one_killed_while_sending_send_each_reminder_once(celery_processes, org, staff, tmp_path):
    run = celery_processes
    today = timezone.localdate()
    run["today"].write_text(today.isoformat())
    for _ in range(12):
        conference = make_conference(org, "announced", days=-1)
        conferences.conference_mark_held(conference=conference, by=staff)
    deadlines = Deadline.objects.filter(kind=Deadline.Kind.NOTICE)
    assert deadlines.count() == 12
    run["today"].write_text(max(d.remind_on for d in deadlines).isoformat())

    # Slow mail: each message takes a while, so beats overlap and both workers scan and send at once.
    marks = tmp_path / "sending"
    marks.mkdir()
    slow = {
        "EMAIL_BACKEND": "deadlines.tests.slow_mail.SlowFileBackend", "SLOW_MAIL_SECONDS": "0.5",
        "SLOW_MAIL_MARK_DIR": str(marks),
    }
    processes = run["start"](workers=2, **slow)
    assert _wait_for(lambda: len(_mails(run["mail"])) >= 3, processes), "no reminder arrived within 90 s"
    # Mid-batch, while its message is with the "server" (not between sending and marking,
    # where a dead worker's message goes twice: delivery is at least once, not at most once).
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
    processes.append(run["start_worker"](**slow))

    assert _wait_for(lambda: len(_mails(run["mail"])) >= 12, processes), "not every reminder arrived within 90 s"
    time.sleep(4 * BEAT_SECONDS)  # more beats: nothing more
    assert Notification.objects.filter(kind="reminder").count() == 12
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert len(_mails(run["mail"])) == 12  # twelve rows, each e-mailed once: none twice
