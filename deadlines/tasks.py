"""Background work for deadlines: thin entry points over the scanner and the outbox."""

from celery import shared_task

from .notifications import deliver as deliver_batch
from .notifications import send_digests
from .scanner import scan as scan_batch


@shared_task(name="deadlines.scan")
def scan() -> dict:
    """One scan batch (beat, every 15 minutes, or "scan now" in the admin), then one delivery batch
    of the outbox (the reminders, and the events the apps told through deadlines.outbox).

    A delivery that fails or is cut short is picked up by the next run, since
    the rows stay unmarked until sent."""
    result = scan_batch().as_dict()
    result["sent"] = deliver_batch()
    return result


@shared_task(name="deadlines.deliver")
def deliver() -> int:
    """One delivery batch, queued when a step that told someone commits (deadlines.outbox)."""
    return deliver_batch()


@shared_task(name="deadlines.digest")
def digest() -> int:
    """The daily digest for users who chose it (beat, once a day)."""
    return send_digests()
