"""The breaches' lines in the daily digest and their tile on the dashboard (both owned by
requests_app), contributed through the platform's points (gdpr_portal.contributions)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gdpr_portal import contributions, permissions
from gdpr_portal.links import absolute_url
from gdpr_portal.permissions import Action

from . import clock
from .models import Breach
from .selectors import awaiting_for, clock_text


def _change_url(breach: Breach) -> str:
    return reverse("admin:breaches_breach_change", args=[breach.pk])


@contributions.digest_section
def nearing_breaches(now) -> dict:
    """To the staff who handle a controller's breaches: those not yet notified in the last
    24 hours of their 72, or past them."""
    nearing = list(Breach.objects.nearing(now).select_related("controller").order_by("aware_at"))
    handlers = {
        controller_id: list(permissions.users_who_can(Action.HANDLE_BREACHES, controller_id))
        for controller_id in {b.controller_id for b in nearing}
    }
    lines: dict = {}
    for breach in nearing:
        deadline = clock.notification_deadline(breach.aware_at)
        text = _("Breach %(reference)s – %(controller)s – notify by %(deadline)s (%(left)s)") % {
            "reference": breach.reference,
            "controller": breach.controller.display_name,
            "deadline": deadline.strftime("%d.%m.%Y %H:%M %Z"),
            "left": clock_text(breach, now),
        }
        for user in handlers.get(breach.controller_id, []):
            if user.email:
                lines.setdefault(user, []).extend([text, absolute_url(_change_url(breach))])
    return lines


@contributions.dashboard_tile
def breach_clock_tile(controllers, now) -> dict:
    # One query: breaches waiting for their notification are few at any time.
    awaiting = list(awaiting_for(controllers))
    return {
        "title": _("Breaches to notify (72 hours)"),
        "figure": len(awaiting),
        "text": _("not yet notified"),
        "rows": [
            {"label": b.reference, "text": clock_text(b, now), "url": _change_url(b)}
            for b in awaiting[:10]
        ],
        "url": reverse("admin:breaches_breach_changelist"),
    }
