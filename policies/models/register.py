"""Processing purposes: the heart of the record of processing (GDPR Art. 30(1))."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from controllers.models import Controller, Recipient

from ..choices import (
    EEA_COUNTRIES,
    Art9Condition,
    DataKind,
    DataSource,
    LegalBasis,
    TransferSafeguard,
)


class ProcessingPurpose(models.Model):
    controller = models.ForeignKey(
        Controller,
        verbose_name=_("controller"),
        on_delete=models.CASCADE,
        related_name="purposes",
    )
    name = models.CharField(_("purpose"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    data_subjects = models.TextField(
        _("categories of data subjects"), help_text=_("One category a line.")
    )
    art9_condition = models.CharField(
        _("Art. 9(2) condition"),
        max_length=1,
        choices=Art9Condition,
        blank=True,
        help_text=_("Required whenever special-category data is processed."),
    )
    art9_note = models.CharField(
        _("Art. 9 note"),
        max_length=500,
        blank=True,
        help_text=_("The law the condition rests on, for example the Health Act."),
    )
    sources = models.JSONField(_("sources of the data"), default=list, blank=True)
    sources_note = models.CharField(_("about the sources"), max_length=500, blank=True)
    recipients = models.ManyToManyField(
        Recipient, verbose_name=_("recipients"), blank=True, related_name="purposes"
    )
    automated_decision = models.BooleanField(
        _("automated decision-making or profiling (Art. 22)"), default=False
    )
    automated_decision_explanation = models.TextField(
        _("logic, significance and consequences"), blank=True
    )
    # GDPR Art. 30(1)(g): a general description of the Art. 32 security measures.
    security_measures = models.TextField(
        _("technical and organisational measures"),
        blank=True,
        help_text=_("A general description of the security measures (Art. 30(1)(g), Art. 32)."),
    )
    retention_rule = models.ForeignKey(
        "retention.RetentionRule",
        verbose_name=_("retention rule"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="purposes",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("processing purpose")
        verbose_name_plural = _("processing purposes")
        ordering = ["controller", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        unknown = set(self.sources or []) - set(DataSource.values)
        if unknown:
            errors["sources"] = _("Unknown source.")
        if self.automated_decision and not self.automated_decision_explanation.strip():
            errors["automated_decision_explanation"] = _(
                "Explain the logic involved and the consequences (Art. 13(2)(f))."
            )
        if (
            self.retention_rule_id
            and self.controller_id
            and self.retention_rule.controller_id != self.controller_id
        ):
            errors["retention_rule"] = _("Choose a retention rule of the same controller.")
        if errors:
            raise ValidationError(errors)

    def data_subject_list(self) -> list[str]:
        return [line.strip() for line in self.data_subjects.splitlines() if line.strip()]


class PersonalDataCategory(models.Model):
    purpose = models.ForeignKey(
        ProcessingPurpose,
        verbose_name=_("purpose"),
        on_delete=models.CASCADE,
        related_name="data_categories",
    )
    name = models.CharField(_("category of personal data"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=DataKind, default=DataKind.ORDINARY)

    class Meta:
        verbose_name = _("category of personal data")
        verbose_name_plural = _("categories of personal data")
        ordering = ["purpose", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # GDPR Art. 9(1): special-category data is forbidden unless an Art. 9(2) condition holds.
        purpose = getattr(self, "purpose", None)
        if self.kind == DataKind.SPECIAL and purpose is not None and not purpose.art9_condition:
            raise ValidationError(
                {
                    "kind": _(
                        "Special-category data needs an Art. 9(2) condition on its purpose "
                        "(GDPR Art. 9)."
                    )
                }
            )


class PurposeLegalBasis(models.Model):
    purpose = models.ForeignKey(
        ProcessingPurpose,
        verbose_name=_("purpose"),
        on_delete=models.CASCADE,
        related_name="legal_bases",
    )
    basis = models.CharField(_("legal basis (Art. 6(1))"), max_length=1, choices=LegalBasis)
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_(
            "For (c) the statute; for (f) the interest pursued; for (a) how consent is withdrawn."
        ),
    )

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["purpose", "basis"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "basis"], name="legal_basis_unique_per_purpose"
            )
        ]

    def __str__(self) -> str:
        return f"{LegalBasis(self.basis).article} {self.get_basis_display()}"

    @property
    def article(self) -> str:
        return LegalBasis(self.basis).article


class Transfer(models.Model):
    """A transfer of the purpose's data outside the EEA (GDPR Chapter V)."""

    purpose = models.ForeignKey(
        ProcessingPurpose,
        verbose_name=_("purpose"),
        on_delete=models.CASCADE,
        related_name="transfers",
    )
    country = CountryField(_("country"))
    recipient = models.ForeignKey(
        Recipient,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
    )
    safeguard = models.CharField(
        _("safeguard"), max_length=20, choices=TransferSafeguard, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("transfer outside the EEA")
        verbose_name_plural = _("transfers outside the EEA")
        ordering = ["purpose", "pk"]

    def __str__(self) -> str:
        return f"{self.country.name}: {self.get_safeguard_display() or '—'}"

    def clean(self) -> None:
        if self.country and self.country.code in EEA_COUNTRIES:
            raise ValidationError(
                {"country": _("Transfers within the EEA are not third-country transfers.")}
            )

    @property
    def article(self) -> str:
        return TransferSafeguard(self.safeguard).article if self.safeguard else ""
