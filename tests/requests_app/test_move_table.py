"""Every cell of role × move × state, through the real service functions: who may make which
move from which state. A refused move changes neither the stored request nor its audit trail,
and sends nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from mailer.models import Message

from requests_app import moves
from requests_app.models import (
    Attachment,
    DataSubjectRequest,
    RecipientNotification,
    RequestEvent,
    Status,
)
from tests.controllers.factories import MembershipFactory, RecipientFactory, UserFactory
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db
D = datetime.date
S = Status
OPEN = {S.NEW, S.INFO_REQUESTED, S.IN_PROGRESS, S.EXTENDED}
WORKING = {S.NEW, S.IN_PROGRESS, S.EXTENDED}
ANY = set(S)

# The rules as the DPO's manual states them, written out here rather than read from the
# registry: (states the move is allowed from, states it may lead to; None keeps the state).
EXPECTED = {
    "assign": (OPEN, None),
    "confirm_identity": (OPEN, None),
    "start": ({S.NEW}, {S.IN_PROGRESS}),
    "ask_information": (WORKING, {S.INFO_REQUESTED}),
    "resume": ({S.INFO_REQUESTED}, {S.IN_PROGRESS, S.EXTENDED}),
    "extend": ({S.NEW, S.IN_PROGRESS}, {S.EXTENDED}),
    "complete": (WORKING, {S.COMPLETED}),
    "refuse": (OPEN, {S.REFUSED}),
    "withdraw": (OPEN, {S.WITHDRAWN}),
    "fee": (OPEN, None),
    "art19": ({S.COMPLETED}, None),
    "art19_tell": ({S.COMPLETED}, None),
    "hold": (ANY, None),
    "release_hold": (ANY, None),
    "release": ({S.COMPLETED}, None),
}
# Only those who handle the controller's requests move them: its DPO and the operator.
ROLES = {"dpo": True, "editor": False, "viewer": False, "no membership": False, "superuser": True}


def arguments(move: str, actor, dsr) -> dict:
    """What the admin's form would give each move, for a request received Mon 5 Jan 2026."""
    return {
        "assign": lambda: {"assignee": actor},
        "confirm_identity": lambda: {"note": "Лична карта"},
        "start": dict,
        "ask_information": lambda: {"reasons": "Уточнете периода", "today": D(2026, 1, 12)},
        "resume": lambda: {"today": D(2026, 1, 20)},
        "extend": lambda: {"reasons": "Голям обем", "today": D(2026, 1, 20)},
        "complete": lambda: {"decision": "Прилагаме копие."},
        "refuse": lambda: {"ground": "identity", "reasons": "Не е потвърдена."},
        "withdraw": lambda: {"note": "Писмо от заявителя"},
        "fee": lambda: {"amount": Decimal("5.00"), "justification": "Трето копие"},
        "art19": lambda: {
            "recipients": [RecipientFactory(controller=dsr.controller)],
            "notified_on": D(2026, 1, 20),
        },
        "art19_tell": lambda: {"note": "Писмо от заявителя"},
        "hold": lambda: {"reason": "Дело 12/2026"},
        "release_hold": lambda: {"note": "Делото приключи"},
        "release": lambda: {
            "documents": list(dsr.attachments.all()),
            "until": D(2026, 2, 20),
            "reasons": "Загубен файл",
            "today": D(2026, 1, 20),
        },
    }[move]()


def actor_for(role: str, controller):
    if role == "superuser":
        return UserFactory(is_superuser=True)
    if role == "no membership":
        return UserFactory()
    return MembershipFactory(controller=controller, role=role).user


def request_in(state: str, move: str) -> DataSubjectRequest:
    """One row per cell, in `state`, meeting every condition of `move` but the state (an
    erasure request, so Art. 19 applies; its identity checked; paused since 10 Jan; under a
    hold only for lifting it; a recipient logged only for telling the requester)."""
    dsr = DataSubjectRequestFactory(
        received_at=datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC), rights=["erasure"]
    )
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(
        status=state,
        paused_since=D(2026, 1, 10),
        legal_hold=move == "release_hold",
        identity_confirmed_at=None
        if move == "confirm_identity"
        else datetime.datetime(2026, 1, 6, 9, tzinfo=datetime.UTC),
    )
    if move == "release":
        Attachment.objects.create(
            request=dsr,
            kind=Attachment.Kind.RESPONSE,
            file="requests/x/copy.pdf",
            original_name="copy.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            released_at=datetime.datetime(2026, 1, 7, 9, tzinfo=datetime.UTC),
            expires_at=datetime.datetime(2026, 2, 7, 9, tzinfo=datetime.UTC),
        )
    if move == "art19_tell":
        RecipientNotification.objects.create(
            request=dsr,
            recipient=RecipientFactory(controller=dsr.controller),
            notified_on=D(2026, 1, 20),
        )
    dsr.refresh_from_db()
    return dsr


def snapshot(dsr) -> tuple:
    return (
        DataSubjectRequest.objects.filter(pk=dsr.pk).values().get(),
        RequestEvent.objects.filter(request=dsr).count(),
        RecipientNotification.objects.filter(request=dsr).count(),
        Message.objects.count(),
        list(Attachment.objects.filter(request=dsr).values_list("expires_at", flat=True)),
    )


CELLS = [(role, move, state) for role in ROLES for move in EXPECTED for state in Status.values]


def test_the_table_covers_every_move_of_the_registry():
    assert set(EXPECTED) == set(moves.MOVES)
    assert len(CELLS) == len(ROLES) * len(moves.MOVES) * len(Status.values) == 525


@pytest.mark.parametrize(("move", "expected"), EXPECTED.items(), ids=list(EXPECTED))
def test_the_registry_says_what_the_table_says(move, expected):
    sources, targets = expected
    definition = moves.MOVES[move]
    assert definition.sources == sources
    assert set(definition.targets or ()) == (targets or set())


@pytest.mark.parametrize(("role", "move", "state"), CELLS, ids=["-".join(c) for c in CELLS])
def test_cell(role, move, state):
    dsr = request_in(state, move)
    actor = actor_for(role, dsr.controller)
    service = moves.MOVES[move].service
    kwargs = arguments(move, actor, dsr)
    sources, targets = EXPECTED[move]
    before = snapshot(dsr)
    if not ROLES[role]:
        with pytest.raises(PermissionDenied):
            service(request=dsr, actor=actor, **kwargs)
    elif state not in sources:
        with pytest.raises(moves.TransitionNotAllowed):
            service(request=dsr, actor=actor, **kwargs)
    else:
        service(request=dsr, actor=actor, **kwargs)
        dsr.refresh_from_db()
        assert dsr.status in (targets or {state})
        event = RequestEvent.objects.filter(request=dsr).latest("pk")
        assert (event.kind, event.actor) == (moves.MOVES[move].kind, actor)
        if "status" in event.changes:
            assert event.changes["status"] == {"before": state, "after": dsr.status}
        return
    assert snapshot(dsr) == before
