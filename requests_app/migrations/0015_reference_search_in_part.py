"""Indexes for a reference typed in part, in any case: its beginning (`dsr-7kq2` finds
`DSR-7KQ2M-…`) by a pattern index on the upper-cased reference, any other part by a trigram
index. PostgreSQL only, like 0007."""

from django.db import migrations

NAME = "requests_app_dsr_reference_trgm"
PREFIX = "requests_app_dsr_reference_prefix"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON requests_app_datasubjectrequest "
        "USING gin (upper(reference) gin_trgm_ops)"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {PREFIX} ON requests_app_datasubjectrequest "
        "(upper(reference) text_pattern_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {PREFIX}")


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0014_decisions_per_right_art19_outcomes_public_notes")]

    operations = [migrations.RunPython(create, drop)]
