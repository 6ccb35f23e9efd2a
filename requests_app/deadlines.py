"""The statutory deadline of a data-subject request: pure date arithmetic, no ORM.

Rules: shared/domain/deadlines.md — GDPR Art. 12(3)–(6); Regulation (EEC, Euratom) 1182/71
Arts 2–3 as EDPB Guidelines 01/2022 §§ 157–164 read them; Labour Code Art. 154.
"""

import datetime
from collections.abc import Iterable
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

from controllers.response_period import EXTENSION_MONTHS, RESPONSE_MONTHS
from gdpr_portal import clock


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[datetime.date]:
    # The `holidays` package knows Bulgaria's fixed holidays, the Orthodox Easter days, the
    # substitute days for holidays on a weekend, and the decreed non-working days up to its
    # release; the portal adds later decrees through its own list (`extra_non_working_days`).
    return frozenset(holidays.country_holidays("BG", years=year).keys())


def is_working_day(
    day: datetime.date, extra_non_working_days: frozenset[datetime.date] = frozenset()
) -> bool:
    return (
        day.weekday() < 5
        and day not in _public_holidays(day.year)
        and day not in extra_non_working_days
    )


def received_day(received: datetime.date | datetime.datetime) -> datetime.date:
    """The day of receipt in Sofia: an aware datetime is converted first (point 1)."""
    if isinstance(received, datetime.datetime):
        if received.tzinfo is None:
            raise ValueError("received must be a date or an aware datetime")
        return clock.day_of(received)
    return received


def first_deadline_unadjusted(received: datetime.date | datetime.datetime) -> datetime.date:
    """Same date next month, or that month's last day when it has no such date (point 2)."""
    return received_day(received) + relativedelta(months=RESPONSE_MONTHS)


def next_working_day(
    day: datetime.date, extra_non_working_days: Iterable[datetime.date] = ()
) -> datetime.date:
    """The day itself if it is a working day, else the next one (Reg. 1182/71 Art. 3(4))."""
    extra = frozenset(extra_non_working_days)
    while not is_working_day(day, extra):
        day += datetime.timedelta(days=1)
    return day


def response_due(
    received: datetime.date | datetime.datetime,
    *,
    extended: bool = False,
    paused_days: int = 0,
    extra_non_working_days: Iterable[datetime.date] = (),
) -> datetime.date:
    """The day by which the controller must answer.

    One month from receipt (end-of-month clamped); with an extension, two further months
    counted from that unadjusted first deadline (Art. 12(3), point 4); plus the calendar days
    the clock was paused for identity or clarification (Art. 12(6), point 5); and only then
    moved to the next working day (point 3).
    """
    if paused_days < 0:
        raise ValueError("paused_days cannot be negative")
    deadline = first_deadline_unadjusted(received)
    if extended:
        deadline += relativedelta(months=EXTENSION_MONTHS)
    deadline += datetime.timedelta(days=paused_days)
    return next_working_day(deadline, extra_non_working_days)


def days_paused(since: datetime.date, resumed: datetime.date) -> int:
    """Calendar days the clock stood still, from the day information was asked for to the day
    it arrived; several pauses add up (Art. 12(6); deadlines.md point 5)."""
    return max(0, (resumed - since).days)


def last_day_to_extend(
    received: datetime.date | datetime.datetime,
    *,
    paused_days: int = 0,
    extra_non_working_days: Iterable[datetime.date] = (),
) -> datetime.date:
    """The last day an extension may be given: the requester must be told of it, with reasons,
    by the first deadline (Art. 12(3); deadlines.md points 4 and 6)."""
    return response_due(
        received, paused_days=paused_days, extra_non_working_days=extra_non_working_days
    )


# The window in which an open request is "due soon": the digest, the dashboard, the admin's
# filter and its days-left column all count it from here.
DUE_SOON_DAYS = 7


def due_soon_until(today: datetime.date) -> datetime.date:
    """The last due date that still counts as due soon on `today`."""
    return today + datetime.timedelta(days=DUE_SOON_DAYS)


def urgency(due: datetime.date, today: datetime.date) -> str:
    """ "overdue", "soon" (due today or within the window) or "later"."""
    if due < today:
        return "overdue"
    if due <= due_soon_until(today):
        return "soon"
    return "later"
