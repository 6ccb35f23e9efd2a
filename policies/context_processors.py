"""The footer's link to the portal operator's own privacy policy, on every page."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse

from gdpr_portal import clock

from .models import PolicyVersion


def operator_policy(request: HttpRequest) -> dict:
    """The footer's link to the operator's own policy, once a version is in force (asked of the
    database at most once a minute per process, not on every page)."""
    slug = settings.PORTAL_OPERATOR_SLUG
    published = cache.get_or_set(
        "portal:operator-policy-in-force",
        lambda: (
            PolicyVersion.objects.filter(policy__controller__slug=slug)
            .in_force_on(clock.today())
            .exists()
        ),
        60,
    )
    return {
        "portal_operator_policy_url": reverse("policies:current", args=[slug])
        if published
        else None
    }
