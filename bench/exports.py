"""Excel export benchmark: the petitions list of 100,000 petitions as an .xlsx,
through the application against the floor, with time and peak memory.

On a throwaway SQLite database with the demo data, BENCH_ROWS petitions
(default 100,000) of the commune Vĩnh Lâm are inserted in bulk — a field, a
source and a few hundred characters of content each, one in five assigned to
an agency, some typed as formulas ("=…"). Then, each in a fresh process so
that its peak memory is its own:

  app    — petitions.exports.petition_list for the commune's office, as the
           page's Excel button builds it (the page's filters and order, the
           agency, deadline, working days and outcome of each row, dates as
           dates, formulas kept as text), written by dialogue.exports;
  floor  — the same rows' columns read with one hand-written SQL query on a
           cursor and appended as plain values to an openpyxl write-only
           workbook: what any export of these rows costs at least.

Each reports wall and CPU seconds and the process's peak resident memory (and
its growth over the process before the export). Prints one line of JSON.
Target: the application's export of 100,000 petitions under 150 MB of peak
memory, and a ratio to the floor that stays small.

    .venv/bin/python bench/exports.py
    BENCH_ROWS=20000 .venv/bin/python bench/exports.py
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
TARGET_MB = 150

FLOOR_SQL = """
SELECT p.tracking_code, o.name, p.received_on, p.created_at, f.name, p.source, c.title, p.status, p.content
FROM petitions_petition p
JOIN dialogue_organization o ON o.id = p.organization_id
LEFT JOIN petitions_field f ON f.id = p.field_id
LEFT JOIN conferences_conference c ON c.id = p.conference_id
WHERE p.organization_id = %s
ORDER BY p.created_at DESC, p.id DESC
"""


def fill(rows: int) -> None:
    """BENCH_ROWS petitions of the commune, one in five assigned, in bulk."""
    import datetime as dt
    import random

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from dialogue.models import Organization
    from petitions.models import Assignment, Field, Petition, Source

    rng = random.Random(16)
    commune = Organization.objects.get(code="ubnd-vinh-lam")
    police = Organization.objects.get(code="ca-vinh-lam")
    staff = get_user_model().objects.get(username="vanphong")
    fields = list(Field.objects.filter(organization__isnull=True)) or [Field.objects.create(name="Đất đai")]
    sources = Source.values
    words = ("Đề nghị sửa chữa tuyến đường liên thôn bị xuống cấp nghiêm trọng, mùa mưa lầy lội, học sinh đi học khó "
             "khăn; kiểm tra việc cấp giấy chứng nhận quyền sử dụng đất; lắp đèn chiếu sáng ngã ba chợ").split()
    start = dt.date(2026, 1, 1)
    batch = []
    for i in range(rows):
        content = " ".join(rng.choice(words) for _ in range(rng.randint(20, 60)))
        if i % 97 == 0:
            content = "=1+1 " + content
        batch.append(Petition(
            organization=commune, source=sources[i % len(sources)], field=fields[i % len(fields)],
            content=content, received_on=start + dt.timedelta(days=i % 300), petitioner_name=f"Nguyễn Văn {i}",
            status="assigned" if i % 5 == 0 else "registered", created_by=staff,
        ))
        if len(batch) == 5000:
            Petition.objects.bulk_create(batch)
            batch = []
    Petition.objects.bulk_create(batch)
    assigned = Petition.objects.filter(organization=commune, status="assigned").values_list("pk", flat=True)
    now = timezone.now()
    Assignment.objects.bulk_create(
        [Assignment(petition_id=pk, agency=police, assigned_by=staff, due_on=start + dt.timedelta(days=30 + pk % 200),
                    assigned_at=now) for pk in assigned],
        batch_size=5000,
    )


def _rss_mb() -> float:
    """The process's peak resident memory. VmHWM, not getrusage: a child started by
    fork and exec inherits its parent's ru_maxrss, and the filled parent is large."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(kind: str, path: str) -> dict:
    """One export in this process: its times and memory."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogue.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.http import QueryDict
    from django.utils import translation

    translation.activate("vi")
    user = get_user_model().objects.get(username="vanphong")
    from dialogue.models import Organization

    commune = Organization.objects.get(code="ubnd-vinh-lam").pk
    from openpyxl import Workbook

    from dialogue.exports import write_workbook
    from petitions.exports import petition_list

    before = _rss_mb()
    cpu, wall = time.process_time(), time.perf_counter()
    if kind == "app":
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
        export = petition_list(user, QueryDict())
        written = write_workbook(export.sheets, path)
        if os.environ.get("BENCH_PROFILE"):
            profile.disable()
            pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Kiến nghị")
        written = 0
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL.replace("%s", str(commune)))
            while True:
                chunk = cursor.fetchmany(2000)
                if not chunk:
                    break
                for row in chunk:
                    sheet.append(list(row))
                    written += 1
        book.save(path)
    return {
        "rows": written, "wall_s": round(time.perf_counter() - wall, 2), "cpu_s": round(time.process_time() - cpu, 2),
        "peak_mb": round(_rss_mb(), 1), "growth_mb": round(_rss_mb() - before, 1),
        "file_mb": round(Path(path).stat().st_size / 1024 / 1024, 1),
    }


def main() -> dict:
    from _setup import django_bench

    with django_bench() as var_dir:
        started = time.perf_counter()
        fill(ROWS)
        fill_s = round(time.perf_counter() - started, 1)
        env = {**os.environ, "VAR_DIR": str(var_dir), "DATABASE_URL": os.environ["DATABASE_URL"]}
        out = {"bench": "exports", "petitions": ROWS, "fill_s": fill_s}
        with tempfile.TemporaryDirectory(prefix="bench-exports-") as folder:
            for kind in ("floor", "app"):
                done = subprocess.run(
                    [sys.executable, __file__, "--child", kind, str(Path(folder) / f"{kind}.xlsx")],
                    cwd=ROOT, env=env, capture_output=True, text=True, check=True,
                )
                if os.environ.get("BENCH_PROFILE"):
                    print(done.stderr, file=sys.stderr)
                figures = json.loads(done.stdout.strip().splitlines()[-1])
                for key, value in figures.items():
                    out[f"{kind}_{key}"] = value
        out["ratio"] = round(out["app_wall_s"] / max(out["floor_wall_s"], 0.01), 2)
        out["target_mb"] = TARGET_MB
        out["target_met"] = out["app_peak_mb"] < TARGET_MB and out["app_rows"] >= ROWS
        return out


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3])))
    else:
        print(json.dumps(main()))
