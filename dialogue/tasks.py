import socket

from celery import shared_task
from django.utils import timezone

from .idempotency import prune
from .models import WorkerHeartbeat


def record_heartbeat(name: str) -> None:
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})


@shared_task(name="dialogue.heartbeat")
def heartbeat(name: str | None = None) -> None:
    record_heartbeat(name or f"worker@{socket.gethostname()}")


@shared_task(name="dialogue.prune_submitted_forms")
def prune_submitted_forms() -> int:
    """Forget the one-time keys of forms sent more than a week ago."""

    return prune()
