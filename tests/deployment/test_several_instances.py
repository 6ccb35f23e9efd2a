"""Two app-server processes and two workers on one PostgreSQL: requests filed through both at
once — no duplicate reference, no lost request, every message sent exactly once."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from requests_app.models import DataSubjectRequest
from tests.controllers.factories import ControllerFactory
from tests.requests_app.conftest import started

REQUESTS = 40
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz?scope=web", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"server on {port} did not start")


def file_request(port: int, n: int) -> int:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    url = f"http://127.0.0.1:{port}/alfa/requests/new/"
    page = opener.open(url, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "rights": "access",
            "requester_name": f"Заявител {n}",
            "requester_email": f"requester{n}@example.org",
            "acting_as": "self",
            "reply_channel": "email",
            "started": started(),
        }
    ).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})
    with opener.open(request, timeout=30) as response:
        return response.status


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_servers_and_two_workers(tmp_path):
    ControllerFactory(slug="alfa")
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gdpr_portal.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "MAILER_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "REQUESTS_PER_IP_PER_HOUR": "100000",
        "REQUEST_ATTEMPTS_PER_IP_PER_HOUR": "100000",
        "REQUESTS_PER_EMAIL_PER_DAY": "100000",
        "PUBLIC_MAILS_PER_RECIPIENT_PER_DAY": "100000",
        "PUBLIC_MAILS_PER_IP_PER_DAY": "100000",
    }
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "gdpr_portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env=env,
        )
        for port in ports
    ]
    try:
        for port in ports:
            wait_for(port)
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(lambda n: file_request(ports[n % 2], n), range(REQUESTS)))
        assert statuses == [200] * REQUESTS  # each followed its redirect to the status page

        workers = [
            subprocess.Popen(
                [sys.executable, "manage.py", "run_worker", "--sleep", "0.2"],
                cwd=settings.BASE_DIR,
                env=env,
            )
            for _ in range(2)
        ]
        processes += workers
        from mailer.models import Message

        deadline = time.monotonic() + 60
        while Message.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(1)  # a worker that picked a message last has written it
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)

    references = list(DataSubjectRequest.objects.values_list("reference", flat=True))
    assert len(references) == REQUESTS and len(set(references)) == REQUESTS
    # The file backend appends each message to its connection's file, after a line of dashes.
    mails = [
        message
        for path in (tmp_path / "mail").iterdir()
        for message in path.read_text().split("-" * 79)
        if message.strip()
    ]
    sent_to = sorted(re.search(r"^To: (\S+)", m, re.M).group(1) for m in mails)
    assert sent_to == sorted(f"requester{n}@example.org" for n in range(REQUESTS))
    assert all(sum(ref in m for m in mails) == 1 for ref in references)
