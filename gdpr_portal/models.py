"""The platform's own tables: the rate limits' counters (gdpr_portal/ratelimit.py), the outbox's
delivery state and failures (gdpr_portal/outbox.py) and the workers' heartbeats."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .audit import AppendOnlyModel


class ThrottleCounter(models.Model):
    """Submissions counted per key (a keyed hash of an IP address or an email, never the value
    itself) and time window, for the rate limits of the public forms."""

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        # The table keeps the name it had when the counters lived in requests_app.
        db_table = "requests_app_throttlecounter"
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="throttle_unique_window")
        ]
        indexes = [models.Index(fields=["window_start"], name="requests_ap_window__525b5f_idx")]

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.window_start:%Y-%m-%d %H:%M} {self.count}"


class OutboxState(models.Model):
    """The worker's bookkeeping for one queued message of django-mailer's outbox: when it may be
    tried again, and since when it is being handed to the mail server (gdpr_portal/outbox.py).
    Goes with the message once it is delivered or marked failed."""

    message = models.OneToOneField(
        "mailer.Message", on_delete=models.CASCADE, primary_key=True, related_name="outbox_state"
    )
    next_try_at = models.DateTimeField(null=True, blank=True)
    sending_since = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"message {self.message_id}"


class MailFailure(models.Model):
    """A message that was not delivered and will not be tried again. The recipient is kept as a
    keyed hash (as the rate limits keep theirs): the request's page and the status page find
    the failures of the requester's address without the table holding any address."""

    class Reason(models.TextChoices):
        REJECTED = "rejected", _("refused by the receiving mail server")
        GAVE_UP = "gave_up", _("not accepted after repeated attempts")
        INTERRUPTED = "interrupted", _("sending was interrupted; it may have arrived")
        UNREADABLE = "unreadable", _("the queued message could not be read")

    recipient_key = models.CharField(max_length=64, db_index=True)
    subject = models.CharField(max_length=255, blank=True)
    message_id = models.CharField(max_length=255, blank=True)  # to find it in the server's log
    reason = models.CharField(max_length=16, choices=Reason.choices)
    smtp_code = models.PositiveSmallIntegerField(null=True, blank=True)
    failed_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-failed_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.failed_at:%Y-%m-%d %H:%M}"


class WorkerHeartbeat(models.Model):
    """The last sign of life of each worker process, shown by /healthz and the dashboard."""

    name = models.CharField(max_length=200, unique=True)
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"


class AccountEvent(AppendOnlyModel):
    """Append-only record of a change to a staff account's credentials (gdpr_portal/account.py):
    who acted, on whose account, what changed and when. Never the password, a key or a code.
    GDPR Art. 32(1)(d): evidence that the security measures themselves are not quietly undone."""

    class Action(models.TextChoices):
        PASSWORD_CHANGED = "password_changed", _("changed their password")
        PASSWORD_SET = "password_set", _("set another user's password")
        TWO_FACTOR_ENABLED = "2fa_enabled", _("set up two-factor sign-in")
        TWO_FACTOR_DISABLED = "2fa_disabled", _("switched two-factor sign-in off")
        RECOVERY_CODES = "recovery_codes", _("generated new recovery codes")

    # Kept when the account goes: the username says who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_username = models.CharField(max_length=150)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_username = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=Action.choices)
    at = models.DateTimeField(db_index=True)
    other_sessions_ended = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.actor_username} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
