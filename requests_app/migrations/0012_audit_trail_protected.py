"""The database protects the audit trail: a request with events cannot be deleted (PROTECT), and
on PostgreSQL triggers reject UPDATE and DELETE of events, and of the evidence of their erasure,
unless the session-local setting portal.audit_erasure is 'on' (set only by
requests_app.trail.trail_erase, for its own statements). TRUNCATE is not a row operation and is
left to the database's privileges (the test runner empties tables with it).

SQLite (local development) has no session settings: there the migration installs nothing and the
ORM's append-only guard stands alone."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

TABLES = ["requests_app_requestevent", "requests_app_trailerasure"]

FUNCTION = """
CREATE OR REPLACE FUNCTION requests_app_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('portal.audit_erasure', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail cannot be rewritten (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Personal data leaves the trail only through requests_app.trail.trail_erase.';
END
$$;
"""
TRIGGER = """
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION requests_app_append_only();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # "%" is the plpgsql placeholder here
    for table in TABLES:
        schema_editor.execute(TRIGGER.format(table=table))


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS requests_app_append_only()")


class Migration(migrations.Migration):

    dependencies = [
        ('requests_app', '0011_throttlecounter_moves_to_the_platform'),
    ]

    operations = [
        migrations.CreateModel(
            name='TrailErasure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
                ('mode', models.CharField(choices=[('redacted', 'notes and recorded values removed'), ('erased', 'trail erased with its request')], max_length=10, verbose_name='what was done')),
                ('reason', models.CharField(max_length=255, verbose_name='why')),
                ('request_ids', models.JSONField(default=list, verbose_name='requests (internal numbers)')),
                ('events', models.PositiveIntegerField(verbose_name='events affected')),
            ],
            options={
                'verbose_name': 'audit trail erasure',
                'verbose_name_plural': 'audit trail erasures',
                'ordering': ['-at', 'pk'],
            },
        ),
        migrations.AlterField(
            model_name='requestevent',
            name='request',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='requests_app.datasubjectrequest'),
        ),
        migrations.RunPython(install, uninstall),
    ]
