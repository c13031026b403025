"""What happened in the work, told to the users who must act or know, through the
same outbox as the deadline reminders.

A domain service calls `notify` after its work, inside its own transaction, with
the users to tell and what to say (plans.notify, petitions.notify): one
Notification row per user, created once per event key under the unique
constraint notification_event_once, so a service run twice at the same moment,
or a retried task, writes each row once; the rows roll back with the work. The
e-mail goes out after the commit (a delivery task is queued then, and the
`deadlines.scan` beat retries whatever is left), or in the user's daily digest;
the bell shows the row at once. Nothing here knows the domain apps: they pass
the users, the words and the link.

`deliver_each` is the claim-and-send loop every outbox of the project uses
(these notifications, and the citizens' messages of petitions.citizen).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from dialogue.models import Membership

from .models import Notification, NotificationKind, NotificationPreference

logger = logging.getLogger(__name__)

# Lengths of the snapshot columns (Notification.title, .event, .url).
TITLE_MAX = 255
KEY_MAX = 100
URL_MAX = 500


def _pk(row) -> int:
    """The id of a row, or the id itself."""
    return row if isinstance(row, int) else row.pk


def recipients(organizations: Iterable, roles: Iterable[str], *, exclude=None) -> list[int]:
    """The active users holding one of `roles` in any of `organizations` (ids or
    rows), without `exclude` (the user who did it needs no telling): user ids, sorted."""
    org_ids = {_pk(o) for o in organizations if o is not None}
    if not org_ids:
        return []
    found = set(
        Membership.objects.filter(organization_id__in=org_ids, role__in=list(roles), user__is_active=True)
        .values_list("user_id", flat=True)
    )
    if exclude is not None:
        found.discard(_pk(exclude))
    return sorted(found)


def active_users(users: Iterable, *, exclude=None) -> list[int]:
    """`users` (ids or rows, None skipped) that are still active, without `exclude`."""
    ids = {_pk(u) for u in users if u is not None}
    if exclude is not None:
        ids.discard(_pk(exclude))
    if not ids:
        return []
    return sorted(get_user_model().objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))


def notify(
    kind: str, users: Iterable, *, key: str, subject: str, body: str = "", url: str = "",
    attachment: str = "", attachment_name: str = "",
) -> int:
    """Tell each of `users` (ids or rows) that `kind` happened, once per `key`.

    `key` names the occurrence ("plan-transition:12"): the same key again, from a
    second request or a retried task, adds no row. `subject` is the one line the
    bell and the e-mail show, `body` the e-mail's text, `url` a path on this site,
    `attachment` a file of the default storage sent with the e-mail. Call it
    inside the transaction of the work; returns how many users were to be told."""
    if kind not in NotificationKind.values or kind in (NotificationKind.REMINDER, NotificationKind.ESCALATION):
        raise ValueError(f"not an event kind: {kind}")
    if not key or len(key) > KEY_MAX:
        raise ValueError(f"an event key of 1 to {KEY_MAX} characters is needed, not {key!r}")
    if url and not url.startswith("/"):
        raise ValueError("the link is a path on this site")
    user_ids = sorted({_pk(u) for u in users if u is not None})
    if not user_ids:
        return 0
    digest = set(
        NotificationPreference.objects.filter(
            user_id__in=user_ids, delivery=NotificationPreference.Delivery.DIGEST
        ).values_list("user_id", flat=True)
    )
    title = " ".join(str(subject).split())
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1] + "…"
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=user_id, kind=kind, event=key, title=title, body=str(body), url=url[:URL_MAX],
                attachment=attachment, attachment_name=attachment_name[:120], digest=user_id in digest,
            )
            for user_id in user_ids
        ],
        # Under a second run of the same event the unique constraint keeps the first rows.
        ignore_conflicts=True,
    )
    _deliver_after_commit()
    return len(user_ids)


def _deliver_after_commit() -> None:
    """Queue one delivery when the transaction commits (once, however many events it told)."""
    if any(getattr(callback, "outbox_delivery", False) for _sids, callback, _robust in connection.run_on_commit):
        return

    def queue() -> None:
        from .tasks import deliver  # the task module imports the delivery, which imports this one

        deliver.delay()

    queue.outbox_delivery = True
    # robust: a broker that is down must not undo the work; the beat's scan delivers later.
    transaction.on_commit(queue, robust=True)


class Skip(Exception):
    """Raised by a composer: this row is not to be e-mailed (the reason is kept on it)."""


def deliver_each(
    outbox: Callable[[], QuerySet], compose: Callable[[object], EmailMessage], *, limit: int,
    related: tuple[str, ...] = (),
) -> int:
    """E-mail one batch of an outbox, each row exactly once; returns how many went.

    `outbox()` is the rows still to send (emailed_at empty, attempts left), in order.
    Each row is locked (SKIP LOCKED: two workers never take the same one) while its
    message goes out, and marked in the same transaction: a worker killed while
    sending leaves the row unmarked and unlocked, and the next run sends it. A
    transport error (or any error writing the message, such as its attached file
    gone) is counted on the row and tried again on the next run while the batch
    goes on; a composer raising Skip closes the row without sending, with its reason."""
    sent = 0
    for pk in outbox().values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            row = outbox().select_for_update(skip_locked=True, of=("self",)).select_related(*related).filter(pk=pk).first()
            if row is None:
                continue  # another worker has it, or sent it meanwhile
            try:
                compose(row).send()
            except Skip as reason:
                row.emailed_at, row.last_error = timezone.now(), str(reason)[:500]
                row.save(update_fields=["emailed_at", "last_error"])
                continue
            except Exception as error:  # noqa: BLE001 - a transport error (or a file gone) is recorded and retried
                logger.warning("e-mail of %s %s failed: %s", row._meta.label, row.pk, error)
                row.attempts += 1
                row.last_error = str(error)[:500]
                row.save(update_fields=["attempts", "last_error"])
                continue
            row.emailed_at, row.attempts = timezone.now(), row.attempts + 1
            row.save(update_fields=["emailed_at", "attempts"])
            sent += 1
    return sent
