"""Corrections to Django's own Bulgarian catalogue, which capitalises month names.

Bulgarian writes months in lower case ("1 юни 2026"). Listing the msgids here keeps them in our
catalogue (locale/ takes precedence over Django's), where they are translated correctly.
"""

from django.utils.translation import gettext_noop

MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
