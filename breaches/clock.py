"""The 72-hour clock of a personal-data breach: pure functions over aware datetimes, no ORM.

GDPR Art. 33(1): notify the supervisory authority without undue delay and, where feasible, within
72 hours of becoming aware. The hours are real elapsed hours (shared/domain/breaches.md, point 3):
weekends, holidays and the change to or from summer time do not stop them, so the arithmetic is
done on the instant (UTC) and only the result is shown in Europe/Sofia. The clock starts at the
moment of awareness, the earliest reading (Reg. 1182/71 Art. 3(1) would start at the next full
hour; nobody should rely on those minutes).
"""

import datetime
import math
from zoneinfo import ZoneInfo

NOTIFICATION_HOURS = 72
# The digest and the dashboard warn of a breach not yet notified from this many hours before.
NEARING_HOURS = 24
SOFIA = ZoneInfo("Europe/Sofia")


def _utc(moment: datetime.datetime) -> datetime.datetime:
    """The instant in UTC. Python subtracts and compares two datetimes of the same zone by their
    wall-clock times, which is an hour off across a change of summer time: all arithmetic here
    is done on UTC."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the breach clock counts aware datetimes only")
    return moment.astimezone(datetime.UTC)


def notification_deadline(aware_at: datetime.datetime) -> datetime.datetime:
    """The last moment for the notification, in Sofia's local time: 72 elapsed hours after
    awareness (GDPR Art. 33(1))."""
    return (_utc(aware_at) + datetime.timedelta(hours=NOTIFICATION_HOURS)).astimezone(SOFIA)


def hours_left(aware_at: datetime.datetime, now: datetime.datetime) -> int:
    """Whole hours left until the deadline, rounded down; negative once it has passed (-1 in the
    first hour after it)."""
    seconds = (_utc(notification_deadline(aware_at)) - _utc(now)).total_seconds()
    return math.floor(seconds / 3600)


def is_late(aware_at: datetime.datetime, notified_at: datetime.datetime) -> bool:
    """A notification given after the 72 hours must carry the reasons for the delay."""
    return _utc(notified_at) > _utc(notification_deadline(aware_at))


def is_nearing(aware_at: datetime.datetime, now: datetime.datetime) -> bool:
    """Within the last NEARING_HOURS of the clock, or past it."""
    return hours_left(aware_at, now) < NEARING_HOURS


def in_sofia(moment: datetime.datetime) -> datetime.datetime:
    return _utc(moment).astimezone(SOFIA)


def nearing_since(now: datetime.datetime) -> datetime.datetime:
    """Breaches the controller became aware of at or before this moment are within the last
    NEARING_HOURS of their clock at `now` (or past it)."""
    return _utc(now) - datetime.timedelta(hours=NOTIFICATION_HOURS - NEARING_HOURS)
