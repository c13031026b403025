"""Calendar edits reach the open deadlines, whether made through a page or the
admin: a CalendarOverride saved or deleted recomputes the open deadlines it can
move (never the closed ones). A plan's rule edit does the same from plans.signals."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from dialogue.models import CalendarOverride

from .services import deadlines_recompute


@receiver(pre_save, sender=CalendarOverride, dispatch_uid="deadlines_override_before")
def override_before(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        instance._deadlines_old_date = (
            CalendarOverride.objects.filter(pk=instance.pk).values_list("date", flat=True).first()
        )


@receiver([post_save, post_delete], sender=CalendarOverride, dispatch_uid="deadlines_override_changed")
def override_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    days = {instance.date, getattr(instance, "_deadlines_old_date", None)} - {None}
    for day in sorted(days):
        deadlines_recompute(day=day)
