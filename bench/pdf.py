"""PDF benchmark: the application's KẾ HOẠCH render against bare WeasyPrint on the same HTML.

For each seed plan, in the same run and interleaved so machine noise hits both
alike:
  app   — what a download costs in-process: fetch the plan with its prefetches
          (as the view does) and render_plan_pdf(plan), queries included;
  floor — weasyprint.HTML(string=<the same HTML>, base_url=...).write_pdf()
          with default options.
Prints one line of JSON at the end: medians of wall time in ms, the app/floor
ratio (and the same ratio on process CPU time, steadier on a shared machine),
PDF size in KB, pages, the queries one render runs, and whether both PDFs carry
the same text. Targets: ratio <= 1.05 and < 300 ms per seed plan.

    .venv/bin/python bench/pdf.py            # N=15 renders each
    BENCH_N=30 .venv/bin/python bench/pdf.py
"""

from __future__ import annotations

import gc
import io
import json
import os
import statistics
import time

from _setup import django_bench

N = int(os.environ.get("BENCH_N", "15"))
WARMUP = 2


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    with django_bench():
        print(json.dumps(run()))


def run() -> dict:
    import weasyprint
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    from plans import pdf as plan_pdf
    from plans.documents import prefetch_plan
    from plans.models import Plan
    from plans.seeds import load_seed_plans

    seeds = load_seed_plans()
    result: dict = {"bench": "pdf", "n": N}
    app_all: list[float] = []

    def app_render(pk: int) -> bytes:
        plan = prefetch_plan(Plan.objects.filter(pk=pk)).get()
        return plan_pdf.render_plan_pdf(plan)

    for key, seed in sorted(seeds.items()):
        pk = seed.pk
        plan = prefetch_plan(Plan.objects.filter(pk=pk)).get()
        html, base_url = plan_pdf.plan_html(plan), plan_pdf.BASE_URL

        def floor_render() -> bytes:
            return weasyprint.HTML(string=html, base_url=base_url).write_pdf()

        with CaptureQueriesContext(connection) as queries:
            pdf = app_render(pk)
        floor_pdf = floor_render()
        for _ in range(WARMUP):
            app_render(pk)
            floor_render()

        wall = {"app": [], "floor": []}
        cpu = {"app": [], "floor": []}
        gc.collect()
        for i in range(N):
            # Alternate which goes first, so neither always runs on a warmer cache.
            order = [("app", lambda: app_render(pk)), ("floor", floor_render)]
            if i % 2:
                order.reverse()
            for name, fn in order:
                start, start_cpu = time.perf_counter(), time.process_time()
                fn()
                wall[name].append(time.perf_counter() - start)
                cpu[name].append(time.process_time() - start_cpu)

        app_ms, floor_ms = median_ms(wall["app"]), median_ms(wall["floor"])
        result[f"seed_{key}_ms"] = round(app_ms)
        result[f"seed_{key}_floor_ms"] = round(floor_ms)
        result[f"seed_{key}_ratio"] = round(app_ms / floor_ms, 3)
        # CPU time of this process: steadier than wall time when other work shares the machine.
        result[f"seed_{key}_cpu_ratio"] = round(median_ms(cpu["app"]) / median_ms(cpu["floor"]), 3)
        result[f"seed_{key}_kb"] = round(len(pdf) / 1024)
        result[f"seed_{key}_floor_kb"] = round(len(floor_pdf) / 1024)
        result[f"seed_{key}_queries"] = len(queries.captured_queries)
        pages, floor_pages = PdfReader(io.BytesIO(pdf)).pages, PdfReader(io.BytesIO(floor_pdf)).pages
        result[f"seed_{key}_pages"] = len(pages)
        # The comparison only means something if both printed the same document.
        result[f"seed_{key}_same_text"] = [p.extract_text() for p in pages] == [p.extract_text() for p in floor_pages]
        app_all.append(app_ms)
    result["ms_max"] = round(max(app_all))
    result["ratio_max"] = max(v for k, v in result.items() if k.endswith("_ratio") and "cpu" not in k)
    return result


if __name__ == "__main__":
    main()
