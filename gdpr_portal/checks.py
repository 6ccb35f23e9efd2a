"""System checks the portal adds to Django's: what would break it at run time, said at start-up."""

import sqlite3

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


def sqlite_errors(engine: str, version: tuple[int, ...]) -> list[Error]:
    # The rate limits count with `INSERT … ON CONFLICT … RETURNING` (gdpr_portal/ratelimit.py).
    if engine.endswith("sqlite3") and version < (3, 35):
        return [
            Error(
                f"SQLite {'.'.join(map(str, version))} is too old for the portal's rate limits.",
                hint="Use SQLite 3.35 or newer (Debian 12 has 3.40), or PostgreSQL.",
                id="portal.E001",
            )
        ]
    return []


@register()
def sqlite_supports_upserts(app_configs, **kwargs):
    return sqlite_errors(settings.DATABASES["default"]["ENGINE"], sqlite3.sqlite_version_info)


@register(Tags.security, deploy=True)
def no_benchmark_views(app_configs, **kwargs):
    if settings.BENCHMARK_VIEWS:
        return [
            Warning(
                "BENCHMARK_VIEWS is on: the benchmark's yardstick views are served.",
                hint="Leave BENCHMARK_VIEWS unset outside `make bench`.",
                id="portal.W001",
            )
        ]
    return []
