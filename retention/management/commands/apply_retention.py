"""Applies the portal's own retention rules (PORTAL_RETENTION) to the records it keeps.

    manage.py apply_retention [--dry-run]

Closed requests past their period are anonymised, never-confirmed requests erased, released
documents, unconfirmed subscriptions, the mail log and rate-limit counters deleted; a legal hold
blocks any disposal of its request. Every disposal is recorded as evidence (rule, kind, count,
time) without the personal data. Each app registers its records and their purge with
`retention.registry`; a kind that fails does not stop or undo the others, and fails the run.
Run daily by the worker.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from retention.models import RetentionRule
from retention.rules import portal_rules
from retention.sweep import apply_rule, due_count


class ProgressBar:
    """A plain progress bar on a terminal; silent when output is not a terminal."""

    def __init__(self, stream, total: int, label: str, enabled: bool):
        self.stream, self.total, self.label = stream, max(total, 1), label
        self.done = 0
        self.enabled = enabled and stream.isatty()

    def advance(self, n: int) -> None:
        self.done += n
        if self.enabled:
            width = 30
            filled = int(width * min(self.done, self.total) / self.total)
            self.stream.write(
                f"\r{self.label:<28} [{'#' * filled}{'.' * (width - filled)}] "
                f"{self.done}/{self.total}"
            )
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Apply the portal's retention rules to its own records (--dry-run reports only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what is due; change nothing."
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        verbosity = options["verbosity"]
        rules = portal_rules()
        if not rules:
            self.stderr.write(_("No retention rules apply to the portal's records."))
            return
        summary, failures = [], []
        for rule in rules:
            due = due_count(rule)
            bar = ProgressBar(sys.stderr, due, rule.label, verbosity >= 1)
            try:
                outcome = apply_rule(rule, dry_run=dry_run, progress=bar.advance, due=due)
            except Exception as error:  # the other kinds still go; the run fails below
                failures.append((rule, error))
                continue
            finally:
                bar.close()
            summary.append(outcome)
        if verbosity >= 1:
            self._report(summary, dry_run)
        if failures:
            rule, error = failures[0]
            kinds = ", ".join(rule.key for rule, _error in failures)
            raise CommandError(f"retention failed for: {kinds}") from error

    def _report(self, summary, dry_run: bool) -> None:
        self.stdout.write(
            _("Dry run: nothing was changed.") if dry_run else _("Retention applied.")
        )
        line = _("%(kind)s: %(count)d due") if dry_run else _("%(kind)s: %(count)d disposed of")
        for outcome in summary:
            rule, action = outcome.rule, RetentionRule.Action(outcome.keeper.action).label
            self.stdout.write(
                "  "
                + line % {"kind": rule.label, "count": outcome.total}
                + f" ({action}, {rule.period_display()}; {rule.legal_reference or '—'})"
            )
