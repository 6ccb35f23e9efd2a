import pytest
from django.db import connection


@pytest.mark.django_db
def test_tests_run_on_postgresql_15():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        (version,) = cursor.fetchone()
    assert 150000 <= int(version) < 160000


def test_no_migrations_are_pending(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    # --check exits non-zero when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
