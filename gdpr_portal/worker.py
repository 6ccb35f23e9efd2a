"""The background worker's loop: it outlives the database and the mail server.

`manage.py run_worker` (requests_app) runs it with the daily jobs the apps define. Errors of the
database (OperationalError, InterfaceError: the server is down, restarting or unreachable) and
of the mail server are logged by their type alone — their text can name addresses — and waited
out with back-off: 1 s, doubling up to WORKER_MAX_BACKOFF_SECONDS. It starts while the database
is still down and waits for it. SIGTERM (and SIGINT) finish the current message, then exit 0.
Any other error is a bug: it ends the process and the supervisor (systemd, compose) restarts it.
"""

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections

from . import clock, outbox
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_EVERY = 10  # seconds between two writes of one worker's heartbeat


def heartbeat_age() -> float | None:
    """Seconds since the freshest heartbeat of any worker; None when none has ever beaten."""
    latest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    return None if latest is None else (clock.now() - latest).total_seconds()


def worker_stale(age: float | None) -> bool:
    return age is None or age > settings.WORKER_STALE_SECONDS


class Worker:
    def __init__(self, *, jobs: Callable[[], bool | None], idle: float = 2.0, once: bool = False):
        self.jobs, self.idle, self.once = jobs, idle, once
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self._stop = threading.Event()
        self._last_beat = 0.0

    def stop(self, *_args) -> None:
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def beat(self) -> None:
        if time.monotonic() - self._last_beat < HEARTBEAT_EVERY:
            return
        now = clock.now()
        WorkerHeartbeat.objects.update_or_create(name=self.name, defaults={"beat_at": now})
        # Processes that are gone leave their row: a day later it goes.
        WorkerHeartbeat.objects.filter(beat_at__lt=now - settings.WORKER_HEARTBEATS_KEPT).delete()
        self._last_beat = time.monotonic()

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        backoff = 1.0
        logger.info("worker %s started", self.name)
        while not self.stopping:
            try:
                self.beat()
                # True when the jobs stopped with work left (a backlog taken a slice a pass).
                busy = bool(self.jobs())
                # A slice of the mail, then the jobs again: a long queue of mail never holds
                # the jobs (the requests waiting to be filed) back; no pause while mail remains.
                slice_ = settings.WORKER_MAIL_PER_PASS
                sent = outbox.deliver(
                    should_stop=lambda: self.stopping, beat=self.beat, limit=slice_
                )
                outbox.prune_failures()
            except (OperationalError, InterfaceError) as exc:
                logger.error(
                    "database unavailable: %s; next try in %.0f s", type(exc).__name__, backoff
                )
                self._forget_connections()
            except outbox.MailServerUnavailable as exc:
                logger.error("mail server unavailable: %s; next try in %.0f s", exc, backoff)
            else:
                backoff = 1.0
                if self.once:
                    break
                if sent < slice_ and not busy:
                    self._stop.wait(self.idle)
                continue
            if self.once:
                break
            self._stop.wait(backoff)
            backoff = min(backoff * 2, settings.WORKER_MAX_BACKOFF_SECONDS)
        logger.info("worker %s stopped", self.name)
        return 0

    @staticmethod
    def _forget_connections() -> None:
        for conn in connections.all(initialized_only=True):
            conn.close()
