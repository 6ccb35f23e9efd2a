"""The platform's own table: the rate limits' counters (gdpr_portal/ratelimit.py)."""

from django.db import models


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
