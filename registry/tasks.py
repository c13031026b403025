"""Background work of the register: tasks take ids and call a service."""

from celery import shared_task

from .issuing import freeze_pending, freeze_stale
from .services import remove_orphan_files


@shared_task(name="registry.freeze_document", autoretry_for=(Exception,), retry_backoff=30, max_retries=5)
def freeze_document(document_id: int) -> bool:
    """Render, sign and store a registered document's PDF (an invitation batch); False if already stored."""

    return freeze_pending(document_id=document_id)


@shared_task(name="registry.sweep")
def sweep() -> dict:
    """Freeze registered documents the worker never reached (a broker that was down at
    issue time), and delete files left by issues that rolled back."""

    return {"frozen": freeze_stale(), "removed": remove_orphan_files()}
