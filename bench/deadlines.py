"""Deadline scan benchmark: one scan batch (select and mark, without sending)
through the application against the raw SQL floor, on PostgreSQL.

The table holds BENCH_ROWS deadlines (default 1,000,000), generated in one
INSERT … SELECT over generate_series: most closed or due later, BENCH_DUE
(default 2,000) due now — half due soon (to remind), half late (to escalate).
In the same run and on the same table, alternating rounds time:
  app   — deadlines.scanner.scan(notify=False): the ORM's SELECT … FOR UPDATE
          SKIP LOCKED and conditional UPDATE for each kind, in its transactions;
  floor — the same SELECT and UPDATE statements written by hand on a cursor.
Between rounds the due rows are unmarked again. Peak Python memory of the app
scan is measured with tracemalloc. The run repeats with the table cut to
BENCH_SMALL_ROWS (default 100,000), the due rows kept, to show the time follows
the due work and not the table.

The database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/dialogue_bench_deadlines) is created and
migrated when missing; its deadline rows are replaced on each run.

Prints one line of JSON. Target: ratio <= 5 at both sizes, peak memory flat.

    .venv/bin/python bench/deadlines.py
    BENCH_ROWS=200000 BENCH_ROUNDS=3 .venv/bin/python bench/deadlines.py
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from _setup import ensure_database, setup_django

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
SMALL_ROWS = int(os.environ.get("BENCH_SMALL_ROWS", "100000"))
DUE = int(os.environ.get("BENCH_DUE", "2000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
ORGS = 40
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dialogue_bench_deadlines")

TABLE = "deadlines_deadline"

# One row per generate_series value i. The first DUE/2 are due soon (remind_on
# has come, not reminded), the next DUE/2 are late (reminded, not escalated);
# the rest are closed (60 %) or open and due later (40 %).
FILL_SQL = f"""
INSERT INTO {TABLE} (kind, rule_code, organization_id, responsible_id, conference_id, notice_id, assignment_id,
                     anchor_on, fixed, due_on, remind_on, state, closed_on, closed_by_id, reminded_at, escalated_at,
                     created_at, updated_at)
SELECT
  (ARRAY['announce','opinions','notice','acknowledge','resolve','answer'])[1 + i %% 6],
  '', (%(orgs)s::bigint[])[1 + i %% %(norgs)s], (%(orgs)s::bigint[])[1 + (i * 7) %% %(norgs)s], NULL, NULL, NULL,
  NULL, false,
  CASE WHEN i <= %(half)s THEN %(today)s::date + 1
       WHEN i <= %(due)s THEN %(today)s::date - 1 - i %% 20
       WHEN i %% 10 < 6 THEN %(today)s::date - 30 - i %% 700
       ELSE %(today)s::date + 5 + i %% 400 END,
  CASE WHEN i <= %(half)s THEN %(today)s::date - i %% 3
       WHEN i <= %(due)s THEN %(today)s::date - 4 - i %% 20
       WHEN i %% 10 < 6 THEN %(today)s::date - 33 - i %% 700
       ELSE %(today)s::date + 2 + i %% 400 END,
  CASE WHEN i > %(due)s AND i %% 10 < 6 THEN (CASE WHEN i %% 7 = 0 THEN 'late' ELSE 'met' END) ELSE 'open' END,
  CASE WHEN i > %(due)s AND i %% 10 < 6 THEN %(today)s::date - 31 - i %% 700 END,
  NULL,
  CASE WHEN i > %(half)s AND i <= %(due)s THEN now() - interval '3 days'
       WHEN i > %(due)s AND i %% 10 < 6 THEN now() - interval '40 days' END,
  NULL,
  now(), now()
FROM generate_series(1, %(rows)s) AS i
"""

FLOOR = {
    "remind": (
        f"SELECT id, organization_id, responsible_id, due_on FROM {TABLE} WHERE state = 'open' AND reminded_at IS NULL "
        f"AND remind_on <= %s ORDER BY remind_on, id LIMIT %s FOR UPDATE SKIP LOCKED",
        f"UPDATE {TABLE} SET reminded_at = %s WHERE id = ANY(%s) AND state = 'open' AND reminded_at IS NULL",
    ),
    "escalate": (
        f"SELECT id, organization_id, responsible_id, due_on FROM {TABLE} WHERE state = 'open' AND escalated_at IS NULL "
        f"AND due_on < %s ORDER BY due_on, id LIMIT %s FOR UPDATE SKIP LOCKED",
        f"UPDATE {TABLE} SET escalated_at = %s WHERE id = ANY(%s) AND state = 'open' AND escalated_at IS NULL",
    ),
}


def organisations() -> list[int]:
    from dialogue.models import Organization

    ids = list(Organization.objects.filter(code__startswith="bench-dl-").values_list("pk", flat=True))
    for n in range(len(ids), ORGS):
        ids.append(
            Organization.objects.create(
                name=f"Cơ quan thử {n}", code=f"bench-dl-{n}", kind="department", header_name=f"CƠ QUAN {n}",
                abbreviation="CQ", place_name="Thử",
            ).pk
        )
    return ids


def fill(rows: int, today) -> tuple[float, int]:
    """Replace the deadline rows; returns (seconds, the first new id)."""
    from django.db import connection

    orgs = organisations()
    start = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE} RESTART IDENTITY CASCADE")
        cursor.execute(
            FILL_SQL,
            {"orgs": orgs, "norgs": len(orgs), "half": DUE // 2, "due": DUE, "today": today, "rows": rows},
        )
        cursor.execute(f"SELECT min(id) FROM {TABLE}")
        first = cursor.fetchone()[0]
    vacuum()
    return time.monotonic() - start, first


def vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {TABLE}")


def reset(first: int) -> None:
    """Unmark the due rows so the next round finds the same work."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET reminded_at = NULL WHERE id < %s", [first + DUE // 2])
        cursor.execute(
            f"UPDATE {TABLE} SET escalated_at = NULL WHERE id >= %s AND id < %s", [first + DUE // 2, first + DUE]
        )
    vacuum()


def app_scan() -> tuple[float, int]:
    from deadlines import scanner

    start = time.perf_counter()
    result = scanner.scan(notify=False)
    elapsed = time.perf_counter() - start
    return elapsed, result.reminded + result.escalated


SELECT_SECONDS: list[float] = []


def floor_scan(today, limit: int) -> tuple[float, int]:
    from django.db import connection
    from django.utils import timezone

    marked, selecting = 0, 0.0
    start = time.perf_counter()
    now = timezone.now()
    for select, update in FLOOR.values():
        with connection.cursor() as cursor:
            cursor.execute("BEGIN")
            began = time.perf_counter()
            cursor.execute(select, [today, limit + 1])
            ids = [row[0] for row in cursor.fetchall()][:limit]
            selecting += time.perf_counter() - began
            cursor.execute(update, [now, ids])
            marked += cursor.rowcount
            cursor.execute("COMMIT")
    SELECT_SECONDS.append(selecting)
    return time.perf_counter() - start, marked


def peak_memory() -> int:
    from deadlines import scanner

    tracemalloc.start()
    scanner.scan(notify=False)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def measure(first: int, today) -> dict:
    from django.db import connection

    from deadlines.scanner import BATCH_SIZE

    assert connection.get_autocommit()
    app, floor = [], []
    SELECT_SECONDS.clear()
    # One warm-up of each: connections, plans and pages in the cache.
    for run in (app_scan, lambda: floor_scan(today, BATCH_SIZE)):
        reset(first)
        run()
    for i in range(ROUNDS):
        order = [("app", app_scan), ("floor", lambda: floor_scan(today, BATCH_SIZE))]
        if i % 2:
            order.reverse()
        for name, run in order:
            reset(first)
            seconds, marked = run()
            assert marked == DUE, (name, marked)
            (app if name == "app" else floor).append(seconds * 1000)
    reset(first)
    peak = peak_memory()
    app_ms, floor_ms = statistics.median(app), statistics.median(floor)
    # The floor's SELECT alone: the rest of its time is the UPDATE writing 2,000 row versions and their index entries.
    select_ms = statistics.median(SELECT_SECONDS[1:]) * 1000
    return {"app_ms": round(app_ms, 2), "floor_ms": round(floor_ms, 2), "ratio": round(app_ms / floor_ms, 2),
            "floor_select_ms": round(select_ms, 2), "peak_kib": round(peak / 1024)}


def main() -> None:
    ensure_database(DATABASE_URL)
    var_dir = Path(tempfile.mkdtemp(prefix="bench-deadlines-"))
    setup_django(var_dir, DATABASE_URL)
    from django.core.management import call_command
    from django.db import connection

    from dialogue import clock

    call_command("migrate", verbosity=0, interactive=False)
    today = clock.today()
    fill_s, first = fill(ROWS, today)
    big = measure(first, today)
    # The same due work in a table a tenth the size.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id >= %s", [first + SMALL_ROWS])
    vacuum()
    small = measure(first, today)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE} RESTART IDENTITY CASCADE")
    result = {"bench": "deadlines", "rows": ROWS, "due": DUE, "fill_s": round(fill_s, 1)}
    result.update(big)
    result.update({f"small_{key}": value for key, value in small.items()})
    result["small_rows"] = SMALL_ROWS
    print(json.dumps(result))


if __name__ == "__main__":
    main()
