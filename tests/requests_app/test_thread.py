"""The thread of a request: what moves send is kept, staff write, the requester replies on the
status page, staff see the unread replies (list, filter, digest) and resume the clock."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, translation
from mailer.engine import send_all

from gdpr_portal import clock
from requests_app import conversation, services, workflow
from requests_app.digest import digest_send
from requests_app.models import (
    Attachment,
    Channel,
    DataSubjectRequest,
    HeldUpload,
    Message,
    RequestEvent,
    Status,
)
from requests_app.uploads import CheckedUpload
from requests_app.views import REPLIES_PER_TOKEN_PER_HOUR
from tests.controllers.factories import (
    ControllerFactory,
    DataProtectionOfficerFactory,
    MembershipFactory,
)
from tests.requests_app.conftest import PDF, png_bytes, upload
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db


def delivered():
    send_all()
    messages = list(mail.outbox)
    mail.outbox.clear()
    return messages


@pytest.fixture
def dpo(controller):
    return MembershipFactory(controller=controller, role="dpo").user


@pytest.fixture
def dsr(controller):
    return DataSubjectRequestFactory(controller=controller, requester_name="Мария Петрова")


def paused(dsr, dpo, reasons="Копие от лична карта и подпис"):
    workflow.request_ask_information(request=dsr, actor=dpo, reasons=reasons)
    dsr.refresh_from_db()
    return dsr


def test_a_move_s_message_is_kept_in_the_thread_as_sent(dsr, dpo):
    paused(dsr, dpo)
    [message] = dsr.messages.all()
    [sent] = delivered()
    assert message.direction == Message.Direction.TO_REQUESTER
    assert message.key == "info_request" and message.author == dpo and message.emailed
    assert message.subject == sent.subject and message.body == sent.body
    assert "Копие от лична карта и подпис" in message.body


def test_the_confirmation_link_is_not_part_of_the_thread(controller, form_data, client):
    client.post(f"/{controller.slug}/requests/new/", form_data())
    dsr = DataSubjectRequest.objects.get()
    assert dsr.messages.count() == 0
    assert len(delivered()) == 1


def test_a_postal_request_gets_its_acknowledgement_as_a_letter_and_claims_no_email(
    controller, client
):
    dsr = services.request_submit(
        controller=controller,
        language="bg",
        rights=["access"],
        requester_name="Петър Петров",
        requester_address="гр. Пловдив, ул. „Лозе“ 3",
        reply_channel="post",
        channel=Channel.POST,
    )
    assert dsr.email_confirmed_at is None
    [message] = dsr.messages.all()
    assert message.key == "acknowledgement" and not message.emailed
    assert delivered() == []
    page = client.get(f"/requests/{dsr.status_token}/").content.decode()
    assert "Имейл" not in page and "потвърден" not in page
    assert "по пощата" in page  # how the answers reach the requester
    # Nothing on the page or the receipt speaks of an email the requester never gave.
    assert "имейл" not in page
    assert "той Ви пита тук и с писмо" in page
    receipt = client.get(f"/requests/{dsr.status_token}/receipt/").content.decode()
    assert "имейл" not in receipt
    # "Find my requests" mails links to an address: only the site's footer offers it.
    assert receipt.count('href="/requests/find/"') == 1
    sent = client.post(
        reverse("requests_app:reply", args=[dsr.status_token]), {"body": "Ето"}, follow=True
    )
    assert "Ще Ви отговорим тук и с писмо." in sent.content.decode()


def test_staff_write_to_the_requester_with_a_file(dsr, dpo):
    file = CheckedUpload(name="указания.pdf", content_type="application/pdf", data=PDF)
    message = conversation.message_write(
        request=dsr,
        actor=dpo,
        language="en",
        subject="Your request",
        body="Dear Maria, O'Brien & Co. hold no data.",
        files=[file],
    )
    [sent] = delivered()
    assert sent.to == [dsr.requester_email] and sent.subject == "Your request"
    assert "O'Brien & Co." in sent.body
    assert f"/requests/{dsr.status_token}/" in sent.body  # the status link is added
    assert message.files.get().original_name == "указания.pdf"
    assert dsr.events.get().kind == RequestEvent.Kind.MESSAGE_SENT


def test_staff_of_another_controller_cannot_write(dsr):
    stranger = MembershipFactory(controller=ControllerFactory(), role="dpo").user
    with pytest.raises(Exception) as refused:
        conversation.message_write(
            request=dsr, actor=stranger, language="bg", subject="x", body="y"
        )
    assert refused.type.__name__ == "PermissionDenied"
    assert dsr.messages.count() == 0 and delivered() == []


def test_the_write_page_starts_from_a_template_in_the_chosen_language(client, dsr, dpo):
    client.force_login(dpo)
    url = reverse("admin:requests_app_write", args=[dsr.pk])
    page = client.get(url, {"template": "extension", "language": "en"}).content.decode()
    assert f"The deadline of request {dsr.reference} is extended" in page
    page = client.get(url, {"template": "extension"}).content.decode()  # the requester's: bg
    assert f"Срокът по искане {dsr.reference} е удължен" in page
    response = client.post(
        url,
        {"language": "bg", "subject": "Въпрос", "body": "Моля, уточнете.", "files": [upload()]},
    )
    assert response.status_code == 302
    message = dsr.messages.get()
    assert message.author == dpo and message.files.count() == 1
    assert len(delivered()) == 1


def test_the_write_page_keeps_what_was_typed_on_an_error(client, dsr, dpo):
    client.force_login(dpo)
    url = reverse("admin:requests_app_write", args=[dsr.pk])
    bad = upload("notes.txt", b"plain text", "text/plain")
    response = client.post(url, {"language": "bg", "subject": "", "body": "Текст", "files": [bad]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Текст" in page and "notes.txt" in page
    assert dsr.messages.count() == 0 and Attachment.objects.count() == 0


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_only_handlers_write(client, dsr, controller, role):
    user = MembershipFactory(controller=controller, role=role).user
    client.force_login(user)
    url = reverse("admin:requests_app_write", args=[dsr.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"language": "bg", "subject": "a", "body": "b"}).status_code == 403


def test_staff_of_another_controller_do_not_find_the_request(client, dsr):
    stranger = MembershipFactory(controller=ControllerFactory(), role="dpo").user
    client.force_login(stranger)
    assert client.get(reverse("admin:requests_app_write", args=[dsr.pk])).status_code == 404


def reply(client, dsr, body="Ето копие.", files=()):
    return client.post(
        reverse("requests_app:reply", args=[dsr.status_token]),
        {"body": body, "files": list(files)},
    )


def test_the_requester_replies_with_a_file_and_the_assignee_is_told(client, dsr, dpo):
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(assignee=dpo)
    paused(dsr, dpo)
    delivered()
    response = reply(client, dsr, files=[upload("карта.png", png_bytes(), "image/png")])
    assert response.status_code == 302
    message = dsr.messages.get(direction="in")
    assert message.body == "Ето копие." and message.read_at is None
    assert message.files.get().original_name == "карта.png"
    assert dsr.events.filter(kind=RequestEvent.Kind.REPLY_RECEIVED).exists()
    [notice] = delivered()
    assert notice.to == [dpo.email] and dsr.reference in notice.subject
    assert "Ето копие." not in notice.body  # the text stays on the portal
    dsr.refresh_from_db()
    assert dsr.status == Status.INFO_REQUESTED  # the clock does not resume by itself
    page = client.get(f"/requests/{dsr.status_token}/").content.decode()
    assert "Ето копие." in page and "карта.png" in page


@pytest.mark.parametrize(
    ("has_dpo", "thanks"),
    [
        (False, "Ще го прегледаме и ще продължим работата"),
        (True, "Длъжностното лице по защита на данните ще го прегледа"),
    ],
)
def test_after_answering_a_request_for_information_the_page_says_it_arrived(
    client, controller, dsr, dpo, has_dpo, thanks
):
    if has_dpo:
        DataProtectionOfficerFactory(controller=controller)
    paused(dsr, dpo)
    url = f"/requests/{dsr.status_token}/"
    assert "Поискахме от Вас информация" in client.get(url).content.decode()
    page = reply(client, dsr, body="Ето копие.")
    page = client.get(url).content.decode()
    # The thanks after sending names the channel the requester gave: email, never "by post".
    assert "Ще Ви отговорим тук и по имейл." in page and "по пощата" not in page
    assert "Благодарим Ви: получихме отговора Ви." in page and thanks in page
    assert "Поискахме от Вас информация" not in page
    # Asked again after the answer, the page asks again.
    workflow.request_resume(request=dsr, actor=dpo, received_on=clock.today())
    dsr.refresh_from_db()
    paused(dsr, dpo)
    page = client.get(url).content.decode()
    assert "Поискахме от Вас информация" in page and "получихме отговора Ви" not in page


def test_the_requester_downloads_a_file_of_the_thread_with_the_token_only(client, dsr, dpo):
    file = CheckedUpload(name="указания.pdf", content_type="application/pdf", data=PDF)
    message = conversation.message_write(
        request=dsr, actor=dpo, language="bg", subject="Т", body="Б", files=[file]
    )
    attachment = message.files.get()
    url = reverse("requests_app:message_file", args=[dsr.status_token, attachment.public_id])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    other = DataSubjectRequestFactory(controller=dsr.controller)
    wrong = reverse("requests_app:message_file", args=[other.status_token, attachment.public_id])
    assert client.get(wrong).status_code == 404


@pytest.mark.parametrize(
    ("body", "files", "said"),
    [
        ("", [], "Това поле е задължително."),
        ("x" * 5001, [], "5000"),
        ("Текст", [("a.txt", b"hello", "text/plain")], "не е PDF, JPEG или PNG файл"),
    ],
)
def test_a_bad_reply_is_shown_again_and_nothing_is_stored(client, dsr, body, files, said):
    response = reply(client, dsr, body, [upload(*f) for f in files])
    assert response.status_code == 400
    page = response.content.decode()
    assert said in page
    if body and len(body) < 100:
        assert body in page
    assert dsr.messages.count() == 0 and Attachment.objects.count() == 0 and delivered() == []


def test_the_limits_are_stated_beside_the_fields(client, dsr):
    page = client.get(f"/requests/{dsr.status_token}/").content.decode()
    assert "Най-много 5000 знака." in page
    assert "До 5 файла: PDF, JPEG или PNG, най-много 5 МБ всеки." in page


def test_replies_are_rate_limited(client, dsr):
    for _ in range(3):  # a reply sent back for a mistake is not held against the requester
        assert reply(client, dsr, body="").status_code == 400
    for _ in range(REPLIES_PER_TOKEN_PER_HOUR):
        assert reply(client, dsr).status_code == 302
    assert reply(client, dsr).status_code == 429
    assert dsr.messages.count() == REPLIES_PER_TOKEN_PER_HOUR


def test_the_list_shows_unread_replies_in_the_same_queries_for_any_number(
    client, controller, dpo, django_assert_num_queries
):
    client.force_login(dpo)
    url = reverse("admin:requests_app_datasubjectrequest_changelist")
    first = DataSubjectRequestFactory(controller=controller)
    conversation.message_reply(request=first, body="Отговор")
    client.get(url)  # the session and the permission caches warmed
    with CaptureQueriesContext(connection) as one_row:
        page = client.get(url).content.decode()
    assert "1 непрочетен" in page
    for _ in range(5):
        other = DataSubjectRequestFactory(controller=controller)
        conversation.message_reply(request=other, body="Отговор")
        conversation.message_reply(request=other, body="Още")
    with django_assert_num_queries(len(one_row)):
        page = client.get(url).content.decode()
    assert page.count("2 непрочетени") == 5 and page.count("1 непрочетен<") == 1


def test_the_filter_lists_requests_with_unread_replies(client, controller, dpo):
    client.force_login(dpo)
    quiet = DataSubjectRequestFactory(controller=controller)
    loud = DataSubjectRequestFactory(controller=controller)
    conversation.message_reply(request=loud, body="Отговор")
    url = reverse("admin:requests_app_datasubjectrequest_changelist")
    page = client.get(url, {"replies": "unread"}).content.decode()
    assert loud.reference in page and quiet.reference not in page


def test_opening_the_request_marks_its_replies_read_for_handlers_only(client, controller, dsr, dpo):
    conversation.message_reply(request=dsr, body="Отговор")
    viewer = MembershipFactory(controller=controller, role="viewer").user
    client.force_login(viewer)
    url = reverse("admin:requests_app_datasubjectrequest_change", args=[dsr.pk])
    assert "Отговор" in client.get(url).content.decode()
    assert dsr.messages.unread_replies().count() == 1
    client.force_login(dpo)
    page = client.get(url).content.decode()
    assert "unread-badge" in page  # shown as new this once
    message = dsr.messages.get()
    assert message.read_at is not None and message.read_by == dpo
    assert "unread-badge" not in client.get(url).content.decode()


def test_the_digest_counts_unread_replies(controller, dsr, dpo):
    conversation.message_reply(request=dsr, body="Отговор")
    delivered()
    assert digest_send({}) == 1
    [digest] = delivered()
    assert digest.to == [dpo.email]
    assert "1 непрочетен отговор" in digest.subject
    assert dsr.reference in digest.body


def test_a_reply_to_a_pause_offers_to_resume_and_counts_the_pause_to_the_reply(
    client, dsr, dpo, monkeypatch
):
    paused(dsr, dpo)
    asked = dsr.paused_since
    conversation.message_reply(request=dsr, body="Ето")
    Message.objects.filter(direction="in").update(
        created_at=clock.now() + datetime.timedelta(days=3)
    )
    client.force_login(dpo)
    page = client.get(reverse("admin:requests_app_datasubjectrequest_change", args=[dsr.pk]))
    assert "Възобнови срока" in page.content.decode()
    resume = reverse("admin:requests_app_act", args=[dsr.pk, "resume"])
    form = client.get(resume).content.decode()
    arrived = asked + datetime.timedelta(days=3)
    assert arrived.isoformat() in form or arrived.strftime("%d.%m.%Y") in form
    today = asked + datetime.timedelta(days=10)
    workflow.request_resume(request=dsr, actor=dpo, received_on=arrived, today=today)
    dsr.refresh_from_db()
    assert dsr.paused_days == 3 and dsr.status == Status.IN_PROGRESS


def test_the_answer_cannot_arrive_before_the_pause(dsr, dpo):
    paused(dsr, dpo)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.request_resume(
            request=dsr, actor=dpo, received_on=dsr.paused_since - datetime.timedelta(days=1)
        )
    dsr.refresh_from_db()
    assert dsr.status == Status.INFO_REQUESTED


def test_the_staff_notice_is_plain_text_and_not_escaped(controller, dsr, dpo):
    controller.short_name = "O'Brien & Co"
    controller.save()
    conversation.message_reply(request=dsr, body="Отговор")
    [notice] = delivered()
    assert "(O'Brien & Co)" in notice.body and "&#x27;" not in notice.body


def test_writing_to_a_requester_without_email_keeps_the_message_for_a_letter(
    client, controller, dpo
):
    dsr = DataSubjectRequestFactory(controller=controller, requester_email="")
    client.force_login(dpo)
    url = reverse("admin:requests_app_write", args=[dsr.pk])
    response = client.post(
        url, {"language": "bg", "subject": "Писмо", "body": "Текст"}, follow=True
    )
    assert "отпечатайте го като писмо" in response.content.decode()
    message = dsr.messages.get()
    assert not message.emailed and delivered() == []
    assert f"/requests/{dsr.status_token}/" in message.body


# The reply keeps what was typed and chosen: no maxlength cuts pasted text, and files that
# passed their checks are held while the requester corrects a mistake (requests_app.holding).


def reply_key(response) -> str:
    import re

    return re.search(r'name="held_key" value="([^"]+)"', response.content.decode()).group(1)


def crlf_text(length: int) -> str:
    """`length` characters as the server counts them, sent with CRLF line breaks as browsers
    do (each counts as one): 50 lines of 98 letters, then letters."""
    lines = "".join("б" * 98 + "\r\n" for _ in range(50))
    return lines + "я" * (length - 50 * 99)


def test_a_reply_of_5000_characters_with_line_breaks_is_stored_whole(client, dsr):
    body = crlf_text(5000)
    assert len(body) == 5050  # what a maxlength attribute would have cut
    page = client.get(f"/requests/{dsr.status_token}/").content.decode()
    assert 'data-maxlength="5000"' in page and 'maxlength="5000"' not in page.replace(
        'data-maxlength="5000"', ""
    )
    assert "js/counter" in page
    assert reply(client, dsr, body=body).status_code == 302
    stored = dsr.messages.get(direction="in").body
    assert len(stored) == 5000 and stored.count("\n") == 50 and stored.endswith("я" * 50)


def test_a_reply_one_character_too_long_is_refused_beside_the_field_and_kept(client, dsr):
    body = crlf_text(5001)
    response = reply(client, dsr, body=body)
    assert response.status_code == 400
    page = response.content.decode()
    errors = page.split('id="id_body_errors"')[1].split("</div>")[0]
    assert "5000" in errors and "5001" in errors
    assert "я" * 51 + "</textarea>" in page  # the text is there to shorten
    assert dsr.messages.count() == 0


def test_a_good_file_is_held_when_another_is_refused_and_sent_with_the_corrected_reply(client, dsr):
    first = reply(
        client,
        dsr,
        body="Ето документите.",
        files=[
            upload("карта.pdf"),
            upload("програма.exe", b"MZ\x90\x00", "application/x-msdownload"),
        ],
    )
    assert first.status_code == 400
    page = first.content.decode()
    assert "не е PDF, JPEG или PNG файл" in page
    assert "приложен: карта.pdf" in page and "програма.exe" not in page.split("held-files")[1]
    assert dsr.messages.count() == 0 and Attachment.objects.count() == 0
    second = client.post(
        reverse("requests_app:reply", args=[dsr.status_token]),
        {"body": "Ето документите.", "held_key": reply_key(first)},
    )
    assert second.status_code == 302
    message = dsr.messages.get(direction="in")
    [file] = message.files.all()
    assert file.original_name == "карта.pdf" and file.kind == Attachment.Kind.MESSAGE
    with file.file.open("rb") as stored:
        assert stored.read() == PDF
    assert HeldUpload.objects.count() == 0
    page = client.get(f"/requests/{dsr.status_token}/").content.decode()
    assert "карта.pdf" in page and "приложен:" not in page


def test_a_held_reply_file_can_be_removed(client, dsr):
    first = reply(client, dsr, body="", files=[upload("стар.pdf"), upload("нов.pdf")])
    assert first.status_code == 400
    old = HeldUpload.objects.get(original_name="стар.pdf")
    second = client.post(
        reverse("requests_app:reply", args=[dsr.status_token]),
        {"body": "", "held_key": reply_key(first), "remove_held": [old.public_id]},
    )
    page = second.content.decode()
    assert second.status_code == 400
    assert "приложен: нов.pdf" in page and "стар.pdf" not in page
    client.post(
        reverse("requests_app:reply", args=[dsr.status_token]),
        {"body": "Само новият.", "held_key": reply_key(second)},
    )
    message = dsr.messages.get(direction="in")
    assert [f.original_name for f in message.files.all()] == ["нов.pdf"]
    assert HeldUpload.objects.count() == 0


def test_files_held_for_the_request_form_are_not_a_reply_s(client, dsr, controller, form_data):
    first = client.post(
        "/alfa/requests/new/", {**form_data(requester_name=""), "attachments": [upload("чужд.pdf")]}
    )
    assert first.status_code == 400
    response = client.post(
        reverse("requests_app:reply", args=[dsr.status_token]),
        {"body": "Текст", "held_key": reply_key(first)},
    )
    assert response.status_code == 302
    assert dsr.messages.get(direction="in").files.count() == 0


def test_the_reply_form_s_help_is_what_its_fields_are_described_by(client, dsr):
    """Screen readers read each field's help: the id the field names in aria-describedby is
    the help paragraph's."""
    page = client.get(f"/requests/{dsr.status_token}/").content.decode()
    for name in ("body", "files"):
        described_by = re.search(rf'<[^>]+id="id_{name}"[^>]*>', page).group(0)
        help_id = re.search(r'aria-describedby="([^"]+)"', described_by).group(1)
        assert f'<p class="help" id="{help_id}">' in page, name
    assert "Вашият отговор:" not in page  # labels without a colon, as on the request form


def test_while_information_is_awaited_the_due_date_says_it_is_on_hold(client, dsr, dpo):
    url = f"/requests/{dsr.status_token}/"
    assert "Срокът е спрян" not in client.get(url).content.decode()
    paused(dsr, dpo)
    with translation.override("bg"):
        since = formats.date_format(dsr.paused_since, "j F Y")
        assert f"Срокът е спрян от {since} до получаването на Вашия отговор" in (
            client.get(url).content.decode()
        )
    workflow.request_resume(request=dsr, actor=dpo, received_on=clock.today())
    assert "Срокът е спрян" not in client.get(url).content.decode()


def test_a_reply_from_the_english_page_tells_staff_in_their_language_with_their_link(
    client, dsr, dpo
):
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(assignee=dpo)
    delivered()
    response = client.post(
        f"/en/requests/{dsr.status_token}/reply/", {"body": "Here is a copy.", "files": []}
    )
    assert response.status_code == 302
    [notice] = delivered()
    assert f"/admin/requests_app/datasubjectrequest/{dsr.pk}/change/" in notice.body
    assert "/en/admin/" not in notice.body
