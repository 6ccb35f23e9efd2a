"""Emails each assignee — or, for unassigned requests, the controller's DPOs — a digest of their
open requests due within 7 days or overdue. Run daily by the worker; --dry-run lists only."""

from django.core.management.base import BaseCommand

from requests_app.digest import digest_plan, digest_send


class Command(BaseCommand):
    help = "Send the daily digest of requests due within 7 days and overdue."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List, send nothing.")

    def handle(self, *args, **options):
        plan = digest_plan()
        if options["dry_run"]:
            for user, requests in plan.items():
                self.stdout.write(f"{user.get_username()}: {len(requests)} request(s)")
            return
        sent = digest_send(plan)
        if options["verbosity"] >= 1:
            self.stdout.write(f"Digests queued: {sent}")
