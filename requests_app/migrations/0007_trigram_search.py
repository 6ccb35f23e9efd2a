"""Indexes for the admin search: trigram indexes for name and email, and one on the upper-cased
reference (PostgreSQL; SQLite, the embedded default of `make run`, searches without them)."""

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
    # The admin's "=reference" search compares UPPER(reference): so does this index.
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS requests_app_dsr_reference_upper "
        "ON requests_app_datasubjectrequest (upper(reference))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in [*(name for name, _column in INDEXES), "requests_app_dsr_reference_upper"]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0006_legal_hold_event")]

    operations = [migrations.RunPython(create, drop)]
