"""What the portal keeps, and how each app disposes of it.

Retention imports no app that keeps records: each app registers its records here in its
`AppConfig.ready()` — how to find those past a cutoff, and how to purge a batch of them — and
the sweep (`retention.sweep`) calls those hooks under the portal's rules (`retention.rules`).
Records are named by key, one of `RetentionRule.PortalRecords`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from .models import RetentionRule

# expired(before=…, today=…): the records whose starting event fell before `before`, and that
# nothing else (a legal hold, a deadline still running) keeps.
Expired = Callable[..., QuerySet]
# purge(keys): dispose of exactly these records; returns how many it disposed of. It runs inside
# the sweep's transaction and defers anything outside the database (files) to its commit.
Purge = Callable[[list[int]], int]


@dataclass(frozen=True)
class Keeper:
    key: str
    action: str  # the RetentionRule.Action the purge performs: the evidence records this
    expired: Expired
    purge: Purge
    owner: str | None = None  # the path to the controller's id, when records have one

    @property
    def label(self) -> str:
        return RetentionRule.PortalRecords(self.key).label

    def find(self, *, before: datetime.datetime, today: datetime.date) -> QuerySet:
        return self.expired(before=before, today=today)


_keepers: dict[str, Keeper] = {}


def register(
    key: str, *, action: str, expired: Expired, purge: Purge, owner: str | None = None
) -> Keeper:
    if key not in RetentionRule.PortalRecords.values:
        raise ImproperlyConfigured(f"retention: unknown kind of record {key!r}")
    if action not in RetentionRule.Action.values:
        raise ImproperlyConfigured(f"retention: unknown action {action!r} for {key!r}")
    keeper = Keeper(key=key, action=action, expired=expired, purge=purge, owner=owner)
    if _keepers.setdefault(key, keeper) != keeper:
        raise ImproperlyConfigured(f"retention: {key!r} is registered twice")
    return keeper


def deleting(model) -> Purge:
    """The purge of records that simply go: delete the rows, report how many."""

    def purge(keys: list[int]) -> int:
        return model.objects.filter(pk__in=keys).delete()[1].get(model._meta.label, 0)

    return purge


def keeper(key: str) -> Keeper:
    try:
        return _keepers[key]
    except KeyError:
        raise ImproperlyConfigured(f"retention: no app keeps {key!r}") from None


def keepers() -> dict[str, Keeper]:
    return dict(_keepers)
