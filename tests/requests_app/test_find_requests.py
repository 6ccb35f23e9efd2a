"""“Find my requests”: the links are mailed, never shown; the same page whether or not the
address filed anything; limited like every mail the public can make the portal send."""

import pytest
from django.core import mail
from django.test import override_settings
from mailer.engine import send_all
from mailer.models import Message

from requests_app.models import DataSubjectRequest
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db


def delivered():
    send_all()
    messages = list(mail.outbox)
    mail.outbox.clear()
    return messages


def visible_text(response) -> str:
    import re

    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    return body


def test_the_page_is_linked_from_the_footer_and_asks_for_an_address(client, controller):
    home = client.get("/alfa/requests/new/")
    assert 'href="/requests/find/"' in home.content.decode()
    page = client.get("/en/requests/find/")
    assert page.status_code == 200
    assert "Find my requests" in page.content.decode()
    assert 'type="email"' in page.content.decode()


def test_the_links_of_ones_own_requests_are_mailed(client, controller):
    mine = DataSubjectRequestFactory(controller=controller, requester_email="Maria@Example.org")
    other = DataSubjectRequestFactory(controller=controller, requester_email="other@example.org")
    response = client.post("/en/requests/find/", {"email": "maria@example.org"})
    assert response.status_code == 200
    assert "We have sent a message to maria@example.org" in response.content.decode()
    assert mine.status_token not in response.content.decode()
    (message,) = delivered()
    assert message.to == ["maria@example.org"]
    assert message.subject == "Links to your requests on the GDPR Portal"
    assert f"/en/requests/{mine.status_token}/" in message.body
    assert mine.reference in message.body
    assert other.status_token not in message.body


def test_the_answer_is_the_same_whether_or_not_a_request_exists(client, controller):
    DataSubjectRequestFactory(controller=controller, requester_email="maria@example.org")
    known = client.post("/requests/find/", {"email": "maria@example.org"})
    unknown = client.post("/requests/find/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert visible_text(known).replace("maria@example.org", "X") == visible_text(unknown).replace(
        "nobody@example.org", "X"
    )
    # Both queue one message: the time taken tells nothing either.
    assert Message.objects.count() == 2
    messages = {m.to[0]: m for m in delivered()}
    assert "/requests/" in messages["maria@example.org"].body
    assert "Не е намерено искане" in messages["nobody@example.org"].body


def test_anonymised_requests_are_not_listed(client, controller):
    from gdpr_portal import clock

    gone = DataSubjectRequestFactory(controller=controller, requester_email="maria@example.org")
    DataSubjectRequest.objects.filter(pk=gone.pk).update(anonymised_at=clock.now())
    client.post("/en/requests/find/", {"email": "maria@example.org"})
    (message,) = delivered()
    assert gone.status_token not in message.body
    assert "No request with a working status link" in message.body


def test_a_typing_mistake_is_shown_beside_the_field(client, controller):
    response = client.post("/en/requests/find/", {"email": "not-an-address"})
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()
    assert 'value="not-an-address"' in response.content.decode()
    assert Message.objects.count() == 0


@override_settings(PUBLIC_MAILS_PER_RECIPIENT_PER_DAY=2)
def test_past_the_limit_the_page_says_when_to_try_again(client, controller):
    for _attempt in range(2):
        assert client.post("/en/requests/find/", {"email": "a@example.org"}).status_code == 200
    refused = client.post("/en/requests/find/", {"email": "a@example.org"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "You can try again after" in refused.content.decode()
    assert Message.objects.count() == 2
