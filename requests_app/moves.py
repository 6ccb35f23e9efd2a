"""The one registry of workflow moves.

A move is defined once, by the `@move(...)` decorator on its service function in
requests_app.workflow: the states it starts from, the states it leads to, who may make it
(an `Action` of the permission policy), its form, its label, its audit kind, the message it
sends the requester and its wording on the requester's status page. The guard that runs
before every move, the moves the admin offers, the admin's forms and labels, and the status
page all read this registry; nothing else lists the moves.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gdpr_portal import permissions
from gdpr_portal.permissions import Action

from .models import DataSubjectRequest, RequestEvent, Status
from .services import request_send_message

CLOSED = _("A request that is %(status)s is closed.")
ANY_STATE = frozenset(Status.values)


class TransitionNotAllowed(ValidationError):
    """An illegal move: nothing was changed."""


@dataclass(frozen=True)
class Condition:
    """A precondition of a move beyond the state, with the refusal shown when it fails."""

    holds: Callable[[DataSubjectRequest], bool]
    refusal: Promise


@dataclass(frozen=True)
class Move:
    name: str  # the admin's URL and form prefix
    label: Promise  # the admin's button, in the staff member's language
    form: type  # a requests_app.move_forms.MoveForm; its fields are the service's arguments
    kind: str  # the RequestEvent.Kind of the audit row
    sources: frozenset[str]  # the states the move starts from
    # Said when the request is in another state; `%(status)s` names it.
    refusal: Promise = CLOSED
    targets: tuple[str, ...] = ()  # the states it may lead to; () keeps the state
    conditions: tuple[Condition, ...] = ()
    action: Action = Action.HANDLE_REQUESTS  # who may: the permission policy decides
    message: str | None = None  # the MessageTemplate.Key sent to the requester
    public: Promise | None = None  # the status page's wording; None: staff only
    # An irreversible move asks the staff member to confirm this sentence before it runs.
    confirm: Promise | None = None
    service: Callable = field(default=None, compare=False, repr=False)

    def refusal_for(self, request: DataSubjectRequest) -> TransitionNotAllowed | None:
        """Why the move cannot be made on `request` as it is, or None."""
        if request.status not in self.sources:
            return TransitionNotAllowed(
                str(self.refusal) % {"status": request.get_status_display()},
                code="illegal_move",
            )
        for condition in self.conditions:
            if not condition.holds(request):
                return TransitionNotAllowed(str(condition.refusal), code="illegal_move")
        return None

    def may(self, user, request: DataSubjectRequest) -> bool:
        return permissions.can(user, self.action, request.controller)

    def run(self, request: DataSubjectRequest, actor, data: dict):
        """Make the move with a valid form's cleaned data."""
        return self.service(request=request, actor=actor, **data)


def _value(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return getattr(value, "pk", value)


def record(
    move: Move,
    request,
    actor,
    changes: dict,
    *,
    note="",
    reasons=None,
    note_public=False,
    extra_changes: dict | None = None,
) -> RequestEvent:
    """Set the fields (and the move's state, when it has one), save them, append the audit row
    with the values before and after, and queue the move's message to the requester.

    `extra_changes` adds the before and after of what the move changed beside the request
    (the expiry of its documents). The note is always kept; the requester sees it, labelled,
    only with `note_public` (what was written for them), on a move the status page shows."""
    if len(move.targets) == 1:
        changes = {"status": move.targets[0], **changes}
    diff = {}
    for name, new in changes.items():
        old = getattr(request, name)
        if old != new:
            diff[name] = {"before": _value(old), "after": _value(new)}
            setattr(request, name, new)
    if request.status not in (move.targets or move.sources):
        raise AssertionError(f"{move.name} led to {request.status}, not in the registry")
    request.save(update_fields=[*changes.keys(), "updated_at"])
    event = RequestEvent.objects.create(
        request=request,
        actor=actor,
        kind=move.kind,
        public=move.public is not None,
        note=note,
        note_public=bool(note) and note_public and move.public is not None,
        changes={**diff, **(extra_changes or {})},
    )
    if move.message:
        request_send_message(request, move.message, author=actor, reasons=reasons)
    return event


def required(text: str) -> str:
    """Reasons or a note the move cannot do without."""
    text = (text or "").strip()
    if not text:
        raise TransitionNotAllowed(_("Give the reasons: they are sent to the requester."))
    return text


MOVES: dict[str, Move] = {}


def move(name: str, **definition) -> Callable:
    """Register the decorated function as the service of the move `name`.

    The service is called as `service(request=…, actor=…, **arguments)`; in one transaction it
    locks the request, asks the permission policy, checks the state and the conditions, and
    only then runs the decorated body as `body(move, request=locked, actor=…, **arguments)`.
    A refusal changes nothing."""

    def register(body: Callable) -> Callable:
        @functools.wraps(body)
        @transaction.atomic
        def service(*, request: DataSubjectRequest, actor, **arguments):
            this = MOVES[name]
            locked = (
                DataSubjectRequest.objects.select_for_update()
                .select_related("controller")
                .get(pk=request.pk)
            )
            if not this.may(actor, locked):
                raise PermissionDenied
            refused = this.refusal_for(locked)
            if refused is not None:
                raise refused
            return body(this, request=locked, actor=actor, **arguments)

        if name in MOVES:
            raise ValueError(f"the move {name!r} is defined twice")
        MOVES[name] = Move(name=name, service=service, **definition)
        return service

    return register


def get(name: str) -> Move | None:
    return MOVES.get(name)


def available_moves(request: DataSubjectRequest, user) -> list[Move]:
    """The moves `user` may make on `request` as it is now, in the registry's order; the
    service still checks each one when it runs."""
    return [m for m in MOVES.values() if m.refusal_for(request) is None and m.may(user, request)]


def held_back(request: DataSubjectRequest, user) -> list[tuple[Move, str]]:
    """The closing moves `user` could make in this state but for a condition not yet met, with
    what is missing, so the Actions say why the move is not offered."""
    held = []
    for m in MOVES.values():
        if not m.targets or request.status not in m.sources or not m.may(user, request):
            continue
        refusal = m.refusal_for(request)
        if refusal is not None:
            held.append((m, refusal.messages[0]))
    return held


def public_wording(kind: str) -> Promise | None:
    """The status page's wording of an audit kind written by a move, if the requester sees it."""
    return next((m.public for m in MOVES.values() if m.kind == kind and m.public), None)
