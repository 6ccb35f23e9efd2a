"""The one door through which personal data leaves the audit trail (GDPR Arts 5(1)(e), 17).

The trail (`RequestEvent`) is appended to and never rewritten: the ORM refuses updates and
deletes, and on PostgreSQL a trigger (migration 0011) rejects them even from raw SQL. Retention
still has to strip the person from the trail of an anonymised request, and to erase the trail
of a request that is erased as never confirmed. `trail_erase` is the only code that does so: it
lifts the trigger for its own statements only and leaves a `TrailErasure` row saying what it did.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gdpr_portal.keysets import keyset

# The session-local setting the trigger checks; `SET LOCAL` semantics: it ends with the
# transaction, and a rolled-back savepoint takes it back.
ERASURE_SETTING = "portal.audit_erasure"


class TrailErasure(models.Model):
    """Evidence that personal data left the audit trail: when, how, why, which requests."""

    class Mode(models.TextChoices):
        REDACTED = "redacted", _("notes and recorded values removed")
        ERASED = "erased", _("trail erased with its request")

    at = models.DateTimeField(_("when"), default=timezone.now)  # noqa: TID251 (a default in migrations)
    mode = models.CharField(_("what was done"), max_length=10, choices=Mode)
    reason = models.CharField(_("why"), max_length=255)
    request_ids = models.JSONField(_("requests (internal numbers)"), default=list)
    events = models.PositiveIntegerField(_("events affected"))

    class Meta:
        app_label = "requests_app"
        verbose_name = _("audit trail erasure")
        verbose_name_plural = _("audit trail erasures")
        ordering = ["-at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.mode} ×{self.events}"


@contextmanager
def _erasure_permitted() -> Iterator[None]:
    """Lift the trigger for the statements inside, and only those. On an error the savepoint
    rolls back, and with it the setting."""
    with transaction.atomic():
        if connection.vendor != "postgresql":  # SQLite (`make run`): the ORM guard alone
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', true)", [ERASURE_SETTING])
            yield
            cursor.execute("SELECT set_config(%s, 'off', true)", [ERASURE_SETTING])


def trail_erase(*, request_ids: list[int], mode: TrailErasure.Mode, reason: str) -> TrailErasure:
    """Redact (keep who did what and when, drop notes and recorded values) or erase the trail
    of these requests, and record that it was done, in one transaction."""
    from .models import RequestEvent  # models.py imports this module for the model

    request_ids = sorted(set(request_ids))
    events = RequestEvent.objects.filter(request_id__in=keyset(request_ids))
    with transaction.atomic():
        with _erasure_permitted():
            # The append-only manager refuses these; the plain QuerySet methods are the bypass.
            if mode == TrailErasure.Mode.REDACTED:
                count = models.QuerySet.update(events, note="", changes={})
            else:
                count = models.QuerySet.delete(events)[0]
        erasure = TrailErasure(mode=mode, reason=reason, request_ids=request_ids, events=count)
        erasure.full_clean()
        erasure.save()
    return erasure
