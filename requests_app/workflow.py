"""The guarded workflow of a request: one service function per move, each defined once by
its entry in the registry of moves (requests_app.moves).

Each move locks the request, asks the permission policy, checks the state it is in, refuses an
illegal move with a clear message and changes nothing, writes the audit row in the same
transaction, and queues the message to the requester in that transaction too (the outbox sends
it only after commit).

new → (information requested ⇄ resumed) → in progress → extended → completed | refused | withdrawn
"""

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gdpr_portal import clock, permissions
from gdpr_portal.permissions import Action

from . import deadlines, staff_settings
from .art15 import PackInput, access_pack_store
from .choices import ground_fits
from .decisions import IDENTITY_RIGHTS, RightDecision, decision_refusal, decisions_text
from .models import (
    OPEN_STATUSES,
    Attachment,
    DataSubjectRequest,
    MessageTemplate,
    Outcome,
    RefusalGround,
    RequestedRight,
    RequestEvent,
    Right,
    Status,
)
from .move_forms import (
    AssignForm,
    CompleteForm,
    FeeForm,
    NoteForm,
    ReasonsForm,
    RefuseForm,
    ResumeForm,
    StartForm,
    WithdrawForm,
)
from .moves import Condition, TransitionNotAllowed, move, record, required
from .portability import PortableData
from .services import attachment_store, request_compute_due
from .uploads import CheckedUpload

Kind = RequestEvent.Kind
Key = MessageTemplate.Key
OPEN = frozenset(OPEN_STATUSES)
WORKING = frozenset({Status.NEW, Status.IN_PROGRESS, Status.EXTENDED})

IDENTITY_UNCONFIRMED = Condition(
    lambda r: not r.identity_confirmed_at, gettext_lazy("The identity is confirmed already.")
)
IDENTITY_CHECKED = Condition(
    lambda r: (
        r.identity_confirmed_at is not None
        or not any(x.right in IDENTITY_RIGHTS for x in r.requested_rights.all())
    ),
    gettext_lazy("Confirm the requester's identity first: this request needs it (Art. 12(6))."),
)


def decide_rights(rights: list[RequestedRight], outcomes: dict[str, RightDecision]) -> None:
    for requested in rights:
        given = outcomes[requested.right]
        requested.outcome, requested.ground = given.outcome, given.ground
        requested.reasons = given.reasons.strip()
    RequestedRight.objects.bulk_update(rights, ["outcome", "ground", "reasons"])


_reasons = required


@move(
    "assign",
    label=gettext_lazy("Assign"),
    form=AssignForm,
    kind=Kind.ASSIGNED,
    sources=OPEN,
    refusal=gettext_lazy("A request that is %(status)s cannot be assigned."),
)
def request_assign(move, *, request: DataSubjectRequest, actor, assignee) -> DataSubjectRequest:
    if assignee is not None and not permissions.can(
        assignee, Action.HANDLE_REQUESTS, request.controller
    ):
        raise TransitionNotAllowed(_("The assignee must handle this controller's requests."))
    record(move, request, actor, {"assignee": assignee})
    return request


@move(
    "confirm_identity",
    label=gettext_lazy("Confirm the identity"),
    form=NoteForm,
    kind=Kind.IDENTITY_CONFIRMED,
    sources=OPEN,
    conditions=(IDENTITY_UNCONFIRMED,),
)
def request_confirm_identity(move, *, request: DataSubjectRequest, actor, note: str = ""):
    record(move, request, actor, {"identity_confirmed_at": clock.now()}, note=note)
    return request


@move(
    "start",
    label=gettext_lazy("Start work"),
    form=StartForm,
    kind=Kind.STARTED,
    sources=frozenset({Status.NEW}),
    targets=(Status.IN_PROGRESS,),
    refusal=gettext_lazy("Only a new request can be started; this one is %(status)s."),
    public=gettext_lazy("work on your request has started"),
)
def request_start(
    move, *, request: DataSubjectRequest, actor, note: str = "", promised_on=None, today=None
):
    """Start work; a date promised to the requester is kept, never beyond the statutory
    deadline (deadlines.md point 8)."""
    changes = {}
    if promised_on is not None:
        if promised_on > request.due_date:
            raise TransitionNotAllowed(
                _("The promised date is later than the legal deadline (%(date)s).")
                % {"date": request.due_date.strftime("%d.%m.%Y")}
            )
        if promised_on < (today or clock.today()):
            raise TransitionNotAllowed(_("The promised date has passed already."))
        changes["promised_on"] = promised_on
    record(move, request, actor, changes, note=note.strip())
    return request


@move(
    "ask_information",
    label=gettext_lazy("Request information (pauses the clock)"),
    form=ReasonsForm,
    kind=Kind.INFO_REQUESTED,
    sources=WORKING,
    targets=(Status.INFO_REQUESTED,),
    refusal=gettext_lazy("Information cannot be requested while the request is %(status)s."),
    message=Key.INFO_REQUEST,
    public=gettext_lazy("we asked you for information; the deadline waits for your answer"),
)
def request_ask_information(move, *, request: DataSubjectRequest, actor, reasons: str, today=None):
    """Ask for identity information or a clarification: the clock stops (Art. 12(6))."""
    reasons = _reasons(reasons)
    today = today or clock.today()
    changes = {"paused_since": today}
    record(move, request, actor, changes, note=reasons, reasons=reasons, note_public=True)
    return request


@move(
    "resume",
    label=gettext_lazy("Resume the clock"),
    form=ResumeForm,
    kind=Kind.RESUMED,
    sources=frozenset({Status.INFO_REQUESTED}),
    # Back to where the request was before the pause.
    targets=(Status.IN_PROGRESS, Status.EXTENDED),
    refusal=gettext_lazy("Only a paused request can resume; this one is %(status)s."),
    public=gettext_lazy("your information arrived; the deadline runs again"),
)
def request_resume(
    move, *, request: DataSubjectRequest, actor, today=None, note: str = "", received_on=None
):
    """The answer arrived: the days waited, up to the day it arrived, are added to the deadline
    (deadlines.md point 5). Staff resume: a reply on the status page never resumes the clock by
    itself, because only they can judge that it is the information asked for."""
    today = today or clock.today()
    arrived = received_on or today
    if arrived > today:
        raise TransitionNotAllowed(_("The answer cannot have arrived in the future."))
    if request.paused_since and arrived < request.paused_since:
        raise TransitionNotAllowed(
            _("The answer cannot have arrived before the pause began (%(date)s).")
            % {"date": request.paused_since.strftime("%d.%m.%Y")}
        )
    paused_days = request.paused_days + deadlines.days_paused(request.paused_since, arrived)
    changes = {
        "status": Status.EXTENDED if request.extended else Status.IN_PROGRESS,
        "paused_days": paused_days,
        "paused_since": None,
        "due_date": request_compute_due(request, paused_days=paused_days),
    }
    record(move, request, actor, changes, note=note.strip())
    return request


@move(
    "extend",
    label=gettext_lazy("Extend by two months"),
    form=ReasonsForm,
    kind=Kind.EXTENDED,
    sources=frozenset({Status.NEW, Status.IN_PROGRESS}),
    targets=(Status.EXTENDED,),
    refusal=gettext_lazy("A request that is %(status)s cannot be extended."),
    message=Key.EXTENSION,
    public=gettext_lazy("the deadline is extended by two months"),
)
def request_extend(move, *, request: DataSubjectRequest, actor, reasons: str, today=None):
    """Two further months (Art. 12(3)), told to the requester with reasons before the first
    deadline; recorded later it would be a breach, so it is refused."""
    reasons = _reasons(reasons)
    today = today or clock.today()
    last_day = deadlines.last_day_to_extend(
        request.received_at,
        paused_days=request.paused_days,
        extra_non_working_days=staff_settings.non_working_days(),
    )
    if today > last_day:
        raise TransitionNotAllowed(
            _("The first deadline (%(date)s) has passed: the extension can no longer be given.")
            % {"date": last_day.strftime("%d.%m.%Y")}
        )
    changes = {
        "extended": True,
        "extension_reasons": reasons,
        "due_date": request_compute_due(request, extended=True),
    }
    record(move, request, actor, changes, note=reasons, reasons=reasons, note_public=True)
    return request


@move(
    "complete",
    label=gettext_lazy("Complete and send the decision"),
    form=CompleteForm,
    kind=Kind.COMPLETED,
    sources=WORKING,
    targets=(Status.COMPLETED,),
    refusal=gettext_lazy("A request that is %(status)s cannot be completed."),
    conditions=(IDENTITY_CHECKED,),
    message=Key.COMPLETED,
    public=gettext_lazy("answered: we sent you our decision"),
    confirm=gettext_lazy(
        "I confirm: this closes the request and sends the decision to the requester; "
        "it cannot be undone."
    ),
)
def request_complete(
    move,
    *,
    request: DataSubjectRequest,
    actor,
    decision: str,
    documents: list[CheckedUpload] = (),
    outcomes: dict[str, RightDecision] | None = None,
    pack: PackInput | None = None,
    portable: PortableData | None = None,
    available_until=None,
):
    """Record the decision on each right, attach the response documents (for portability the
    data as JSON and CSV, for access the Art. 15 letter tailored by `pack`), release them on
    the status page until the end of `available_until` (by default the day
    `DOCUMENT_DOWNLOAD_DAYS` from today), send the
    decision. Without `outcomes` every right is granted. The desk's form asks for `pack` when
    access is granted and for `portable` when portability is."""
    decision = _reasons(decision)
    rights = list(request.requested_rights.all())
    outcomes = outcomes or {r.right: RightDecision(Outcome.GRANTED) for r in rights}
    if set(outcomes) != {r.right for r in rights}:
        raise TransitionNotAllowed(_("Choose a decision for every right."))
    for right, given in outcomes.items():
        problem = decision_refusal(right, given)
        if problem:
            raise TransitionNotAllowed(problem)
    if all(given.outcome == Outcome.REFUSED for given in outcomes.values()):
        raise TransitionNotAllowed(_("Every right is refused: refuse the request instead."))
    answered = {r for r, given in outcomes.items() if given.outcome != Outcome.REFUSED}
    if pack is not None and Right.ACCESS not in answered:
        raise TransitionNotAllowed(_("The Art. 15 letter answers a granted access request only."))
    if portable is not None and Right.PORTABILITY not in answered:
        raise TransitionNotAllowed(_("Portable data answers a granted portability request only."))
    today = clock.today()
    until = available_until or release_until(today, download_days())
    check_release_day(until, today)
    decide_rights(rights, outcomes)
    decision = f"{decisions_text(outcomes, request.language)}\n\n{decision}"
    now = clock.now()
    expires = expiry_of(until)
    stored = []
    try:
        for kind, upload in [
            *((Attachment.Kind.RESPONSE, u) for u in documents),
            *(
                (Attachment.Kind.PORTABLE_DATA, u)
                for u in (portable.files(f"{request.reference}-data") if portable else [])
            ),
        ]:
            stored.append(attachment_store(request=request, kind=kind, upload=upload))
        if pack is not None:
            # The letter names the files enclosed with it, and only those (Art. 15(3)).
            made = access_pack_store(dsr=request, pack=pack, enclosures=stored, actor=actor)
            stored.append(made.document)
        for attachment in stored:
            attachment.released_at, attachment.expires_at = now, expires
            attachment.save(update_fields=["released_at", "expires_at"])
            RequestEvent.objects.create(
                request=request,
                actor=actor,
                kind=Kind.DOCUMENT_RELEASED,
                note=attachment.original_name,
                changes={
                    "document": {"before": None, "after": attachment.original_name},
                    "expires_at": {"before": None, "after": expires.isoformat()},
                },
            )
        changes = {"decision_text": decision, "closed_at": now}
        record(move, request, actor, changes, reasons=decision)
    except BaseException:
        # The transaction rolls back; the storage does not.
        for attachment in stored:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return request


@move(
    "refuse",
    label=gettext_lazy("Refuse"),
    form=RefuseForm,
    kind=Kind.REFUSED,
    sources=OPEN,
    targets=(Status.REFUSED,),
    refusal=gettext_lazy("A request that is %(status)s cannot be refused."),
    message=Key.REFUSED,
    public=gettext_lazy("refused: we sent you our reasons"),
    confirm=gettext_lazy(
        "I confirm: this closes the request and sends the refusal to the requester; "
        "it cannot be undone."
    ),
)
def request_refuse(move, *, request: DataSubjectRequest, actor, ground: str, reasons: str):
    """Refuse with reasons; the decision names the right to complain and to a judicial remedy
    (Art. 12(4))."""
    if ground not in RefusalGround.values:
        raise TransitionNotAllowed(_("Choose the ground for the refusal."))
    reasons = _reasons(reasons)
    with translation.override(request.language):
        # The ground is named in the requester's language, not the DPO's.
        text = f"{RefusalGround(ground).label}\n\n{reasons}"
    rights = list(request.requested_rights.all())
    if not all(ground_fits(ground, r.right) for r in rights):
        raise TransitionNotAllowed(_("The ground does not apply to every right requested."))
    decide_rights(
        rights, {r.right: RightDecision(Outcome.REFUSED, ground, reasons) for r in rights}
    )
    changes = {"refusal_ground": ground, "decision_text": reasons, "closed_at": clock.now()}
    note = str(RefusalGround(ground).label)
    record(move, request, actor, changes, note=note, reasons=text, note_public=True)
    return request


@move(
    "withdraw",
    label=gettext_lazy("Record withdrawal"),
    form=WithdrawForm,
    kind=Kind.WITHDRAWN,
    sources=OPEN,
    targets=(Status.WITHDRAWN,),
    refusal=gettext_lazy("A request that is %(status)s cannot be withdrawn."),
    public=gettext_lazy("withdrawn at your request"),
    confirm=gettext_lazy("I confirm: this closes the request; it cannot be undone."),
)
def request_withdraw(move, *, request: DataSubjectRequest, actor, note: str):
    note = _reasons(note)
    record(move, request, actor, {"closed_at": clock.now()}, note=note)
    return request


@move(
    "fee",
    label=gettext_lazy("Record a fee (Art. 12(5))"),
    form=FeeForm,
    kind=Kind.FEE,
    sources=OPEN,
    public=gettext_lazy("a fee is charged"),
)
def request_record_fee(
    move, *, request: DataSubjectRequest, actor, amount: Decimal, justification: str
):
    """A reasonable fee for a manifestly unfounded or excessive request (Art. 12(5))."""
    if amount is None or amount <= 0:
        raise TransitionNotAllowed(_("The fee must be more than zero."))
    justification = _reasons(justification)
    changes = {"fee_amount": amount, "fee_justification": justification}
    record(move, request, actor, changes, note=justification, note_public=True)
    return request


# Defined beside, by subdomain, after the moves above (the registry keeps this order).
from .art19 import request_log_recipient_notified, request_tell_recipients  # noqa: E402, F401
from .holds import (  # noqa: E402, F401
    request_lift_legal_hold,
    request_place_legal_hold,
    request_set_legal_hold,
)
from .releases import (  # noqa: E402, F401
    check_release_day,
    download_days,
    expiry_of,
    release_until,
    request_release_documents,
)
