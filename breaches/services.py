"""Writes to the breach register: each one atomic, checked, and on the breach's trail.

GDPR Art. 33(5): every breach is documented, notified or not; Art. 33(1), (4): notified within
72 hours of awareness or with the reasons for the delay, possibly in phases; Art. 34: the people
affected are told where the risk is high, unless an Art. 34(3) exception applies."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gdpr_portal import clock as portal_clock
from gdpr_portal import permissions
from gdpr_portal.permissions import Action

from . import clock
from .choices import CommunicationState, Risk
from .models import Breach, BreachEvent, BreachNotification

# The facts staff record and correct; the rest is written by the moves below.
FACT_FIELDS = [
    "controller",
    "occurred_at",
    "aware_at",
    "nature",
    "confidentiality",
    "integrity",
    "availability",
    "subject_categories",
    "subjects_approx",
    "record_categories",
    "records_approx",
    "consequences",
    "measures_taken",
    "measures_proposed",
    "dpo_contact",
    "risk",
    "risk_reasons",
]


def _allowed(actor, breach_or_controller) -> None:
    controller = getattr(breach_or_controller, "controller", breach_or_controller)
    if not permissions.can(actor, Action.HANDLE_BREACHES, controller):
        raise PermissionDenied


def _communication_for(risk: str, current: str) -> str:
    if risk != Risk.HIGH:
        return CommunicationState.NOT_REQUIRED
    if current == CommunicationState.NOT_REQUIRED:
        return CommunicationState.PENDING
    return current


def _value(value):
    return value.isoformat() if isinstance(value, datetime.datetime) else str(value)


@transaction.atomic
def breach_record(*, actor, **facts) -> Breach:
    """A new breach in the register, with the first row of its trail."""
    _allowed(actor, facts["controller"])
    breach = Breach(**{name: facts[name] for name in FACT_FIELDS if name in facts})
    breach.entered_by = actor
    breach.communication = _communication_for(breach.risk, CommunicationState.NOT_REQUIRED)
    breach.full_clean()
    breach.save()
    BreachEvent.objects.create(breach=breach, actor=actor, kind=BreachEvent.Kind.RECORDED)
    return breach


@transaction.atomic
def breach_change(*, breach: Breach, actor, **facts) -> Breach:
    """Correct or complete the facts; the trail keeps the values before and after."""
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    _allowed(actor, breach)
    changes = {}
    for name, value in facts.items():
        if name not in FACT_FIELDS or name == "controller":
            continue
        before = getattr(breach, name)
        if before != value:
            changes[name] = [_value(before), _value(value)]
            setattr(breach, name, value)
    if not changes:
        return breach
    breach.communication = _communication_for(breach.risk, breach.communication)
    breach.full_clean()
    breach.save()
    BreachEvent.objects.create(
        breach=breach, actor=actor, kind=BreachEvent.Kind.CHANGED, changes=changes
    )
    return breach


@transaction.atomic
def breach_notify(
    *,
    breach: Breach,
    actor,
    sent_at: datetime.datetime,
    content: str,
    reasons_for_delay: str = "",
    authority_reference: str = "",
) -> BreachNotification:
    """Record one phase of the notification to the supervisory authority (Art. 33(4))."""
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    _allowed(actor, breach)
    if breach.risk == Risk.NONE:
        # Art. 33(1): a breach unlikely to result in a risk is recorded, not notified.
        raise ValidationError(
            _("This breach is assessed as unlikely to result in a risk: it is not notified.")
        )
    if sent_at > portal_clock.now():
        raise ValidationError({"sent_at": _("This time cannot be in the future.")})
    if sent_at < breach.aware_at:
        raise ValidationError({"sent_at": _("A notification cannot precede the awareness.")})
    first = not breach.notifications.exists()
    if first and clock.is_late(breach.aware_at, sent_at) and not reasons_for_delay.strip():
        raise ValidationError(
            {
                "reasons_for_delay": _(
                    "The notification is given after the 72 hours: state the reasons for the "
                    "delay (Art. 33(1))."
                )
            }
        )
    notification = BreachNotification(
        breach=breach,
        phase=breach.notifications.count() + 1,
        sent_at=sent_at,
        content=content,
        reasons_for_delay=reasons_for_delay,
        authority_reference=authority_reference,
        actor=actor,
    )
    notification.full_clean()
    notification.save()
    BreachEvent.objects.create(
        breach=breach,
        actor=actor,
        kind=BreachEvent.Kind.NOTIFIED,
        note=_("phase %(phase)s") % {"phase": notification.phase},
    )
    return notification


def _high_risk_pending(breach: Breach) -> None:
    if breach.risk != Risk.HIGH:
        raise ValidationError(
            _("Only a high-risk breach is communicated to the data subjects (Art. 34(1)).")
        )
    if breach.communication != CommunicationState.PENDING:
        raise ValidationError(_("The communication to the data subjects is already recorded."))


@transaction.atomic
def breach_communicate(
    *, breach: Breach, actor, communicated_at: datetime.datetime, channel: str
) -> Breach:
    """Record that the data subjects were told (Art. 34(1)–(2))."""
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    _allowed(actor, breach)
    _high_risk_pending(breach)
    if communicated_at > portal_clock.now():
        raise ValidationError({"communicated_at": _("This time cannot be in the future.")})
    breach.communication = CommunicationState.COMMUNICATED
    breach.communicated_at = communicated_at
    breach.communication_channel = channel
    breach.save(update_fields=["communication", "communicated_at", "communication_channel"])
    BreachEvent.objects.create(
        breach=breach, actor=actor, kind=BreachEvent.Kind.COMMUNICATED, note=channel
    )
    return breach


@transaction.atomic
def breach_record_exception(*, breach: Breach, actor, ground: str, reasons: str) -> Breach:
    """Record why the data subjects are not told (Art. 34(3)), with the reasons."""
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    _allowed(actor, breach)
    _high_risk_pending(breach)
    if not reasons.strip():
        raise ValidationError({"reasons": _("State the reasons for the exception.")})
    breach.communication = CommunicationState.EXCEPTION
    breach.exception_ground = ground
    breach.exception_reasons = reasons
    breach.full_clean()
    breach.save(update_fields=["communication", "exception_ground", "exception_reasons"])
    BreachEvent.objects.create(
        breach=breach, actor=actor, kind=BreachEvent.Kind.EXCEPTION, note=reasons
    )
    return breach
