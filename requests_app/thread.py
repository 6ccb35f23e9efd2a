"""The conversation of a request: every message to and from the requester, and the letters
printed from the outgoing ones with their registry numbers (GDPR Art. 12(1)–(3): information
given in writing, the record of what was said)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from controllers.models import Language


def new_message_id() -> str:
    return secrets.token_urlsafe(16)


def _letter_path(instance: "Message", filename: str) -> str:
    return f"letters/{instance.request.status_token[:16]}/{secrets.token_hex(16)}.pdf"


# What a requester may write in one reply; stated beside the field.
REPLY_MAX_CHARS = 5000


class MessageQuerySet(models.QuerySet):
    def unread_replies(self):
        return self.filter(direction=Message.Direction.FROM_REQUESTER, read_at__isnull=True)


class Message(models.Model):
    """One message of the thread. An outgoing one is written by staff or sent by a move (its
    template's key is kept); an incoming one is the requester's reply on the status page. The
    files are Attachments linked to the message. An outgoing message may be printed once as a
    letter: its registry number and PDF are kept, and its dispatch by post recorded."""

    class Direction(models.TextChoices):
        TO_REQUESTER = "out", _("to the requester")
        FROM_REQUESTER = "in", _("from the requester")

    request = models.ForeignKey(
        "requests_app.DataSubjectRequest", on_delete=models.CASCADE, related_name="messages"
    )
    public_id = models.CharField(max_length=32, unique=True, default=new_message_id, editable=False)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction)
    # The MessageTemplate.Key a move sent it from; blank for what staff or the requester wrote.
    key = models.CharField(_("message"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    emailed = models.BooleanField(_("sent by email"), default=False)
    created_at = models.DateTimeField(_("when"))
    read_at = models.DateTimeField(_("read by staff"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registry_number = models.CharField(_("outgoing number"), max_length=24, blank=True)
    letter = models.FileField(_("letter"), upload_to=_letter_path, blank=True)
    letter_made_at = models.DateTimeField(_("letter made"), null=True, blank=True)
    posted_on = models.DateField(_("posted on"), null=True, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["request", "created_at", "pk"]
        indexes = [
            # The unread badge and filter: a small partial index.
            models.Index(
                fields=["request"],
                condition=models.Q(direction="in", read_at__isnull=True),
                name="message_unread_reply",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} {self.direction} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def outgoing(self) -> bool:
        return self.direction == self.Direction.TO_REQUESTER


class OutgoingCounter(models.Model):
    """The last outgoing registry number given by a controller in a year: one row per
    controller and year, locked while a number is taken, so no two letters share one."""

    controller = models.ForeignKey(
        "controllers.Controller", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("outgoing register counter")
        verbose_name_plural = _("outgoing register counters")
        constraints = [
            models.UniqueConstraint(fields=["controller", "year"], name="outgoing_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.controller_id} {self.year}: {self.last}"
