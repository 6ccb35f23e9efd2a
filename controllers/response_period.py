"""The period the law gives a controller to answer a data subject's request (GDPR Art. 12(3)):
one month from receipt, extendable by two further months. Pure, no ORM.

It lives in the register's layer because two apps that may not import each other read it:
`requests_app.deadlines` counts the months on the calendar, and `policies` compares a
controller's promised answer time (in days) with the longest month the law allows.
"""

import datetime

from dateutil.relativedelta import relativedelta

# GDPR Art. 12(3), first and second sentences.
RESPONSE_MONTHS = 1
EXTENSION_MONTHS = 2


def _longest_span_in_days(months: int) -> int:
    """The most calendar days `months` months from any day can hold (leap years included).
    From the first of a month it is the whole months' days; from a later day it is as long or
    shorter (the end is clipped to a shorter month's last day): the firsts of a four-year cycle
    are enough."""
    start = datetime.date(2024, 1, 1)  # a leap year begins the four-year cycle
    return max(
        ((day := start + relativedelta(months=n)) + relativedelta(months=months) - day).days
        for n in range(4 * 12)
    )


# The longest a month from receipt can be (31 days). A promise longer than this is longer than
# the law's month whatever the day of receipt, so it is an error in a policy; a promise up to it
# is a month's length for some days of receipt, and the request's own deadline still governs.
LONGEST_RESPONSE_DAYS = _longest_span_in_days(RESPONSE_MONTHS)
