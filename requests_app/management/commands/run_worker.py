"""The background worker: files the requests received on the public form (requests_app/intake.py),
delivers the mail outbox (gdpr_portal/outbox.py) and runs the daily jobs (the deadline digest,
the retention sweep, expired held uploads) once a day across all workers. It survives the
database and the mail server going away (gdpr_portal/worker.py, docs/reliability.md).

Several workers may run at once: each waiting request and each message row is locked while it is
claimed.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from gdpr_portal.worker import Worker
from requests_app.digest import digest_plan, digest_send, run_daily
from requests_app.holding import held_purge_expired
from requests_app.intake import BATCH, file_pending

DIGEST_HOUR = 7  # Sofia time: the digest is in the inbox before the working day


# Batches of waiting requests a pass files at most (about two seconds' work): a backlog is
# taken a slice a pass, with the heartbeat, a stop asked for and the mail between slices.
BATCHES_PER_PASS = 10


def jobs() -> bool:
    """Each pass: the requests waiting to be filed (their confirmation mail goes out in the same
    pass), then the daily jobs when they are due. True when requests were left waiting."""
    for _batch in range(BATCHES_PER_PASS):
        if file_pending(limit=BATCH) < BATCH:
            break
    else:
        return True
    daily_jobs()
    return False


def daily_jobs() -> None:
    if timezone.localtime().hour >= DIGEST_HOUR:
        run_daily("deadline_digest", lambda: digest_send(digest_plan()))
        run_daily("retention", lambda: call_command("apply_retention", verbosity=0))
        # Files held for a public form past their day (each form sent also purges them).
        run_daily("held_uploads", held_purge_expired)


class Command(BaseCommand):
    help = (
        "File received requests, deliver queued mail and run the daily jobs until SIGTERM; "
        "--once for one pass."
    )
    # It must start while the database is down: no checks that could ask it.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument("--sleep", type=float, default=2.0, help="Seconds between passes.")

    def handle(self, *args, **options):
        Worker(jobs=jobs, idle=options["sleep"], once=options["once"]).run()
