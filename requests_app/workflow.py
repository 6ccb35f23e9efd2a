"""The guarded workflow of a request: one function per move.

Each move locks the request, checks the state it is in, refuses an illegal move with a clear
message and changes nothing, writes the audit row in the same transaction, and queues the
message to the requester in that transaction too (the outbox sends it only after commit).

new → (information requested ⇄ resumed) → in progress → extended → completed | refused | withdrawn
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from controllers.models import Recipient
from gdpr_portal import permissions
from gdpr_portal.permissions import Action

from . import deadlines
from .models import (
    OPEN_STATUSES,
    Attachment,
    DataSubjectRequest,
    MessageTemplate,
    RecipientNotification,
    RefusalGround,
    RequestEvent,
    Right,
    Status,
)
from .services import (
    attachment_store,
    extra_non_working_days,
    request_compute_due,
    request_send_message,
)
from .uploads import CheckedUpload

Kind = RequestEvent.Kind
DOCUMENT_DOWNLOAD_DAYS = 30
ART19_RIGHTS = {Right.RECTIFICATION, Right.ERASURE, Right.RESTRICTION}


class TransitionNotAllowed(ValidationError):
    """An illegal move: nothing was changed."""


def _locked(request: DataSubjectRequest, actor) -> DataSubjectRequest:
    locked = (
        DataSubjectRequest.objects.select_for_update()
        .select_related("controller")
        .get(pk=request.pk)
    )
    if not permissions.can(actor, Action.HANDLE_REQUESTS, locked.controller):
        raise PermissionDenied
    return locked


def _require(request: DataSubjectRequest, allowed, message: str) -> None:
    if request.status not in allowed:
        raise TransitionNotAllowed(
            message % {"status": request.get_status_display()}, code="illegal_move"
        )


def _value(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return getattr(value, "pk", value)


def _apply(request, actor, kind, changes: dict, *, public=False, note="") -> RequestEvent:
    """Set the fields, save them, and append the audit row with the values before and after."""
    diff = {}
    for field, new in changes.items():
        old = getattr(request, field)
        if old != new:
            diff[field] = {"before": _value(old), "after": _value(new)}
            setattr(request, field, new)
    request.save(update_fields=[*changes.keys(), "updated_at"])
    return RequestEvent.objects.create(
        request=request, actor=actor, kind=kind, public=public, note=note, changes=diff
    )


def _reasons(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise TransitionNotAllowed(_("Give the reasons: they are sent to the requester."))
    return text


@transaction.atomic
def request_assign(*, request: DataSubjectRequest, actor, assignee) -> DataSubjectRequest:
    request = _locked(request, actor)
    _require(request, OPEN_STATUSES, _("A request that is %(status)s cannot be assigned."))
    if assignee is not None and not permissions.can(
        assignee, Action.HANDLE_REQUESTS, request.controller
    ):
        raise TransitionNotAllowed(_("The assignee must handle this controller's requests."))
    _apply(request, actor, Kind.ASSIGNED, {"assignee": assignee})
    return request


@transaction.atomic
def request_confirm_identity(*, request: DataSubjectRequest, actor, note: str = ""):
    request = _locked(request, actor)
    _require(request, OPEN_STATUSES, _("A request that is %(status)s is closed."))
    if request.identity_confirmed_at:
        raise TransitionNotAllowed(_("The identity is confirmed already."))
    _apply(
        request,
        actor,
        Kind.IDENTITY_CONFIRMED,
        {"identity_confirmed_at": timezone.now()},
        note=note,
    )
    return request


@transaction.atomic
def request_start(*, request: DataSubjectRequest, actor) -> DataSubjectRequest:
    request = _locked(request, actor)
    _require(request, {Status.NEW}, _("Only a new request can be started; this one is %(status)s."))
    _apply(request, actor, Kind.STARTED, {"status": Status.IN_PROGRESS}, public=True)
    return request


@transaction.atomic
def request_ask_information(*, request: DataSubjectRequest, actor, reasons: str, today=None):
    """Ask for identity information or a clarification: the clock stops (Art. 12(6))."""
    request = _locked(request, actor)
    _require(
        request,
        {Status.NEW, Status.IN_PROGRESS, Status.EXTENDED},
        _("Information cannot be requested while the request is %(status)s."),
    )
    reasons = _reasons(reasons)
    today = today or timezone.localdate()
    _apply(
        request,
        actor,
        Kind.INFO_REQUESTED,
        {"status": Status.INFO_REQUESTED, "paused_since": today},
        public=True,
        note=reasons,
    )
    request_send_message(request, MessageTemplate.Key.INFO_REQUEST, reasons=reasons)
    return request


@transaction.atomic
def request_resume(*, request: DataSubjectRequest, actor, today=None, note: str = ""):
    """The answer arrived: the days waited are added to the deadline (deadlines.md point 5)."""
    request = _locked(request, actor)
    _require(
        request,
        {Status.INFO_REQUESTED},
        _("Only a paused request can resume; this one is %(status)s."),
    )
    today = today or timezone.localdate()
    paused_days = request.paused_days + max(0, (today - request.paused_since).days)
    _apply(
        request,
        actor,
        Kind.RESUMED,
        {
            "status": Status.EXTENDED if request.extended else Status.IN_PROGRESS,
            "paused_days": paused_days,
            "paused_since": None,
            "due_date": request_compute_due(request, paused_days=paused_days),
        },
        public=True,
        note=note,
    )
    return request


@transaction.atomic
def request_extend(*, request: DataSubjectRequest, actor, reasons: str, today=None):
    """Two further months (Art. 12(3)), told to the requester with reasons before the first
    deadline; recorded later it would be a breach, so it is refused."""
    request = _locked(request, actor)
    _require(
        request,
        {Status.NEW, Status.IN_PROGRESS},
        _("A request that is %(status)s cannot be extended."),
    )
    reasons = _reasons(reasons)
    today = today or timezone.localdate()
    first = deadlines.response_due(
        request.received_at,
        paused_days=request.paused_days,
        extra_non_working_days=extra_non_working_days(),
    )
    if today > first:
        raise TransitionNotAllowed(
            _("The first deadline (%(date)s) has passed: the extension can no longer be given.")
            % {"date": first.strftime("%d.%m.%Y")}
        )
    due = request_compute_due(request, extended=True)
    _apply(
        request,
        actor,
        Kind.EXTENDED,
        {
            "status": Status.EXTENDED,
            "extended": True,
            "extension_reasons": reasons,
            "due_date": due,
        },
        public=True,
        note=reasons,
    )
    request_send_message(request, MessageTemplate.Key.EXTENSION, reasons=reasons)
    return request


@transaction.atomic
def request_complete(
    *, request: DataSubjectRequest, actor, decision: str, documents: list[CheckedUpload] = ()
):
    """Attach the response documents, release them on the status page, send the decision."""
    request = _locked(request, actor)
    _require(
        request,
        {Status.NEW, Status.IN_PROGRESS, Status.EXTENDED},
        _("A request that is %(status)s cannot be completed."),
    )
    decision = _reasons(decision)
    now = timezone.now()
    expires = now + datetime.timedelta(
        days=getattr(settings, "DOCUMENT_DOWNLOAD_DAYS", DOCUMENT_DOWNLOAD_DAYS)
    )
    for upload in documents:
        attachment = attachment_store(request=request, kind=Attachment.Kind.RESPONSE, upload=upload)
        attachment.released_at, attachment.expires_at = now, expires
        attachment.save(update_fields=["released_at", "expires_at"])
        RequestEvent.objects.create(
            request=request,
            actor=actor,
            kind=Kind.DOCUMENT_RELEASED,
            note=attachment.original_name,
            changes={"document": {"before": None, "after": attachment.original_name}},
        )
    _apply(
        request,
        actor,
        Kind.COMPLETED,
        {"status": Status.COMPLETED, "decision_text": decision, "closed_at": now},
        public=True,
    )
    request_send_message(request, MessageTemplate.Key.COMPLETED, reasons=decision)
    return request


@transaction.atomic
def request_refuse(*, request: DataSubjectRequest, actor, ground: str, reasons: str):
    """Refuse with reasons; the decision names the right to complain and to a judicial remedy
    (Art. 12(4))."""
    request = _locked(request, actor)
    _require(request, OPEN_STATUSES, _("A request that is %(status)s cannot be refused."))
    if ground not in RefusalGround.values:
        raise TransitionNotAllowed(_("Choose the ground for the refusal."))
    reasons = _reasons(reasons)
    with translation.override(request.language):
        # The ground is named in the requester's language, not the DPO's.
        text = f"{RefusalGround(ground).label}\n\n{reasons}"
    _apply(
        request,
        actor,
        Kind.REFUSED,
        {
            "status": Status.REFUSED,
            "refusal_ground": ground,
            "decision_text": reasons,
            "closed_at": timezone.now(),
        },
        public=True,
        note=str(RefusalGround(ground).label),
    )
    request_send_message(request, MessageTemplate.Key.REFUSED, reasons=text)
    return request


@transaction.atomic
def request_withdraw(*, request: DataSubjectRequest, actor, note: str):
    request = _locked(request, actor)
    _require(request, OPEN_STATUSES, _("A request that is %(status)s cannot be withdrawn."))
    _apply(
        request,
        actor,
        Kind.WITHDRAWN,
        {"status": Status.WITHDRAWN, "closed_at": timezone.now()},
        public=True,
        note=_reasons(note),
    )
    return request


@transaction.atomic
def request_record_fee(*, request: DataSubjectRequest, actor, amount: Decimal, justification: str):
    """A reasonable fee for a manifestly unfounded or excessive request (Art. 12(5))."""
    request = _locked(request, actor)
    _require(request, OPEN_STATUSES, _("A request that is %(status)s is closed."))
    if amount is None or amount <= 0:
        raise TransitionNotAllowed(_("The fee must be more than zero."))
    justification = _reasons(justification)
    _apply(
        request,
        actor,
        Kind.FEE,
        {"fee_amount": amount, "fee_justification": justification},
        public=True,
        note=justification,
    )
    return request


@transaction.atomic
def request_log_recipient_notified(
    *, request: DataSubjectRequest, actor, recipient: Recipient, notified_on, note: str = ""
) -> RecipientNotification:
    """Art. 19: a recipient told of a rectification, erasure or restriction."""
    request = _locked(request, actor)
    rights = set(request.requested_rights.values_list("right", flat=True))
    if not rights & ART19_RIGHTS:
        raise TransitionNotAllowed(
            _("Recipients are told only of a rectification, erasure or restriction (Art. 19).")
        )
    if recipient.controller_id != request.controller_id:
        raise TransitionNotAllowed(_("Choose a recipient of this controller."))
    entry = RecipientNotification.objects.create(
        request=request, recipient=recipient, notified_on=notified_on, note=note, actor=actor
    )
    RequestEvent.objects.create(
        request=request,
        actor=actor,
        kind=Kind.RECIPIENT_NOTIFIED,
        note=f"{recipient.name}, {notified_on.isoformat()}",
        changes={"recipient_notified": {"before": None, "after": recipient.name}},
    )
    return entry


@transaction.atomic
def request_set_legal_hold(*, request: DataSubjectRequest, actor, hold: bool, reason: str = ""):
    """A legal hold blocks any retention disposal of the request, open or closed."""
    request = _locked(request, actor)
    if hold == request.legal_hold:
        raise TransitionNotAllowed(
            _("The request is under a legal hold already.")
            if hold
            else _("The request is not under a legal hold.")
        )
    reason = _reasons(reason) if hold else reason.strip()
    _apply(
        request,
        actor,
        Kind.LEGAL_HOLD,
        {"legal_hold": hold, "legal_hold_reason": reason if hold else ""},
        note=reason,
    )
    return request
