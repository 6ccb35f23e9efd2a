"""Named reads of the register's controllers."""

from django.shortcuts import get_object_or_404

from .models import Controller


def _sort_key(controller: Controller) -> str:
    # „БезГлоба“ ООД sorts under Б, not after Я: quotes and spaces do not count.
    return controller.legal_name.lstrip("„“\"'«» ").casefold()


def controller_list_public() -> list[Controller]:
    """Controllers shown to the public, in the order a citizen scans them."""
    return sorted(Controller.objects.only("legal_name", "short_name", "slug"), key=_sort_key)


def controller_get_public(*, slug: str) -> Controller:
    """A controller's public page: identity, DPO and supervisory authority in one query."""
    return get_object_or_404(
        Controller.objects.select_related("dpo", "supervisory_authority"), slug=slug
    )
