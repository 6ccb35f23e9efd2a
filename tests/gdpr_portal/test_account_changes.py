"""Changing how staff sign in (issue 19): the password typed again within the last minutes,
an append-only record of who changed what and when, and every other session of the account
ended. Before this, two-factor sign-in could be switched off with one POST."""

import datetime

import pytest
import time_machine
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from gdpr_portal.account import SESSION_KEY
from gdpr_portal.models import AccountEvent
from tests.controllers.factories import MembershipFactory, UserFactory

PASSWORD = "correct horse battery staple"
pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo():
    user = UserFactory(username="dpo")
    MembershipFactory(user=user, role="dpo")
    return user


def signed_in(user, *, fresh=True) -> Client:
    client = Client()
    client.force_login(user)
    if not fresh:
        session = client.session
        del session[SESSION_KEY]
        session.save()
    return client


def confirm(client, next_url, password=PASSWORD, prefix="/en"):
    return client.post(
        f"{prefix}/account/confirm-password/", {"password": password, "next": next_url}
    )


def is_signed_in(client) -> bool:
    return client.get("/en/account/two_factor/").status_code == 200


def test_switching_two_factor_off_asks_for_the_password_first(dpo):
    client = signed_in(dpo, fresh=False)
    response = client.post("/en/account/two_factor/disable/", {"understand": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/account/confirm-password/?next=")
    assert TOTPDevice.objects.filter(user=dpo).exists()
    assert not AccountEvent.objects.exists()


@pytest.mark.parametrize(
    ("prefix", "texts"),
    [
        ("/en", ["Confirm your password", "This is not your password."]),
        ("", ["Потвърдете паролата си", "Това не е Вашата парола."]),
    ],
)
def test_a_wrong_password_is_refused_by_the_field(dpo, prefix, texts):
    client = signed_in(dpo, fresh=False)
    response = confirm(client, "/en/account/two_factor/disable/", "wrong", prefix=prefix)
    assert response.status_code == 400
    page = response.content.decode()
    assert all(text in page for text in texts)
    response = client.post("/en/account/two_factor/disable/", {"understand": "on"})
    assert "/confirm-password/" in response["Location"]


def test_two_factor_off_after_the_password_is_recorded_and_ends_other_sessions(dpo):
    elsewhere = signed_in(dpo)
    client = signed_in(dpo, fresh=False)
    response = confirm(client, "/en/account/two_factor/disable/")
    assert response.status_code == 302 and response["Location"] == "/en/account/two_factor/disable/"
    client.post("/en/account/two_factor/disable/", {"understand": "on"})
    assert not TOTPDevice.objects.filter(user=dpo).exists()
    event = AccountEvent.objects.get()
    assert (event.actor, event.subject, event.action) == (dpo, dpo, "2fa_disabled")
    assert event.other_sessions_ended == 1
    assert is_signed_in(client)
    assert not is_signed_in(elsewhere)


def test_the_confirmation_holds_five_minutes(dpo):
    start = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        client = signed_in(dpo, fresh=False)
        confirm(client, "/en/account/two_factor/backup/tokens/")
    with time_machine.travel(start + datetime.timedelta(minutes=4), tick=False):
        assert client.get("/en/account/two_factor/backup/tokens/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=6), tick=False):
        response = client.get("/en/account/two_factor/backup/tokens/")
        assert "/confirm-password/" in response["Location"]


def test_new_recovery_codes_are_recorded(dpo):
    elsewhere, client = signed_in(dpo), signed_in(dpo)
    assert client.post("/en/account/two_factor/backup/tokens/").status_code == 302
    assert StaticDevice.objects.get(user=dpo).token_set.count() == 10
    assert AccountEvent.objects.get().action == "recovery_codes"
    assert not is_signed_in(elsewhere) and is_signed_in(client)


def test_setting_up_two_factor_asks_for_the_password(dpo):
    client = signed_in(dpo, fresh=False)
    response = client.get("/en/account/two_factor/setup/")
    assert "/confirm-password/" in response["Location"]


def test_signing_in_counts_as_typing_the_password(client):
    # A new member of staff goes from the password straight to setting up the second factor.
    UserFactory(username="new")
    client.post(
        "/en/account/login/",
        {"auth-username": "new", "auth-password": PASSWORD, "login_view-current_step": "auth"},
    )
    assert client.get("/en/account/two_factor/setup/").status_code == 200


def test_changing_the_password_in_the_admin(dpo):
    elsewhere = signed_in(dpo)
    client = signed_in(dpo, fresh=False)
    data = {
        "old_password": PASSWORD,
        "new_password1": "a new pass phrase 42",
        "new_password2": "a new pass phrase 42",
    }
    assert "/confirm-password/" in client.post("/en/admin/password_change/", data)["Location"]
    confirm(client, "/en/admin/password_change/")
    response = client.post("/en/admin/password_change/", data)
    assert response.status_code == 302
    dpo.refresh_from_db()
    assert dpo.check_password("a new pass phrase 42")
    event = AccountEvent.objects.get()
    assert event.action == "password_changed" and event.other_sessions_ended == 1
    assert is_signed_in(client) and not is_signed_in(elsewhere)
    assert "a new pass phrase" not in str(AccountEvent.objects.values().get())


def test_the_operator_setting_a_password_ends_that_persons_sessions(dpo):
    operator = UserFactory(username="operator", is_superuser=True)
    theirs = signed_in(dpo)
    client = signed_in(operator)
    data = {
        "password1": "a new pass phrase 42",
        "password2": "a new pass phrase 42",
        "usable_password": "true",
    }
    response = client.post(f"/en/admin/auth/user/{dpo.pk}/password/", data)
    assert response.status_code == 302
    event = AccountEvent.objects.get()
    assert (event.actor, event.subject, event.action) == (operator, dpo, "password_set")
    assert not is_signed_in(theirs) and is_signed_in(client)


def test_the_record_cannot_be_rewritten(dpo):
    event = AccountEvent.objects.create(
        actor=dpo,
        actor_username="dpo",
        subject=dpo,
        subject_username="dpo",
        action="2fa_disabled",
        at=datetime.datetime(2026, 3, 10, tzinfo=datetime.UTC),
    )
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AccountEvent.objects.update(action="2fa_enabled")
    with pytest.raises(PermissionError):
        AccountEvent.objects.all().delete()


def test_the_next_address_cannot_lead_to_another_site(dpo):
    client = signed_in(dpo, fresh=False)
    response = confirm(client, "https://evil.example/")
    assert response["Location"] == "/en/account/two_factor/"
