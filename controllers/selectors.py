"""Named reads of the register's controllers."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Controller


def controller_list_public() -> QuerySet[Controller]:
    """Controllers shown to the public, in the order a citizen scans them."""
    return Controller.objects.order_by("legal_name")


def controller_get_public(*, slug: str) -> Controller:
    """A controller's public page: identity, DPO and supervisory authority in one query."""
    return get_object_or_404(
        Controller.objects.select_related("dpo", "supervisory_authority"), slug=slug
    )
