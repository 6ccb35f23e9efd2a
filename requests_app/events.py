"""The audit trail of requests: one row per change, appended and never rewritten."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gdpr_portal.audit import AppendOnlyModel


class RequestEvent(AppendOnlyModel):
    """The audit trail of a request: who, when, what, the values before and after, appended in
    the same transaction as the change and never rewritten; `public` events are shown to the
    requester on the status page. On PostgreSQL a trigger rejects UPDATE and DELETE; personal
    data leaves the trail only through `requests_app.trail.trail_erase`."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("request received")
        EMAIL_CONFIRMED = "email_confirmed", _("email address confirmed")
        CONFIRMATION_SENT = "confirmation_sent", _("confirmation link sent")
        CHANGED = "changed", _("changed")
        ASSIGNED = "assigned", _("assigned")
        IDENTITY_CONFIRMED = "identity_confirmed", _("identity confirmed")
        INFO_REQUESTED = "info_requested", _("information requested")
        RESUMED = "resumed", _("information received, work resumed")
        STARTED = "started", _("work started")
        EXTENDED = "extended", _("deadline extended")
        COMPLETED = "completed", _("completed")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")
        FEE = "fee", _("fee recorded")
        RECIPIENT_NOTIFIED = "recipient_notified", _("recipient notified (Art. 19)")
        DOCUMENT_RELEASED = "document_released", _("document released")
        LEGAL_HOLD = "legal_hold", _("legal hold set or lifted")
        DOCUMENT_VIEWED = "document_viewed", _("document opened by staff")
        RECIPIENTS_TOLD = "recipients_told", _("requester told the recipients (Art. 19)")
        DOCUMENT_DOWNLOADED = "document_downloaded", _("document downloaded by the requester")

    # A request with a trail cannot be deleted: its trail must be erased first, on the record.
    request = models.ForeignKey(
        "requests_app.DataSubjectRequest", on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)  # noqa: TID251 (a default in migrations)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("what"), max_length=40, choices=Kind)
    public = models.BooleanField(_("shown to the requester"), default=False)
    note = models.TextField(_("note"), blank=True)
    # A note is kept whatever it says; the requester sees it, labelled, only when it was
    # written for them (the reasons of a pause or an extension, or a note staff chose to share).
    note_public = models.BooleanField(_("note shown to the requester"), default=False)
    changes = models.JSONField(_("before and after"), default=dict, blank=True)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["request", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.request} {self.kind} {self.at:%Y-%m-%d %H:%M}"
