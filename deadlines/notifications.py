"""Delivery of the Notification rows the scanner wrote (the outbox).

`deliver` e-mails each immediate notification and marks it; a failure is
recorded on the row and tried again on the next run. `send_digests` sends each
digest user one e-mail a day listing what waits for them. The scan never sends,
so a worker that dies between the claim and the delivery loses nothing: the rows
stay unmarked until a delivery run sends them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogue import clock

from .models import Deadline, Notification, NotificationPreference

# After this many failed attempts a notification stays in the bell only; the
# admin shows the last error.
MAX_ATTEMPTS = 10
DELIVERY_BATCH = 200


def deadline_url(deadline: Deadline) -> str:
    return settings.SITE_URL + reverse("deadlines:detail", args=[deadline.pk])


def describe(deadline: Deadline) -> str:
    """One line about the work: what, for which conference or petition, due when."""
    subject = ""
    if deadline.assignment_id:
        subject = deadline.assignment.petition.tracking_code
    elif deadline.conference_id:
        subject = deadline.conference.title
    return _("%(kind)s · %(subject)s · due %(due)s") % {
        "kind": deadline.get_kind_display(), "subject": subject, "due": deadline.due_on.strftime("%d/%m/%Y"),
    }


def _subject(note: Notification) -> str:
    if note.kind == Notification.Kind.ESCALATION:
        return _("[Đối thoại] Late: %(what)s") % {"what": note.deadline.get_kind_display()}
    return _("[Đối thoại] Due soon: %(what)s") % {"what": note.deadline.get_kind_display()}


def _body(note: Notification) -> str:
    deadline = note.deadline
    lead = (
        _("This work is past its deadline and not yet done:")
        if note.kind == Notification.Kind.ESCALATION
        else _("This work is due soon:")
    )
    return f"{lead}\n\n{describe(deadline)}\n{deadline_url(deadline)}\n"


def _outbox():
    return Notification.objects.filter(emailed_at__isnull=True, digest=False, attempts__lt=MAX_ATTEMPTS)


def deliver(limit: int = DELIVERY_BATCH) -> int:
    """E-mail one batch of immediate notifications; returns how many were sent.

    Each row is locked (SKIP LOCKED) while its message goes out and marked in the
    same transaction, so two deliveries never send the same row.
    """
    sent = 0
    for pk in _outbox().order_by("created_at", "id").values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            note = (
                _outbox().select_for_update(skip_locked=True, of=("self",))
                .select_related("user", "deadline__conference", "deadline__assignment__petition")
                .filter(pk=pk)
                .first()
            )
            if note is None:
                continue
            address = note.user.email
            if not address:
                note.emailed_at, note.last_error = timezone.now(), "no e-mail address"
                note.save(update_fields=["emailed_at", "last_error"])
                continue
            try:
                EmailMessage(_subject(note), _body(note), settings.DEFAULT_FROM_EMAIL, [address]).send()
            except Exception as error:  # noqa: BLE001 - any transport error is recorded and retried
                note.attempts += 1
                note.last_error = str(error)[:500]
                note.save(update_fields=["attempts", "last_error"])
                continue
            note.emailed_at, note.attempts = timezone.now(), note.attempts + 1
            note.save(update_fields=["emailed_at", "attempts"])
            sent += 1
    return sent


def send_digests() -> int:
    """One e-mail per digest user per day listing their waiting notifications; returns how many went."""
    today = clock.today()
    waiting = Notification.objects.filter(emailed_at__isnull=True, digest=True)
    users = set(waiting.values_list("user_id", flat=True).distinct())
    sent = 0
    for user_id in sorted(users):
        with transaction.atomic():
            pref, _created = NotificationPreference.objects.get_or_create(user_id=user_id)
            # Claim today's digest for this user: a second run the same day finds it taken.
            claimed = (
                NotificationPreference.objects.filter(pk=pref.pk)
                .exclude(last_digest_on=today)
                .update(last_digest_on=today)
            )
            if not claimed:
                continue
            notes = list(
                waiting.filter(user_id=user_id).select_for_update(of=("self",))
                .select_related("user", "deadline__conference", "deadline__assignment__petition")
                .order_by("kind", "deadline__due_on")
            )
            if not notes:
                continue
            user = notes[0].user
            now = timezone.now()
            if user.email:
                lines = [
                    ("⚠ " if n.kind == Notification.Kind.ESCALATION else "• ") + describe(n.deadline)
                    + f"\n  {deadline_url(n.deadline)}"
                    for n in notes
                ]
                body = _("Deadlines that need your attention:") + "\n\n" + "\n".join(lines) + "\n"
                subject = _("[Đối thoại] Daily deadline digest %(day)s") % {"day": today.strftime("%d/%m/%Y")}
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
                sent += 1
            Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=now)
    return sent
