"""The date a controller states on its own policy, kept with the precision it was given.

Pure rules over dates (no ORM): how a written date is read, which day a month- or year-precision
date counts from, and how it is shown. docs/policy-versions.md explains the choice.
"""

import datetime
import re

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .choices import DatePrecision

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
NOT_STATED = {"none", "not-stated", ""}


class BadStatedDate(ValueError):
    """A written date the portal cannot read; the message says what it expects."""


def parse_stated_date(value) -> tuple[datetime.date | None, str]:
    """(date, precision) of `2022-06-13`, `2022-08`, `2019` or `none`. A month- or year-
    precision date is stored as the first day of its month or year, never padded to a day
    the controller did not state: the precision says which part of it counts."""
    if isinstance(value, datetime.datetime):
        raise BadStatedDate(_bad_message(value))
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if value is None:
        return None, DatePrecision.NONE
    if not isinstance(value, str):
        raise BadStatedDate(_bad_message(value))
    text = value.strip()
    if text.lower() in NOT_STATED:
        return None, DatePrecision.NONE
    try:
        if match := _DAY.match(text):
            return datetime.date(*map(int, match.groups())), DatePrecision.DAY
        if match := _MONTH.match(text):
            year, month = map(int, match.groups())
            return datetime.date(year, month, 1), DatePrecision.MONTH
        if match := _YEAR.match(text):
            return datetime.date(int(match.group(1)), 1, 1), DatePrecision.YEAR
    except ValueError:
        pass
    raise BadStatedDate(_bad_message(value))


def _bad_message(value) -> str:
    return _(
        "“%(value)s” is not a date the portal can read: write 2022-06-13 (a day), 2022-08 (a "
        "month), 2019 (a year) or none (no date stated)."
    ) % {"value": value}


def normalise(stated: datetime.date | None, precision: str) -> datetime.date | None:
    """The stored form: the first day of the stated month or year; nothing when not stated."""
    if precision == DatePrecision.NONE or stated is None:
        return None
    if precision == DatePrecision.MONTH:
        return stated.replace(day=1)
    if precision == DatePrecision.YEAR:
        return stated.replace(month=1, day=1)
    return stated


def effective_from(
    stated: datetime.date | None, precision: str, imported_on: datetime.date
) -> datetime.date:
    """The day from which the portal counts an imported version in force.

    A controller that writes "August 2022" says the text was current at some day of August
    that it does not name; the portal counts it from the first day of that month (of the year,
    for "2019"), the earliest day the statement covers, so that on every later day the text
    the controller had published is the one shown. An undated text counts from the day it was
    imported: nothing earlier can be vouched for."""
    return normalise(stated, precision) or imported_on


def stated_date_text(stated: datetime.date | None, precision: str) -> str:
    """The stated date as the controller gave it, in the active language: "13.06.2022 г.",
    "август 2022 г.", "2019 г."; "13 June 2022", "August 2022", "2019"."""
    if precision == DatePrecision.NONE or stated is None:
        return _("date not stated")
    formats = {
        DatePrecision.DAY: pgettext("stated date with its day", "j F Y"),
        DatePrecision.MONTH: pgettext("stated date with its month only", "F Y"),
        DatePrecision.YEAR: pgettext("stated date with its year only", "Y"),
    }
    return date_format(stated, formats[precision])
