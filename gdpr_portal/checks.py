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


def sender_warnings(default_from_email: str) -> list[Warning]:
    from email.utils import parseaddr

    domain = parseaddr(default_from_email)[1].rpartition("@")[2].lower()
    if domain in {"", "localhost", "localhost.localdomain"} or domain.endswith(".local"):
        return [
            Warning(
                f"DEFAULT_FROM_EMAIL ({default_from_email}) is not an address on the internet: "
                "mail from it is refused or lands in spam.",
                hint="Set DEFAULT_FROM_EMAIL to an address on the site's domain, and each "
                "controller's sender and reply-to in the admin.",
                id="portal.W002",
            )
        ]
    return []


@register(deploy=True)
def sender_is_real(app_configs, **kwargs):
    return sender_warnings(settings.DEFAULT_FROM_EMAIL)
