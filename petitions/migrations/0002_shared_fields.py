from django.db import migrations

# The shared list of lĩnh vực every organisation starts with (editable in the admin).
FIELDS = [
    "Đất đai", "Môi trường", "An sinh xã hội", "Giao thông", "Xây dựng", "Y tế", "Giáo dục",
    "An ninh trật tự", "Cán bộ", "Nông nghiệp", "Điện, nước", "Khác",
]


def add_fields(apps, schema_editor):
    Field = apps.get_model("petitions", "Field")
    for order, name in enumerate(FIELDS):
        Field.objects.get_or_create(organization=None, name=name, defaults={"order": order})


def remove_fields(apps, schema_editor):
    apps.get_model("petitions", "Field").objects.filter(organization=None, name__in=FIELDS, petitions=None).delete()


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]
    operations = [migrations.RunPython(add_fields, remove_fields)]
