"""Every page a person can land on is the portal's own, in their language: the CSRF failure,
the limits, and the language switch (never a 405)."""

import re

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from gdpr_portal.checks import sender_warnings
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "heading", "back"),
    [
        (
            "",
            "Формулярът не можа да бъде приет",
            "Обратно към формуляра, за да го изпратите отново",
        ),
        ("/en", "The form could not be accepted", "Go back to the form and send it again"),
    ],
)
def test_a_csrf_failure_explains_itself_with_a_way_back(
    controller, form_data, prefix, heading, back
):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{prefix}/alfa/requests/new/", form_data())
    assert response.status_code == 403
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert f'<a href="{prefix}/alfa/requests/new/">{back}</a>' in page
    assert 'class="site-header"' in page  # the portal's layout, not Django's bare page
    assert "CSRF" not in page


def switch_links(response) -> list[str]:
    nav = re.search(r'<nav class="language-switcher".*?</nav>', response.content.decode(), re.S)
    return re.findall(r'href="([^"]+)"', nav.group(0))


@override_settings(RESENDS_PER_TOKEN_PER_HOUR=1)
def test_the_resend_limit_says_when_and_its_language_switch_leads_to_the_status_page(
    client, controller
):
    dsr = DataSubjectRequestFactory(controller=controller, language="bg")
    assert client.post(f"/requests/{dsr.status_token}/resend/").status_code == 302
    refused = client.post(f"/requests/{dsr.status_token}/resend/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    page = refused.content.decode()
    assert "Можете да опитате отново след" in page
    # Named in its title, with the way back to the request and whom to write to meanwhile.
    assert "<title>Твърде много искания – " in page
    assert f'href="/requests/{dsr.status_token}/">Обратно към искането Ви' in page
    assert "Дотогава можете да пишете направо на Алфа ЕООД:" in page
    assert f"mailto:{controller.email}" in page and controller.registered_address in page
    assert "направо на администратора" not in page
    (english,) = switch_links(refused)
    assert english == f"/en/requests/{dsr.status_token}/resend/"
    followed = client.get(english, follow=True)
    assert followed.status_code == 200
    assert followed.redirect_chain[-1][0] == f"/en/requests/{dsr.status_token}/"
    assert f"Request {dsr.reference}" in followed.content.decode()


def test_the_language_switch_answers_on_every_public_page(client, controller, form_data):
    dsr = DataSubjectRequestFactory(controller=controller)
    pages = [
        "/alfa/requests/new/",
        f"/requests/{dsr.status_token}/",
        f"/requests/{dsr.status_token}/receipt/",
        "/requests/find/",
    ]
    for path in pages:
        (english,) = switch_links(client.get(path))
        assert english == f"/en{path}"
        assert client.get(english).status_code == 200, english
    # Pages answered to a POST: the switch leads to a page, never to a 405.
    posted = [
        client.post("/alfa/requests/new/", form_data(requester_name="")),
        client.post("/requests/find/", {"email": "a@example.org"}),
        client.post(f"/requests/{dsr.status_token}/resend/"),
        client.post(f"/requests/{dsr.status_token}/reply/", {"body": ""}),
    ]
    assert posted[-1].status_code == 400
    for response in posted:
        response = client.get(response["Location"]) if response.status_code == 302 else response
        for link in switch_links(response):
            assert client.get(link, follow=True).status_code == 200, link


def test_the_receipt_page_shows_what_was_submitted(client, controller, form_data):
    from tests.requests_app.conftest import upload

    response = client.post(
        "/en/alfa/requests/new/",
        {**form_data(details="Tom's & Jerry's"), "attachments": [upload("bill.pdf")]},
        follow=True,
    )
    page = response.content.decode()
    from requests_app.models import DataSubjectRequest

    dsr = DataSubjectRequest.objects.get()
    assert f"Receipt of request {dsr.reference}" in page
    assert "Tom&#x27;s &amp; Jerry&#x27;s" in page  # escaped in HTML, as typed on screen
    assert "bill.pdf" in page
    assert "Right of access" in page or "Access" in page
    assert dsr.due_date.strftime("%B") in page
    assert timezone.localtime(dsr.received_at).strftime("%B %Y") in page
    # Until the address is confirmed the receipt asks for it; afterwards it says where it went.
    assert f"Your request {dsr.reference} is recorded. We have sent a receipt and a link" in page
    assert "follow the link to confirm your address" in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(email_confirmed_at=dsr.received_at)
    page = client.get(f"/en/requests/{dsr.status_token}/receipt/").content.decode()
    assert "The same receipt was sent to maria@example.org." in page
    assert "follow the link" not in page


def test_the_deploy_check_warns_about_a_localhost_sender():
    assert [w.id for w in sender_warnings("GDPR Portal <no-reply@localhost>")] == ["portal.W002"]
    assert sender_warnings("GDPR Portal <no-reply@gdpr.example.bg>") == []


def test_the_form_names_the_controller_both_ways_once_and_explains_the_numbers(client, controller):
    controller.short_name = "Алфа"
    controller.name_en = "Alfa"
    controller.save()
    english = client.get("/en/alfa/requests/new/").content.decode()
    # The heading links the name shown to the legal name the notice and the receipt use.
    assert "<h1>A request to Alfa (Алфа ЕООД)</h1>" in english
    assert "you pass these data to Алфа ЕООД" in english
    assert "Bulgarian personal number (ЕГН) or foreigner&#x27;s number (ЛНЧ)" in english
    bulgarian = client.get("/alfa/requests/new/").content.decode()
    assert "<h1>Искане до Алфа (Алфа ЕООД)</h1>" in bulgarian
    assert ">ЕГН или ЛНЧ<" in bulgarian
    controller.short_name = controller.name_en = ""
    controller.save()
    assert "<h1>Искане до Алфа ЕООД</h1>" in client.get("/alfa/requests/new/").content.decode()
