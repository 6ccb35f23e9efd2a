"""What requesters and recipients are told: the staff-edited message texts, and the Art. 19
log of recipients notified."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from controllers.models import Language


class MessageTemplate(models.Model):
    """The text of a message to requesters, editable by staff, per language."""

    class Key(models.TextChoices):
        CONFIRMATION = "confirmation", _("confirmation link")
        ACKNOWLEDGEMENT = "acknowledgement", _("acknowledgement")
        INFO_REQUEST = "info_request", _("request for identity information or clarification")
        EXTENSION = "extension", _("extension notice")
        COMPLETED = "completed", _("decision: completed")
        REFUSED = "refused", _("decision: refused")
        RECIPIENTS = "recipients", _("the recipients told (Art. 19)")

    key = models.CharField(_("message"), max_length=20, choices=Key)
    language = models.CharField(_("language"), max_length=2, choices=Language)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Plain text with placeholders such as {{ reference }}, {{ due_date }}, "
            "{{ status_url }}, {{ controller }}, {{ confirm_url }}, {{ reasons }}."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["key", "language"]
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="message_template_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} ({self.language})"


class RecipientNotification(models.Model):
    """GDPR Art. 19: which recipients were told of a rectification, erasure or restriction, or
    why one was not (impossible, or a disproportionate effort), each recipient once."""

    class Outcome(models.TextChoices):
        NOTIFIED = "notified", _("told")
        IMPOSSIBLE = "impossible", _("not told: impossible")
        DISPROPORTIONATE = "disproportionate", _("not told: disproportionate effort")

    request = models.ForeignKey(
        "requests_app.DataSubjectRequest",
        on_delete=models.CASCADE,
        related_name="recipient_notifications",
    )
    recipient = models.ForeignKey(
        "controllers.Recipient",
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome, default=Outcome.NOTIFIED
    )
    notified_on = models.DateField(_("notified on"), null=True, blank=True)
    note = models.CharField(_("how, or why not"), max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recipient notification (Art. 19)")
        verbose_name_plural = _("recipient notifications (Art. 19)")
        ordering = ["request", "notified_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "recipient"], name="recipient_notification_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} → {self.recipient} ({self.notified_on})"
