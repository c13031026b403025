"""The coloured deadline badge of an open assignment (or any open deadline).

Counting uses dialogue.workdays, whose calendar is in memory: the package's
holidays per year and the administrator's swaps, read once per year and kept
for a minute, so a list of any length adds at most one query per year shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import template
from django.utils.translation import gettext as _

from dialogue import clock
from dialogue.workdays import working_days_between

register = template.Library()

# Working days left at or under which the badge turns yellow, then orange.
SOON_DAYS = 5
URGENT_DAYS = 2


@dataclass(frozen=True)
class DueBadge:
    due_on: dt.date
    level: str  # "ok" (green), "soon" (yellow), "urgent" (orange), "overdue" (red)
    days: int  # working days left, or working days late when overdue

    @property
    def label(self) -> str:
        if self.level == "overdue":
            if self.days == 0:
                # Past the date, but no working day has gone by yet (a weekend or a holiday).
                return _("past the deadline")
            return _("overdue by %(n)s working days") % {"n": self.days}
        if self.days == 0:
            return _("due today")
        return _("%(n)s working days left") % {"n": self.days}


def due_badge(due_on: dt.date, *, today: dt.date) -> DueBadge:
    if due_on < today:
        return DueBadge(due_on, "overdue", working_days_between(due_on, today))
    left = working_days_between(today, due_on)
    if left <= URGENT_DAYS:
        level = "urgent"
    elif left <= SOON_DAYS:
        level = "soon"
    else:
        level = "ok"
    return DueBadge(due_on, level, left)


@register.inclusion_tag("deadlines/_deadline_badge.html", takes_context=True)
def deadline_badge(context, due_on):
    """`{% deadline_badge a.effective_due_on %}`; a page may put `today` in its context."""
    today = context.get("today") or _today()
    return {"badge": due_badge(due_on, today=today) if due_on else None}


def _today() -> dt.date:
    # The deadline engine's today, so a demonstration that moves its clock moves the badges too.
    return clock.today()
