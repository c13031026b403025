"""Province benchmark: the staff side read at the scale of a province, on PostgreSQL.

The database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/dialogue_province) is created, migrated and
filled once by demo.province (manage.py generate_province): a province with
BENCH_COMMUNES communes (default 100) × BENCH_YEARS years (default 10) ×
BENCH_PER_YEAR petitions a year (default 500) — ≈500,000 petitions, ≈3M events,
≈350,000 assignments, ≈1M deadlines. It is kept between runs (the generation
time is printed when it happens, `generate_s`).

Then, BENCH_ROUNDS times each (median, after one warm-up), through the Django
test client unless said otherwise:
  scan       — deadlines.scanner.scan(notify=False) over the whole table: BENCH_DUE
               (default 2,000) reminders and as many escalations claimed and
               marked (the generated province has the scan run up to yesterday,
               so that many of its open deadlines are unmarked first, unmarked
               again between rounds, and left marked at the end);
  dashboard  — /thoi-han/tong-quan/ as the province's leader (roll-up of
               every commune's deadlines);
  rollup     — /bao-cao/ as the province's leader: this year's figures of the
               province and each commune (reports.figures, up the tree);
  rollup_10y — the same over the ten years (period "dates");
  search     — /kien-nghi/?q=sửa as an officer of every commune (the staff
               list reads the user's own organisations: a province-wide search
               is one with all communes);
  code       — /kien-nghi/?q=<a tracking code>, same user;
  export     — petitions.exports.petition_list for that search (the list's
               Excel file), written by dialogue.exports to a temporary file.
Each line gives the median ms, the queries and the slowest query's ms; the
statements are printed with BENCH_SQL=1 (for EXPLAIN ANALYZE by hand).
No floor: absolute figures, to find what outgrows one database.

    .venv/bin/python bench/province.py
    BENCH_ROUNDS=1 .venv/bin/python bench/province.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _setup import ensure_database, setup_django

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dialogue_province")
COMMUNES = int(os.environ.get("BENCH_COMMUNES", "100"))
YEARS = int(os.environ.get("BENCH_YEARS", "10"))
PER_YEAR = int(os.environ.get("BENCH_PER_YEAR", "500"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
DUE = int(os.environ.get("BENCH_DUE", "2000"))
SHOW_SQL = os.environ.get("BENCH_SQL") == "1"
CODE = "tinh-thu"


def fill() -> dict:
    from dialogue.models import Organization
    from demo.province import generate

    if Organization.objects.filter(code=CODE).exists():
        return {"generate_s": None}
    counts = generate(code=CODE, communes=COMMUNES, years=YEARS, per_year=PER_YEAR, seed=17,
                      log=lambda line: print(line, file=sys.stderr, flush=True))
    return {"generate_s": counts.seconds}


def sizes() -> dict:
    from django.db import connection

    out = {}
    with connection.cursor() as cursor:
        for name, table in (("petitions", "petitions_petition"), ("events", "petitions_petitionevent"),
                            ("assignments", "petitions_assignment"), ("deadlines", "deadlines_deadline")):
            cursor.execute(f"SELECT count(*) FROM {table}")
            out[name] = cursor.fetchone()[0]
    return out


def users():
    from django.contrib.auth import get_user_model

    from dialogue.models import Membership, Organization, Role

    province = Organization.objects.get(code=CODE)
    leader = get_user_model().objects.get(username=f"{CODE}-lanh-dao")
    officer, created = get_user_model().objects.get_or_create(username=f"{CODE}-can-bo")
    if created:
        Membership.objects.bulk_create([
            Membership(user=officer, organization=commune, role=Role.STAFF)
            for commune in Organization.objects.filter(parent=province)
        ])
    return province, leader, officer


def timed(run) -> tuple[float, int, float, str]:
    """(ms, queries, slowest query ms, its SQL) of one call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        run()
        elapsed = (time.perf_counter() - start) * 1000
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]), default={"time": 0, "sql": ""})
    return elapsed, len(captured.captured_queries), float(slowest["time"]) * 1000, slowest["sql"]


def measure(name: str, run, after=None) -> dict:
    run()
    if after:
        after()
    times, last = [], None
    for _ in range(ROUNDS):
        last = timed(run)
        times.append(last[0])
        if after:
            after()
    ms = statistics.median(times)
    print(f"{name:12} {ms:9.1f} ms  {last[1]:3d} queries  slowest {last[2]:8.1f} ms", flush=True)
    if SHOW_SQL:
        print(f"    {last[3]}", flush=True)
    return {f"{name}_ms": round(ms, 1), f"{name}_queries": last[1], f"{name}_slowest_ms": round(last[2], 1)}


def main() -> None:
    ensure_database(DATABASE_URL)
    var_dir = Path(tempfile.mkdtemp(prefix="bench-province-"))
    setup_django(var_dir, DATABASE_URL)
    import datetime as dt

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from deadlines import scanner
    from dialogue import clock
    from dialogue.exports import write_workbook
    from petitions.exports import petition_list
    from petitions.models import Petition
    from django.http import QueryDict

    call_command("migrate", verbosity=0, interactive=False)
    result = {"bench": "province"}
    result.update(fill())
    result.update(sizes())
    province, leader, officer = users()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    marked = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)

    def scan():
        scanner.scan(now=marked, notify=False)

    def unmark():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE deadlines_deadline SET reminded_at = NULL WHERE reminded_at = %s", [marked])
            cursor.execute("UPDATE deadlines_deadline SET escalated_at = NULL WHERE escalated_at = %s", [marked])

    today = clock.today()
    with connection.cursor() as cursor:
        # The day's work: DUE open deadlines as if their reminder and escalation were still to send.
        for flag, due in (("reminded_at", "remind_on <= %s"), ("escalated_at", "due_on < %s")):
            cursor.execute(
                f"UPDATE deadlines_deadline SET {flag} = NULL WHERE id IN (SELECT id FROM deadlines_deadline "
                f"WHERE state = 'open' AND {due} ORDER BY id DESC LIMIT %s)", [today, DUE]
            )
        cursor.execute("SELECT count(*) FROM deadlines_deadline WHERE state = 'open' AND reminded_at IS NULL "
                       "AND remind_on <= %s", [today])
        result["due_remind"] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM deadlines_deadline WHERE state = 'open' AND escalated_at IS NULL "
                       "AND due_on < %s", [today])
        result["due_escalate"] = cursor.fetchone()[0]
    result.update(measure("scan", scan, unmark))
    scanner.scan(notify=False)  # as the beat would: the day's work done, the next run starts as this one did

    lead = Client()
    lead.force_login(leader)
    staff = Client()
    staff.force_login(officer)

    def get(client, url, **params):
        def run():
            response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code)
        return run

    first = clock.today().year - YEARS + 1
    result.update(measure("dashboard", get(lead, "/thoi-han/tong-quan/")))
    result.update(measure("rollup", get(lead, "/bao-cao/", organization=province.pk)))
    result.update(measure("rollup_10y", get(lead, "/bao-cao/", organization=province.pk, period="dates",
                                            start=f"{first}-01-01", end=clock.today().isoformat())))
    result.update(measure("search", get(staff, "/kien-nghi/", q="sửa")))
    code = Petition.objects.filter(organization__parent=province).order_by("pk").values_list(
        "tracking_code", flat=True)[12345 % max(1, result["petitions"])]
    result.update(measure("code", get(staff, "/kien-nghi/", q=code)))

    rows = {}

    def export():
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
            rows["n"] = write_workbook(petition_list(officer, QueryDict("q=sửa")).sheets, handle.name)

    result.update(measure("export", export))
    result["export_rows"] = rows["n"]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
