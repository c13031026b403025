"""A plan's deadline rule edited, through the plans' services or the admin, moves
the open deadlines that count by it (never the closed ones)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from deadlines.services import deadlines_recompute

from .models import DeadlineRule


@receiver([post_save, post_delete], sender=DeadlineRule, dispatch_uid="deadlines_rule_changed")
def rule_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    deadlines_recompute(plan_id=instance.plan_id)
