"""Pre-loads the Bulgarian supervisory authority (CPDP) with its public contacts."""

from django.db import migrations

CPDP = {
    "name": "Комисия за защита на личните данни",
    "name_en": "Commission for Personal Data Protection",
    "address": "София 1592, бул. „Проф. Цветан Лазаров“ № 2",
    "email": "kzld@cpdp.bg",
    "phone": "02/91-53-518",
    "website": "https://www.cpdp.bg",
}


def load_cpdp(apps, schema_editor):
    SupervisoryAuthority = apps.get_model("controllers", "SupervisoryAuthority")
    SupervisoryAuthority.objects.update_or_create(email=CPDP["email"], defaults=CPDP)


def unload_cpdp(apps, schema_editor):
    SupervisoryAuthority = apps.get_model("controllers", "SupervisoryAuthority")
    SupervisoryAuthority.objects.filter(email=CPDP["email"], controllers__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("controllers", "0001_initial")]

    operations = [migrations.RunPython(load_cpdp, unload_cpdp)]
