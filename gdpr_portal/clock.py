"""The portal's one clock: the moment now, and the day it is in the portal's time zone.

Deadlines are counted in days of `TIME_ZONE` (Europe/Sofia), never of UTC
(shared/domain/deadlines.md, point 1). Every "today" of the code comes from here; tests move the
clock with time-machine (`tests/conftest.py`), which this module follows.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone


def now() -> datetime.datetime:
    """The present moment, aware."""
    return timezone.now()


def today() -> datetime.date:
    """The day it is now in the portal's time zone."""
    return timezone.localdate()


def zone() -> ZoneInfo:
    """The portal's time zone (settings.TIME_ZONE)."""
    return timezone.get_default_timezone()


def day_of(moment: datetime.datetime) -> datetime.date:
    """The day in the portal's time zone on which an aware `moment` falls."""
    return moment.astimezone(zone()).date()
