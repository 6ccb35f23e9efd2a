"""Applies the portal operator's retention rules to the portal's own records.

    manage.py apply_retention [--dry-run]

Closed requests past their period are anonymised, never-confirmed requests erased, released
documents, unconfirmed subscriptions, the mail log and rate-limit counters deleted; a legal hold
blocks any disposal of its request. Every disposal is recorded as evidence (rule, kind, count,
time) without the personal data. Run daily by the worker.
"""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from retention.sweep import apply_rule, due_count, operator_rules


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
        rules = operator_rules()
        if not rules:
            self.stderr.write(
                _("No retention rules of the portal operator apply to the portal's records.")
            )
            return
        summary = []
        for rule in rules:
            bar = ProgressBar(
                sys.stderr, due_count(rule), rule.get_applies_to_display(), verbosity >= 1
            )
            outcome = apply_rule(rule, dry_run=dry_run, progress=bar.advance)
            bar.close()
            summary.append((rule, outcome.total))
        if verbosity >= 1:
            self.stdout.write(
                _("Dry run: nothing was changed.") if dry_run else _("Retention applied.")
            )
            line = _("%(kind)s: %(count)d due") if dry_run else _("%(kind)s: %(count)d disposed of")
            for rule, total in summary:
                self.stdout.write(
                    "  "
                    + line % {"kind": rule.get_applies_to_display(), "count": total}
                    + f" ({rule.get_action_display()}, {rule.period_display()}; "
                    + f"{rule.legal_reference or '—'})"
                )
