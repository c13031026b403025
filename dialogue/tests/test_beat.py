"""Two `celery beat` processes: one sends the schedule, the other waits; killed, the
first is replaced by the second within BEAT_LOCK_SECONDS; a beat that loses its lock
stops sending and waits for it again (dialogue/beat.py)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import beat as celery_beat
from django.conf import settings

from dialogue import beat
from dialogue.celery import app

SENT = "Sending due task heartbeat"
WAITING = "waiting for the beat lock"
REDIS_LOCK_SECONDS = 6


class FakeLock:
    where = "fake"
    renew_every = 1.0

    def __init__(self, events: list, acquire=(True,), renew=True):
        self.events = events
        self.acquire = list(acquire)
        self.renew_result = renew

    def try_acquire(self) -> bool:
        self.events.append("acquire")
        return self.acquire.pop(0)

    def holder(self) -> str:
        return "another beat"

    def renew(self) -> bool:
        self.events.append("renew")
        return self.renew_result

    def release(self) -> None:
        self.events.append("release")


@pytest.fixture
def fake_lock(monkeypatch):
    def install(lock):
        monkeypatch.setattr(beat, "beat_lock", lambda: lock)
        monkeypatch.setattr(beat, "POLL_SECONDS", 0)
        return lock

    return install


def test_the_banners_lazy_scheduler_takes_no_lock(tmp_path, fake_lock):
    # Celery's banner builds a lazy scheduler first; had it taken the lock, the running
    # scheduler would wait on it until it expired.
    events = []
    fake_lock(FakeLock(events))
    banner = beat.SingleBeatScheduler(app=app, schedule_filename=str(tmp_path / "schedule"), lazy=True)
    banner.close()
    assert events == []

    running = beat.SingleBeatScheduler(app=app, schedule_filename=str(tmp_path / "schedule"))
    running.close()
    assert events == ["acquire", "release"]


def test_a_beat_that_loses_its_lock_sends_nothing_until_it_holds_it_again(tmp_path, fake_lock, monkeypatch):
    events = []
    fake_lock(FakeLock(events, acquire=(True, False, False, True), renew=False))
    monkeypatch.setattr(celery_beat.Scheduler, "tick", lambda self, *args, **kwargs: events.append("send") or 5.0)
    scheduler = beat.SingleBeatScheduler(app=app, schedule_filename=str(tmp_path / "schedule"))
    try:
        assert scheduler.tick() == 1.0
    finally:
        scheduler.close()
    assert events == ["acquire", "renew", "acquire", "acquire", "acquire", "send", "release"]


def test_a_beat_that_cannot_reach_redis_does_not_hold_the_lock():
    lock = beat.RedisBeatLock("redis://127.0.0.1:1/5", "test-beat-unreachable", 3)
    assert lock.try_acquire() is False
    assert lock.renew() is False
    lock.release()


def start_beat(var_dir: Path, log: Path, **env) -> subprocess.Popen:
    full_env = {
        **os.environ,
        # The beats send to a filesystem broker of their own, which nothing reads.
        "CELERY_BROKER_URL": "filesystem://",
        "VAR_DIR": str(var_dir),
        "HEARTBEAT_SECONDS": "1",
        "CELERY_TASK_DEFAULT_QUEUE": f"beat-test-{uuid.uuid4().hex[:6]}",
        **env,
    }
    full_env = {key: value for key, value in full_env.items() if value is not None}
    with open(log, "wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "dialogue", "beat", "--loglevel=INFO"],
            cwd=settings.BASE_DIR,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_for(predicate, seconds: float, what: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"{what} not seen within {seconds} s")


def sends(log: Path) -> int:
    return log.read_text(errors="replace").count(SENT) if log.exists() else 0


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def lock_environments():
    yield pytest.param({"REDIS_URL": None}, id="file-lock")
    # The deployment's lock: Redis (in CI, and wherever REDIS_URL is set for the tests).
    if os.environ.get("REDIS_URL"):
        yield pytest.param(
            {
                "REDIS_URL": os.environ["REDIS_URL"],
                "BEAT_LOCK_KEY": f"test-beat-{uuid.uuid4().hex}",
                "BEAT_LOCK_SECONDS": str(REDIS_LOCK_SECONDS),
            },
            id="redis-lock",
        )


@pytest.mark.parametrize("lock_env", list(lock_environments()))
def test_only_one_beat_sends_and_the_other_takes_over(tmp_path, lock_env):
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = start_beat(tmp_path, first_log, **lock_env)
    second = None
    try:
        started = wait_for(lambda: sends(first_log) >= 1, 90, "the first beat sending")
        print(f"\nbeat start to first send ({lock_env.get('BEAT_LOCK_SECONDS') or 'file lock'}): {started:.1f} s")
        assert WAITING not in first_log.read_text(errors="replace"), "the first beat waited on its own lock"
        second = start_beat(tmp_path, second_log, **lock_env)
        wait_for(lambda: WAITING in second_log.read_text(errors="replace"), 90, "the second beat waiting")
        before = sends(first_log)
        time.sleep(4)
        assert sends(first_log) >= before + 2, "the first beat goes on sending every second"
        assert sends(second_log) == 0, second_log.read_text()

        # A waiting beat stops on SIGTERM, as the process manager expects.
        third_log = tmp_path / "third.log"
        third = start_beat(tmp_path, third_log, **lock_env)
        try:
            wait_for(lambda: WAITING in third_log.read_text(errors="replace"), 90, "the third beat waiting")
            third.send_signal(signal.SIGTERM)
            assert third.wait(timeout=15) is not None and sends(third_log) == 0
        finally:
            stop(third)

        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        took = wait_for(lambda: sends(second_log) >= 1, 30, "the second beat taking over")
        print(f"\nbeat takeover after SIGKILL ({lock_env.get('BEAT_LOCK_SECONDS') or 'file lock'}): {took:.1f} s")
        # The lock expires at most BEAT_LOCK_SECONDS after the holder's last renewal; one
        # poll and a tick more.
        assert took < int(lock_env.get("BEAT_LOCK_SECONDS") or 0) + 3
        assert second_log.read_text(errors="replace").count(WAITING) == 1, second_log.read_text()
        assert second.poll() is None
    finally:
        stop(first)
        if second is not None:
            stop(second)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="the Redis lock only can be lost while its holder runs")
def test_a_beat_that_loses_its_lock_waits_for_it_again(tmp_path):
    import redis

    key = f"test-beat-{uuid.uuid4().hex}"
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    log = tmp_path / "beat.log"
    process = start_beat(tmp_path, log, REDIS_URL=os.environ["REDIS_URL"], BEAT_LOCK_KEY=key, BEAT_LOCK_SECONDS="3")
    try:
        wait_for(lambda: sends(log) >= 1, 90, "the beat sending")
        client.set(key, "another-beat", ex=60)
        wait_for(lambda: "was lost" in log.read_text(errors="replace"), 10, "the beat noticing its lock is gone")
        before = sends(log)
        time.sleep(3)
        assert sends(log) == before, "a beat without the lock sends nothing"
        assert process.poll() is None, "it waits rather than exit and stop its server's other processes"

        client.delete(key)
        wait_for(lambda: sends(log) > before, 10, "the beat sending again once it holds the lock")
        assert client.get(key).decode().split(":")[1] == str(process.pid)
    finally:
        stop(process)
        client.delete(key)
