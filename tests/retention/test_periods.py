"""Retention expiry with the seeds' own rules and concrete dates."""

import datetime

import pytest

from retention.periods import Counting, retention_expiry

D = datetime.date


@pytest.mark.parametrize(
    ("rule", "event", "kwargs", "expected"),
    [
        # DKC II: payroll kept 50 years from 1 January after the reporting period (Accounting
        # Act Art. 12(1)(1)): the 2025 payroll, period ending 31 Dec 2025.
        ("payroll", D(2025, 12, 31), {"years": 50, "counting": "from_next_january"}, D(2076, 1, 1)),
        # A period ending mid-year still counts from the next 1 January.
        ("payroll", D(2024, 6, 30), {"years": 50, "counting": "from_next_january"}, D(2075, 1, 1)),
        # Sick-leave records: 10 years from 1 January after issue.
        (
            "sick leave",
            D(2024, 3, 15),
            {"years": 10, "counting": "from_next_january"},
            D(2035, 1, 1),
        ),
        (
            "sick leave",
            D(2024, 1, 1),
            {"years": 10, "counting": "from_next_january"},
            D(2035, 1, 1),
        ),
        # Video: 2 months from recording, clamped to the end of a shorter month.
        ("video", D(2025, 12, 31), {"months": 2}, D(2026, 2, 28)),
        ("video", D(2023, 12, 31), {"months": 2}, D(2024, 2, 29)),
        ("video", D(2026, 3, 10), {"months": 2}, D(2026, 5, 10)),
        # Contact-form data: 90 days from the last contact.
        ("contact form", D(2026, 1, 10), {"days": 90}, D(2026, 4, 10)),
        ("contact form", D(2024, 1, 10), {"days": 90}, D(2024, 4, 9)),  # leap year
        # Job applicants: 6 months from the application.
        ("applicants", D(2026, 8, 31), {"months": 6}, D(2027, 2, 28)),
        ("applicants", D(2026, 5, 1), {"months": 6}, D(2026, 11, 1)),
        # Web logs of the mental health centre: 7 days.
        ("web logs", D(2026, 12, 28), {"days": 7}, D(2027, 1, 4)),
    ],
)
def test_retention_expiry(rule, event, kwargs, expected):
    assert retention_expiry(event, **kwargs) == expected


def test_counting_from_event_is_the_default():
    assert retention_expiry(D(2026, 5, 20), years=5) == D(2031, 5, 20)
    assert retention_expiry(D(2026, 5, 20), years=5, counting=Counting.FROM_NEXT_JANUARY) == D(
        2032, 1, 1
    )


def test_a_datetime_is_refused():
    with pytest.raises(TypeError):
        retention_expiry(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), years=1)


@pytest.mark.django_db
def test_rule_expiry_uses_its_period_and_convention():
    from tests.retention.factories import RetentionRuleFactory

    payroll = RetentionRuleFactory(
        period_years=50, counting="from_next_january", legal_reference="чл. 12, ал. 1, т. 1 ЗСч"
    )
    assert payroll.expiry_for(D(2025, 12, 31)) == D(2076, 1, 1)
    criterion = RetentionRuleFactory(period_years=None, criterion="до уреждане на договора")
    assert criterion.expiry_for(D(2025, 12, 31)) is None
