"""The date a controller states on its policy: read, counted and shown with its precision
(pure rules: this table runs with no database, tests/test_pure_rules.py)."""

import datetime

import pytest
from django.utils import translation

from policies.stated_dates import (
    BadStatedDate,
    effective_from,
    parse_stated_date,
    stated_date_text,
)

D = datetime.date
IMPORTED_ON = D(2026, 3, 10)


@pytest.mark.parametrize(
    ("written", "stated", "precision", "effective", "bg", "en"),
    [
        ("2022-06-13", D(2022, 6, 13), "day", D(2022, 6, 13), "13.06.2022 г.", "13 June 2022"),
        ("2022-08", D(2022, 8, 1), "month", D(2022, 8, 1), "август 2022 г.", "August 2022"),
        ("2019-11", D(2019, 11, 1), "month", D(2019, 11, 1), "ноември 2019 г.", "November 2019"),
        ("2019", D(2019, 1, 1), "year", D(2019, 1, 1), "2019 г.", "2019"),
        (2019, D(2019, 1, 1), "year", D(2019, 1, 1), "2019 г.", "2019"),
        (D(2022, 6, 13), D(2022, 6, 13), "day", D(2022, 6, 13), "13.06.2022 г.", "13 June 2022"),
        ("none", None, "none", IMPORTED_ON, "датата не е посочена", "date not stated"),
        (None, None, "none", IMPORTED_ON, "датата не е посочена", "date not stated"),
    ],
)
def test_a_stated_date_keeps_its_precision(written, stated, precision, effective, bg, en):
    assert parse_stated_date(written) == (stated, precision)
    assert effective_from(stated, precision, IMPORTED_ON) == effective
    with translation.override("bg"):
        assert stated_date_text(stated, precision) == bg
    with translation.override("en"):
        assert stated_date_text(stated, precision) == en


@pytest.mark.parametrize(
    "written", ["13.06.2022", "2022-13", "2022-02-30", "август 2022", "22", "2022-8", True, 1.5]
)
def test_a_date_the_portal_cannot_read_is_refused_in_plain_words(written):
    with translation.override("en"), pytest.raises(BadStatedDate) as error:
        parse_stated_date(written)
    assert "2022-06-13 (a day), 2022-08 (a month), 2019 (a year) or none" in str(error.value)
