"""The database protects the breach's trail and its notifications as it does the requests'
(requests_app 0012): on PostgreSQL triggers reject UPDATE and DELETE of their rows. A breach is
never deleted (Art. 33(5)), so no erasure path is opened. SQLite (local development) has no
triggers installed here: the ORM's append-only guard stands alone."""

from django.db import migrations

TABLES = ["breaches_breachevent", "breaches_breachnotification"]

FUNCTION = """
CREATE OR REPLACE FUNCTION breaches_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the breach register''s trail cannot be rewritten (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""
TRIGGER = """
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION breaches_append_only();
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
    schema_editor.execute("DROP FUNCTION IF EXISTS breaches_append_only()")


class Migration(migrations.Migration):
    dependencies = [("breaches", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
