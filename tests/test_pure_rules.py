"""The legal date rules are plain functions: their tables run with no database server at all."""

import os
import subprocess
import sys

from django.conf import settings

PURE = [
    "tests/requests_app/test_deadlines.py",
    "tests/retention/test_periods.py",
    "tests/breaches/test_clock.py",
    "tests/policies/test_stated_dates.py",
    "tests/controllers/test_response_period.py",
]


def test_date_rules_run_without_a_database():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "THROWAWAY_POSTGRES"}}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-m", "not django_db", *PURE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "database: unknown (:)" in result.stdout  # the dummy engine, no server
    assert " passed" in result.stdout and "failed" not in result.stdout
