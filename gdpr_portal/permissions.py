"""The one permission policy: what a staff user may see and do, per controller.

Every admin queryset, form-field choice, action, view and export asks this module; nothing else
decides access to a controller's data. Superusers (the portal operator) see everything.
"""

from enum import StrEnum

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A staff user's role at one controller, as the register's memberships record it
    (controllers.Membership)."""

    DPO = "dpo", _("data protection officer")
    EDITOR = "editor", _("compliance editor")
    VIEWER = "viewer", _("viewer")


class Action(StrEnum):
    VIEW = "view"
    CHANGE_REGISTER = "change_register"
    PUBLISH_POLICY = "publish_policy"
    HANDLE_REQUESTS = "handle_requests"
    # Recording breaches, their notifications and communications (GDPR Arts 33–34): the DPO's.
    HANDLE_BREACHES = "handle_breaches"


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.DPO: frozenset(
        {Action.VIEW, Action.CHANGE_REGISTER, Action.HANDLE_REQUESTS, Action.HANDLE_BREACHES}
    ),
    Role.EDITOR: frozenset({Action.VIEW, Action.CHANGE_REGISTER, Action.PUBLISH_POLICY}),
    Role.VIEWER: frozenset({Action.VIEW}),
}


def _is_active_staff(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def is_operator(user) -> bool:
    """The portal operator: an active staff superuser. Acts on every controller, and alone
    manages what belongs to no controller (authorities, controllers, memberships, accounts,
    portal-wide settings)."""
    return _is_active_staff(user) and user.is_superuser


def roles_with(action: Action) -> list[str]:
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]


def _memberships(user) -> dict[int, frozenset[str]]:
    """{controller id: roles}, read once per user object: one query per request, where the
    admin asks dozens of permission questions to draw a single page."""
    cached = getattr(user, "_portal_memberships", None)
    if cached is None:
        roles: dict[int, set[str]] = {}
        # The register's memberships (controllers.Membership), through their reverse relation.
        for controller_id, role in user.memberships.values_list("controller_id", "role"):
            roles.setdefault(controller_id, set()).add(role)
        cached = {pk: frozenset(r) for pk, r in roles.items()}
        user._portal_memberships = cached
    return cached


def allowed_controller_ids(user, action: Action = Action.VIEW) -> list[int]:
    """Ids of the controllers whose data `user` may act on with `action` (superusers may act on
    every controller and are handled by the callers)."""
    if not _is_active_staff(user):
        return []
    return sorted(
        pk
        for pk, roles in _memberships(user).items()
        if any(action in ROLE_ACTIONS[role] for role in roles)
    )


def may_act_on_any(user, action: Action = Action.VIEW) -> bool:
    if not _is_active_staff(user):
        return False
    return is_operator(user) or bool(allowed_controller_ids(user, action))


def has_any_membership(user) -> bool:
    if not _is_active_staff(user):
        return False
    return is_operator(user) or bool(_memberships(user))


def can(user, action: Action, controller: Model | None) -> bool:
    if controller is None or not _is_active_staff(user):
        return False
    if is_operator(user):
        return True
    roles = _memberships(user).get(controller.pk, frozenset())
    return any(action in ROLE_ACTIONS[role] for role in roles)


def filter_queryset(
    queryset: QuerySet, user, action: Action = Action.VIEW, *, path: str = "controller"
) -> QuerySet:
    """Narrow `queryset` to rows of the controllers `user` may act on; `path` leads from the
    row to its controller (`"controller"`, `"purpose__controller"`, or `""` for controllers)."""
    if is_operator(user):
        return queryset
    lookup = f"{path}__in" if path else "pk__in"
    return queryset.filter(**{lookup: allowed_controller_ids(user, action)})


def users_who_can(action: Action, controller: Model) -> QuerySet:
    """The active staff whose role at `controller` grants `action`: the assignees offered, the
    digest's recipients. (The operator acts everywhere as nobody's member: not listed.)"""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            is_staff=True,
            memberships__controller=controller,
            memberships__role__in=roles_with(action),
        )
        .distinct()
        .order_by("username")
    )


def controller_of(obj: Model, path: str = "controller") -> Model | None:
    """Follow `path` from a row to its controller."""
    if not path:
        return obj  # type: ignore[return-value]
    for part in path.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj  # type: ignore[return-value]
