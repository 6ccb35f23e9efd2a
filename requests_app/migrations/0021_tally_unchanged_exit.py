"""The dashboard counts' UPDATE trigger on requests leaves at once when no counted column changed
(requests_app/tallies.py, `_unchanged_exit`): the retention sweep's anonymisation, notes and
assignments no longer run its four grouped upserts. The functions are replaced in place; the
counts they keep are the same, so going back leaves them as they are."""

from django.db import migrations


def replace(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from requests_app.tallies import create_triggers_sql

    for statement in create_triggers_sql():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0020_dashboard_counts")]

    operations = [migrations.RunPython(replace, migrations.RunPython.noop)]
