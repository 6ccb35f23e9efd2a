"""The deadline engine against a table of concrete dates (shared/domain/deadlines.md)."""

import datetime

import pytest

from requests_app.deadlines import (
    days_paused,
    due_soon_until,
    last_day_to_extend,
    response_due,
    urgency,
)

D = datetime.date
UTC = datetime.UTC


@pytest.mark.parametrize(
    ("received", "kwargs", "due", "why"),
    [
        # The worked examples of deadlines.md.
        (D(2026, 1, 5), {}, D(2026, 2, 5), "Mon 5 Jan → Thu 5 Feb"),
        (D(2026, 1, 31), {}, D(2026, 3, 2), "31 Jan → 28 Feb (Sat) → Mon 2 Mar"),
        (D(2026, 5, 13), {}, D(2026, 6, 15), "13 Jun is a Saturday → Mon 15 Jun"),
        (D(2026, 3, 5), {"extended": True}, D(2026, 6, 5), "5 Apr (Sun, unadjusted) + 2 months"),
        # End-of-month clamping, leap years too.
        (D(2024, 1, 31), {}, D(2024, 2, 29), "leap year: 29 Feb 2024 is a Thursday"),
        (D(2028, 1, 30), {}, D(2028, 2, 29), "leap year 2028: clamped to 29 Feb (Tue)"),
        (D(2027, 1, 29), {}, D(2027, 3, 1), "28 Feb 2027 is a Sunday → Mon 1 Mar"),
        (D(2026, 3, 31), {}, D(2026, 4, 30), "31 Mar → 30 Apr (Thu)"),
        (D(2026, 8, 31), {}, D(2026, 9, 30), "31 Aug → 30 Sep (Wed)"),
        # Weekends.
        (D(2026, 6, 7), {}, D(2026, 7, 7), "a Tuesday: no move"),
        (D(2026, 9, 19), {}, D(2026, 10, 19), "19 Oct 2026 is a Monday"),
        (D(2026, 10, 17), {}, D(2026, 11, 17), "17 Nov is a Tuesday"),
        (D(2026, 7, 18), {}, D(2026, 8, 18), "18 Aug is a Tuesday"),
        (D(2026, 10, 3), {}, D(2026, 11, 3), "3 Nov is a Tuesday"),
        (D(2026, 10, 31), {}, D(2026, 11, 30), "30 Nov is a Monday"),
        # Fixed holidays.
        (D(2026, 2, 3), {}, D(2026, 3, 4), "3 Mar (Liberation Day) → 4 Mar"),
        (
            D(2026, 11, 24),
            {},
            D(2026, 12, 29),
            "24, 25 Dec holidays, 26 Sat, 27 Sun, 28 substitute",
        ),
        (D(2026, 8, 22), {}, D(2026, 9, 23), "22 Sep Independence Day → 23 Sep"),
        (D(2026, 4, 6), {}, D(2026, 5, 7), "6 May St George's Day → 7 May"),
        (D(2026, 4, 24), {}, D(2026, 5, 26), "24 May Sun, 25 substitute → Tue 26 May"),
        (D(2026, 10, 1), {}, D(2026, 11, 2), "1 Nov is a Sunday; 2 Nov is a working day"),
        (D(2027, 10, 1), {}, D(2027, 11, 1), "1 November is a working day"),
        # Orthodox Easter: Good Friday 10 Apr 2026 to Easter Monday 13 Apr.
        (D(2026, 3, 10), {}, D(2026, 4, 14), "10–13 Apr 2026 Easter days → Tue 14 Apr"),
        (
            D(2027, 3, 30),
            {},
            D(2027, 4, 30).replace(day=30, month=4) + datetime.timedelta(5),
            "30 Apr 2027 Good Friday … 4 May substitute for Labour Day → Wed 5 May",
        ),
        # Substitute days for a holiday on a weekend.
        (D(2025, 8, 6), {}, D(2025, 9, 9), "6 Sep 2025 Sat, 7 Sun, 8 substitute → Tue 9 Sep"),
        (D(2025, 4, 24), {}, D(2025, 5, 27), "24 May 2025 Sat, 25 Sun, 26 substitute → 27 May"),
        # Decreed non-working days: 31 Dec 2025 and 2 Jan 2026.
        (D(2025, 11, 30), {}, D(2025, 12, 30), "30 Dec 2025 is a Tuesday"),
        (D(2025, 12, 1), {}, D(2026, 1, 5), "1 Jan holiday, 2 Jan decreed, 3–4 weekend"),
        # Extensions: two months from the unadjusted first deadline, then adjusted.
        (D(2026, 1, 31), {"extended": True}, D(2026, 4, 28), "28 Feb + 2 months = 28 Apr (Tue)"),
        (D(2026, 2, 28), {"extended": True}, D(2026, 5, 28), "28 Mar + 2 months = 28 May"),
        (D(2026, 10, 24), {"extended": True}, D(2027, 1, 25), "24 Jan 2027 Sun → Mon 25 Jan"),
        # Pauses add calendar days to the unadjusted deadline.
        (D(2026, 1, 5), {"paused_days": 10}, D(2026, 2, 16), "5 Feb + 10 = 15 Feb (Sun) → 16"),
        (D(2026, 1, 31), {"paused_days": 3}, D(2026, 3, 4), "28 Feb + 3 = 3 Mar holiday → 4"),
        (D(2026, 3, 5), {"extended": True, "paused_days": 7}, D(2026, 6, 12), "5 Jun + 7"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_response_due(received, kwargs, due, why):
    assert response_due(received, **kwargs) == due


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # 22:30 UTC on 31 Jan is 00:30 on 1 Feb in Sofia (EET, UTC+2): received 1 Feb.
        (datetime.datetime(2026, 1, 31, 22, 30, tzinfo=UTC), D(2026, 3, 2)),
        (datetime.datetime(2026, 1, 31, 21, 59, tzinfo=UTC), D(2026, 3, 2)),
        # Summer time (EEST, UTC+3): 21:15 UTC on 12 Jul is 00:15 on 13 Jul.
        (datetime.datetime(2026, 7, 12, 21, 15, tzinfo=UTC), D(2026, 8, 13)),
        (datetime.datetime(2026, 7, 12, 20, 59, tzinfo=UTC), D(2026, 8, 12)),
        # Just after midnight Sofia on 5 Jan: 4 Jan 22:01 UTC.
        (datetime.datetime(2026, 1, 4, 22, 1, tzinfo=UTC), D(2026, 2, 5)),
        (datetime.datetime(2026, 1, 4, 21, 59, tzinfo=UTC), D(2026, 2, 4)),
    ],
)
def test_received_datetime_is_taken_in_sofia(received, due):
    assert response_due(received) == due


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        response_due(datetime.datetime(2026, 1, 5, 12, 0))  # noqa: DTZ001


def test_extra_non_working_days_from_the_admin_list():
    # A decree after the package's release: Fri 6 Feb 2026 declared a non-working day.
    assert response_due(D(2026, 1, 6)) == D(2026, 2, 6)
    assert response_due(D(2026, 1, 6), extra_non_working_days={D(2026, 2, 6)}) == D(2026, 2, 9)


def test_extension_must_be_recorded_before_the_first_deadline():
    received = D(2026, 1, 31)  # first deadline Mon 2 Mar 2026
    assert last_day_to_extend(received) == D(2026, 3, 2)
    # Paused five days: 28 Feb + 5 = Thu 5 Mar.
    assert last_day_to_extend(received, paused_days=5) == D(2026, 3, 5)


@pytest.mark.parametrize(
    ("due", "today", "urgency_"),
    [
        (D(2026, 3, 9), D(2026, 3, 10), "overdue"),
        (D(2026, 2, 1), D(2026, 3, 10), "overdue"),
        (D(2026, 3, 10), D(2026, 3, 10), "soon"),  # due today
        (D(2026, 3, 17), D(2026, 3, 10), "soon"),  # the seventh day
        (D(2026, 3, 18), D(2026, 3, 10), "later"),
        (D(2026, 1, 2), D(2025, 12, 28), "soon"),  # across the year
        (D(2026, 1, 5), D(2025, 12, 28), "later"),
    ],
)
def test_due_soon_is_today_and_the_next_seven_days(due, today, urgency_):
    assert urgency(due, today) == urgency_
    assert (today <= due <= due_soon_until(today)) == (urgency_ == "soon")


@pytest.mark.parametrize(
    ("pauses", "received", "due"),
    [
        # Received Tue 6 Jan 2026, first deadline Fri 6 Feb. Asked 10 Jan, answered 20 Jan:
        # 10 days added, 16 Feb (Monday).
        ([(D(2026, 1, 10), D(2026, 1, 20))], D(2026, 1, 6), D(2026, 2, 16)),
        # Answered the same day it was asked: no day lost.
        ([(D(2026, 1, 10), D(2026, 1, 10))], D(2026, 1, 6), D(2026, 2, 6)),
        # Two pauses of 3 and 4 days add up: 6 Feb + 7 = Fri 13 Feb.
        (
            [(D(2026, 1, 8), D(2026, 1, 11)), (D(2026, 1, 15), D(2026, 1, 19))],
            D(2026, 1, 6),
            D(2026, 2, 13),
        ),
        # Received 31 Jan: unadjusted 28 Feb + 2 paused days = Mon 2 Mar, a working day.
        ([(D(2026, 2, 2), D(2026, 2, 4))], D(2026, 1, 31), D(2026, 3, 2)),
    ],
)
def test_pauses_add_their_calendar_days_before_the_working_day_rule(pauses, received, due):
    paused = sum(days_paused(since, resumed) for since, resumed in pauses)
    assert response_due(received, paused_days=paused) == due


def test_an_answer_dated_before_the_question_adds_no_day():
    assert days_paused(D(2026, 1, 10), D(2026, 1, 9)) == 0
