"""The one "today": the date in Vietnam, for every deadline, issue date and page.

Outside production, the environment variable DEADLINES_CLOCK_FILE may name a
file holding an ISO date (2026-02-20); while the file exists and holds a date,
that date is today for the scanner, the services and the pages. It lets a test
(or a demonstration) move time forward for a real Celery worker and beat
running in other processes, which cannot share a mocked clock. In production
the variable is ignored, so the real date always wins.
"""

import datetime as dt
import os
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

CLOCK_FILE_ENV = "DEADLINES_CLOCK_FILE"

# Dates printed and counted are dates in Vietnam, whatever the server's zone.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def _override() -> dt.date | None:
    if getattr(settings, "PRODUCTION", False):
        return None
    path = os.environ.get(CLOCK_FILE_ENV)
    if not path:
        return None
    try:
        with open(path, encoding="ascii") as handle:
            text = handle.read().strip()
    except OSError:
        return None
    return dt.date.fromisoformat(text) if text else None


def today() -> dt.date:
    return _override() or timezone.localdate(timezone=VIETNAM)


def date_of(moment: dt.datetime) -> dt.date:
    """The date in Vietnam of a moment."""
    return timezone.localtime(moment, VIETNAM).date()
