"""The breach register (GDPR Art. 33(5)): every personal-data breach, notified or not, its
notifications in phases (Art. 33(4)), the communication to the people affected (Art. 34) and
an append-only trail of every change; and the records a controller keeps as a processor
(Art. 30(2))."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from controllers.models import Controller
from gdpr_portal import clock as portal_clock
from gdpr_portal.audit import AppendOnlyModel

from . import clock
from .choices import CommunicationState, Exception343, Risk

REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    return "BR-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


class BreachQuerySet(models.QuerySet):
    def with_notified(self):
        """Annotate `is_notified`, read by the clock in lists without a query per row."""
        return self.annotate(
            is_notified=models.Exists(
                BreachNotification.objects.filter(breach=models.OuterRef("pk"))
            )
        )

    def notifiable(self):
        """Breaches likely to result in a risk: the authority is to be told (Art. 33(1))."""
        return self.exclude(risk=Risk.NONE)

    def awaiting_notification(self):
        return self.notifiable().filter(notifications__isnull=True)

    def nearing(self, now):
        """Not yet notified, and in the last hours of the clock or past it."""
        return self.awaiting_notification().filter(aware_at__lt=clock.nearing_since(now))


class Breach(models.Model):
    controller = models.ForeignKey(
        Controller, verbose_name=_("controller"), on_delete=models.PROTECT, related_name="breaches"
    )
    reference = models.CharField(
        _("reference"), max_length=20, unique=True, default=new_reference, editable=False
    )
    occurred_at = models.DateTimeField(
        _("occurred"), null=True, blank=True, help_text=_("Local time (Europe/Sofia).")
    )
    aware_at = models.DateTimeField(
        _("became aware"),
        help_text=_(
            "Local time (Europe/Sofia): when the controller became reasonably certain that a "
            "breach occurred. The 72 hours run from here."
        ),
    )
    nature = models.TextField(_("nature of the breach"))
    confidentiality = models.BooleanField(_("breach of confidentiality"), default=False)
    integrity = models.BooleanField(_("breach of integrity"), default=False)
    availability = models.BooleanField(_("breach of availability"), default=False)
    subject_categories = models.TextField(_("categories of data subjects"))
    subjects_approx = models.PositiveIntegerField(
        _("approximate number of data subjects"), null=True, blank=True
    )
    record_categories = models.TextField(_("categories of personal data records"))
    records_approx = models.PositiveIntegerField(
        _("approximate number of records"), null=True, blank=True
    )
    consequences = models.TextField(_("likely consequences"))
    measures_taken = models.TextField(_("measures taken"), blank=True)
    measures_proposed = models.TextField(
        _("measures proposed"), blank=True, help_text=_("Including measures to mitigate effects.")
    )
    dpo_contact = models.TextField(
        _("contact of the DPO or other contact point"),
        help_text=_("Where more information can be obtained (Art. 33(3)(b))."),
    )
    risk = models.CharField(_("risk to people"), max_length=10, choices=Risk)
    risk_reasons = models.TextField(_("reasons for the risk assessment"))

    communication = models.CharField(
        _("communication to the data subjects"),
        max_length=20,
        choices=CommunicationState,
        default=CommunicationState.NOT_REQUIRED,
        editable=False,
    )
    communicated_at = models.DateTimeField(_("communicated"), null=True, blank=True, editable=False)
    communication_channel = models.CharField(
        _("how they were told"), max_length=255, blank=True, editable=False
    )
    exception_ground = models.CharField(
        _("Art. 34(3) exception"), max_length=1, choices=Exception343, blank=True, editable=False
    )
    exception_reasons = models.TextField(_("reasons for the exception"), blank=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = BreachQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal data breach")
        verbose_name_plural = _("personal data breaches")
        ordering = ["-aware_at", "pk"]

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        errors = {}
        now = portal_clock.now()
        for name in ("aware_at", "occurred_at"):
            moment = getattr(self, name)
            if moment is not None and moment > now:
                errors[name] = _("This time cannot be in the future.")
        # Compared as instants: two datetimes of one zone compare by wall-clock time.
        if (
            self.occurred_at
            and self.aware_at
            and self.occurred_at.timestamp() > self.aware_at.timestamp()
        ):
            errors["occurred_at"] = _("A breach cannot be known of before it occurred.")
        if self.pk and self.risk == Risk.NONE and self.notifications.exists():
            errors["risk"] = _(
                "The authority has been notified: the breach cannot be reassessed as no risk."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def deadline(self):
        return clock.notification_deadline(self.aware_at)

    @property
    def notifiable(self) -> bool:
        return self.risk != Risk.NONE


class BreachNotification(AppendOnlyModel):
    """One phase of the notification to the supervisory authority (Art. 33(4)): the first
    notice, then additions. Kept as given: never changed or deleted."""

    breach = models.ForeignKey(
        Breach, on_delete=models.PROTECT, related_name="notifications", verbose_name=_("breach")
    )
    phase = models.PositiveSmallIntegerField(_("phase"))
    sent_at = models.DateTimeField(_("sent"), help_text=_("Local time (Europe/Sofia)."))
    content = models.TextField(_("what was notified"))
    reasons_for_delay = models.TextField(
        _("reasons for the delay"),
        blank=True,
        help_text=_("Required when the notification is given after the 72 hours (Art. 33(1))."),
    )
    authority_reference = models.CharField(_("authority's reference"), max_length=100, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("notification to the authority")
        verbose_name_plural = _("notifications to the authority")
        ordering = ["breach", "phase"]
        constraints = [
            models.UniqueConstraint(fields=["breach", "phase"], name="breach_phase_unique")
        ]

    def __str__(self) -> str:
        return f"{self.breach} #{self.phase}"

    @property
    def late(self) -> bool:
        return clock.is_late(self.breach.aware_at, self.sent_at)


class BreachEvent(AppendOnlyModel):
    """The audit trail of a breach: who, when, what, the values before and after."""

    class Kind(models.TextChoices):
        RECORDED = "recorded", _("breach recorded")
        CHANGED = "changed", _("changed")
        NOTIFIED = "notified", _("notification to the authority recorded")
        COMMUNICATED = "communicated", _("communication to the data subjects recorded")
        EXCEPTION = "exception", _("Art. 34(3) exception recorded")

    breach = models.ForeignKey(Breach, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind)
    note = models.TextField(_("note"), blank=True)
    changes = models.JSONField(_("before and after"), default=dict, blank=True)

    class Meta:
        verbose_name = _("breach event")
        verbose_name_plural = _("breach events")
        ordering = ["breach", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.breach} {self.kind}"


class ProcessingForOthers(models.Model):
    """Where the controller acts as a processor: its record of the processing it carries out on
    behalf of another controller (GDPR Art. 30(2))."""

    controller = models.ForeignKey(
        Controller,
        verbose_name=_("processor (our controller)"),
        on_delete=models.CASCADE,
        related_name="processing_for_others",
    )
    client_name = models.CharField(_("controller on whose behalf"), max_length=255)
    client_contact = models.TextField(_("its contact details, representative and DPO"), blank=True)
    categories = models.TextField(_("categories of processing carried out"))
    transfers = models.TextField(_("transfers to third countries and their safeguards"), blank=True)
    security_measures = models.TextField(_("technical and organisational measures"), blank=True)

    class Meta:
        verbose_name = _("processing for another controller")
        verbose_name_plural = _("processing for other controllers")
        ordering = ["controller", "client_name", "pk"]

    def __str__(self) -> str:
        return self.client_name
