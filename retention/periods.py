"""Retention arithmetic: pure functions over dates, no ORM."""

import datetime
from enum import StrEnum

from dateutil.relativedelta import relativedelta


class Counting(StrEnum):
    FROM_EVENT = "from_event"
    # Accounting Act Art. 12 and the social-security rules count from 1 January of the year
    # after the event (the end of the reporting period, the issue of a document).
    FROM_NEXT_JANUARY = "from_next_january"


def retention_expiry(
    event: datetime.date,
    *,
    years: int = 0,
    months: int = 0,
    days: int = 0,
    counting: Counting | str = Counting.FROM_EVENT,
) -> datetime.date:
    """The first day on which data kept under a rule may no longer be kept.

    Months are added on the calendar, a day that a month lacks falling back to its last day
    (31 December + 2 months is 28 or 29 February).
    """
    if isinstance(event, datetime.datetime):
        raise TypeError("retention_expiry takes a date, not a datetime")
    start = event
    if Counting(counting) == Counting.FROM_NEXT_JANUARY:
        start = datetime.date(event.year + 1, 1, 1)
    return start + relativedelta(years=years, months=months) + datetime.timedelta(days=days)


def latest_expired_event(
    today: datetime.date,
    *,
    years: int = 0,
    months: int = 0,
    days: int = 0,
    counting: Counting | str = Counting.FROM_EVENT,
) -> datetime.date:
    """The latest event date whose data has expired by `today` under the rule: records with an
    event on or before it are due for disposal."""
    start = today - relativedelta(years=years, months=months) - datetime.timedelta(days=days)
    if Counting(counting) == Counting.FROM_NEXT_JANUARY:
        # Counted from 1 January after the event: every event of the years before `start`'s.
        return datetime.date(start.year - 1, 12, 31)
    return start


def period_text(years: int | None, months: int | None, days: int | None) -> str:
    """“5 years 6 months” in the active language; empty when the rule has no period."""
    from django.utils.translation import ngettext

    parts = []
    if years:
        parts.append(ngettext("%(n)d year", "%(n)d years", years) % {"n": years})
    if months:
        parts.append(ngettext("%(n)d month", "%(n)d months", months) % {"n": months})
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    return " ".join(parts)
