"""One batch of the deadline scan (run by the `deadlines.scan` beat task every 15 minutes).

Two indexed reads find the work: open deadlines not yet reminded whose
remind_on has come (deadline_remind_idx), and open deadlines not yet escalated
whose due_on has passed (deadline_escalate_idx). Each batch is claimed in one
transaction: the rows are locked with SELECT … FOR UPDATE SKIP LOCKED, marked
with a conditional UPDATE (reminded_at / escalated_at still empty), and their
Notification rows are written in the same transaction. A second scanner running
at the same moment skips the locked rows and finds them marked afterwards; the
unique constraint on Notification is the last guard. Nothing is sent here:
deadlines.notifications.deliver e-mails from the Notification rows, so a worker
that dies after the claim leaves rows that the next delivery sends, once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from dialogue import clock
from dialogue.models import Membership, Role

from .models import Deadline, Notification, NotificationPreference

# Rows claimed per kind per batch: memory and transaction size stay bounded
# however many deadlines the table holds; the next run takes the rest.
BATCH_SIZE = 5000

# Who hears of a deadline coming: those who do the work of the responsible
# organisation (and, when another body such as the Front is responsible, its
# supervisors too). Who hears of late work: the owning organisation's leaders.
REMIND_ROLES = (Role.AGENCY, Role.STAFF)
OUTSIDE_REMIND_ROLES = (Role.AGENCY, Role.STAFF, Role.SUPERVISOR)
ESCALATE_ROLES = (Role.LEADER,)
ALL_ROLES = set(OUTSIDE_REMIND_ROLES) | set(ESCALATE_ROLES)


@dataclass
class ScanResult:
    reminded: int = 0
    escalated: int = 0
    notifications: int = 0
    more: bool = False

    def as_dict(self) -> dict:
        return {"reminded": self.reminded, "escalated": self.escalated, "notifications": self.notifications,
                "more": self.more}


def _recipients(org_ids: set[int], roles) -> dict[tuple[int, str], list[int]]:
    """Active users of each organisation: {(organisation id, role): [user id]}."""
    users: dict[tuple[int, str], list[int]] = defaultdict(list)
    rows = (
        Membership.objects.filter(organization_id__in=org_ids, role__in=roles, user__is_active=True)
        .values_list("organization_id", "role", "user_id")
        .order_by("organization_id", "role", "user_id")
    )
    for org_id, role, user_id in rows:
        users[(org_id, role)].append(user_id)
    return users


def _users_for(recipients, org_id: int, roles) -> list[int]:
    found: list[int] = []
    for role in roles:
        for user_id in recipients.get((org_id, role), ()):
            if user_id not in found:
                found.append(user_id)
    return found


def _digest_users(user_ids: set[int]) -> set[int]:
    if not user_ids:
        return set()
    return set(
        NotificationPreference.objects.filter(
            user_id__in=user_ids, delivery=NotificationPreference.Delivery.DIGEST
        ).values_list("user_id", flat=True)
    )


def _claim(kind: str, today: dt.date, now: dt.datetime, limit: int, notify: bool) -> tuple[int, int, bool]:
    """Claim one batch of one kind; returns (deadlines claimed, notifications written, more left)."""
    if kind == Notification.Kind.REMINDER:
        flag, due, order = "reminded_at", {"remind_on__lte": today}, "remind_on"
    else:
        flag, due, order = "escalated_at", {"due_on__lt": today}, "due_on"

    def audience(owner: int, responsible: int) -> tuple[int, tuple]:
        if kind == Notification.Kind.ESCALATION:
            return owner, ESCALATE_ROLES
        return responsible, REMIND_ROLES if owner == responsible else OUTSIDE_REMIND_ROLES

    with transaction.atomic():
        rows = list(
            Deadline.objects.select_for_update(skip_locked=True)
            .filter(state=Deadline.State.OPEN, **{f"{flag}__isnull": True}, **due)
            .order_by(order, "id")
            .values_list("id", "organization_id", "responsible_id", "due_on")[: limit + 1]
        )
        more = len(rows) > limit
        rows = rows[:limit]
        if not rows:
            return 0, 0, False
        claimed = (
            Deadline.objects.filter(pk__in=[row[0] for row in rows], state=Deadline.State.OPEN,
                                    **{f"{flag}__isnull": True})
            .update(**{flag: now})
        )
        written = 0
        if notify and claimed:
            # On PostgreSQL the lock makes every row ours; elsewhere (SQLite runs
            # one writer at a time) the unique constraint drops what another took.
            targets = {pk: audience(owner, responsible) for pk, owner, responsible, _due in rows}
            recipients = _recipients({org for org, _roles in targets.values()}, ALL_ROLES)
            everyone = {u for users in recipients.values() for u in users}
            digest = _digest_users(everyone)
            notes = [
                Notification(user_id=user_id, deadline_id=pk, kind=kind, due_on=due_on, digest=user_id in digest)
                for pk, _owner, _responsible, due_on in rows
                for user_id in _users_for(recipients, *targets[pk])
            ]
            written = len(Notification.objects.bulk_create(notes, batch_size=1000, ignore_conflicts=True))
    return claimed, written, more


def scan(now: dt.datetime | None = None, *, limit: int = BATCH_SIZE, notify: bool = True) -> ScanResult:
    """One batch: remind what is due soon, escalate what is late. Sends nothing.

    notify=False marks without writing notifications (the benchmark's "select and mark").
    """
    now = now or timezone.now()
    today = clock.today()
    result = ScanResult()
    result.reminded, written, more_r = _claim(Notification.Kind.REMINDER, today, now, limit, notify)
    result.notifications += written
    result.escalated, written, more_e = _claim(Notification.Kind.ESCALATION, today, now, limit, notify)
    result.notifications += written
    result.more = more_r or more_e
    return result

