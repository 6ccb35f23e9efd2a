"""Contribution points of the staff's daily digest and dashboard.

The digest and the dashboard belong to requests_app; other apps (breaches) add their lines and
tiles here in their `AppConfig.ready()`, so that no app imports a sibling (docs/architecture.md).
"""

import datetime
from collections.abc import Callable

# fn(now) -> {user: [line, ...]}: lines of the user's digest, plain text.
DigestSection = Callable[[datetime.datetime], dict]
# fn(controllers, now) -> {"title": str, "figure": int, "text": str, "rows": [...], "url": str}
DashboardTile = Callable[..., dict]

_digest_sections: list[DigestSection] = []
_dashboard_tiles: list[DashboardTile] = []


def digest_section(fn: DigestSection) -> DigestSection:
    if fn not in _digest_sections:
        _digest_sections.append(fn)
    return fn


def dashboard_tile(fn: DashboardTile) -> DashboardTile:
    if fn not in _dashboard_tiles:
        _dashboard_tiles.append(fn)
    return fn


def digest_lines(now: datetime.datetime) -> dict:
    """{user: [line, ...]} from every registered section, in the order they registered."""
    lines: dict = {}
    for section in _digest_sections:
        for user, more in section(now).items():
            lines.setdefault(user, []).extend(more)
    return lines


def dashboard_tiles(controllers, now: datetime.datetime) -> list[dict]:
    return [tile(controllers, now) for tile in _dashboard_tiles]
