"""Background work of the register: tasks take ids and call a service."""

from celery import shared_task

from . import issuing
from .issuing import freeze_pending, freeze_stale
from .services import remove_orphan_files


@shared_task(name="registry.freeze_document", autoretry_for=(Exception,), retry_backoff=30, max_retries=5)
def freeze_document(document_id: int) -> bool:
    """Render, sign and store a registered document's PDF (an invitation batch); False if already stored."""

    return freeze_pending(document_id=document_id)


@shared_task(name="registry.store_word_copy", autoretry_for=(Exception,), retry_backoff=30, max_retries=5)
def store_word_copy(document_id: int) -> bool:
    """Make and store an issued document's Word copy; False if it already has one."""

    return issuing.store_word_copy(document_id=document_id)


@shared_task(name="registry.sweep")
def sweep() -> dict:
    """Freeze registered documents the worker never reached (a broker that was down at
    issue time), make the Word copies it never made, and delete files left by issues
    that rolled back."""

    return {
        "frozen": freeze_stale(),
        "word_copies": issuing.store_missing_word_copies(),
        "removed": remove_orphan_files(),
    }
