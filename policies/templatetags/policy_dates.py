"""The date a controller states on its imported policy, shown with the precision it gave."""

from django import template

from ..stated_dates import stated_date_text

register = template.Library()


@register.filter
def stated_date(version) -> str:
    """ "13 June 2022", "August 2022", "2019" or "date not stated", in the active language."""
    return stated_date_text(version.stated_date, version.stated_date_precision)
