"""A message refused for good is shown to staff on the request and told to the requester on the
status page; the dashboard shows whether the mail worker is alive."""

import datetime

import pytest
from django.test import override_settings

from gdpr_portal import clock, outbox
from gdpr_portal.models import WorkerHeartbeat
from tests.controllers.factories import ControllerFactory, MembershipFactory
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db


@override_settings(MAILER_EMAIL_BACKEND="tests.gdpr_portal.test_outbox_delivery.RefusingBackend")
def test_a_bounced_message_shows_on_the_request_and_the_status_page(client):
    controller = ControllerFactory(slug="alfa")
    dsr = DataSubjectRequestFactory(controller=controller, requester_email="maria@example.org")
    other = DataSubjectRequestFactory(controller=controller, requester_email="ivan@example.org")
    from requests_app import services

    services.request_send_confirmation(request=dsr)
    outbox.deliver()

    page = client.get(f"/en/requests/{dsr.status_token}/").content.decode()
    assert "Our email to you did not arrive" in page
    assert (
        "Our email to you" not in client.get(f"/en/requests/{other.status_token}/").content.decode()
    )

    client.force_login(MembershipFactory(controller=controller, role="dpo").user)
    admin_page = client.get(f"/en/admin/requests_app/datasubjectrequest/{dsr.pk}/change/")
    body = admin_page.content.decode()
    assert "Mail to the requester not delivered" in body
    assert "refused by the receiving mail server" in body and "550" in body


def test_the_dashboard_says_when_the_worker_is_silent(client):
    controller = ControllerFactory(slug="alfa")
    client.force_login(MembershipFactory(controller=controller, role="dpo").user)
    url = "/en/admin/requests_app/datasubjectrequest/dashboard/"
    assert "has never run" in client.get(url).content.decode()
    WorkerHeartbeat.objects.create(name="w", beat_at=clock.now())
    assert "The mail worker is running." in client.get(url).content.decode()
    # In Bulgarian too it is the sending of email that runs, not a "postal process".
    bulgarian = client.get(url.removeprefix("/en")).content.decode()
    assert "Изпращането на имейли работи." in bulgarian and "Пощенски" not in bulgarian
    WorkerHeartbeat.objects.update(beat_at=clock.now() - datetime.timedelta(minutes=7))
    assert "silent for 7 minutes" in client.get(url).content.decode()
