"""The queries plan pages need, always scoped to the user's organisations."""

from dialogue.access import scope

from .models import Plan
from .services import READER_ROLES


def plan_list_for_user(user, *, status: str | None = None, year: int | None = None):
    """The plans of the user's organisations (agency officers see none), newest first; one query."""
    plans = scope(Plan.objects.documents(), user, READER_ROLES).select_related("issuer")
    if status:
        plans = plans.filter(status=status)
    if year:
        plans = plans.filter(year=year)
    return plans.order_by("-year", "-created_at", "-id")
