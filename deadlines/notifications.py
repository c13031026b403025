"""Delivery of the Notification rows (the outbox): the reminders and escalations
the scanner wrote, and the events of the work the apps told (deadlines.outbox).

`deliver` e-mails each immediate notification and marks it; a failure is
recorded on the row and tried again on the next run. `send_digests` sends each
digest user one e-mail a day listing what waits for them. Neither the scan nor
the apps send, so a worker that dies between writing a row and delivering it
loses nothing: the rows stay unmarked until a delivery run sends them.
"""

from __future__ import annotations

import datetime as dt
import mimetypes

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogue import clock

from .models import Deadline, Notification, NotificationPreference
from .outbox import Skip, deliver_each

# After this many failed attempts a notification stays in the bell only; the
# admin shows the last error.
MAX_ATTEMPTS = 10
DELIVERY_BATCH = 200
DIGEST_ORDER = {Notification.Kind.ESCALATION: 0, Notification.Kind.REMINDER: 1}


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


def note_url(note: Notification) -> str:
    """The address the notification leads to: the deadline's page, or the event's link."""
    if note.deadline_id:
        return deadline_url(note.deadline)
    return settings.SITE_URL + note.url if note.url else settings.SITE_URL + "/"


def note_line(note: Notification) -> str:
    """One line about it, for the digest: the deadline described, or the event's title."""
    return describe(note.deadline) if note.deadline_id else note.title


def _subject(note: Notification) -> str:
    if note.kind == Notification.Kind.ESCALATION:
        return _("[Đối thoại] Late: %(what)s") % {"what": note.deadline.get_kind_display()}
    if note.kind == Notification.Kind.REMINDER:
        return _("[Đối thoại] Due soon: %(what)s") % {"what": note.deadline.get_kind_display()}
    return "[Đối thoại] " + note.title


def _body(note: Notification) -> str:
    if not note.deadline_id:
        text = note.body.strip() or note.title
        return f"{text}\n\n{note_url(note)}\n"
    deadline = note.deadline
    lead = (
        _("This work is past its deadline and not yet done:")
        if note.kind == Notification.Kind.ESCALATION
        else _("This work is due soon:")
    )
    return f"{lead}\n\n{describe(deadline)}\n{deadline_url(deadline)}\n"


def _attach(message: EmailMessage, notes) -> None:
    """Each file the notifications carry, once (an issued notice's PDF)."""
    seen = set()
    for note in notes:
        if note.attachment and note.attachment not in seen:
            seen.add(note.attachment)
            with default_storage.open(note.attachment, "rb") as handle:
                content = handle.read()
            name = note.attachment_name or note.attachment.rsplit("/", 1)[-1]
            message.attach(name, content, mimetypes.guess_type(name)[0] or "application/octet-stream")


def _compose(note: Notification) -> EmailMessage:
    if not note.user.email:
        raise Skip("no e-mail address")
    message = EmailMessage(_subject(note), _body(note), settings.DEFAULT_FROM_EMAIL, [note.user.email])
    _attach(message, [note])
    return message


def _outbox():
    return Notification.objects.filter(emailed_at__isnull=True, digest=False, attempts__lt=MAX_ATTEMPTS).order_by(
        "created_at", "id"
    )


def deliver(limit: int = DELIVERY_BATCH) -> int:
    """E-mail one batch of immediate notifications; returns how many were sent.

    Each row is locked (SKIP LOCKED) while its message goes out and marked in the
    same transaction, so two deliveries never send the same row (deadlines.outbox.deliver_each).
    """
    return deliver_each(
        _outbox, _compose, limit=limit,
        related=("user", "deadline__conference", "deadline__assignment__petition"),
    )


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
                .order_by("created_at", "id")
            )
            if not notes:
                continue
            user = notes[0].user
            now = timezone.now()
            if user.email:
                # Late work first, then the reminders, then what happened, each in the order it came.
                notes.sort(key=lambda n: (DIGEST_ORDER.get(n.kind, 2), n.due_on or dt.date.max))
                lines = [
                    ("⚠ " if n.kind == Notification.Kind.ESCALATION else "• ") + note_line(n) + f"\n  {note_url(n)}"
                    for n in notes
                ]
                body = _("What needs your attention:") + "\n\n" + "\n".join(lines) + "\n"
                subject = _("[Đối thoại] Daily digest %(day)s") % {"day": today.strftime("%d/%m/%Y")}
                message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
                _attach(message, notes)
                message.send()
                sent += 1
            Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=now)
    return sent
