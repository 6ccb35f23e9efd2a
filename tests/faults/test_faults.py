"""The fault suite: a real app server, mail workers, a local SMTP sink (aiosmtpd) and the
throwaway PostgreSQL of scripts/with-postgres.sh, under a stream of submissions while the
database restarts, the mail server stops and starts, a worker is killed mid-send and another
starts while the database is down. Every acknowledged submission is stored once, every queued
mail delivered once or marked failed, and the workers are alive at the end and stop cleanly on
SIGTERM. Loopback only; every wait is bounded. Figures: docs/reliability.md."""

import email
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import OperationalError, connection
from mailer.models import Message

from gdpr_portal import outbox
from requests_app.models import DataSubjectRequest
from tests.controllers.factories import ControllerFactory
from tests.deployment.test_several_instances import free_port, wait_for
from tests.requests_app.conftest import started

DATA = os.environ.get("THROWAWAY_POSTGRES_DATA", "")
PG_BIN = Path("/usr/lib/postgresql/15/bin")
STREAM_SECONDS = 24

pytestmark = pytest.mark.skipif(not DATA, reason="needs scripts/with-postgres.sh's server")


class Sink:
    """An SMTP server on loopback that keeps what it accepts; slow enough to be caught mid-send."""

    def __init__(self, port: int):
        self.port, self.received, self.controller = port, [], None

    async def handle_DATA(self, server, session, envelope):
        time.sleep(0.05)
        message = email.message_from_bytes(envelope.content)
        self.received.append((envelope.rcpt_tos[0], message["Message-ID"]))
        return "250 OK"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()


def pg_ctl(*args: str) -> None:
    as_pg = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    subprocess.run(  # noqa: S603
        [*as_pg, str(PG_BIN / "pg_ctl"), "-D", DATA, "-w", "-t", "60", *args],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def pg_start() -> None:
    port, sockets = connection.settings_dict["PORT"], str(Path(DATA).parent)
    options = f"-h 127.0.0.1 -p {port} -k {sockets} -c fsync=off -c synchronous_commit=off"
    pg_ctl("-l", str(Path(sockets) / "server.log"), "start", "-o", options)


def submit(port: int, n: int) -> bool:
    """One submission through the public form; True when the portal acknowledged it (the
    redirect to the status page), False on any other answer or none."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    url = f"http://127.0.0.1:{port}/alfa/requests/new/"
    try:
        page = opener.open(url, timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = {
            "csrfmiddlewaretoken": token,
            "rights": "access",
            "requester_name": f"Заявител {n}",
            "requester_email": f"faults{n}@example.org",
            "acting_as": "self",
            "reply_channel": "email",
            "started": started(),
        }
        request = urllib.request.Request(
            url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": url}
        )
        with opener.open(request, timeout=10) as response:
            return response.status == 200 and "/requests/" in response.url
    except (OSError, AttributeError):  # 503 during an outage, or no answer at all
        return False


def until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OperationalError:
            connection.close()
        time.sleep(0.5)
    return False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_portal_keeps_working_through_faults(tmp_path):
    ControllerFactory(slug="alfa")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line per command
    database = connection.settings_dict
    sink = Sink(free_port())
    sink.start()
    web_port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gdpr_portal.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "MAILER_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
        "EMAIL_TIMEOUT": "3",
        "MAIL_RETRY_BASE_SECONDS": "1",
        "MAIL_SENDING_TIMEOUT": "8",
        "WORKER_MAX_BACKOFF_SECONDS": "2",
        "REQUESTS_PER_IP_PER_HOUR": "100000",
        "REQUEST_ATTEMPTS_PER_IP_PER_HOUR": "100000",
        "REQUESTS_PER_EMAIL_PER_DAY": "100000",
        "PUBLIC_MAILS_PER_RECIPIENT_PER_DAY": "100000",
        "PUBLIC_MAILS_PER_IP_PER_DAY": "100000",
    }
    log = (tmp_path / "processes.log").open("w")

    def spawn(*args: str) -> subprocess.Popen:
        return subprocess.Popen(args, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=log)  # noqa: S603

    def worker() -> subprocess.Popen:
        return spawn(sys.executable, "manage.py", "run_worker", "--sleep", "0.2")

    web = spawn(
        str(Path(sys.executable).parent / "gunicorn"), "gdpr_portal.wsgi:application",
        "--bind", f"127.0.0.1:{web_port}", "--workers", "2", "--log-level", "warning",
    )  # fmt: skip
    workers = [worker(), worker()]
    acknowledged, sent = [], []
    stop_stream = threading.Event()

    def stream():
        n = 0
        while not stop_stream.is_set():
            sent.append(n)
            if submit(web_port, n):
                acknowledged.append(n)
            n += 1

    try:
        wait_for(web_port)
        submitter = threading.Thread(target=stream)
        submitter.start()
        t0 = time.monotonic()
        time.sleep(3)
        pg_ctl("-m", "fast", "restart")  # the database restarts under load
        time.sleep(3)
        sink.stop()  # the mail server goes away …
        time.sleep(4)
        sink.start()  # … and comes back
        time.sleep(2)
        workers[0].send_signal(signal.SIGKILL)  # a worker killed, likely mid-send (50 ms each)
        workers[0] = worker()
        time.sleep(2)
        pg_ctl("-m", "fast", "stop")  # the database down: a new worker starts and waits
        workers.append(worker())
        time.sleep(3)
        pg_start()
        time.sleep(max(0, STREAM_SECONDS - (time.monotonic() - t0)))
        stop_stream.set()
        submitter.join(timeout=30)
        connection.close()
        assert until(lambda: not Message.objects.exists(), timeout=60), "outbox not drained"
        assert [w.poll() for w in workers] == [None] * len(workers), "a worker died"
        for w in workers:
            w.send_signal(signal.SIGTERM)
        assert [w.wait(timeout=30) for w in workers] == [0] * len(workers)
    finally:
        stop_stream.set()
        for process in [web, *workers]:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
        sink.stop()
        log.close()

    stored = Counter(DataSubjectRequest.objects.values_list("requester_email", flat=True))
    assert len(acknowledged) > 20 and len(acknowledged) < len(sent)  # outages were felt
    assert all(stored[f"faults{n}@example.org"] == 1 for n in acknowledged)
    assert all(count == 1 for count in stored.values())  # nothing stored twice
    delivered = Counter(to for to, _id in sink.received)
    failed = {address for address in stored if outbox.failures_for(address).exists()}
    for address in stored:
        assert delivered[address] == 1 or (address in failed and delivered[address] <= 1), address
    assert sum(delivered.values()) == len(sink.received)
    print(  # the figures of docs/reliability.md
        f"\nfaults: {len(sent)} submitted, {len(acknowledged)} acknowledged, {len(stored)} stored,"
        f" {len(sink.received)} delivered, {len(failed)} marked failed"
    )
