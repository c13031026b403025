"""A real Celery worker, on the configured broker (Redis in CI, the filesystem
transport locally), runs a task against the test database."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings

from dialogue.models import WorkerHeartbeat
from dialogue.tasks import heartbeat


def database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(transactional_db):
    env = {**os.environ, "DATABASE_URL": database_url()}
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "dialogue", "worker", "--pool=solo", "--loglevel=WARNING", "--without-gossip", "--without-mingle"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.mark.worker
def test_a_real_worker_runs_a_task(worker):
    name = f"test-{uuid.uuid4().hex[:8]}"
    heartbeat.delay(name)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if WorkerHeartbeat.objects.filter(name=name).exists():
            break
        assert worker.poll() is None, worker.stdout.read()
        time.sleep(0.3)
    assert WorkerHeartbeat.objects.filter(name=name).exists(), "the worker did not run the task within 60 s"
