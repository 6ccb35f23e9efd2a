"""Letters: an outgoing message printed once as a PDF with the letterhead, the address block,
the date, the outgoing number (per controller, by year, never twice) and the signature; its
dispatch by post on the audit trail."""

import datetime
import io
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse
from pypdf import PdfReader

from gdpr_portal import clock
from requests_app import conversation, letters, services
from requests_app.models import Channel, Message, OutgoingCounter, RequestEvent
from tests.controllers.factories import (
    ControllerFactory,
    DataProtectionOfficerFactory,
    MembershipFactory,
)
from tests.requests_app.factories import DataSubjectRequestFactory

SOFIA = ZoneInfo("Europe/Sofia")


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def dpo(controller):
    return MembershipFactory(controller=controller, role="dpo").user


@pytest.fixture
def postal(controller):
    return services.request_submit(
        controller=controller,
        language="bg",
        rights=["access"],
        requester_name="Петър Нейков",
        requester_address="гр. Пловдив 4000\nул. „Лозе“ 3",
        reply_channel="post",
        channel=Channel.POST,
    )


@pytest.mark.django_db
def test_the_acknowledgement_of_a_postal_request_prints_as_a_letter(controller, dpo, postal):
    controller.phone = "+359 2 123 4567"
    controller.save()
    DataProtectionOfficerFactory(controller=controller, name="Иван Иванов")
    message = postal.messages.get()
    made = letters.letter_make(message=message, actor=dpo)
    year = clock.now().astimezone(SOFIA).year
    assert made.registry_number == f"ИЗХ-{year}-0001"
    text = pdf_text(made.letter.read())
    for expected in (
        "Алфа ЕООД",
        controller.eik,
        controller.registered_address,
        "+359 2 123 4567",
        "Петър Нейков",
        "гр. Пловдив 4000",
        f"Изх. № ИЗХ-{year}-0001",
        clock.today().strftime("%d.%m.%Y"),
        postal.reference,
        f"Искане {postal.reference} е получено",
        "Иван Иванов",
        "Длъжностно лице по защита на данните",
    ):
        assert expected in text, expected
    # Nothing was attached or written: no empty heading.
    assert "Приложени файлове" not in text and "(няма)" not in text
    event = postal.events.get(kind=RequestEvent.Kind.LETTER_MADE)
    assert event.actor == dpo and made.registry_number in event.note


@pytest.mark.django_db
def test_a_letter_is_made_once_and_kept(controller, dpo, postal):
    message = postal.messages.get()
    first = letters.letter_make(message=message, actor=dpo)
    stored = first.letter.name
    again = letters.letter_make(message=message, actor=dpo)
    assert again.registry_number == first.registry_number and again.letter.name == stored
    assert OutgoingCounter.objects.get().last == 1
    assert postal.events.filter(kind=RequestEvent.Kind.LETTER_MADE).count() == 1


@pytest.mark.django_db
def test_a_letter_without_a_dpo_is_signed_for_the_controller(controller, dpo, postal):
    controller.representative = "Георги Управителев"
    controller.save()
    made = letters.letter_make(message=postal.messages.get(), actor=dpo)
    text = pdf_text(made.letter.read())
    assert "Георги Управителев" in text and "за Алфа ЕООД, администратора" in text


@pytest.mark.django_db
def test_a_reply_is_not_printed_as_a_letter(controller, dpo, postal):
    reply = conversation.message_reply(request=postal, body="Благодаря")
    with pytest.raises(ValidationError):
        letters.letter_make(message=reply, actor=dpo)


@pytest.mark.django_db
def test_staff_of_another_controller_cannot_print(controller, postal):
    stranger = MembershipFactory(controller=ControllerFactory(), role="dpo").user
    with pytest.raises(PermissionDenied):
        letters.letter_make(message=postal.messages.get(), actor=stranger)
    assert not Message.objects.exclude(registry_number="").exists()


@pytest.mark.django_db
def test_numbers_run_per_controller_and_start_again_each_year(controller):
    other = ControllerFactory()
    numbers = [letters.registry_number_next(controller=controller, year=2026) for _ in range(3)]
    assert numbers == ["ИЗХ-2026-0001", "ИЗХ-2026-0002", "ИЗХ-2026-0003"]
    assert letters.registry_number_next(controller=other, year=2026) == "ИЗХ-2026-0001"
    assert letters.registry_number_next(controller=controller, year=2027) == "ИЗХ-2027-0001"
    assert letters.registry_number_next(controller=controller, year=2026) == "ИЗХ-2026-0004"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_numbers_taken_at_the_same_time_are_never_the_same():
    controller = ControllerFactory()
    taken, errors = [], []
    start = threading.Barrier(4)

    def take():
        try:
            start.wait()
            for _ in range(5):
                with transaction.atomic():
                    taken.append(letters.registry_number_next(controller=controller, year=2026))
        except Exception as error:  # reported below, not swallowed
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(taken) == [f"ИЗХ-2026-{n:04d}" for n in range(1, 21)]


@pytest.mark.django_db
def test_the_dispatch_is_recorded_on_the_trail(client, controller, dpo, postal):
    message = letters.letter_make(message=postal.messages.get(), actor=dpo)
    client.force_login(dpo)
    url = reverse("admin:requests_app_letter_dispatch", args=[postal.pk, message.public_id])
    tomorrow = clock.today() + datetime.timedelta(days=1)
    response = client.post(url, {"posted_on": tomorrow.isoformat(), "tracking_number": "RR1"})
    assert response.status_code == 200
    assert "бъдещето" in response.content.decode() and "RR1" in response.content.decode()
    assert not postal.events.filter(kind=RequestEvent.Kind.LETTER_POSTED).exists()
    today = clock.today()
    response = client.post(url, {"posted_on": today.isoformat(), "tracking_number": "RR1BG"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.posted_on, message.tracking_number) == (today, "RR1BG")
    event = postal.events.get(kind=RequestEvent.Kind.LETTER_POSTED)
    assert event.actor == dpo and event.changes["tracking_number"]["after"] == "RR1BG"


@pytest.mark.django_db
def test_the_pdf_is_served_from_storage_to_staff_of_the_controller(client, controller, dpo, postal):
    message = postal.messages.get()
    client.force_login(dpo)
    make = reverse("admin:requests_app_letter_make", args=[postal.pk, message.public_id])
    page = client.get(make)  # a page of its own: nothing is numbered yet
    assert page.status_code == 200 and not OutgoingCounter.objects.exists()
    response = client.post(make)
    assert response.status_code == 302
    pdf = client.get(response["Location"])
    assert pdf["Content-Type"] == "application/pdf"
    data = b"".join(pdf.streaming_content)
    message.refresh_from_db()
    assert data == message.letter.open("rb").read()
    stranger = MembershipFactory(controller=ControllerFactory(), role="dpo").user
    client.force_login(stranger)
    assert client.get(response["Location"]).status_code == 404


@pytest.mark.django_db
def test_the_admin_claims_no_confirmed_email_without_one(client, controller, dpo, postal):
    with_email = DataSubjectRequestFactory(controller=controller)
    client.force_login(dpo)
    page = client.get(reverse("admin:requests_app_datasubjectrequest_changelist")).content
    page = page.decode()
    row = page[page.index(postal.reference) :]
    row = row[: row.index("</tr>")]
    assert "icon-yes" not in row and "icon-no" not in row and "—" in row
    assert with_email.reference in page


@pytest.mark.django_db
def test_anonymising_a_request_removes_its_thread_and_letters(
    controller, dpo, postal, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from requests_app.disposal import anonymise_requests

    made = letters.letter_make(message=postal.messages.get(), actor=dpo)
    conversation.message_reply(request=postal, body="Лични подробности")
    letter_file = made.letter.name
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_requests([postal.pk])
    assert not Message.objects.filter(request=postal).exists()
    assert not default_storage.exists(letter_file)
    assert OutgoingCounter.objects.get().last == 1  # the number stays given
