import datetime as dt

from django.db import migrations

# Swaps announced by the government that the holidays package does not know
# (it knows the substituted days off, not every make-up working Saturday).
SWAPS = [
    (dt.date(2026, 1, 2), "off", "Nghỉ bù Tết Dương lịch 2026 (làm bù thứ Bảy 10/01/2026)"),
    (dt.date(2026, 1, 10), "work", "Làm bù cho ngày nghỉ 02/01/2026"),
]


def add_swaps(apps, schema_editor):
    CalendarOverride = apps.get_model("dialogue", "CalendarOverride")
    for day, kind, note in SWAPS:
        CalendarOverride.objects.get_or_create(date=day, defaults={"kind": kind, "note": note})


def remove_swaps(apps, schema_editor):
    CalendarOverride = apps.get_model("dialogue", "CalendarOverride")
    CalendarOverride.objects.filter(date__in=[day for day, _k, _n in SWAPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("dialogue", "0002_worker_heartbeat")]
    operations = [migrations.RunPython(add_swaps, remove_swaps)]
