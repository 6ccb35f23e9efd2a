"""The portal's own retention rules: how long it keeps the records it holds itself.

They are part of the product, in the setting PORTAL_RETENTION (gdpr_portal/settings/base.py),
so that every install has them from its first start, demo or not; they are read once.
"""

import datetime
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone

from .models import RetentionRule
from .periods import Counting, latest_expired_event, period_text


@dataclass(frozen=True)
class PortalRule:
    key: str  # one of RetentionRule.PortalRecords
    name: str
    legal_reference: str
    years: int = 0
    months: int = 0
    days: int = 0
    counting: str = Counting.FROM_EVENT

    @property
    def label(self) -> str:
        return RetentionRule.PortalRecords(self.key).label

    def period_display(self) -> str:
        return period_text(self.years, self.months, self.days)

    def cutoff(self, today: datetime.date) -> datetime.datetime:
        """The moment before which a record's starting event means it has expired."""
        last_day = latest_expired_event(
            today, years=self.years, months=self.months, days=self.days, counting=self.counting
        )
        next_day = last_day + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time()))


@cache
def portal_rules() -> tuple[PortalRule, ...]:
    rules = []
    for key, rule in settings.PORTAL_RETENTION.items():
        try:
            parsed = PortalRule(key=key, **rule)
            RetentionRule.PortalRecords(key)
            Counting(parsed.counting)
        except (TypeError, ValueError) as error:
            raise ImproperlyConfigured(f"PORTAL_RETENTION[{key!r}]: {error}") from error
        if not (parsed.years or parsed.months or parsed.days):
            raise ImproperlyConfigured(f"PORTAL_RETENTION[{key!r}] has no period")
        rules.append(parsed)
    return tuple(rules)


@receiver(setting_changed)
def _reread(*, setting, **kwargs):
    if setting == "PORTAL_RETENTION":
        portal_rules.cache_clear()
