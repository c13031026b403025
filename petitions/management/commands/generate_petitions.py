"""Fill the database with N realistic petitions and their public timelines, for
the public page benchmark (bench/public.py) and for trying lists at scale.

    manage.py generate_petitions --count 1000000 [--organization CODE] [--seed 1]

Rows go in by batches: PostgreSQL's COPY (a million petitions with their
events in a few minutes), bulk_create elsewhere. Status, field, source, dates
and the public events follow a plausible mix: registered, assigned (some
acknowledged or extended), in review, resolved by an answer at the conference
or in writing, referred (petitions.generation builds the rows). Model save()
and history are bypassed, so the accent-free keys are computed there. The
organisation is created when missing.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from dialogue.models import Organization
from petitions.generation import IdReserver, PetitionRows, analyze, write_petitions
from petitions.models import Field, Petition, PetitionEvent


class Command(BaseCommand):
    help = "Insert N realistic petitions with their public events (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--organization", default="bench-xa", help="organisation code (created when missing)")
        parser.add_argument("--batch", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=None, help="for a repeatable mix (codes stay random)")

    def handle(self, *, count, organization, batch, seed, **options):
        if count < 1:
            raise CommandError("--count must be positive")
        org, _ = Organization.objects.get_or_create(
            code=organization,
            defaults={
                "name": "Ủy ban nhân dân xã Thử Tải", "place_name": "Thử Tải",
                "kind": Organization.Kind.PEOPLES_COMMITTEE,
            },
        )
        fields = list(Field.objects.filter(organization__isnull=True).values_list("pk", flat=True))
        rng = random.Random(seed)
        rows = PetitionRows(rng, fields)
        now = timezone.now()
        started = time.monotonic()
        done = 0
        reserver = IdReserver(Petition)
        while done < count:
            size = min(batch, count - done)
            with transaction.atomic():
                ids = reserver.take(size)
                statuses, sources = rows.statuses(size), rows.sources(size)
                petitions, events = [], []
                for i, pk in enumerate(ids):
                    created = now - dt.timedelta(seconds=rng.randrange(2 * 365 * 86400))
                    petitions.append(rows.petition(pk=pk, organization_id=org.pk, status=statuses[i],
                                                   source=sources[i], created=created))
                    events.extend(rows.events(pk, statuses[i], created))
                write_petitions(petitions, events)
            done += size
            if options["verbosity"] > 1:
                self.stdout.write(f"{done}/{count} in {time.monotonic() - started:.0f} s")
        analyze(Petition, PetitionEvent)
        self.stdout.write(f"{count} petitions in {time.monotonic() - started:.1f} s")
