"""Double opt-in subscriptions to new versions, with one-click unsubscribe in every message."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from mailer.engine import send_all

from policies.models import PolicySubscription

pytestmark = pytest.mark.django_db


def deliver():
    send_all()
    messages = list(mail.outbox)
    mail.outbox.clear()
    return messages


def link(message, kind):
    (url,) = re.findall(rf"http://\S+/{kind}/\S+/", message.body)
    return url.removeprefix("http://127.0.0.1:8000")


def subscribe(client, email="citizen@example.org", prefix=""):
    return client.post(f"{prefix}/alfa/privacy/subscribe/", {"email": email})


def test_subscribe_confirm_notify_unsubscribe(client, publish):
    publish()
    response = subscribe(client)
    assert response.status_code == 302
    subscription = PolicySubscription.objects.get()
    assert subscription.confirmed_at is None and subscription.language == "bg"

    (confirmation,) = deliver()
    assert confirmation.to == ["citizen@example.org"]
    assert "Потвърдете абонамента си" in confirmation.subject
    confirm_path = link(confirmation, "subscribe")

    # Opening the link (or a mail scanner fetching it) only shows a button.
    assert client.get(confirm_path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    assert client.post(confirm_path).status_code == 302
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    publish(effective=datetime.date(2026, 7, 1), summary="Нови получатели")
    (notice,) = deliver()
    assert "Нова версия 2" in notice.subject
    assert "Нови получатели" in notice.body
    assert "/alfa/privacy/v2/" in notice.body
    unsubscribe_url = notice.extra_headers["List-Unsubscribe"].strip("<>")
    assert notice.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url.endswith(link(notice, "unsubscribe"))

    # RFC 8058 one-click: a POST to the header's address, no CSRF token, no confirmation page.
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    path = unsubscribe_url.removeprefix("http://127.0.0.1:8000")
    response = csrf_client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not PolicySubscription.objects.exists()


def test_unconfirmed_subscribers_are_not_notified(client, publish):
    publish()
    subscribe(client)
    deliver()
    publish(effective=datetime.date(2026, 7, 1))
    assert deliver() == []


def test_expired_confirmation_link_is_refused(client, publish):
    publish()
    subscribe(client, prefix="/en")
    path = link(deliver()[0], "subscribe")
    PolicySubscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    response = client.post(path)
    assert response.status_code == 404
    assert "unknown or has expired" in response.content.decode()
    assert PolicySubscription.objects.get().confirmed_at is None


@pytest.mark.parametrize(
    ("prefix", "email", "message"),
    [
        ("", "", "Въведете имейл адреса си."),
        ("", "not-an-address", "Въведете валиден имейл адрес"),
        ("/en", "not-an-address", "Enter a valid email address"),
    ],
)
def test_bad_address_is_shown_again_with_a_message(client, publish, prefix, email, message):
    publish()
    response = subscribe(client, email=email, prefix=prefix)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert f'value="{email}"' in body or not email
    assert not PolicySubscription.objects.exists()
    assert deliver() == []


def test_subscribing_twice_keeps_one_row_and_sends_a_fresh_link(client, publish):
    publish()
    subscribe(client)
    first = link(deliver()[0], "subscribe")
    subscribe(client, email="Citizen@Example.org")
    second = link(deliver()[0], "subscribe")
    assert PolicySubscription.objects.count() == 1
    assert first != second
    assert client.post(first).status_code == 404
    assert client.post(second).status_code == 302


def test_an_unknown_link_says_so_before_any_click(client, publish):
    publish()
    response = client.get("/en/alfa/privacy/subscribe/not-a-token/")
    assert response.status_code == 404
    assert "unknown or has expired" in response.content.decode()


def test_the_thank_you_is_shown_on_a_page_no_cache_keeps(client, publish):
    publish()
    client.get("/alfa/privacy/")  # now in the cache for visitors
    response = subscribe(client)
    assert response["Location"] == "/alfa/privacy/history/"
    page = client.get(response["Location"])
    assert "Изпратихме връзка за потвърждение на citizen@example.org" in page.content.decode()
    assert "max-age" not in page.get("Cache-Control", "")
    # Any public page seen while a message waits is rendered for this visitor and kept by
    # no one; once shown, the message is gone.
    subscribe(client, email="again@example.org")
    pending = client.get("/alfa/privacy/")
    assert "no-store" in pending["Cache-Control"] and "private" in pending["Cache-Control"]
    assert "again@example.org" in pending.content.decode()
    assert "again@example.org" not in client.get("/alfa/privacy/").content.decode()


def test_subscriptions_are_rate_limited_per_address(client, publish):
    publish()
    for _ in range(3):
        assert subscribe(client).status_code == 302
    response = subscribe(client)
    assert response.status_code == 429
    assert len(deliver()) == 3


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/en/alfa/privacy/subscribe/", "<title>New versions of the privacy policy of"),
        ("/alfa/privacy/subscribe/unknown-token/", "<title>Тази връзка вече не работи –"),
    ],
)
def test_subscription_pages_have_their_own_titles(client, publish, path, title):
    publish()
    assert title in client.get(path).content.decode()
