"""Privacy policies and their versions: drafts are edited, published versions never change."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from controllers.models import Controller, Language

from ..choices import DatePrecision, SourceFormat, Topic, VersionOrigin


def _pdf_path(instance: "PolicyVersion", filename: str) -> str:
    return f"policies/{instance.policy.controller.slug}/{filename}"


class Policy(models.Model):
    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("privacy policy")
        COOKIES = "cookies", _("cookie policy")

    controller = models.ForeignKey(
        Controller, verbose_name=_("controller"), on_delete=models.CASCADE, related_name="policies"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.PRIVACY)

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        constraints = [
            models.UniqueConstraint(fields=["controller", "kind"], name="policy_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.controller.display_name}: {self.get_kind_display()}"


class PolicyVersionQuerySet(models.QuerySet):
    def public(self):
        """Versions a citizen may read at their URLs: every published one, scheduled, in force,
        earlier or withdrawn (a withdrawn version stays readable, with its reason)."""
        return self.filter(
            status__in=[PolicyVersion.Status.PUBLISHED, PolicyVersion.Status.WITHDRAWN]
        )

    def in_force_on(self, day: datetime.date):
        """The rule of "in force", the one place it is written: on day D the version in force is
        the latest published, not withdrawn, version effective on or before D; of two effective
        the same day, the higher number. Filter by policy and language before taking `.first()`.
        """
        return self.filter(status=PolicyVersion.Status.PUBLISHED, effective_date__lte=day).order_by(
            "-effective_date", "-number"
        )

    def scheduled_on(self, day: datetime.date):
        """Published versions that take effect after `day`, the nearest first."""
        return self.filter(status=PolicyVersion.Status.PUBLISHED, effective_date__gt=day).order_by(
            "effective_date", "number"
        )


class PolicyVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", pgettext_lazy("policy version", "withdrawn")

    class Standing(models.TextChoices):
        """Where a public version stands on a given day: derived by `standing_on`, never stored
        (whether a version is in force depends on the day and on the versions after it)."""

        SCHEDULED = "scheduled", _("scheduled")
        IN_FORCE = "in_force", _("in force")
        EARLIER = "earlier", _("earlier version")
        WITHDRAWN = "withdrawn", pgettext_lazy("policy version", "withdrawn")

    policy = models.ForeignKey(
        Policy, verbose_name=_("policy"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.BULGARIAN
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT, editable=False
    )
    title = models.CharField(_("title"), max_length=255)
    effective_date = models.DateField(_("effective date"))
    change_summary = models.TextField(_("summary of changes"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    publisher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publisher"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    # Frozen at publication: what the citizen reads never follows later edits of the register.
    html = models.TextField(_("published HTML"), blank=True, editable=False)
    register_snapshot = models.JSONField(
        _("register as published"), null=True, blank=True, editable=False
    )
    findings = models.JSONField(_("compliance findings"), default=list, editable=False)
    # Errors block publishing; warnings are accepted with a reason, kept with the version.
    # (override_reason is kept for versions published before errors blocked.)
    override_reason = models.TextField(
        _("reason for publishing despite errors"), blank=True, editable=False
    )
    warnings_reason = models.TextField(
        _("reason for accepting the warnings"), blank=True, editable=False
    )
    # Withdrawal is recorded on the version as publication is (publisher, published_at): who,
    # when and why, shown on the public page and in history.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)
    pdf = models.FileField(_("PDF"), upload_to=_pdf_path, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The controller's own text, imported as it published it (policies/originals.py): the
    # date it states keeps its precision; effective_date is the day that counts for "in force"
    # (policies/stated_dates.py:effective_from).
    origin = models.CharField(
        _("origin"),
        max_length=10,
        choices=VersionOrigin,
        default=VersionOrigin.GENERATED,
        editable=False,
    )
    stated_date = models.DateField(
        _("date stated by the controller"), null=True, blank=True, editable=False
    )
    stated_date_precision = models.CharField(
        _("precision of the stated date"),
        max_length=5,
        choices=DatePrecision,
        blank=True,
        editable=False,
    )
    original_text = models.TextField(_("text as published"), blank=True, editable=False)
    original_format = models.CharField(
        _("format of the text"), max_length=8, choices=SourceFormat, blank=True, editable=False
    )

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["policy", "language", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "language", "number"], name="policy_version_unique_number"
            ),
            # An import always says how precisely it is dated; a dated one carries its date.
            models.CheckConstraint(
                condition=models.Q(origin="generated", stated_date_precision="")
                | models.Q(origin="imported", stated_date_precision="none", stated_date=None)
                | models.Q(
                    origin="imported",
                    stated_date_precision__in=["day", "month", "year"],
                    stated_date__isnull=False,
                ),
                name="policy_version_stated_date_precision",
            ),
        ]
        indexes = [
            # Serves `in_force_on` and `scheduled_on`: equality on the first three, range and
            # order on the date.
            models.Index(fields=["policy", "language", "status", "effective_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.policy} v{self.number} ({self.language})"

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.pop("allow_frozen", False):
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored and stored != self.Status.DRAFT:
                raise ValidationError(_("A published version never changes."))
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def standing_on(self, day: datetime.date, in_force_number: int | None) -> str:
        """This version's standing on `day`, given the number of the version in force that day
        in its language (from `in_force_on`, through `selectors.policy_version_standing`)."""
        if self.status == self.Status.WITHDRAWN:
            return self.Standing.WITHDRAWN
        if self.effective_date > day:
            return self.Standing.SCHEDULED
        if self.number == in_force_number:
            return self.Standing.IN_FORCE
        return self.Standing.EARLIER

    @property
    def is_imported(self) -> bool:
        return self.origin == VersionOrigin.IMPORTED

    @property
    def date_is_approximate(self) -> bool:
        """The controller stated a month, a year or no date: effective_date is the portal's
        reading of it (docs/policy-versions.md), not a day the controller named."""
        return self.is_imported and self.stated_date_precision != DatePrecision.DAY

    def pdf_filename(self) -> str:
        return (
            f"{self.policy.controller.slug}-{self.policy.kind}-v{self.number}-{self.language}.pdf"
        )


class PolicySection(models.Model):
    """The controller's own words about one section of the policy (its `topic`), in Markdown;
    rendered and sanitised inside that section, never raw HTML, never after the document."""

    version = models.ForeignKey(
        PolicyVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="sections"
    )
    topic = models.CharField(
        _("section of the policy"),
        max_length=20,
        choices=Topic,
        help_text=_("The section of the policy this text belongs to (GDPR Arts 13–14)."),
    )
    title = models.CharField(
        _("title"), max_length=255, blank=True, help_text=_("A subheading inside the section.")
    )
    body = models.TextField(_("text (Markdown)"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("free-text section")
        verbose_name_plural = _("free-text sections")
        ordering = ["version", "position", "pk"]

    def __str__(self) -> str:
        return self.title


def _token() -> str:
    return secrets.token_urlsafe(24)


class PolicySubscription(models.Model):
    """An email that asked to be told of new versions (double opt-in)."""

    policy = models.ForeignKey(
        Policy, verbose_name=_("policy"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=2, choices=Language)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    created_at = models.DateTimeField(_("subscribed"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["policy", "email"], name="subscription_unique_email")
        ]
        indexes = [models.Index(fields=["policy", "confirmed_at"])]

    def __str__(self) -> str:
        return self.email
