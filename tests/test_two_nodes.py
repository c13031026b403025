"""Two nodes: two gunicorn servers (gunicorn_conf.py) and two Celery workers on loopback,
sharing PostgreSQL, Redis and SeaweedFS, as several servers of a deployment do.

Run by .ci/run (not by the default `make test`, which needs nothing but Python):
    .venv/bin/python -m pytest -m twonode -s tests/test_two_nodes.py
with DATABASE_URL (PostgreSQL), REDIS_URL and CELERY_BROKER_URL (Redis) set; it starts
SeaweedFS itself. It prints its figures.
"""

import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from html import unescape
from pathlib import Path

import pytest
import requests
from django.conf import settings

pytestmark = [pytest.mark.twonode]

LOAD_SECONDS = float(os.environ.get("TWONODE_LOAD_SECONDS", "10"))
LOAD_THREADS = int(os.environ.get("TWONODE_LOAD_THREADS", "8"))
MESSAGES = 60
MAIL_DELAY = 0.1
PASSWORD = "matkhau-thu-123"  # dialogue.testing.factories


def require_services() -> None:
    missing = []
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        missing.append("DATABASE_URL (PostgreSQL)")
    if not os.environ.get("REDIS_URL"):
        missing.append("REDIS_URL")
    if not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"):
        missing.append("CELERY_BROKER_URL (Redis)")
    if missing:
        pytest.fail("the two-node test needs " + ", ".join(missing))


def database_url() -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port() -> int:
    for port in random.sample(range(18100, 18999), 200):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18100-18999")


class Node:
    """One server: a gunicorn and a Celery worker with the deployment's environment."""

    def __init__(self, name: str, env: dict, folder: Path):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.env = {**env, "VAR_DIR": str(folder)}
        self.web = self.worker = None

    def _start(self, command: list[str], log_name: str, **extra) -> subprocess.Popen:
        with open(self.folder / log_name, "wb") as log:
            return subprocess.Popen(
                command, cwd=settings.BASE_DIR, env={**self.env, **extra}, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def start_web(self) -> None:
        self.web = self._start(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn_conf.py", "dialogue.wsgi"],
            "web.log",
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            WEB_CONCURRENCY="2",
            GUNICORN_THREADS="4",
            GUNICORN_ACCESS_LOG="",
        )

    def start_worker(self) -> None:
        self.worker = self._start(
            [sys.executable, "-m", "celery", "-A", "dialogue", "worker", "--pool=solo", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", f"--hostname={self.name}@%h"],
            "worker.log",
        )

    def wait_ready(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        last = ""
        while time.monotonic() < deadline:
            assert self.web.poll() is None, f"{self.name}'s gunicorn exited:\n{self.log('web.log')}"
            try:
                response = requests.get(self.url + "/healthz", timeout=5)
                if response.status_code == 200:
                    return
                last = response.text
            except requests.RequestException as exc:
                last = repr(exc)
            time.sleep(0.5)
        raise AssertionError(f"{self.name} not ready: {last}\n{self.log('web.log')}")

    def log(self, name: str) -> str:
        path = self.folder / name
        return "\n".join(path.read_text(errors="replace").splitlines()[-40:]) if path.exists() else ""

    def stop(self) -> None:
        for process in (self.web, self.worker):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in (self.web, self.worker):
            if process is not None:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)


@pytest.fixture
def cluster(transactional_db, object_storage, tmp_path):
    require_services()
    queue = f"twonode-{uuid.uuid4().hex[:8]}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_ALLOW_ASYNC"))},
        **object_storage.environ,
        "DATABASE_URL": database_url(),
        "DB_CONN_MAX_AGE": "60",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # The load and the rate-limit runs name their clients as a reverse proxy would.
        "TRUSTED_PROXIES": "127.0.0.1",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_BACKEND": "dialogue.testing.mail.SlowFileBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "MAIL_DELAY_SECONDS": str(MAIL_DELAY),
        "LOG_LEVEL": "WARNING",
        # The test's users were saved with the fast test hasher (conftest.py).
        "TESTING": "true",
    }
    nodes = [Node("a", env, tmp_path / "node-a"), Node("b", env, tmp_path / "node-b")]
    try:
        for node in nodes:
            node.start_web()
        for node in nodes:
            node.wait_ready()
        yield nodes, queue, tmp_path / "mail"
    finally:
        for node in nodes:
            node.stop()


# --- helpers ---------------------------------------------------------------------------------


def hidden_inputs(html: str) -> dict:
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="hidden"' in tag:
            fields[name.group(1)] = unescape(value.group(1)) if value else ""
    return fields


def log_in(node: Node, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(node.url + "/dang-nhap/", timeout=30)
    form = hidden_inputs(page.text)
    response = session.post(
        node.url + "/dang-nhap/", data={**form, "username": username, "password": PASSWORD},
        headers={"Referer": node.url + "/dang-nhap/"}, allow_redirects=False, timeout=30,
    )
    assert response.status_code == 302, response.text[:2000]
    return session


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


# --- the test --------------------------------------------------------------------------------


def make_world():
    from dialogue.models import Role
    from dialogue.testing.factories import OrganizationFactory, member
    from dialogue.testing.fixtures import give_certificate
    from petitions import services
    from petitions.models import CitizenMessage, Petition, PetitionEvent
    from plans.models import Status
    from plans.tests.factories import complete_plan

    org = OrganizationFactory(name="Ủy ban nhân dân xã Hai Máy", code="hai-may")
    leader = member(org, Role.LEADER, username="lanhdao2")
    staff = member(org, Role.STAFF, username="canbo2")
    give_certificate(org)
    plan = complete_plan(issuer=org, year=2026, place="Hai Máy", signer_name="Nguyễn Văn An")
    plan.status = Status.APPROVED
    plan.save()
    petitions = [
        services.petition_record(
            organization=org, by=staff, source="writing", petitioner_name=f"Nguyễn Văn {i}",
            petitioner_address="Xóm 1", content=f"Đề nghị sửa đường xóm số {i}",
        )
        for i in range(MESSAGES)
    ]
    Petition.objects.filter(pk__in=[p.pk for p in petitions]).update(email_updates=True)
    for i, petition in enumerate(petitions):
        Petition.objects.filter(pk=petition.pk).update(petitioner_email=f"cutri{i}@example.vn")
    events = {e.petition_id: e for e in PetitionEvent.objects.filter(petition__in=petitions).order_by("-pk")}
    CitizenMessage.objects.bulk_create(
        CitizenMessage(
            petition=p, event=events[p.pk], kind=CitizenMessage.Kind.RECEIVED, subject=f"Kiến nghị {p.tracking_code}",
            body="Đã nhận.",
        )
        for p in petitions
    )
    return org, leader, plan, [p.tracking_code for p in petitions]


def test_two_nodes(cluster, seaweedfs):
    from dialogue import signing
    from petitions.models import CitizenMessage
    from petitions.tasks import citizen_deliver
    from registry.models import OutgoingDocument

    nodes, queue, mail = cluster
    a, b = nodes
    org, leader, plan, codes = make_world()
    print()

    # 1. A bounded load on both: citizens' status pages, each from an address of its own,
    # after a short untimed warm-up (each gunicorn process loads the application on first use).
    latencies = {a.name: [], b.name: []}
    failures = []

    def load(index: int, stop_at: float, record: bool = True) -> None:
        session = requests.Session()
        count = 0
        while time.monotonic() < stop_at:
            node = nodes[count % 2]
            count += 1
            client = f"10.{index}.{count // 250 % 250}.{count % 250 + 1}"
            started = time.perf_counter()
            response = session.get(f"{node.url}/tra-cuu/{random.choice(codes)}/", headers={"X-Forwarded-For": client}, timeout=30)
            took = time.perf_counter() - started
            if response.status_code != 200:
                failures.append((node.name, response.status_code))
            if record:
                latencies[node.name].append(took)

    def run(seconds: float, record: bool) -> float:
        started = time.monotonic()
        threads = [
            threading.Thread(target=load, args=(i + (0 if record else 100), started + seconds, record))
            for i in range(LOAD_THREADS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.monotonic() - started

    run(2, record=False)
    elapsed = run(LOAD_SECONDS, record=True)
    for name, values in latencies.items():
        print(
            f"load node {name}: {len(values)} requests in {elapsed:.1f} s = {len(values) / elapsed:.1f} req/s, "
            f"p50 {percentile(values, 0.5) * 1000:.1f} ms, p99 {percentile(values, 0.99) * 1000:.1f} ms"
        )
    total = sum(len(v) for v in latencies.values())
    print(f"load both: {total / elapsed:.1f} req/s with {LOAD_THREADS} clients, {len(failures)} failures")
    assert not failures, failures[:10]
    assert all(len(values) > 10 for values in latencies.values())
    # The status pages the servers rendered are in the one shared cache (this process reads them).
    from django.core.cache import cache
    from django.utils import translation

    from petitions import page_cache

    with translation.override("vi"):
        shared = [code for code in codes if cache.get(page_cache.page_key(page_cache.version(code))) is not None]
    print(f"status-page cache: {len(shared)} of {len(codes)} pages found in the shared Redis cache")
    assert len(shared) == len(codes)

    # 2. Issued through A, downloaded and verified through B (session, file and key all shared).
    on_a = log_in(a, leader.username)
    form = hidden_inputs(on_a.get(f"{a.url}/ke-hoach/{plan.pk}/ban-hanh/", timeout=30).text)
    assert "number" in form, "the issue page offers a number"
    started = time.perf_counter()
    issued = on_a.post(
        f"{a.url}/ke-hoach/{plan.pk}/ban-hanh/", data=form, headers={"Referer": f"{a.url}/ke-hoach/{plan.pk}/ban-hanh/"},
        allow_redirects=False, timeout=120,
    )
    issue_ms = (time.perf_counter() - started) * 1000
    assert issued.status_code == 302, issued.text[:2000]
    document = OutgoingDocument.objects.get(plan=plan)
    on_b = requests.Session()
    on_b.cookies.update(on_a.cookies)
    started = time.perf_counter()
    download = on_b.get(f"{b.url}/van-ban/{document.pk}/pdf/", timeout=60)
    download_ms = (time.perf_counter() - started) * 1000
    assert download.status_code == 200 and download.content.startswith(b"%PDF"), download.text[:500]
    check = signing.check_pdf(download.content)
    assert check.genuine and check.intact and check.organization_id == org.pk
    import hashlib

    assert hashlib.sha256(download.content).hexdigest() == document.sha256
    public = requests.get(f"{b.url}/xac-minh/{document.code}/", timeout=30)
    assert public.status_code == 200 and org.name.upper() in public.text.upper()
    print(f"issue on node a: {issue_ms:.0f} ms; download on node b: {download_ms:.0f} ms, {len(download.content)} bytes, signature valid")

    # 3. The look-up budget is one, counted across both servers (and all their processes).
    from dialogue.ratelimit import limits

    limit, _window = limits("lookup")
    allowed = 0
    for i in range(limit * 2 + 2):
        node = nodes[i % 2]
        response = requests.get(f"{node.url}/tra-cuu/{codes[0]}/", headers={"X-Forwarded-For": "198.51.100.77"}, timeout=30)
        if response.status_code == 429:
            break
        assert response.status_code == 200
        allowed += 1
    print(f"rate limit: {allowed} look-ups allowed across both nodes before 429 (limit {limit})")
    assert allowed == limit

    # 4. Two workers deliver the citizens' e-mails; one is killed mid-delivery.
    for node in nodes:
        node.start_worker()
    time.sleep(1)
    started = time.monotonic()
    for _ in range(2):
        citizen_deliver.apply_async(queue=queue)

    def delivered() -> list[Path]:
        return list(mail.glob("*.eml")) if mail.exists() else []

    deadline = time.monotonic() + 120
    while len(delivered()) < 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(delivered()) >= 10, a.log("worker.log") + b.log("worker.log")
    os.killpg(a.worker.pid, signal.SIGKILL)
    a.worker.wait(timeout=10)
    at_kill = len(delivered())
    # What the beat does every few minutes: queue a delivery for whatever is left.
    citizen_deliver.apply_async(queue=queue)
    deadline = time.monotonic() + 120
    while CitizenMessage.objects.filter(emailed_at__isnull=True).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    took = time.monotonic() - started
    time.sleep(1)  # a late duplicate would show now
    files = delivered()
    recipients = []
    for path in files:
        match = re.search(rb"^To: (\S+)", path.read_bytes(), re.M)
        if match.group(1).startswith(b"cutri"):  # staff notifications of the issue go out too
            recipients.append(match.group(1).decode())
    doubled = len(recipients) - len(set(recipients))
    print(
        f"mail: {MESSAGES} messages, worker a killed after {at_kill} sent; {len(recipients)} delivered "
        f"({len(set(recipients))} distinct, {doubled} doubled, {MESSAGES - len(set(recipients))} lost) in {took:.1f} s"
    )
    assert not CitizenMessage.objects.filter(emailed_at__isnull=True).exists()
    assert sorted(set(recipients)) == sorted(f"cutri{i}@example.vn" for i in range(MESSAGES))
    assert doubled == 0
    assert set(CitizenMessage.objects.values_list("attempts", flat=True)) == {1}
