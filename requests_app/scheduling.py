"""The calendar and the clock of the jobs: extra non-working days, daily runs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NonWorkingDay(models.Model):
    """A day the government declared non-working after the `holidays` package was released."""

    date = models.DateField(_("date"), unique=True)
    reason = models.CharField(_("reason"), max_length=255)

    class Meta:
        verbose_name = _("extra non-working day")
        verbose_name_plural = _("extra non-working days")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} – {self.reason}"


class ScheduledRun(models.Model):
    """The last day a scheduled job ran, so that several workers run it once a day."""

    name = models.CharField(max_length=60, unique=True)
    last_run_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_run_on}"
