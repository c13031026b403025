"""The citizen is told: an e-mail in Vietnamese at each step of their petition,
for a citizen who gave an address and asked for it on the public form.

Each public event that matters to them (received, assigned, extended with the
reason and new date, answered, closed, referred) writes one CitizenMessage in
the transaction that records the event (`on_events`, called by
petitions.services.record_events), once per (petition, kind, event) under a
unique constraint; grouped petitions get their own, as they get their own
events. The words are written then: the petition's code, the citizen's name
shortened, what happened, the status page's address and the link that stops the
messages. Nothing else of the petition or of anybody else.

`deliver` e-mails the rows with the outbox's claim-and-send loop
(deadlines.outbox.deliver_each): one at a time under a row lock, marked in the
same transaction, a failure counted and retried by the next run (the task
`petitions.citizen_deliver`, queued when the event commits and run by the beat).
A citizen who stopped the messages meanwhile is not written to.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from deadlines.outbox import Skip, deliver_each
from dialogue.text import short_name

from .models import CitizenMessage, EventKind, Petition, PetitionEvent

Kind = CitizenMessage.Kind

# The public events a citizen is told of, and the message each makes.
TOLD = {
    EventKind.REGISTERED: Kind.RECEIVED,
    EventKind.ASSIGNED: Kind.ASSIGNED,
    EventKind.EXTENDED: Kind.EXTENDED,
    EventKind.ANSWERED: Kind.ANSWERED,
    EventKind.ANSWERED_AT_CONFERENCE: Kind.ANSWERED,
    EventKind.RESOLVED: Kind.CLOSED,
    EventKind.REFERRED: Kind.REFERRED,
}

MAX_ATTEMPTS = 10
DELIVERY_BATCH = 200
_SALT = "petitions.citizen.unsubscribe"


# --- the link that stops the messages --------------------------------------------------------


def unsubscribe_token(code: str) -> str:
    """The signature of the petition's code: whoever has the e-mail may stop its messages, nobody else."""
    return signing.Signer(salt=_SALT).signature(code)


def token_valid(code: str, token: str) -> bool:
    """Signed with the secret key, or one it replaced (SECRET_KEY_FALLBACKS): links in old e-mails still work."""
    signer = signing.Signer(salt=_SALT)
    return any(
        constant_time_compare(signer.signature(code, key=key), token or "") for key in [signer.key, *signer.fallback_keys]
    )


def status_url(code: str) -> str:
    return settings.SITE_URL + reverse("petitions_public:status", args=[code])


def unsubscribe_url(code: str) -> str:
    return settings.SITE_URL + reverse("petitions_public:unsubscribe", args=[code, unsubscribe_token(code)])


@transaction.atomic
def updates_stop(*, petition: Petition) -> bool:
    """The citizen stops the e-mails about their petition; False when they were already off."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if not petition.email_updates:
        return False
    petition.email_updates = False
    petition.save(update_fields=["email_updates"])
    return True


# --- writing the messages --------------------------------------------------------------------


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _what(kind: str, event: PetitionEvent, petition: dict) -> tuple[str, str]:
    """(subject, what happened) of one message."""
    values = {
        "code": petition["tracking_code"], "organization": petition["organization__name"],
        "agency": event.agency_name, "date": _date(event.date), "reason": event.text,
    }
    if kind == Kind.RECEIVED:
        lead = _("%(organization)s has received your petition.") % values
        if petition["conference__title"]:
            lead += " " + _("It is registered for: %(conference)s.") % {"conference": petition["conference__title"]}
        return _("Your petition %(code)s has been received") % values, lead
    if kind == Kind.ASSIGNED:
        return (
            _("Your petition %(code)s has been assigned") % values,
            _("Your petition has been assigned to %(agency)s, which is to answer it by %(date)s.") % values,
        )
    if kind == Kind.EXTENDED:
        return (
            _("The time to answer your petition %(code)s has been extended") % values,
            _("%(agency)s has extended the time to answer your petition to %(date)s.") % values
            + "\n" + _("Reason: %(reason)s") % values,
        )
    if kind == Kind.ANSWERED:
        lead = (
            _("%(agency)s has answered your petition:") % values if event.agency_name
            else _("Your petition was answered at the conference:")
        )
        return _("Your petition %(code)s has been answered") % values, f"{lead}\n\n{event.text}"
    if kind == Kind.REFERRED:
        return (
            _("Your petition %(code)s has been referred") % values,
            _("Your petition has been referred to %(agency)s, which will deal with it.") % values,
        )
    return (
        _("Your petition %(code)s is closed") % values,
        _("Your petition is resolved and closed. If the answer does not satisfy you, say so on its page."),
    )


def compose(kind: str, event: PetitionEvent, petition: dict) -> tuple[str, str]:
    """(subject, body) of the message about `event` to the citizen of `petition`
    (its tracking code, name, organisation's name and conference's title)."""
    code = petition["tracking_code"]
    subject, what = _what(kind, event, petition)
    body = "\n\n".join([
        _("Dear %(name)s,") % {"name": short_name(petition["petitioner_name"])},
        what,
        _("Code of your petition: %(code)s") % {"code": code} + "\n"
        + _("Follow it at: %(url)s") % {"url": status_url(code)},
        petition["organization__name"],
        "-- \n" + _("You receive these e-mails because you asked for news of your petition when you sent it. "
                    "To stop them, open: %(url)s") % {"url": unsubscribe_url(code)},
    ])
    return subject, body + "\n"


def on_events(events: Iterable[PetitionEvent]) -> int:
    """A message for each public event a citizen who asked to be told is told of; returns how many."""
    events = [e for e in events if e.public and e.kind in TOLD]
    if not events:
        return 0
    petitions = {
        row["pk"]: row
        for row in Petition.objects.filter(pk__in={e.petition_id for e in events}, email_updates=True)
        .exclude(petitioner_email="")
        .values("pk", "tracking_code", "petitioner_name", "organization__name", "conference__title")
    }
    messages = []
    for event in events:
        petition = petitions.get(event.petition_id)
        if petition is None:
            continue
        kind = TOLD[event.kind]
        subject, body = compose(kind, event, petition)
        messages.append(CitizenMessage(petition_id=event.petition_id, event=event, kind=kind, subject=subject, body=body))
    if not messages:
        return 0
    CitizenMessage.objects.bulk_create(messages, ignore_conflicts=True)
    _deliver_after_commit()
    return len(messages)


def _deliver_after_commit() -> None:
    if any(getattr(callback, "citizen_delivery", False) for _sids, callback, _robust in connection.run_on_commit):
        return

    def queue() -> None:
        from .tasks import citizen_deliver  # the task module imports this one

        citizen_deliver.delay()

    queue.citizen_delivery = True
    # robust: a broker that is down must not undo the step; the beat delivers later.
    transaction.on_commit(queue, robust=True)


# --- delivery --------------------------------------------------------------------------------


def _outbox():
    return CitizenMessage.objects.filter(emailed_at__isnull=True, attempts__lt=MAX_ATTEMPTS).order_by("created_at", "id")


def _message(row: CitizenMessage) -> EmailMessage:
    petition = row.petition
    if not petition.email_updates:
        raise Skip("the citizen stopped the e-mails")
    if not petition.petitioner_email:
        raise Skip("no e-mail address")
    return EmailMessage(
        "[Đối thoại] " + row.subject, row.body, settings.DEFAULT_FROM_EMAIL, [petition.petitioner_email],
        headers={
            # The mail programme's own "unsubscribe" button (RFC 8058): one POST to the same link.
            "List-Unsubscribe": f"<{unsubscribe_url(petition.tracking_code)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def deliver(limit: int = DELIVERY_BATCH) -> int:
    """E-mail one batch of citizens' messages, each once; returns how many went."""
    return deliver_each(_outbox, _message, limit=limit, related=("petition",))
