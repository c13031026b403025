"""Staff pages benchmark: the office's petition list and what it leads to, on
PostgreSQL with a million petitions of one organisation, then with 100,000.

Through Django's test client, as a leader of the organisation (the agency inbox
as an officer of one of its agencies), each page N times after a warm-up:
  list       /kien-nghi/                     the office's list, newest first
  search     /kien-nghi/?q=sửa               a common word (a quarter of the rows)
  rare       /kien-nghi/?q=cầu treo          a rare one (a few dozen rows)
  code       /kien-nghi/?q=DT 7K3M9 QX2HB    a tracking code as typed from the receipt
  page500    /kien-nghi/?page=500            a deep link
  detail     /kien-nghi/<pk>/                one petition (with the duplicate finder)
  inbox      /kien-nghi/co-quan/             the agency's open assignments
  dashboard  /thoi-han/tong-quan/            the leader's deadlines dashboard
Each against its floor: the raw SQL of the same rows (psycopg2, cursor.execute of
the equivalent SELECT with its LIMIT, rows fetched), N times, interleaved.

The database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/dialogue_bench)
is created and migrated when missing and filled by `manage.py generate_petitions`:
BENCH_ROWS petitions of bench-xa and BENCH_SMALL_ROWS of bench-100k (the 100k size,
in the same table: the cost must follow the page, not the table). The agencies,
users, the assignments (one INSERT … SELECT) and their deadlines are made here
once and kept with the database.

Prints a readable table, then one line of JSON. Targets: every page p50 < 50 ms,
p99 < 100 ms and p50 ≤ 3 × its floor's p50, at both sizes.

    .venv/bin/python bench/staff.py
    BENCH_N=20 .venv/bin/python bench/staff.py
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
import urllib.parse
from pathlib import Path

from _setup import ensure_database, setup_django

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
SMALL_ROWS = int(os.environ.get("BENCH_SMALL_ROWS", "100000"))
N = int(os.environ.get("BENCH_N", "40"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dialogue_bench")
SIZES = tuple(s for s in (("1m", "bench-xa", ROWS), ("100k", "bench-100k", SMALL_ROWS)) if s[2] > 0)
RARE = "cầu treo"
RARE_ROWS = 30
AGENCIES = 4
TARGET_P50, TARGET_P99, TARGET_RATIO = 50.0, 100.0, 3.0


def setup_bench_django(var_dir: Path) -> None:
    setup_django(var_dir, DATABASE_URL, "settings_bench")
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]


def fill(code: str, rows: int) -> float | None:
    from django.core.management import call_command

    from petitions.models import Petition

    missing = rows - Petition.objects.filter(organization__code=code).count()
    if missing <= 0:
        return None
    start = time.monotonic()
    call_command("generate_petitions", count=missing, organization=code, verbosity=0)
    return time.monotonic() - start


def prepare(code: str) -> dict:
    """The organisation's leader and an agency officer; its agencies, their assignments
    and deadlines (made once); a few petitions about a rare matter; the sample rows."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from dialogue.models import Membership, Organization, Role
    from dialogue.text import fold

    org = Organization.objects.get(code=code)
    agencies = [
        Organization.objects.get_or_create(
            code=f"{code}-cq{n}", defaults={"name": f"Cơ quan {n} ({org.name})", "parent": org,
                                           "kind": Organization.Kind.DEPARTMENT},
        )[0]
        for n in range(1, AGENCIES + 1)
    ]
    User = get_user_model()
    leader = User.objects.get_or_create(username=f"{code}-leader", defaults={"last_name": "Lãnh đạo"})[0]
    Membership.objects.get_or_create(user=leader, organization=org, role=Role.LEADER)
    officer = User.objects.get_or_create(username=f"{code}-agency", defaults={"last_name": "Cán bộ"})[0]
    Membership.objects.get_or_create(user=officer, organization=agencies[0], role=Role.AGENCY)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM petitions_assignment a JOIN petitions_petition p ON p.id = a.petition_id"
            " WHERE p.organization_id = %s LIMIT 1", [org.pk],
        )
        if cursor.fetchone() is None:
            # Every petition past its conclusion went to one of the agencies: open while
            # assigned or in review, closed once resolved; the deadline 30 days on, its
            # deadline row beside it (what the dashboard counts).
            cursor.execute(
                """
                INSERT INTO petitions_assignment (petition_id, agency_id, status, assigned_by_id, assigned_at,
                    acknowledge_due_on, due_on, extension_reason, closed_at)
                SELECT p.id, (%s::bigint[])[1 + p.id %% %s],
                    CASE p.status WHEN 'resolved' THEN 'closed' WHEN 'in_review' THEN 'answered'
                        ELSE (ARRAY['new', 'acknowledged', 'acknowledged'])[1 + p.id %% 3] END,
                    %s, p.created_at, (p.created_at + interval '5 days')::date, (p.created_at + interval '30 days')::date,
                    '', CASE WHEN p.status = 'resolved' THEN p.created_at + interval '25 days' END
                FROM petitions_petition p
                WHERE p.organization_id = %s AND p.status IN ('assigned', 'in_review', 'resolved')
                """,
                [[a.pk for a in agencies], AGENCIES, leader.pk, org.pk],
            )
            cursor.execute(
                """
                INSERT INTO deadlines_deadline (kind, rule_code, organization_id, responsible_id, assignment_id,
                    anchor_on, fixed, due_on, remind_on, state, closed_on, created_at, updated_at)
                SELECT 'answer', '', %s, a.agency_id, a.id, a.assigned_at::date, false, a.due_on, a.due_on - 3,
                    CASE WHEN a.status <> 'closed' THEN 'open' WHEN a.closed_at::date <= a.due_on THEN 'met'
                        ELSE 'late' END,
                    a.closed_at::date, a.assigned_at, a.assigned_at
                FROM petitions_assignment a JOIN petitions_petition p ON p.id = a.petition_id
                WHERE p.organization_id = %s
                """,
                [org.pk, org.pk],
            )
        cursor.execute(
            "SELECT count(*) FROM petitions_petition WHERE organization_id = %s AND content LIKE %s",
            [org.pk, f"%{RARE}%"],
        )
        if cursor.fetchone()[0] < RARE_ROWS:
            content = f"Đề nghị sửa chữa {RARE} qua suối, hư hỏng sau lũ."
            cursor.execute(
                "UPDATE petitions_petition SET content = %s, content_key = %s WHERE id IN"
                " (SELECT id FROM petitions_petition TABLESAMPLE SYSTEM (1) WHERE organization_id = %s LIMIT %s)",
                [content, fold(content), org.pk, RARE_ROWS],
            )
    with connection.cursor() as cursor:
        # The tables as a running server has them: visibility map set, statistics fresh.
        for table in ("petitions_petition", "petitions_assignment", "deadlines_deadline"):
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute(
            "SELECT id, tracking_code FROM petitions_petition TABLESAMPLE SYSTEM (1) WHERE organization_id = %s LIMIT 200",
            [org.pk],
        )
        sample = cursor.fetchall()
    return {"org": org, "agency": agencies[0], "leader": leader, "officer": officer, "sample": sample}


LIST_COLUMNS = (
    "p.id, p.tracking_code, p.content, p.status, p.priority, p.group_id, f.name, c.title"
)
LIST_FROM = (
    "petitions_petition p LEFT JOIN petitions_field f ON f.id = p.field_id"
    " LEFT JOIN conferences_conference c ON c.id = p.conference_id"
)
SEARCH = "(p.content_key LIKE %s OR p.name_key LIKE %s OR p.address_key LIKE %s)"


def pages(ctx: dict) -> list[tuple[str, str, str, tuple, str]]:
    """(name, path, floor SQL, its parameters, who asks)."""
    from dialogue.text import fold

    org = ctx["org"].pk
    pk, code = ctx["sample"][len(ctx["sample"]) // 2]
    spaced = code.replace("-", " ")
    order = "ORDER BY p.created_at DESC, p.id DESC"
    common, rare = fold("sửa"), fold(RARE)
    like = lambda word: (f"%{word}%",) * 3  # noqa: E731
    inbox_order = (
        "ORDER BY CASE WHEN a.status = 'new' THEN 0 WHEN a.status = 'acknowledged' THEN 1"
        " WHEN a.status = 'answered' THEN 2 ELSE 3 END, COALESCE(a.extended_to, a.due_on), a.id"
    )
    return [
        ("list", "/kien-nghi/",
         f"SELECT {LIST_COLUMNS} FROM {LIST_FROM} WHERE p.organization_id = %s {order} LIMIT 50", (org,), "leader"),
        ("search", "/kien-nghi/?" + urllib.parse.urlencode({"q": "sửa"}),
         f"SELECT {LIST_COLUMNS} FROM {LIST_FROM} WHERE p.organization_id = %s AND {SEARCH} {order} LIMIT 50",
         (org, *like(common)), "leader"),
        ("rare", "/kien-nghi/?" + urllib.parse.urlencode({"q": RARE}),
         f"SELECT {LIST_COLUMNS} FROM {LIST_FROM} WHERE p.organization_id = %s AND {SEARCH} {order} LIMIT 50",
         (org, *like(rare)), "leader"),
        ("code", "/kien-nghi/?" + urllib.parse.urlencode({"q": spaced}),
         f"SELECT {LIST_COLUMNS} FROM {LIST_FROM} WHERE p.organization_id = %s AND p.tracking_code = %s",
         (org, code), "leader"),
        ("page500", "/kien-nghi/?page=500",
         # The page's keys by the index first, then their rows: the best one hand-written query does
         # (a plain OFFSET on the joined SELECT reads the 24,950 rows skipped: ten times slower).
         f"SELECT {LIST_COLUMNS} FROM (SELECT id FROM petitions_petition WHERE organization_id = %s"
         " ORDER BY created_at DESC, id DESC OFFSET 24950 LIMIT 50) k JOIN petitions_petition p ON p.id = k.id"
         " LEFT JOIN petitions_field f ON f.id = p.field_id LEFT JOIN conferences_conference c ON c.id = p.conference_id"
         f" {order}",
         (org,), "leader"),
        ("detail", f"/kien-nghi/{pk}/",
         "SELECT p.*, e.kind, e.at, e.text FROM petitions_petition p"
         " LEFT JOIN petitions_petitionevent e ON e.petition_id = p.id WHERE p.id = %s ORDER BY e.at, e.id",
         (pk,), "leader"),
        ("inbox", "/kien-nghi/co-quan/",
         "SELECT a.id, a.status, a.due_on, a.extended_to, p.id, p.tracking_code, p.content, p.status"
         " FROM petitions_assignment a JOIN petitions_petition p ON p.id = a.petition_id"
         f" WHERE a.agency_id = %s AND a.status IN ('new', 'acknowledged', 'answered') {inbox_order} LIMIT 50",
         (ctx["agency"].pk,), "officer"),
        ("dashboard", "/thoi-han/tong-quan/",
         "SELECT d.responsible_id, count(*) FILTER (WHERE d.state = 'open' AND d.due_on >= current_date"
         " AND d.due_on <= current_date + 7), count(*) FILTER (WHERE d.state = 'open' AND d.due_on < current_date),"
         " count(*) FILTER (WHERE d.state = 'met' AND d.due_on >= date_trunc('year', current_date)),"
         " count(*) FILTER (WHERE d.state = 'late' AND d.due_on >= date_trunc('year', current_date))"
         " FROM deadlines_deadline d WHERE d.organization_id = %s AND d.state <> 'cancelled'"
         " AND (d.state = 'open' OR d.due_on >= date_trunc('year', current_date)) GROUP BY d.responsible_id",
         (org,), "leader"),
    ]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(ctx: dict, raw) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for who in ("leader", "officer"):
        clients[who] = Client()
        clients[who].force_login(ctx[who])
    out = {}
    for name, path, sql, params, who in pages(ctx):
        client = clients[who]
        for _ in range(3):  # warm: the rows, the templates, the session
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            with raw.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        asked = len(queries)  # now: the next request clears the connection's log
        app, floor = [], []
        for _ in range(N):
            start = time.perf_counter()
            response = client.get(path)
            app.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            with raw.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()
            floor.append((time.perf_counter() - start) * 1000)
        p50, p99, f50 = statistics.median(app), pct(app, 0.99), statistics.median(floor)
        out[name] = {
            "p50_ms": round(p50, 1), "p99_ms": round(p99, 1), "floor_p50_ms": round(f50, 2),
            "floor_p99_ms": round(pct(floor, 0.99), 2), "ratio": round(p50 / f50, 1), "queries": asked,
            "met": p50 < TARGET_P50 and p99 < TARGET_P99 and p50 <= TARGET_RATIO * f50,
        }
    return out


def main() -> None:
    import psycopg2

    ensure_database(DATABASE_URL)
    var_dir = Path(tempfile.mkdtemp(prefix="bench-staff-"))
    setup_bench_django(var_dir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    generated = {size: fill(code, rows) for size, code, rows in SIZES}
    parts = urllib.parse.urlparse(DATABASE_URL)
    raw = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                           password=parts.password, dbname=parts.path.lstrip("/"))
    raw.autocommit = True
    results = {}
    for size, code, rows in SIZES:
        results[size] = measure(prepare(code), raw)
    raw.close()
    print(f"{'size':<5} {'page':<10} {'p50 ms':>8} {'p99 ms':>8} {'floor ms':>9} {'ratio':>6} {'queries':>8}  target")
    for size, pages_ in results.items():
        for name, r in pages_.items():
            print(f"{size:<5} {name:<10} {r['p50_ms']:>8} {r['p99_ms']:>8} {r['floor_p50_ms']:>9} {r['ratio']:>6}"
                  f" {r['queries']:>8}  {'met' if r['met'] else 'NOT met'}")
    line = {"bench": "staff", "n": N, "rows": ROWS, "small_rows": SMALL_ROWS,
            "generate_s": {k: round(v, 1) for k, v in generated.items() if v},
            "target_met": all(r["met"] for p in results.values() for r in p.values())}
    for size, pages_ in results.items():
        for name, r in pages_.items():
            for key in ("p50_ms", "p99_ms", "floor_p50_ms", "ratio", "queries"):
                line[f"{size}_{name}_{key}"] = r[key]
    print(json.dumps(line))


if __name__ == "__main__":
    main()
