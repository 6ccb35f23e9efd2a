"""The law's answer period, shared by the request deadlines and the policy check (Art. 12(3))."""

import datetime

from controllers.response_period import LONGEST_RESPONSE_DAYS
from policies.compliance.contacts import check_contacts
from policies.document import response_deadline
from requests_app.deadlines import first_deadline_unadjusted

DAYS = [datetime.date(2023, 1, 1) + datetime.timedelta(days=n) for n in range(4 * 366)]


def test_a_promise_longer_than_the_longest_month_passes_the_deadline_whatever_the_day():
    for day in DAYS:
        assert day + datetime.timedelta(days=LONGEST_RESPONSE_DAYS + 1) > first_deadline_unadjusted(
            day
        )


def test_the_longest_month_is_a_month_from_some_day_of_receipt():
    assert LONGEST_RESPONSE_DAYS == 31
    assert any(
        day + datetime.timedelta(days=LONGEST_RESPONSE_DAYS) == first_deadline_unadjusted(day)
        for day in DAYS
    )


def _controller(days):
    return {"promised_response_days": days, "email": "x@example.com", "phone": ""}


def test_the_document_and_the_check_draw_the_line_at_the_same_day():
    snapshot = {
        "dpo": None,
        "authority": {"name": "КЗЛД"},
    }
    within, beyond = LONGEST_RESPONSE_DAYS, LONGEST_RESPONSE_DAYS + 1
    assert response_deadline(_controller(within)).promised_days == within
    assert response_deadline(_controller(beyond)).promised_days is None
    rules = {
        days: [f.rule for f in check_contacts({**snapshot, "controller": _controller(days)}, False)]
        for days in (within, beyond)
    }
    assert "promise_exceeds_statute" not in rules[within]
    assert "promise_exceeds_statute" in rules[beyond]
