"""Mail to requesters as it is sent: plain text never HTML-escaped, from the controller's
sender with its reply-to, in the requester's language, with the receipt of what was filed."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import formats, timezone, translation
from mailer.engine import send_all

from controllers.models import DataProtectionOfficer
from requests_app import workflow
from requests_app.models import DataSubjectRequest
from tests.controllers.factories import MembershipFactory
from tests.requests_app.conftest import upload
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db

TRICKY_NAME = 'Seán O\'Brien & "Co" <Ltd>'
TRICKY_TEXT = "Tom's data & Jerry's: <b>not bold</b> \"quoted\""


def delivered():
    send_all()
    messages = list(mail.outbox)
    mail.outbox.clear()
    return messages


def assert_plain(text: str) -> None:
    for entity in ("&#x27;", "&#39;", "&amp;", "&quot;", "&lt;", "&gt;"):
        assert entity not in text


def shown(value, language: str, fmt: str = "j F Y") -> str:
    with translation.override(language):
        return formats.date_format(value, fmt)


@pytest.mark.parametrize(
    ("prefix", "language", "subject_word", "receipt_heading", "due_label"),
    [
        ("", "bg", "Потвърдете", "Разписка за Вашето искане", "Срок за отговор"),
        ("/en", "en", "Confirm", "Receipt of your request", "Answer due by"),
    ],
)
def test_the_confirmation_and_receipt_arrive_as_typed_in_the_requesters_language(
    client, controller, form_data, prefix, language, subject_word, receipt_heading, due_label
):
    controller.legal_name = "Алфа & Бета's ЕООД"
    controller.save()
    response = client.post(
        f"{prefix}/alfa/requests/new/",
        {
            **form_data(requester_name=TRICKY_NAME, details=TRICKY_TEXT),
            "attachments": [upload("Tom's & Jerry's <1>.pdf")],
        },
    )
    assert response.status_code == 302
    dsr = DataSubjectRequest.objects.get()
    (message,) = delivered()
    assert message.subject.startswith(subject_word)
    assert_plain(message.subject + message.body)
    assert f"{TRICKY_NAME}," in message.body
    assert TRICKY_TEXT in message.body
    assert "Tom's & Jerry's <1>.pdf" in message.body
    assert "Алфа & Бета's ЕООД" in message.body
    assert receipt_heading in message.body
    assert f"{due_label}: {shown(dsr.due_date, language)}\n" in message.body
    received = timezone.localtime(dsr.received_at)
    assert f": {shown(received, language, 'j F Y, H:i')}\n" in message.body
    assert dsr.reference in message.subject
    assert message.to == ["maria@example.org"]


def test_the_receipt_names_rights_and_dates_in_english_format(client, controller, form_data):
    client.post("/en/alfa/requests/new/", form_data(rights=["access"], details=""))
    (message,) = delivered()
    dsr = DataSubjectRequest.objects.get()
    assert "Rights: access (Art. 15)\n" in message.body
    assert f"Answer due by: {dsr.due_date.day} {dsr.due_date:%B} {dsr.due_date.year}\n" in (
        message.body
    )
    # Nothing was attached and nothing written: no heading with "(none)" under it.
    assert "Attached files" not in message.body and "Details" not in message.body
    assert "(none)" not in message.body


@pytest.mark.parametrize(("prefix", "language", "on"), [("", "bg", "на"), ("/en", "en", "on")])
def test_a_mail_writes_its_dates_one_way(client, controller, form_data, prefix, language, on):
    client.post(f"{prefix}/alfa/requests/new/", form_data())
    (message,) = delivered()
    dsr = DataSubjectRequest.objects.get()
    assert f"{on} {shown(dsr.received_date, language)}.\n" in message.body
    assert shown(dsr.due_date, language) in message.body
    assert not re.search(r"\d\d\.\d\d\.\d{4}", message.body)


def test_from_and_reply_to_come_from_the_controllers_configuration(client, controller, form_data):
    controller.mail_from_name = "Алфа – защита на данните"
    controller.mail_from_address = "privacy@alfa.bg"
    controller.mail_reply_to = "dpo-desk@alfa.bg"
    controller.save()
    client.post("/alfa/requests/new/", form_data())
    (message,) = delivered()
    assert message.from_email == "Алфа – защита на данните <privacy@alfa.bg>"
    assert message.reply_to == ["dpo-desk@alfa.bg"]
    assert "localhost" not in message.message()["From"]


def test_without_configuration_the_dpos_address_is_the_sender_and_reply_to(
    client, controller, form_data
):
    DataProtectionOfficer.objects.create(
        controller=controller, name="Иван Иванов", email="dpo@alfa.bg"
    )
    controller.email = "office@alfa.bg"
    controller.save()
    client.post("/en/alfa/requests/new/", form_data())
    (message,) = delivered()
    assert message.from_email == "Алфа ЕООД <dpo@alfa.bg>"
    assert message.reply_to == ["dpo@alfa.bg"]


def test_without_a_dpo_the_controllers_email_is_used(client, controller, form_data):
    controller.email = "office@alfa.bg"
    controller.save()
    client.post("/alfa/requests/new/", form_data())
    (message,) = delivered()
    assert message.from_email == "Алфа ЕООД <office@alfa.bg>"
    assert message.reply_to == ["office@alfa.bg"]


@pytest.mark.parametrize(
    ("language", "subject_start", "body_words"),
    [
        ("en", "The deadline of request", "is extended to"),
        ("bg", "Срокът по искане", "е удължен до"),
    ],
)
def test_a_moves_mail_is_in_the_requesters_language_whatever_the_staffs(
    controller, language, subject_start, body_words
):
    dpo = MembershipFactory(controller=controller, role="dpo").user
    dsr = DataSubjectRequestFactory(
        controller=controller,
        language=language,
        requester_name=TRICKY_NAME,
        received_at=datetime.datetime(2026, 3, 5, 9, tzinfo=datetime.UTC),
    )
    staff_language = "bg" if language == "en" else "en"
    with translation.override(staff_language):
        workflow.request_extend(
            request=dsr, actor=dpo, reasons=TRICKY_TEXT, today=datetime.date(2026, 3, 20)
        )
    (message,) = delivered()
    assert message.subject.startswith(subject_start)
    assert body_words in message.body
    assert TRICKY_TEXT in message.body and TRICKY_NAME in message.body
    assert_plain(message.body)


def test_acknowledgement_after_confirming_is_plain_text(client, controller, form_data):
    client.post("/en/alfa/requests/new/", form_data(requester_name=TRICKY_NAME))
    dsr = DataSubjectRequest.objects.get()
    (confirmation,) = delivered()
    link = next(line for line in confirmation.body.splitlines() if "/confirm/" in line)
    client.post(link.removeprefix("http://127.0.0.1:8000"))
    (acknowledgement,) = delivered()
    assert acknowledgement.subject == f"Request {dsr.reference} received"
    assert f"Dear {TRICKY_NAME}," in acknowledgement.body
    assert_plain(acknowledgement.body)


@pytest.mark.parametrize(("language", "word"), [("bg", "абонамента"), ("en", "subscription")])
def test_a_policy_subscription_mail_is_plain_text_from_the_controller(controller, language, word):
    from policies import services as policy_services

    controller.short_name = "O'Brien & Sons <BG>"
    controller.mail_reply_to = "privacy@obrien.bg"
    controller.save()
    policy = policy_services.policy_get_or_create(controller=controller)
    policy_services.subscription_request(
        policy=policy, email="reader@example.org", language=language
    )
    (message,) = delivered()
    assert "O'Brien & Sons <BG>" in message.subject
    assert "O'Brien & Sons <BG>" in message.body
    assert word in message.subject
    assert_plain(message.subject + message.body)
    assert message.reply_to == ["privacy@obrien.bg"]
    assert message.from_email.startswith('"O\'Brien & Sons <BG>"')
