"""Background work for petitions. Tasks take ids, never model instances, so a
queued task reads the rows as they are when it runs."""

from celery import shared_task

from .notices import notice_send_mail


@shared_task(name="petitions.notice_send")
def notice_send(notice_id: int) -> int:
    """E-mail an issued conclusion notice, PDF attached; returns how many messages went."""
    return notice_send_mail(notice_id=notice_id)
