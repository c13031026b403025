"""Background work for petitions. Tasks take ids, never model instances, so a
queued task reads the rows as they are when it runs."""

from celery import shared_task
from django.db import transaction

from . import citizen
from .notice_documents import load_notice
from .notices import notice_notify


@shared_task(name="petitions.notice_send")
def notice_send(notice_id: int) -> int:
    """Tell the agencies and the Front of an issued notice through the outbox: a task
    queued before issuing wrote the rows itself, or a notice told again by hand. The
    rows are written once whatever runs this, so nobody gets the notice twice; returns
    how many people were to be told (0 for a notice not issued)."""
    with transaction.atomic():
        return notice_notify(load_notice(notice_id))


@shared_task(name="petitions.citizen_deliver")
def citizen_deliver() -> int:
    """E-mail one batch of the citizens' messages (queued when a step commits, and by the beat
    for what failed or was left); returns how many went."""
    return citizen.deliver()
