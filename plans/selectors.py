"""The queries plan pages need, always scoped to the user's organisations."""

from dialogue.access import get_for_user, scope

from .models import Plan
from .services import READER_ROLES, WRITER_ROLES


def plan_list_for_user(user, *, status: str | None = None, year: int | None = None):
    """The plans of the user's organisations (agency officers see none), newest first; one query."""
    plans = scope(Plan.objects.documents(), user, READER_ROLES).select_related("issuer")
    if status:
        plans = plans.filter(status=status)
    if year:
        plans = plans.filter(year=year)
    return plans.order_by("-year", "-created_at", "-id")


def get_plan(request, pk: int, *, write: bool = False, queryset=None) -> Plan:
    """The plan if it belongs to one of the user's organisations (through a reading or writing role), else 404."""
    queryset = queryset if queryset is not None else Plan.objects.documents().select_related("issuer")
    return get_for_user(queryset, request.user, roles=WRITER_ROLES if write else READER_ROLES, pk=pk)
