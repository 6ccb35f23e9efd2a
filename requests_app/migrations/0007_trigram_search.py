"""Trigram indexes for the admin search by name and email (PostgreSQL; SQLite, the embedded
default of `make run`, has no pg_trgm and searches without them)."""

from django.db import migrations

INDEXES = [
    ("requests_app_dsr_name_trgm", "requester_name"),
    ("requests_app_dsr_email_trgm", "requester_email"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON requests_app_datasubjectrequest "
            f"USING gin (upper({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0006_legal_hold_event")]

    operations = [migrations.RunPython(create, drop)]
