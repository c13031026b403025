"""The number an issue would take now, for the confirmation that names it.

Read without a lock: the issue itself takes the number under the series' row
lock (registry.services.register_next), and the view that confirmed compares
the two, so a leader never signs a number other than the one they were shown.
"""

from __future__ import annotations

from .models import RegisterCounter


def upcoming_number(*, issuer, year: int, doc_type: str, after: int = 0) -> int:
    """What `register_next(issuer=…, year=…, doc_type=…, after=…)` would give if called now."""
    last = (
        RegisterCounter.objects.filter(issuer=issuer, year=year, doc_type=doc_type)
        .values_list("last", flat=True)
        .first()
        or 0
    )
    return max(last, after or 0) + 1
