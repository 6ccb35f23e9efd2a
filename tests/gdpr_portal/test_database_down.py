"""With the database out of reach, every page — the sign-in included — answers the styled 503
with Retry-After, never a 500. A real app server against a port where nothing listens."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.deployment.test_several_instances import free_port

TOKEN = "a" * 32
PAGES = [
    "/",
    "/account/login/",
    "/en/account/login/",
    "/admin/",
    "/alfa/requests/new/",
    "/alfa/privacy/",
    "/requests/abcdefghijklmnopqrstuvwxyz0123456789/",
]


def status_of(url: str, data: bytes | None = None, headers=None) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture(scope="module")
def server_without_database():
    port, closed = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gdpr_portal.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed}/nowhere",
    }
    process = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "gdpr_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_answers_503_with_retry_after(server_without_database, page, signed_in):
    # A staff member's session cookie makes the middleware load the session and the user.
    cookie = {"Cookie": "sessionid=" + "s" * 32} if signed_in else {}
    status, headers, body = status_of(server_without_database + page, headers=cookie)
    assert status == 503
    assert headers["Retry-After"] == "120"
    assert "portal.css" in body  # the styled page, not a bare error


def test_a_login_attempt_answers_503(server_without_database):
    status, headers, _body = status_of(
        server_without_database + "/account/login/",
        data=f"csrfmiddlewaretoken={TOKEN}&auth-username=a&auth-password=b"
        "&login_view-current_step=auth".encode(),
        headers={"Cookie": f"csrftoken={TOKEN}", "Referer": server_without_database},
    )
    assert status == 503
    assert headers["Retry-After"] == "120"


def test_healthz_says_why(server_without_database):
    status, _headers, body = status_of(server_without_database + "/healthz")
    assert status == 503
    assert "database unreachable" in body
