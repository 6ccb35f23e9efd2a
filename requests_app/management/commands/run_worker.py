"""The background worker: delivers the mail outbox, retrying deferred messages with back-off,
and runs the daily jobs (the deadline digest, the retention sweep) once a day across all workers.

Several workers may run at once: django-mailer locks each message row while sending it.
"""

import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from mailer import engine
from mailer.models import Message

from requests_app.digest import digest_plan, digest_send, run_daily

DIGEST_HOUR = 7  # Sofia time: the digest is in the inbox before the working day
MIN_RETRY_SECONDS = 30
MAX_RETRY_SECONDS = 3600


class Command(BaseCommand):
    help = "Send queued mail, retry deferred mail with exponential back-off; --once for one pass."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument("--sleep", type=float, default=2.0, help="Seconds between passes.")

    def handle(self, *args, **options):
        self._stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        delay = MIN_RETRY_SECONDS
        next_retry = time.monotonic() + delay
        while not self._stopping:
            self.daily_jobs()
            self.deliver()
            if options["once"] or time.monotonic() >= next_retry:
                # Still failing: wait twice as long before the next retry, at most an hour.
                delay = min(delay * 2, MAX_RETRY_SECONDS) if self.retry() else MIN_RETRY_SECONDS
                next_retry = time.monotonic() + delay
            if options["once"]:
                break
            time.sleep(options["sleep"])

    def daily_jobs(self) -> None:
        if timezone.localtime().hour >= DIGEST_HOUR:
            run_daily("deadline_digest", lambda: digest_send(digest_plan()))
            run_daily("retention", lambda: call_command("apply_retention", verbosity=0))

    def retry(self) -> bool:
        """Put deferred mail back in the queue and send it; True when some still fails."""
        if not Message.objects.deferred().exists():
            return False
        Message.objects.retry_deferred()
        self.deliver()
        return Message.objects.deferred().exists()

    def deliver(self) -> int:
        before = Message.objects.non_deferred().count()
        if before:
            engine.send_all()
        return before - Message.objects.non_deferred().count()

    def _stop(self, *args):
        self._stopping = True
