"""Invalid data of every kind: a clear message beside the field, what was typed kept, and
nothing stored at all."""

import pytest
from django.core import mail
from mailer.models import Message

from requests_app.models import Attachment, DataSubjectRequest, HeldUpload, RequestEvent
from tests.requests_app.conftest import PDF, started, upload

pytestmark = pytest.mark.django_db

BIG = b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1)

CASES = [
    ("no right", {"rights": None}, "Изберете поне едно право."),
    ("unknown right", {"rights": ["everything"]}, "Направете валиден избор"),
    ("no name", {"requester_name": ""}, "Въведете името си."),
    ("no email", {"requester_email": ""}, "Въведете имейл адреса си."),
    ("bad email", {"requester_email": "maria@"}, "Въведете валиден имейл адрес"),
    ("bad ЕГН", {"national_id": "7523169264"}, "Това не е валиден ЕГН или ЛНЧ"),
    ("letters as ЕГН", {"national_id": "abcdefghij"}, "Това не е валиден ЕГН или ЛНЧ"),
    (
        "representative without name or power of attorney",
        {"acting_as": "representative"},
        "Въведете името на лицето, което представлявате.",
    ),
    (
        "representative without power of attorney",
        {"acting_as": "representative", "on_behalf_of": "Петър Измислен"},
        "Приложете пълномощното",
    ),
    ("post without address", {"reply_channel": "post"}, "Въведете адреса"),
    ("too long details", {"details": "я" * 5001}, "най-много 5000 знака"),
    ("bot filled the hidden field", {"website": "http://spam.example"}, "не може да бъде приет"),
    ("sent too quickly", {"started": "just now"}, "изпратен твърде бързо"),
    ("tampered start", {"started": "forged"}, "Формулярът е изтекъл"),
]


def assert_nothing_stored():
    assert DataSubjectRequest.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert RequestEvent.objects.count() == 0
    assert Message.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(("case", "change", "message"), CASES, ids=[c[0] for c in CASES])
def test_invalid_field(client, controller, form_data, case, change, message):
    if change.get("started") == "just now":
        change = {"started": started(0)}
    data = form_data(**change)
    response = client.post("/alfa/requests/new/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body, body[body.find("field__errors") - 500 :][:1500]
    # What was typed is shown again.
    assert 'value="Мария Примерова"' in body or change.get("requester_name") == ""
    assert data["details"][:100] in body
    assert_nothing_stored()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evil.pdf", b"MZ\x90\x00 not a pdf", "не е PDF, JPEG или PNG"),
        ("photo.png", b"\x89PNG\r\n\x1a\nbroken", "не може да бъде прочетен като изображение"),
        ("script.pdf.exe", b"<script>alert(1)</script>", "не е PDF, JPEG или PNG"),
        ("huge.pdf", BIG, "най-много 5 МБ"),
    ],
)
def test_rejected_uploads_store_nothing(client, controller, form_data, name, content, message):
    data = form_data()
    data["attachments"] = [upload("ok.pdf", PDF), upload(name, content)]
    response = client.post("/alfa/requests/new/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    # The good file is kept for the corrected form; the refused one is not.
    assert "приложен: ok.pdf (" in body
    assert f"приложен: {name}" not in body
    assert list(HeldUpload.objects.values_list("original_name", flat=True)) == ["ok.pdf"]
    assert_nothing_stored()


def test_too_many_files(client, controller, form_data):
    data = form_data()
    data["attachments"] = [upload(f"{i}.pdf") for i in range(6)]
    response = client.post("/alfa/requests/new/", data)
    assert "Приложете най-много 5 файла." in response.content.decode()
    assert_nothing_stored()


def test_english_messages(client, controller, form_data):
    response = client.post("/en/alfa/requests/new/", form_data(requester_email="x", rights=None))
    body = response.content.decode()
    assert "Choose at least one right." in body
    assert "Enter a valid email address" in body
    assert_nothing_stored()


def test_html_typed_in_is_shown_escaped(client, controller, form_data):
    response = client.post(
        "/alfa/requests/new/",
        form_data(requester_name="<script>alert(1)</script>", requester_email="bad"),
    )
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_a_failure_while_storing_leaves_nothing_behind(client, controller, form_data, monkeypatch):
    """A failure after the files were written: rows roll back and the files are deleted."""
    from requests_app import services

    stored = []
    real_store = services.attachment_store

    def recording_store(**kwargs):
        attachment = real_store(**kwargs)
        stored.append(attachment.file.name)
        return attachment

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "attachment_store", recording_store)
    # The thread's record of the first message is the last step, after the queued mail, the
    # rows and the files.
    monkeypatch.setattr(services, "_thread_record", broken)
    data = form_data()
    data["attachments"] = [upload()]
    client.raise_request_exception = False
    response = client.post("/alfa/requests/new/", data)
    assert response.status_code == 500
    assert_nothing_stored()
    from django.core.files.storage import default_storage

    assert stored and not any(default_storage.exists(name) for name in stored)
