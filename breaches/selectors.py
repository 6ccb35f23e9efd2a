"""Named reads of the breach register, and the clock as staff read it."""

import datetime

from django.db.models import Value
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gdpr_portal import permissions
from gdpr_portal.permissions import Action

from . import clock
from .choices import Risk
from .models import Breach


def local_text(moment: datetime.datetime | None) -> str:
    """A moment as staff read it: in Sofia's local time, with the zone (EET or EEST)."""
    return date_format(clock.in_sofia(moment), "d.m.Y H:i T") if moment else "—"


def clock_text(breach: Breach, now: datetime.datetime) -> str:
    """What the 72-hour clock says of `breach` at `now`, in the active language."""
    if breach.risk == Risk.NONE:
        return _("not notified: no risk")
    notified = getattr(breach, "is_notified", None)
    if notified is None:
        notified = breach.notifications.exists()
    if notified:
        return _("notified")
    hours = clock.hours_left(breach.aware_at, now)
    if hours >= 0:
        return ngettext("%(n)d hour left", "%(n)d hours left", hours) % {"n": hours}
    late = -hours
    return ngettext("%(n)d hour late", "%(n)d hours late", late) % {"n": late}


def breaches_for(user, action: Action = Action.VIEW):
    return permissions.filter_queryset(Breach.objects.all(), user, action)


def awaiting_for(controllers):
    """Breaches of `controllers` still to be notified, the nearest deadline first."""
    return (
        Breach.objects.awaiting_notification()
        .filter(controller__in=controllers)
        .annotate(is_notified=Value(False))
        .select_related("controller")
        .order_by("aware_at", "pk")
    )
