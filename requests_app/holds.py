"""The legal hold: placed and lifted as moves of the registry, in any state."""

from django.utils.translation import gettext_lazy

from .models import DataSubjectRequest, RequestEvent
from .move_forms import LegalHoldForm, NoteForm
from .moves import ANY_STATE, Condition, move, record
from .moves import required as _reasons

Kind = RequestEvent.Kind

NOT_ON_HOLD = Condition(
    lambda r: not r.legal_hold, gettext_lazy("The request is under a legal hold already.")
)
ON_HOLD = Condition(lambda r: r.legal_hold, gettext_lazy("The request is not under a legal hold."))


@move(
    "hold",
    label=gettext_lazy("Place a legal hold"),
    form=LegalHoldForm,
    kind=Kind.LEGAL_HOLD,
    sources=ANY_STATE,
    conditions=(NOT_ON_HOLD,),
)
def request_place_legal_hold(move, *, request: DataSubjectRequest, actor, reason: str):
    """A legal hold blocks any retention disposal of the request, open or closed."""
    reason = _reasons(reason)
    changes = {"legal_hold": True, "legal_hold_reason": reason}
    record(move, request, actor, changes, note=reason)
    return request


@move(
    "release_hold",
    label=gettext_lazy("Lift the legal hold"),
    form=NoteForm,
    kind=Kind.LEGAL_HOLD,
    sources=ANY_STATE,
    conditions=(ON_HOLD,),
)
def request_lift_legal_hold(move, *, request: DataSubjectRequest, actor, note: str = ""):
    note = note.strip()
    record(move, request, actor, {"legal_hold": False, "legal_hold_reason": ""}, note=note)
    return request


def request_set_legal_hold(*, request: DataSubjectRequest, actor, hold: bool, reason: str = ""):
    """Place (`hold=True`, with a reason) or lift the legal hold."""
    if hold:
        return request_place_legal_hold(request=request, actor=actor, reason=reason)
    return request_lift_legal_hold(request=request, actor=actor, note=reason)
