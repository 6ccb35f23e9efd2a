"""GDPR Art. 19: once a rectification, erasure or restriction is carried out, each recipient
of the data is told of it, unless that proves impossible or involves a disproportionate
effort (recorded with the reason), and the requester is told who the recipients are when
they ask."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gdpr_portal import clock

from .choices import Outcome, Right, Status
from .models import MessageTemplate, RecipientNotification, RequestEvent
from .move_forms import Art19Form, Art19TellForm
from .moves import Condition, TransitionNotAllowed, move, record, required

Kind = RequestEvent.Kind
Told = RecipientNotification.Outcome
ART19_RIGHTS = {Right.RECTIFICATION, Right.ERASURE, Right.RESTRICTION}
DONE = frozenset({Status.COMPLETED})

# Carried out: a rectification, erasure or restriction granted in whole or in part (a request
# completed before decisions were kept per right counts as granted).
ART19_CARRIED_OUT = Condition(
    lambda r: any(
        x.right in ART19_RIGHTS and x.outcome != Outcome.REFUSED for x in r.requested_rights.all()
    ),
    gettext_lazy(
        "Recipients are told only of a rectification, erasure or restriction carried out (Art. 19)."
    ),
)
RECIPIENTS_LEFT = Condition(
    lambda r: r.controller.recipients.exclude(
        pk__in=r.recipient_notifications.values("recipient")
    ).exists(),
    gettext_lazy("Every recipient in the register is logged for this request already."),
)
RECIPIENTS_LOGGED = Condition(
    lambda r: r.recipient_notifications.exists(),
    gettext_lazy("No recipient is logged for this request yet (Art. 19)."),
)
AFTER_DECISION = gettext_lazy(
    "Recipients are told after the decision is carried out; this request is %(status)s."
)


@move(
    "art19",
    label=gettext_lazy("Log recipients told (Art. 19)"),
    form=Art19Form,
    kind=Kind.RECIPIENT_NOTIFIED,
    sources=DONE,
    refusal=AFTER_DECISION,
    conditions=(ART19_CARRIED_OUT, RECIPIENTS_LEFT),
)
def request_log_recipient_notified(
    move, *, request, actor, recipients, outcome=Told.NOTIFIED, notified_on=None, note=""
) -> list[RecipientNotification]:
    """Several recipients of the register at once, each once: told on a day (not in the
    future, not before the decision), or not told for a reason the law accepts."""
    recipients = list(recipients)
    if not recipients:
        raise TransitionNotAllowed(_("Choose at least one recipient."))
    if any(r.controller_id != request.controller_id for r in recipients):
        raise TransitionNotAllowed(_("Choose a recipient of this controller."))
    logged = set(request.recipient_notifications.values_list("recipient_id", flat=True))
    if logged & {r.pk for r in recipients} or len({r.pk for r in recipients}) < len(recipients):
        raise TransitionNotAllowed(_("A recipient is logged once for a request."))
    note = (note or "").strip()
    if outcome == Told.NOTIFIED:
        if notified_on is None:
            raise TransitionNotAllowed(_("Give the day the recipients were told."))
        if notified_on > clock.today():
            raise TransitionNotAllowed(
                _("The day the recipients were told cannot be in the future.")
            )
        decided = request.closed_at and clock.day_of(request.closed_at)
        if decided and notified_on < decided:
            raise TransitionNotAllowed(
                _("The recipients cannot have been told before the decision (%(date)s).")
                % {"date": decided.strftime("%d.%m.%Y")}
            )
    elif outcome in Told.values:
        notified_on = None
        if not note:
            raise TransitionNotAllowed(_("Give the reason why the recipients are not told."))
    else:
        raise TransitionNotAllowed(_("Choose an outcome."))
    entries = RecipientNotification.objects.bulk_create(
        RecipientNotification(
            request=request,
            recipient=recipient,
            outcome=outcome,
            notified_on=notified_on,
            note=note,
            actor=actor,
        )
        for recipient in recipients
    )
    names = ", ".join(r.name for r in recipients)
    when = notified_on.strftime("%d.%m.%Y") if notified_on else ""
    summary = "; ".join(x for x in (names, str(Told(outcome).label), when, note) if x)
    record(move, request, actor, {}, note=summary)
    return entries


@move(
    "art19_tell",
    label=gettext_lazy("Tell the requester the recipients (Art. 19)"),
    form=Art19TellForm,
    kind=Kind.RECIPIENTS_TOLD,
    sources=DONE,
    refusal=AFTER_DECISION,
    conditions=(RECIPIENTS_LOGGED,),
    message=MessageTemplate.Key.RECIPIENTS,
    public=gettext_lazy("we told you who received your data"),
)
def request_tell_recipients(move, *, request, actor, note: str):
    """The requester asked who the recipients are (Art. 19, last sentence): the list goes in a
    message, in their language, with what each was told."""
    note = required(note)
    lines = []
    with translation.override(request.language):
        for entry in request.recipient_notifications.select_related("recipient"):
            line = f"• {entry.recipient.name} – {Told(entry.outcome).label}"
            if entry.notified_on:
                line += f", {entry.notified_on.strftime('%d.%m.%Y')}"
            lines.append(line)
    record(move, request, actor, {}, note=note, reasons="\n".join(lines))
    return request
