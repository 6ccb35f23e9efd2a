"""Retention rules of a controller's register (GDPR Arts 5(1)(e), 13(2)(a), 30(1)(f))."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from controllers.models import Controller

from .periods import Counting, period_text, retention_expiry


class RetentionRule(models.Model):
    class StartEvent(models.TextChoices):
        COLLECTION = "collection", _("collection of the data")
        LAST_CONTACT = "last_contact", _("last contact")
        END_OF_CONTRACT = "end_of_contract", _("end of the contract")
        END_OF_EMPLOYMENT = "end_of_employment", _("end of employment")
        DOCUMENT_ISSUE = "document_issue", _("issue of the document")
        END_OF_REPORTING_PERIOD = "end_of_reporting_period", _("end of the reporting period")
        END_OF_TREATMENT = "end_of_treatment", _("end of treatment or the last visit")
        RECORDING = "recording", _("recording")
        APPLICATION = "application", _("application")
        OTHER = "other", _("other (see note)")

    class CountingChoice(models.TextChoices):
        FROM_EVENT = Counting.FROM_EVENT.value, _("from the date of the event")
        FROM_NEXT_JANUARY = (
            Counting.FROM_NEXT_JANUARY.value,
            _("from 1 January of the year after the event"),
        )

    class PortalRecords(models.TextChoices):
        """Records the portal itself keeps: each app registers how to purge its own
        (retention.registry), PORTAL_RETENTION sets their periods, and the sweep
        (`manage.py apply_retention`) enforces them."""

        CLOSED_REQUESTS = "closed_requests", _("closed requests (anonymised)")
        UNCONFIRMED_REQUESTS = "unconfirmed_requests", _("requests never confirmed (erased)")
        RELEASED_DOCUMENTS = "released_documents", _("documents released to requesters")
        UNCONFIRMED_SUBSCRIPTIONS = "unconfirmed_subscriptions", _("unconfirmed subscriptions")
        MAIL_LOG = "mail_log", _("log of sent mail")
        RATE_LIMIT_COUNTERS = "rate_limit_counters", _("rate-limit counters")
        LOGIN_ATTEMPTS = "login_attempts", _("staff sign-in attempts")

    class Action(models.TextChoices):
        ERASE = "erase", _("erase")
        ANONYMISE = "anonymise", _("anonymise")
        ARCHIVE = "archive", _("transfer to an archive")
        RETURN = "return", _("return to the data subject")

    controller = models.ForeignKey(
        Controller,
        verbose_name=_("controller"),
        on_delete=models.CASCADE,
        related_name="retention_rules",
    )
    name = models.CharField(
        _("records"), max_length=255, help_text=_("What is kept, for example “payroll records”.")
    )
    period_years = models.PositiveSmallIntegerField(_("years"), null=True, blank=True)
    period_months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)
    period_days = models.PositiveSmallIntegerField(_("days"), null=True, blank=True)
    criterion = models.TextField(
        _("criterion"),
        blank=True,
        help_text=_("When no fixed period applies, for example “until the contract is settled”."),
    )
    start_event = models.CharField(
        _("counted from"), max_length=30, choices=StartEvent, default=StartEvent.COLLECTION
    )
    start_event_note = models.CharField(_("about the event"), max_length=255, blank=True)
    counting = models.CharField(
        _("counting convention"),
        max_length=20,
        choices=CountingChoice,
        default=CountingChoice.FROM_EVENT,
    )
    legal_reference = models.CharField(
        _("legal reference"), max_length=500, blank=True, help_text=_("Statute and article.")
    )
    action = models.CharField(_("at expiry"), max_length=10, choices=Action, default=Action.ERASE)
    consent_may_extend = models.BooleanField(
        _("consent may extend it"),
        default=False,
        help_text=_("For example job applicants who agree to be kept for later openings."),
    )
    notes = models.TextField(_("notes"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["controller", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_period(self) -> bool:
        return any((self.period_years, self.period_months, self.period_days))

    def expiry_for(self, event: datetime.date) -> datetime.date | None:
        """When data whose starting event fell on `event` expires; None for a criterion."""
        if not self.has_period:
            return None
        return retention_expiry(
            event,
            years=self.period_years or 0,
            months=self.period_months or 0,
            days=self.period_days or 0,
            counting=self.counting,
        )

    def period_display(self) -> str:
        return period_text(self.period_years, self.period_months, self.period_days)


class DisposalRecord(models.Model):
    """Evidence of one disposal by the sweep: under which rule, what kind of record, what was
    actually done to how many, when — and never the personal data itself. Records that belong
    to no controller (the mail log, counters) name the portal's operator, or none."""

    controller = models.ForeignKey(
        Controller,
        verbose_name=_("controller"),
        on_delete=models.PROTECT,
        related_name="disposals",
        null=True,
        blank=True,
    )
    rule = models.ForeignKey(
        RetentionRule, verbose_name=_("rule"), on_delete=models.SET_NULL, null=True, blank=True
    )
    rule_name = models.CharField(_("rule"), max_length=255)
    legal_reference = models.CharField(_("legal reference"), max_length=500, blank=True)
    record_kind = models.CharField(_("records"), max_length=30, choices=RetentionRule.PortalRecords)
    action = models.CharField(_("action"), max_length=10, choices=RetentionRule.Action)
    count = models.PositiveIntegerField(_("how many"))
    ran_at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("disposal record")
        verbose_name_plural = _("disposal records")
        ordering = ["-ran_at", "pk"]
        indexes = [models.Index(fields=["controller", "ran_at"])]

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d} {self.record_kind} ×{self.count}"
