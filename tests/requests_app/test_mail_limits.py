"""Limits that protect other people (issue 19): whoever asks, from wherever, with whatever
token, the portal sends an address at most PUBLIC_MAILS_PER_RECIPIENT_PER_DAY mails a day, and
a client address can make it send at most PUBLIC_MAILS_PER_IP_PER_DAY."""

import datetime

import pytest
import time_machine
from mailer.models import Message

from requests_app.models import DataSubjectRequest

VICTIM = "someone.else@example.org"


@pytest.fixture
def limits(settings):
    # The form's own limits out of the way: the mail limits are what must hold.
    settings.REQUESTS_PER_EMAIL_PER_DAY = 1000
    settings.REQUESTS_PER_IP_PER_HOUR = 1000
    settings.REQUEST_ATTEMPTS_PER_IP_PER_HOUR = 1000
    settings.PUBLIC_MAILS_PER_RECIPIENT_PER_DAY = 3
    settings.PUBLIC_MAILS_PER_IP_PER_DAY = 5
    return settings


def file(client, form_data, ip, email=VICTIM, prefix=""):
    return client.post(
        f"{prefix}/alfa/requests/new/", form_data(requester_email=email), REMOTE_ADDR=ip
    )


def test_requests_to_one_address_from_many_addresses_stop_at_the_daily_limit(
    client, controller, form_data, limits
):
    for n in range(3):
        assert file(client, form_data, f"198.51.100.{n}").status_code == 302
    response = file(client, form_data, "198.51.100.99")
    assert response.status_code == 429
    assert DataSubjectRequest.objects.count() == 3
    assert Message.objects.count() == 3  # the refused one sent nothing


def test_new_links_on_many_requests_share_the_recipients_limit(
    client, controller, form_data, limits
):
    # The attack of issue 19: a new request is a new token, and each token could ask for new
    # links; 365 mails a day to an address someone else typed in. Now the address's day is full.
    assert file(client, form_data, "198.51.100.1").status_code == 302
    assert file(client, form_data, "198.51.100.2").status_code == 302
    tokens = list(DataSubjectRequest.objects.values_list("status_token", flat=True))
    resend = client.post(f"/requests/{tokens[0]}/resend/", REMOTE_ADDR="203.0.113.7")
    assert resend.status_code == 302
    for token, ip in [(tokens[0], "203.0.113.8"), (tokens[1], "203.0.113.9")]:
        response = client.post(f"/en/requests/{token}/resend/", REMOTE_ADDR=ip)
        assert response.status_code == 429
    assert Message.objects.count() == 3


def test_one_client_address_cannot_mail_many_people(client, controller, form_data, limits):
    for n in range(5):
        assert file(client, form_data, "192.0.2.1", email=f"p{n}@example.org").status_code == 302
    assert file(client, form_data, "192.0.2.1", email="p9@example.org").status_code == 429
    assert Message.objects.count() == 5


def test_the_limit_is_per_day_and_the_page_says_when_to_try_again(
    client, controller, form_data, limits
):
    limits.PUBLIC_MAILS_PER_RECIPIENT_PER_DAY = 1
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        assert file(client, form_data, "198.51.100.1").status_code == 302
        english = file(client, form_data, "198.51.100.2", prefix="/en")
        bulgarian = file(client, form_data, "198.51.100.3")
    assert english.status_code == bulgarian.status_code == 429
    # The day's window ends at midnight UTC: 02:00 in Sofia on 11 March.
    assert "You can try again after 11 March 2026, 02:00" in english.content.decode()
    assert "Можете да опитате отново след 11 март 2026" in bulgarian.content.decode()
    assert int(english["Retry-After"]) == 15 * 3600
    assert "<footer" in english.content.decode()  # the portal's own page, not a bare 429
    with time_machine.travel(datetime.datetime(2026, 3, 11, 0, 1, tzinfo=datetime.UTC)):
        assert file(client, form_data, "198.51.100.4").status_code == 302
