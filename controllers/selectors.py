"""Named reads of the register's controllers."""

from django.db.models import QuerySet

from .models import Controller


def controller_list_public() -> QuerySet[Controller]:
    """Controllers shown to the public, in the order a citizen scans them."""
    return Controller.objects.order_by("legal_name")
