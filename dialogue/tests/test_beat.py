"""Two `celery beat` processes: one sends the schedule, the other waits; killed, the
first is replaced by the second (dialogue/beat.py)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

SENT = "Sending due task heartbeat"
WAITING = "waiting for the beat lock"


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
            {"REDIS_URL": os.environ["REDIS_URL"], "BEAT_LOCK_KEY": f"test-beat-{uuid.uuid4().hex}", "BEAT_LOCK_SECONDS": "3"},
            id="redis-lock",
        )


@pytest.mark.parametrize("lock_env", list(lock_environments()))
def test_only_one_beat_sends_and_the_other_takes_over(tmp_path, lock_env):
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = start_beat(tmp_path, first_log, **lock_env)
    second = None
    try:
        wait_for(lambda: sends(first_log) >= 1, 90, "the first beat sending")
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
        assert second.poll() is None
    finally:
        stop(first)
        if second is not None:
            stop(second)
