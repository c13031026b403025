"""The deadlines a user may see: their organisations' own, and those their
agency is responsible for (an agency sees the deadlines it must meet)."""

from django.db.models import QuerySet

from dialogue.access import organization_ids, scope

from .models import Deadline


def visible(user) -> QuerySet:
    qs = Deadline.objects.all()
    return scope(qs, user) | qs.filter(responsible_id__in=organization_ids(user))
