"""The 72-hour clock against concrete datetimes (shared/domain/breaches.md, point 3): real
elapsed hours, shown in Sofia's local time, across the changes to and from summer time."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from breaches.clock import (
    hours_left,
    in_sofia,
    is_late,
    is_nearing,
    nearing_since,
    notification_deadline,
)

SOFIA = ZoneInfo("Europe/Sofia")
UTC = datetime.UTC


def sofia(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SOFIA)


def last_sunday_of_october(year: int) -> datetime.date:
    day = datetime.date(year, 10, 31)
    return day - datetime.timedelta(days=(day.weekday() + 1) % 7)


@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_the_issue_s_acceptance_friday_before_summer_time_ends(year):
    # Aware at 14:00 (EEST, UTC+3) on the Friday before the last Sunday of October: 72 real
    # hours later it is 13:00 on Monday in winter time (EET, UTC+2), not 14:00.
    sunday = last_sunday_of_october(year)
    friday = sunday - datetime.timedelta(days=2)
    aware = sofia(friday.year, friday.month, friday.day, 14, 0)
    assert aware.utcoffset() == datetime.timedelta(hours=3)
    deadline = notification_deadline(aware)
    monday = sunday + datetime.timedelta(days=1)
    assert (deadline.date(), deadline.hour, deadline.minute) == (monday, 13, 0)
    assert deadline.tzname() == "EET"
    assert deadline.utcoffset() == datetime.timedelta(hours=2)
    # Elapsed time is measured on UTC (the same zone would subtract wall-clock times).
    assert deadline.astimezone(UTC) - aware.astimezone(UTC) == datetime.timedelta(hours=72)


@pytest.mark.parametrize(
    ("aware", "deadline", "why"),
    [
        # breaches.md's worked example: summer time begins Sunday 28 March 2027.
        (sofia(2027, 3, 26, 9, 30), sofia(2027, 3, 29, 10, 30), "EET → EEST: 10:30"),
        (sofia(2026, 10, 23, 14, 0), sofia(2026, 10, 26, 13, 0), "EEST → EET: 13:00"),
        # No change of time: the same wall-clock time three days later; weekends count.
        (sofia(2026, 12, 24, 18, 45), sofia(2026, 12, 27, 18, 45), "over Christmas"),
        (sofia(2026, 7, 3, 23, 59), sofia(2026, 7, 6, 23, 59), "over a weekend"),
        # Awareness recorded in UTC is shown in Sofia.
        (datetime.datetime(2026, 1, 5, 22, 30, tzinfo=UTC), sofia(2026, 1, 9, 0, 30), "UTC"),
    ],
)
def test_deadline_table(aware, deadline, why):
    result = notification_deadline(aware)
    assert result == deadline, why
    assert result.tzinfo == SOFIA
    assert (result.hour, result.minute) == (deadline.hour, deadline.minute), why


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        notification_deadline(datetime.datetime(2026, 10, 23, 14, 0))  # noqa: DTZ001


@pytest.mark.parametrize(
    ("now", "left"),
    [
        (sofia(2026, 10, 23, 14, 0), 72),
        (sofia(2026, 10, 25, 3, 30), 34),  # the hour repeated at 04:00 → 03:00 counts
        (sofia(2026, 10, 26, 12, 59), 0),
        (sofia(2026, 10, 26, 13, 0), 0),
        (sofia(2026, 10, 26, 13, 1), -1),
        (sofia(2026, 10, 27, 13, 0), -24),
    ],
)
def test_hours_left(now, left):
    assert hours_left(sofia(2026, 10, 23, 14, 0), now) == left


def test_late_and_nearing():
    aware = sofia(2027, 3, 26, 9, 30)
    assert not is_late(aware, sofia(2027, 3, 29, 10, 30))
    assert is_late(aware, sofia(2027, 3, 29, 10, 31))
    assert not is_nearing(aware, sofia(2027, 3, 28, 10, 30))  # exactly 24 h left
    assert is_nearing(aware, sofia(2027, 3, 28, 10, 31))
    # The ORM's filter uses the same threshold: aware before `nearing_since(now)`.
    assert nearing_since(sofia(2027, 3, 28, 10, 31)) > aware


def test_shown_in_sofia():
    moment = datetime.datetime(2026, 8, 1, 9, 0, tzinfo=UTC)
    assert in_sofia(moment).strftime("%H:%M %Z") == "12:00 EEST"
