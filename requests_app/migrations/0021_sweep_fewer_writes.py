"""Fewer writes for each request the retention sweep anonymises (docs/performance.md):

- The dashboard counts' UPDATE trigger on requests leaves at once when no counted column changed
  (requests_app/tallies.py, `_unchanged_exit`): the anonymisation, notes and assignments no
  longer run its four grouped upserts. The functions are replaced in place; the counts they keep
  are the same, so going back leaves them as they are.
- The controller's and the assignee's single-column indexes go: the composite indexes
  (controller, status, due date) and (assignee, status, due date) lead with the same columns,
  and each index is one more entry for every row an UPDATE rewrites.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def replace(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from requests_app.tallies import create_triggers_sql

    for statement in create_triggers_sql():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("controllers", "0006_mail_sender"),
        ("requests_app", "0020_dashboard_counts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(replace, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="datasubjectrequest",
            name="assignee",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="assigned_requests",
                to=settings.AUTH_USER_MODEL,
                verbose_name="assignee",
            ),
        ),
        migrations.AlterField(
            model_name="datasubjectrequest",
            name="controller",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="requests",
                to="controllers.controller",
                verbose_name="controller",
            ),
        ),
    ]
