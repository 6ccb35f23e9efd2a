"""The permission policy as a table: every role × every action, at the member's own controller
and at another one, through the functions the admin, views and services call."""

import pytest

from controllers.models import Controller
from controllers.selectors import controllers_for
from gdpr_portal import permissions
from gdpr_portal.permissions import Action, Role
from tests.controllers.factories import ControllerFactory, MembershipFactory, UserFactory

V, C, P, H = Action.VIEW, Action.CHANGE_REGISTER, Action.PUBLISH_POLICY, Action.HANDLE_REQUESTS
B = Action.HANDLE_BREACHES

# Written out by hand: what each role may do at its own controller.
TABLE = {
    Role.DPO: {V, C, H, B},
    Role.EDITOR: {V, C, P},
    Role.VIEWER: {V},
}


@pytest.fixture
def two(db):
    return ControllerFactory(slug="own"), ControllerFactory(slug="other")


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_role_grants_exactly_its_actions_at_its_own_controller_only(two, role, action):
    own, other = two
    member = MembershipFactory(controller=own, role=role).user
    allowed = action in TABLE[role]
    assert permissions.can(member, action, own) is allowed
    assert permissions.can(member, action, other) is False
    assert list(controllers_for(member, action)) == ([own] if allowed else [])
    rows = permissions.filter_queryset(Controller.objects.all(), member, action, path="")
    assert list(rows) == ([own] if allowed else [])
    assert (member in permissions.users_who_can(action, own)) is allowed


@pytest.mark.parametrize("action", list(Action))
def test_roles_add_up(two, action):
    own, _other = two
    user = MembershipFactory(controller=own, role=Role.VIEWER).user
    MembershipFactory(controller=own, role=Role.EDITOR, user=user)
    assert permissions.can(user, action, own) is (action in TABLE[Role.EDITOR])


@pytest.mark.parametrize("action", list(Action))
def test_the_operator_acts_everywhere_and_nobody_else_without_a_role(two, action):
    own, other = two
    operator = UserFactory(is_staff=True, is_superuser=True)
    assert permissions.is_operator(operator)
    assert permissions.can(operator, action, own) and permissions.can(operator, action, other)
    assert set(controllers_for(operator, action)) == {own, other}

    stranger = UserFactory(is_staff=True)
    assert not permissions.can(stranger, action, own)
    assert list(controllers_for(stranger, action)) == []


@pytest.mark.parametrize("action", list(Action))
def test_an_inactive_or_non_staff_member_may_do_nothing(two, action):
    own, _other = two
    inactive = MembershipFactory(controller=own, role=Role.DPO, user__is_active=False).user
    not_staff = MembershipFactory(controller=own, role=Role.DPO, user__is_staff=False).user
    former_operator = UserFactory(is_staff=True, is_superuser=True, is_active=False)
    for user in (inactive, not_staff, former_operator):
        assert not permissions.can(user, action, own)
        assert not permissions.is_operator(user)
