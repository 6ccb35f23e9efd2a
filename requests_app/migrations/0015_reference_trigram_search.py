"""A trigram index on the upper-cased reference: the admin's search matches part of a reference
in any case (`DSR-7K` finds `DSR-7KQ2M-…`), and the plan test asks for an index condition.
PostgreSQL only, like 0007."""

from django.db import migrations

NAME = "requests_app_dsr_reference_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON requests_app_datasubjectrequest "
        "USING gin (upper(reference) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0014_decisions_per_right_art19_outcomes_public_notes")]

    operations = [migrations.RunPython(create, drop)]
