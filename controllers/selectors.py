"""Named reads of the register's controllers."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gdpr_portal import permissions
from gdpr_portal.permissions import Action

from .models import Controller


def controllers_for(user, action: Action = Action.VIEW) -> QuerySet[Controller]:
    """The controllers whose data `user` may act on with `action` (the permission policy)."""
    if not permissions.may_act_on_any(user, action):
        return Controller.objects.none()
    if permissions.is_operator(user):
        return Controller.objects.all()
    return Controller.objects.filter(pk__in=permissions.allowed_controller_ids(user, action))


def _sort_key(controller: Controller) -> str:
    # „БезГлоба“ ООД sorts under Б, not after Я: quotes and spaces do not count.
    return controller.legal_name.lstrip("„“\"'«» ").casefold()


def controller_list_public() -> list[Controller]:
    """Controllers shown to the public, in the order a citizen scans them."""
    return sorted(
        Controller.objects.only("legal_name", "short_name", "name_en", "slug", "default_language"),
        key=_sort_key,
    )


def controller_get_public(*, slug: str, annotations: dict | None = None) -> Controller:
    """A controller's public page: identity, DPO and supervisory authority in one query, with
    the `annotations` a caller adds to that query (what a filing reads with it)."""
    return get_object_or_404(
        Controller.objects.select_related("dpo", "supervisory_authority").annotate(
            **(annotations or {})
        ),
        slug=slug,
    )
