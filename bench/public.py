"""Public pages benchmark: the status page /tra-cuu/<code>/, the front door and
the archive of published answers against the framework's floor, on PostgreSQL
with a million petitions.

One gunicorn server (2 sync workers, persistent database connections, the
product's middleware and settings with DEBUG off, bench/settings_bench.py)
serves both, in the same run:
  app   — the citizen's status page for random existing codes, each looked up
          before (the page cache is filled first, as on a server that has run a while);
  floor — bench/floor_urls.py: fetch one petition by primary key and render a
          small template (the cheapest page Django can serve here).
  cold  — the status page for codes each asked for once, so never from the
          page cache (petitions/page_cache.py): what a citizen's first look-up costs.
  front — the site root for a visitor (home/views_front.py): the organisations with
          their next announced conferences (a few are announced for the bench's one).
  archive — the organisation's archive of published answers, pages 1 to 50 and
          each field's first page (about 400,000 answered petitions at a million rows):
          read by the archive index, never sorting the table.
A load generator on 127.0.0.1 (wrk when installed, else a Python client with
keep-alive threads) drives them in alternating rounds of bounded time, so
machine noise hits both alike. The queries one look-up runs are counted in
this process with CaptureQueriesContext.

The database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/dialogue_bench)
is created and migrated when missing and filled to BENCH_ROWS petitions by
`manage.py generate_petitions` (a few minutes for a million; kept for the next
run, and `generate_s` says how long it took when it ran).

Prints one line of JSON. Targets: ratio >= 0.7, app_p99_ms < 25, queries <= 3
(`queries` is a first look-up, `cached_queries` a repeat one); the front door
front_ratio >= 0.5 and front_queries <= 2 (its data read once a minute, kept
between); the archive, a page of 20 answered petitions with their answers,
archive_ratio >= 0.1, archive_p99_ms < 100 and archive_queries <= 4 (a page asked
before: its organisation, filters and count kept a few minutes).

    .venv/bin/python bench/public.py
    BENCH_ROWS=100000 BENCH_SECONDS=5 .venv/bin/python bench/public.py
"""

from __future__ import annotations

import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _setup import ensure_database, setup_django

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))  # per round and side
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
# As many connections as workers: a sync worker serves one at a time, so more would only
# add time in the listen queue to every latency.
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "2"))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "200000"))  # per round and side, for the Python client
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dialogue_bench")
SAMPLE = 5000  # distinct petitions the load generator picks from
COLD_SAMPLE = 60000  # petitions for the cold side, each asked for once
WARM_SECONDS = float(os.environ.get("BENCH_WARM_SECONDS", "15"))  # the app side's page cache, filled before measuring

WRK_SCRIPT = r"""
local paths = {}
local sequential = false
local next_path = 0
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  math.randomseed(tonumber(args[2]))
  sequential = args[3] == "once"
end
request = function()
  if sequential then
    next_path = next_path % #paths + 1
    return wrk.format("GET", paths[next_path])
  end
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "errors": %d, "non2xx": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def fill(rows: int) -> float | None:
    """Generate petitions up to `rows`; the seconds it took, or None when none were needed."""
    from django.core.management import call_command

    from petitions.models import Petition

    missing = rows - Petition.objects.count()
    if missing <= 0:
        return None
    start = time.monotonic()
    call_command("generate_petitions", count=missing, verbosity=0)
    return time.monotonic() - start


def sample_petitions() -> list[tuple[int, str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        # TABLESAMPLE reads a few pages, not the million rows ORDER BY random() would sort.
        cursor.execute(
            "SELECT id, tracking_code FROM petitions_petition TABLESAMPLE SYSTEM (2) WHERE is_public LIMIT %s",
            [SAMPLE],
        )
        rows = cursor.fetchall()
    if len(rows) < 100:
        from petitions.models import Petition

        rows = list(Petition.objects.filter(is_public=True).values_list("id", "tracking_code")[:SAMPLE])
    with connection.cursor() as cursor:
        # Read the sample's rows and index pages once, so both sides measure a warm
        # server (as one that has run a while) rather than the disk.
        cursor.execute(
            "SELECT count(*) FROM petitions_petition WHERE tracking_code = ANY(%s)", [[code for _pk, code in rows]]
        )
        cursor.execute(
            "SELECT count(*), max(length(text)) FROM petitions_petitionevent WHERE petition_id = ANY(%s)",
            [[pk for pk, _code in rows]],
        )
    return rows


def sample_cold(warm: list[tuple[int, str]]) -> list[str]:
    """Codes outside the warm sample, in random order, their rows read once (warm disk, cold page cache)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tracking_code FROM petitions_petition TABLESAMPLE SYSTEM (10)"
            " WHERE is_public AND NOT (id = ANY(%s)) LIMIT %s",
            [[pk for pk, _code in warm], COLD_SAMPLE],
        )
        codes = [code for (code,) in cursor.fetchall()]
        cursor.execute(
            "SELECT count(*), max(length(e.text)) FROM petitions_petition p"
            " JOIN petitions_petitionevent e ON e.petition_id = p.id WHERE p.tracking_code = ANY(%s)",
            [codes],
        )
    random.Random(7).shuffle(codes)
    return codes


ARCHIVE_PAGES = 50


def front_setup() -> tuple[list[str], list[str]]:
    """Paths of the front door and of the archive; the bench organisation gets five
    conferences announced for the coming weeks (moved forward each run)."""
    import datetime as dt

    from django.utils import timezone

    from conferences.models import Conference
    from dialogue.models import Organization
    from petitions.models import Field

    org = Organization.objects.get(code="bench-xa")
    now = timezone.now()
    for n in range(5):
        Conference.objects.update_or_create(
            organization=org, title=f"Hội nghị đối thoại với Nhân dân thôn số {n + 1}",
            defaults={"status": "announced", "starts_at": now + dt.timedelta(days=7 + 7 * n), "announced_at": now,
                      "venue": "Nhà văn hóa thôn", "audience": "Nhân dân trong thôn"},
        )
    archive = f"/cong-khai/don-vi/{org.code}/tra-loi/"
    pages = [f"{archive}?page={n}" for n in range(1, ARCHIVE_PAGES + 1)]
    pages += [f"{archive}?linh_vuc={pk}" for pk in Field.objects.filter(organization__isnull=True).values_list("pk", flat=True)]
    return ["/"], pages


def count_front_queries(front: list[str], archive: list[str]) -> tuple[int, int]:
    """The queries the front door runs when it reads its data (at most once a minute; 0
    while kept) and the most an archive page asked before runs, in-process."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from home.front_selectors import FRONT_DOOR_KEY

    client = Client()
    cache.delete(FRONT_DOOR_KEY)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(front[0]).status_code == 200
    front_queries = len(queries.captured_queries)
    archive_queries = 0
    for path in archive[:5]:
        client.get(path)  # the archive keeps its organisation, filters and a large count
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        archive_queries = max(archive_queries, len(queries.captured_queries))
    return front_queries, archive_queries


def count_queries(petitions: list[tuple[int, str]]) -> tuple[int, int, int]:
    """The most queries a first look-up, a repeat look-up and a floor request ran, over a few petitions, in-process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    app, cached, floor = 0, 0, 0
    for pk, code in petitions[:20]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/tra-cuu/{code}/")
        assert response.status_code == 200, (code, response.status_code)
        app = max(app, len(queries.captured_queries))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/tra-cuu/{code}/")
        assert response.status_code == 200, (code, response.status_code)
        cached = max(cached, len(queries.captured_queries))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/bench-floor/{pk}/")
        assert response.status_code == 200, (pk, response.status_code)
        floor = max(floor, len(queries.captured_queries))
    return app, cached, floor


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, var_dir: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "settings_bench",
        "VAR_DIR": str(var_dir),
        "DATABASE_URL": DATABASE_URL,
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "dialogue.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--chdir", str(ROOT), "--log-level", "warning"],
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/tra-cuu/")
            conn.getresponse().read()
            conn.close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def run_wrk(port: int, paths_file: Path, script: Path, seconds: float, seed: int, once: bool) -> dict:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--timeout", "5s", "-s", str(script),
         f"http://127.0.0.1:{port}", "--", str(paths_file), str(seed), "once" if once else "random"],
        capture_output=True, text=True, timeout=seconds + 30, check=True,
    )
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("JSON "))
    raw = json.loads(line[5:])
    return {
        "requests": raw["requests"], "seconds": raw["duration_us"] / 1e6, "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000, "errors": raw["errors"] + raw["non2xx"],
    }


def run_python(port: int, paths: list[str], seconds: float, seed: int, once: bool) -> dict:
    """The fallback client: CONNECTIONS threads with keep-alive, bounded by time and request count.
    With `once`, each thread walks its own share of the paths in order instead of picking at random."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds
    budget = [MAX_REQUESTS]

    def worker(n: int) -> None:
        rng = random.Random(seed + n)
        mine_paths = iter(paths[n::CONNECTIONS]) if once else None
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        mine = []
        while time.perf_counter() < stop_at:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            start = time.perf_counter()
            try:
                conn.request("GET", next(mine_paths, None) or rng.choice(paths) if once else rng.choice(paths))
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            mine.append(time.perf_counter() - start)
            if not ok:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return {"requests": len(latencies), "seconds": elapsed, "p50_ms": pick(0.50), "p99_ms": pick(0.99),
            "errors": errors[0]}


def main() -> None:
    ensure_database(DATABASE_URL)
    var_dir = Path(tempfile.mkdtemp(prefix="bench-public-"))
    server = None
    try:
        setup_django(var_dir, DATABASE_URL, "settings_bench")
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0, interactive=False)
        generate_s = fill(ROWS)
        from petitions.models import Petition

        rows = Petition.objects.count()
        petitions = sample_petitions()
        cold = sample_cold(petitions)
        queries, cached_queries, floor_queries = count_queries(petitions)
        front_paths, archive_paths = front_setup()
        front_queries, archive_queries = count_front_queries(front_paths, archive_paths)
        connections.close_all()

        files = {}
        for name, paths in (
            ("app", [f"/tra-cuu/{code}/" for _pk, code in petitions]),
            ("floor", [f"/bench-floor/{pk}/" for pk, _code in petitions]),
            ("cold", [f"/tra-cuu/{code}/" for code in cold]),
            ("front", front_paths),
            ("archive", archive_paths),
        ):
            files[name] = var_dir / f"{name}.txt"
            files[name].write_text("\n".join(paths) + "\n")
        wrk = shutil.which("wrk")
        script = var_dir / "paths.lua"
        script.write_text(WRK_SCRIPT)

        port = free_port()
        server = start_server(port, var_dir)

        def drive(name: str, seconds: float, seed: int, once: bool | None = None) -> dict:
            once = name == "cold" if once is None else once
            if wrk:
                return run_wrk(port, files[name], script, seconds, seed, once)
            return run_python(port, files[name].read_text().split(), seconds, seed, once)

        for name in ("app", "floor", "front", "archive"):  # warm the workers: connections, templates, caches
            drive(name, 2, 0)
        # The app side is the look-up of a petition asked for before: walk the sample in
        # order until each worker has had each code (the cold side measures first look-ups).
        drive("app", WARM_SECONDS, 0, once=True)
        sides = ("app", "floor", "cold", "front", "archive")
        results: dict[str, list[dict]] = {name: [] for name in sides}
        for i in range(ROUNDS):
            # Rotate which goes first, so none always runs on a warmer machine.
            order = list(sides[i % len(sides):] + sides[:i % len(sides)])
            for name in order:
                results[name].append(drive(name, SECONDS, i + 1))

        result: dict = {"bench": "public", "rows": rows}
        for name in sides:
            runs = results[name]
            result[f"{name}_rps"] = round(sum(r["requests"] for r in runs) / sum(r["seconds"] for r in runs))
        result["ratio"] = round(result["app_rps"] / result["floor_rps"], 3)
        result["cold_ratio"] = round(result["cold_rps"] / result["floor_rps"], 3)
        result["front_ratio"] = round(result["front_rps"] / result["floor_rps"], 3)
        result["archive_ratio"] = round(result["archive_rps"] / result["floor_rps"], 3)
        for name in sides:
            runs = results[name]
            result[f"{name}_p50_ms"] = round(statistics.median(r["p50_ms"] for r in runs), 2)
            # The worst round's p99: the figure the target is about.
            result[f"{name}_p99_ms"] = round(max(r["p99_ms"] for r in runs), 2)
        result["queries"] = queries
        result["cached_queries"] = cached_queries
        result["floor_queries"] = floor_queries
        result["front_queries"] = front_queries
        result["archive_queries"] = archive_queries
        result["errors"] = sum(r["errors"] for name in results for r in results[name])
        result["client"] = "wrk" if wrk else "python"
        result["connections"] = CONNECTIONS
        result["seconds"] = SECONDS * ROUNDS
        if generate_s is not None:
            result["generate_s"] = round(generate_s, 1)
        print(json.dumps(result))
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
