"""Two languages, honestly: an English page of a Bulgarian-only policy says so in English and
marks the text as Bulgarian; a policy in both languages links each page to the other; a name
the controller registers in Latin script is the one English pages use."""

import datetime
import re

import pytest
from django.core import mail
from mailer.engine import send_all

from policies import services

pytestmark = pytest.mark.django_db

NOTICE = "This policy is published in Bulgarian only."


def _publish(controller, editor, language, title):
    policy = services.policy_get_or_create(controller=controller)
    draft = services.policy_version_create_draft(
        policy=policy,
        author=editor,
        language=language,
        title=title,
        effective_date=datetime.date(2026, 1, 1),
        sections=[{"topic": "cookies", "title": "Cookies", "body": "Only the necessary ones."}],
    )
    # Published on its effective day: a new version cannot take effect before it is published.
    published = datetime.datetime(2026, 1, 1, 9, tzinfo=datetime.UTC)
    return services.policy_publish(version=draft, publisher=editor, now=published)


def _document(body: str) -> str:
    return re.search(r'<article class="policy-document"[^>]*>', body).group(0)


@pytest.mark.parametrize("path", ["/en/alfa/privacy/", "/en/alfa/privacy/v1/"])
def test_english_page_of_a_bulgarian_only_policy(client, publish, path):
    publish()
    body = client.get(path).content.decode()
    # At the top, before the version bar, in English, on an English page.
    assert '<html lang="en">' in body
    assert body.index(NOTICE) < body.index('class="policy-bar"')
    assert 'lang="bg"' in _document(body)
    assert '<div lang="bg">' in body
    assert "Read this policy in" not in body  # there is no other language to link to


def test_bulgarian_page_of_a_bulgarian_policy_has_no_notice(client, publish):
    publish()
    body = client.get("/alfa/privacy/").content.decode()
    assert NOTICE not in body
    assert "Тази политика е публикувана само на български" not in body


def test_the_pdf_under_en_is_marked_bulgarian(client, publish):
    publish()
    response = client.get("/en/alfa/privacy/v1.pdf")
    assert response.status_code == 200
    version = services.PolicyVersion.objects.get()
    assert version.language == "bg"  # the PDF's <html lang> is the version's (pdf/document.html)


def test_both_languages_link_to_each_other(client, controller, editor):
    _publish(controller, editor, "bg", "Политика за поверителност")
    _publish(controller, editor, "en", "Privacy policy")
    bulgarian = client.get("/alfa/privacy/").content.decode()
    english = client.get("/en/alfa/privacy/").content.decode()
    assert (
        '<a href="/en/alfa/privacy/" hreflang="en" lang="en">Read this policy in English</a>'
        in bulgarian
    )
    assert (
        '<a href="/alfa/privacy/" hreflang="bg" lang="bg">Прочетете политиката на български</a>'
        in english
    )
    assert NOTICE not in english
    assert 'lang="en"' in _document(english)


def test_latin_name_on_english_pages_only(client, controller, editor):
    controller.name_en = "Alfa Ltd"
    controller.save()
    _publish(controller, editor, "bg", "Политика за поверителност")
    for path in ["/en/", "/en/alfa/", "/en/alfa/privacy/", "/en/alfa/requests/new/"]:
        assert "Alfa Ltd" in client.get(path).content.decode(), path
    for path in ["/", "/alfa/", "/alfa/privacy/", "/alfa/requests/new/"]:
        body = client.get(path).content.decode()
        assert "Alfa Ltd" not in body and "Алфа ЕООД" in body, path
    # The legal name stays on the English controller page, marked as Bulgarian.
    assert '<p class="lead" lang="bg">Алфа ЕООД</p>' in client.get("/en/alfa/").content.decode()


def test_without_a_latin_name_english_pages_keep_the_registered_one(client, publish):
    publish()
    assert "Алфа ЕООД" in client.get("/en/alfa/").content.decode()


def test_mail_in_english_uses_the_latin_name(controller, editor):
    controller.name_en = "Alfa Ltd"
    controller.save()
    _publish(controller, editor, "bg", "Политика за поверителност")
    mail.outbox.clear()
    services.subscription_request(
        policy=controller.policies.get(), email="reader@example.invalid", language="en"
    )
    services.subscription_request(
        policy=controller.policies.get(), email="четец@example.invalid", language="bg"
    )
    send_all()
    by_to = {m.to[0]: m for m in mail.outbox}
    assert "Alfa Ltd" in by_to["reader@example.invalid"].subject
    assert "Alfa Ltd" not in by_to["четец@example.invalid"].subject
