"""The registry of moves is what the admin offers, what its forms are, and what the requester
reads on the status page; who is offered as an assignee and who gets the digest is the
permission policy's answer."""

import datetime

import pytest
from django.utils import timezone, translation

from gdpr_portal import permissions
from requests_app import moves, workflow
from requests_app.digest import digest_plan
from requests_app.models import DataSubjectRequest, Status
from requests_app.move_forms import AssignForm
from tests.controllers.factories import (
    ControllerFactory,
    MembershipFactory,
    RecipientFactory,
    UserFactory,
)
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db
LIST = "/en/admin/requests_app/datasubjectrequest/"


@pytest.fixture
def dpo(controller):
    return MembershipFactory(controller=controller, role="dpo").user


def offered(client, dsr) -> list[str]:
    page = client.get(f"{LIST}{dsr.pk}/change/")
    return [move.name for move in page.context["available_moves"]]


def test_the_admin_offers_the_registrys_moves_for_the_state(client, controller, dpo):
    dsr = DataSubjectRequestFactory(controller=controller, rights=["erasure"])
    client.force_login(dpo)
    assert offered(client, dsr) == [
        "assign",
        "confirm_identity",
        "start",
        "ask_information",
        "extend",
        "refuse",
        "withdraw",
        "fee",
        "hold",
    ]  # not "complete": an erasure needs the identity checked first
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(identity_confirmed_at=timezone.now())
    assert "complete" in offered(client, dsr)
    RecipientFactory(controller=controller)
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(status=Status.COMPLETED, legal_hold=True)
    assert offered(client, dsr) == ["art19", "release_hold"]
    page = client.get(f"{LIST}{dsr.pk}/change/").content.decode()
    assert str(moves.MOVES["release_hold"].label) in page


def in_language(language: str, text) -> str:
    with translation.override(language):
        return str(text)


def test_every_move_has_a_form_a_label_in_both_languages_and_a_service(controller):
    dsr = DataSubjectRequestFactory(controller=controller)
    for name, move in moves.MOVES.items():
        assert move.form(prefix=name, dsr=dsr).prefix == name
        assert move.service.__name__.startswith("request_")
        for text in (move.label, move.public) if move.public else (move.label,):
            assert in_language("bg", text) != in_language("en", text), f"{name}: {text}"


def test_the_start_note_typed_in_the_admin_is_recorded(client, controller, dpo):
    dsr = DataSubjectRequestFactory(controller=controller)
    client.force_login(dpo)
    client.post(f"{LIST}{dsr.pk}/act/start/", {"start-note": "Търсим в архива"})
    assert dsr.events.get(kind="started").note == "Търсим в архива"


def test_the_status_page_words_each_move_for_the_requester(client, controller, dpo):
    dsr = DataSubjectRequestFactory(controller=controller, language="en")
    workflow.request_start(request=dsr, actor=dpo)
    workflow.request_assign(request=dsr, actor=dpo, assignee=dpo)  # staff only
    page = client.get(f"/en/requests/{dsr.status_token}/").content.decode()
    assert "work on your request has started" in page
    assert "assigned" not in page and "– started" not in page
    wording = in_language("bg", moves.MOVES["start"].public)
    assert wording in client.get(f"/requests/{dsr.status_token}/").content.decode()


def test_assignees_offered_are_those_the_policy_lets_handle_requests(controller, dpo):
    MembershipFactory(controller=controller, role="editor")
    MembershipFactory(controller=controller, role="viewer")
    MembershipFactory(controller=ControllerFactory(), role="dpo")
    MembershipFactory(controller=controller, role="dpo", user=UserFactory(is_active=False))
    both = MembershipFactory(controller=controller, role="viewer").user
    MembershipFactory(controller=controller, role="dpo", user=both)
    dsr = DataSubjectRequestFactory(controller=controller)
    choices = set(AssignForm(dsr=dsr).fields["assignee"].queryset)
    assert choices == {dpo, both}


def test_the_digest_skips_an_assignee_who_may_no_longer_handle_requests(controller, dpo):
    demoted = MembershipFactory(controller=controller, role="dpo").user
    due_soon = DataSubjectRequestFactory(
        controller=controller,
        received_at=timezone.now() - datetime.timedelta(days=27),
        assignee=demoted,
    )
    assert set(digest_plan()) == {demoted}
    demoted.memberships.update(role="viewer")
    plan = digest_plan()
    assert set(plan) == {dpo} and plan[dpo] == [due_soon]


@pytest.mark.parametrize(
    ("flags", "operator"),
    [
        ({"is_superuser": True}, True),
        ({"is_superuser": True, "is_active": False}, False),
        ({"is_superuser": True, "is_staff": False}, False),
        ({}, False),
    ],
)
def test_the_operator_is_an_active_staff_superuser(flags, operator):
    assert permissions.is_operator(UserFactory(**flags)) is operator
