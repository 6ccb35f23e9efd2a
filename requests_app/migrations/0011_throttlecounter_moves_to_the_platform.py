# The counters now belong to the platform (gdpr_portal/models.py): the table stays.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0010_fee_in_euro"),
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ThrottleCounter")],
            database_operations=[],
        ),
    ]
