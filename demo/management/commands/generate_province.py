"""Build a province of generated data for benchmarks at roll-up scale (demo.province).

    manage.py generate_province --communes 100 --years 10 [--per-year 500] [--code tinh-thu] [--seed 1]

100 communes × 10 years × 500 petitions a year: ≈500,000 petitions with their
events, assignments and deadlines; a few minutes on PostgreSQL (COPY).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from demo.province import generate


class Command(BaseCommand):
    help = "Generate a province: communes, their plans, conferences, petitions, assignments and deadlines."

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=100)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--per-year", type=int, default=500, help="petitions per commune and year")
        parser.add_argument("--code", default="tinh-thu", help="the province's organisation code (must be new)")
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument("--batch", type=int, default=20000, help="petitions per COPY batch")

    def handle(self, *, communes, years, per_year, code, seed, batch, **options):
        if communes < 1 or years < 1 or per_year < 1:
            raise CommandError("--communes, --years and --per-year must be positive")
        log = self.stdout.write if options["verbosity"] > 1 else None
        try:
            counts = generate(code=code, communes=communes, years=years, per_year=per_year, seed=seed, batch=batch,
                              log=log)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(counts.as_dict()))
