"""Issue benchmark: issuing a plan against rendering and signing it, and the first issue of a process.

In one run, on the demo data (SQLite) and a seed plan whose commune has a
signing certificate, interleaved so machine noise hits every side alike:
  render      — render_plan_pdf(plan, verification=…) of the plan fetched as the
                issue fetches it (what the issue prints, QR block included);
  sign        — dialogue.signing.sign_pdf of that PDF with the commune's certificate;
  render_sign — the two one after the other: the floor issuing is held to;
  issue       — plans.services.plan_issue as the leader's request runs it (lock,
                number, register row, render, sign, check, store, transition,
                notifications), inside a transaction rolled back afterwards so the
                plan can be issued again.
Then, each in a fresh process on the same database: the first issue of a process
after dialogue.warmup.warm_up() (what gunicorn and the worker run at start), and
the same without it, each beside warm issues of that same process.

Prints one line of JSON: medians in ms, `ratio` = issue / render_sign (target
<= 1.5), `first_ratio` = first issue after warm-up / warm issue of that process
(target <= 1.5), `cold_first_ratio` the same without the warm-up (reported),
`warmup_ms` what the warm-up costs a process at start, and whether the issued
PDF's signature checks out.

    .venv/bin/python bench/issue.py            # N=9 rounds
    BENCH_N=15 .venv/bin/python bench/issue.py
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time

N = int(os.environ.get("BENCH_N", "9"))
WARMUP = 2
SEED = "000"


class _Rollback(Exception):
    pass


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def issue_once(plan_pk: int, leader) -> object:
    """plan_issue as the request runs it, rolled back: the register entry it made (unsaved now)."""
    from django.db import transaction

    from plans import services
    from plans.models import Plan

    made = {}
    try:
        with transaction.atomic():
            plan = Plan.objects.get(pk=plan_pk)
            services.plan_issue(plan=plan, by=leader)
            made["document"] = plan.outgoing_document
            made["pdf"] = plan.outgoing_document.read_pdf()
            raise _Rollback
    except _Rollback:
        pass
    return made


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--fresh":
        print(json.dumps(fresh_process(int(sys.argv[2]), warm=sys.argv[3] == "warm")))
        return
    from _setup import django_bench

    with django_bench():
        result, plan_pk = run()
        # The children use this process's database: django_bench put its address in the environment.
        for mode, prefix in (("warm", "first"), ("cold", "cold_first")):
            child = fresh(plan_pk, mode)
            result[f"{prefix}_ms"] = child["first_ms"]
            result[f"{prefix}_warm_ms"] = child["warm_ms"]
            result[f"{prefix}_ratio"] = round(child["first_ms"] / child["warm_ms"], 3)
            if mode == "warm":
                result["warmup_ms"] = child["warmup_ms"]
        print(json.dumps(result))


def fresh(plan_pk: int, mode: str) -> dict:
    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run(
        [sys.executable, os.path.join(here, "issue.py"), "--fresh", str(plan_pk), mode],
        check=True, capture_output=True, text=True, env=os.environ.copy(),
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def fresh_process(plan_pk: int, *, warm: bool) -> dict:
    """In a new process: Django set up as a server would, the warm-up if asked, then issues."""
    import logging

    import django

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.path.insert(0, root)
    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    from plans.models import Plan

    leader = Plan.objects.select_related("signer").get(pk=plan_pk).signer
    warmup_ms = 0.0
    if warm:
        from dialogue.warmup import warm_up

        start = time.perf_counter()
        warm_up()
        warmup_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    issue_once(plan_pk, leader)
    first = time.perf_counter() - start
    samples = []
    for _ in range(max(3, N // 2)):
        start = time.perf_counter()
        issue_once(plan_pk, leader)
        samples.append(time.perf_counter() - start)
    return {"first_ms": round(first * 1000, 1), "warm_ms": median_ms(samples), "warmup_ms": round(warmup_ms, 1)}


def run() -> tuple[dict, int]:
    from dialogue import signing
    from plans.models import Plan
    from plans.pdf import render_plan_pdf
    from plans.seeds import load_seed_plans
    from registry.services import Verification, verification_url

    plan = load_seed_plans()[SEED]
    plan_pk, issuer, leader = plan.pk, plan.issuer, plan.signer
    assert signing.active_certificate(issuer) is not None, "the seed plan's issuer has no signing certificate"
    code = "7K3M9-QX2HB"
    verification = Verification(code=code, url=verification_url(code), symbol=plan.symbol_display)

    def render() -> bytes:
        return render_plan_pdf(Plan.objects.get(pk=plan_pk), verification=verification)

    pdf = render()

    def sign(data: bytes = pdf) -> bytes:
        return signing.sign_pdf(data, organization=issuer, signer_name=plan.signer_name, reason="Kế hoạch",
                                location=issuer.place_name)

    def render_sign() -> bytes:
        return sign(render())

    def issue() -> object:
        return issue_once(plan_pk, leader)

    made = issue()
    check = signing.check_pdf(made["pdf"])
    sides = {"render": render, "sign": sign, "render_sign": render_sign, "issue": issue}
    for _ in range(WARMUP):
        for fn in sides.values():
            fn()
    wall: dict[str, list[float]] = {name: [] for name in sides}
    cpu: dict[str, list[float]] = {name: [] for name in sides}
    gc.collect()
    names = list(sides)
    for i in range(N):
        # Rotate the order, so no side always runs first on a warmer cache.
        for name in names[i % len(names):] + names[: i % len(names)]:
            start, start_cpu = time.perf_counter(), time.process_time()
            sides[name]()
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    result: dict = {"bench": "issue", "n": N}
    for name in names:
        result[f"{name}_ms"] = median_ms(wall[name])
    result["ratio"] = round(result["issue_ms"] / result["render_sign_ms"], 3)
    result["cpu_ratio"] = round(median_ms(cpu["issue"]) / median_ms(cpu["render_sign"]), 3)
    result["issue_over_render"] = round(result["issue_ms"] / result["render_ms"], 3)
    result["signature_genuine"] = check.genuine
    return result, plan_pk


if __name__ == "__main__":
    main()
