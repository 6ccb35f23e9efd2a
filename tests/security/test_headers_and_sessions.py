"""Response headers, staff two-factor sign-in, lockout and session expiry."""

import datetime
import time

import pytest
import time_machine
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.controllers.factories import ControllerFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def test_public_pages_send_the_security_headers(client):
    ControllerFactory(slug="alfa")
    for path in ["/", "/en/", "/alfa/", "/alfa/requests/new/"]:
        response = client.get(path)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "camera=()" in response["Permissions-Policy"]


def test_public_templates_carry_no_inline_script_or_style(client):
    import re

    ControllerFactory(slug="alfa")
    for path in ["/", "/alfa/", "/alfa/requests/new/", "/en/no-such-page/"]:
        body = client.get(path).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", body), path
        assert "<style" not in body and " style=" not in body, path


def sign_in(client, username, password=PASSWORD):
    return client.post(
        "/en/account/login/",
        {"auth-username": username, "auth-password": password, "login_view-current_step": "auth"},
    )


def test_staff_need_a_second_factor(client):
    user = UserFactory(username="dpo")
    MembershipFactory(user=user, role="dpo")
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)

    assert client.get("/en/admin/").status_code == 302
    response = sign_in(client, "dpo")
    assert response.status_code == 200 and "token-otp_token" in response.content.decode()
    # The password alone does not open the admin.
    assert client.get("/en/admin/").status_code == 302
    response = client.post(
        "/en/account/login/",
        {
            "token-otp_token": "000000" if totp(device.bin_key) != 0 else "111111",
            "login_view-current_step": "token",
        },
    )
    assert "token-otp_token" in response.content.decode()  # a wrong code is refused
    time.sleep(1.1)  # django-otp throttles: after a failure the next try waits a second
    code = f"{totp(device.bin_key):06d}"
    response = client.post(
        "/en/account/login/", {"token-otp_token": code, "login_view-current_step": "token"}
    )
    assert response.status_code == 302
    assert client.get("/en/admin/").status_code == 200


def test_a_recovery_code_works_once(client):
    user = UserFactory(username="dpo")
    MembershipFactory(user=user, role="dpo")
    TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    static.token_set.create(token="recover1")
    sign_in(client, "dpo")
    response = client.post(
        "/en/account/login/", {"backup-otp_token": "recover1", "login_view-current_step": "backup"}
    )
    assert response.status_code == 302
    assert client.get("/en/admin/").status_code == 200
    assert not static.token_set.exists()


def test_staff_without_a_device_are_sent_to_set_one_up(client):
    user = UserFactory(username="new-dpo")
    MembershipFactory(user=user, role="dpo")
    sign_in(client, "new-dpo")
    response = client.get("/en/admin/")
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code in (200, 302)
    assert (
        client.get("/en/admin/", follow=True)
        .redirect_chain[-1][0]
        .endswith("/account/two_factor/setup/")
    )


def test_five_failed_sign_ins_lock_the_account_for_the_address(client):
    UserFactory(username="dpo")
    for _ in range(5):
        response = sign_in(client, "dpo", "wrong password")
    response = sign_in(client, "dpo")  # the right password, but locked
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()


def test_sessions_expire_after_30_minutes_without_a_request():
    user = UserFactory(username="dpo")
    MembershipFactory(user=user, role="dpo")
    client = Client()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)) as clock:
        client.force_login(user)
        assert client.get("/en/admin/").status_code == 200
        clock.shift(datetime.timedelta(minutes=25))
        assert client.get("/en/admin/").status_code == 200  # activity renews the session
        clock.shift(datetime.timedelta(minutes=31))
        assert client.get("/en/admin/").status_code == 302
