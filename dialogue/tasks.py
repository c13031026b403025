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


@shared_task(name="dialogue.build_export", bind=True, max_retries=3, default_retry_delay=30)
def build_export(self, key: str) -> None:
    """Build one long list's Excel file (dialogue.exports.run_job)."""
    from .exports import run_job
    from .models import ExportJob

    job = ExportJob.objects.select_related("user").filter(key=key).first()
    if job is not None:
        run_job(job)


@shared_task(name="dialogue.prune_exports")
def prune_exports(days: int = 7) -> int:
    """Remove the Excel files of exports older than `days`; the number removed."""
    from datetime import timedelta

    from .models import ExportJob

    removed = 0
    for job in ExportJob.objects.filter(created_at__lt=timezone.now() - timedelta(days=days)):
        if job.file:
            job.file.delete(save=False)
        job.delete()
        removed += 1
    return removed
