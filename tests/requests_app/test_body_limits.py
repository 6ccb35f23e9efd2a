"""Size limits set in the app (issue 19): past them the visitor gets the portal's page stating
the limits, in their language, with the way back to the form, never a bare 400 or 413."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from requests_app.models import DataSubjectRequest
from tests.requests_app.conftest import PDF


def pdf(name="scan.pdf", size=1000):
    return SimpleUploadedFile(name, PDF + b"0" * size, content_type="application/pdf")


def assert_limit_page(response, *texts):
    assert response.status_code == 413
    page = response.content.decode()
    assert "<footer" in page  # the portal's own page
    assert 'href="/' in page and "alfa/requests/new/" in page  # the way back
    for text in texts:
        assert text in page
    assert not DataSubjectRequest.objects.exists()


def test_the_form_states_the_limits_up_front(client, controller):
    page = client.get("/en/alfa/requests/new/").content.decode()
    assert "Up to 5 files: PDF, JPEG or PNG, at most 5 MB each." in page
    assert "най-много 5 МБ всеки" in client.get("/alfa/requests/new/").content.decode()


def test_sizes_and_limits_are_in_one_set_of_units(client, controller):
    """The size of each file as the limits beside the fields state them: "КБ", "МБ" in
    Cyrillic, "5 МБ" (never "KБ" with a Latin K, nor "5,0 МБ" beside "5 МБ")."""
    from requests_app import conversation
    from requests_app.uploads import check_upload
    from tests.requests_app.factories import DataSubjectRequestFactory

    dsr = DataSubjectRequestFactory(controller=controller, language="bg")
    conversation.message_reply(
        request=dsr, body="Ето", files=[check_upload(pdf("карта.pdf", 18_700))]
    )
    # (filesizeformat keeps the number and the unit together with a no-break space)
    page = client.get(f"/requests/{dsr.status_token}/").content.decode().replace("\xa0", " ")
    assert "(18,3 КБ)" in page and "KБ" not in page
    assert "най-много 5 МБ всеки" in page and "5,0 МБ" not in page
    refused = (
        client.post(
            f"/requests/{dsr.status_token}/reply/",
            {"body": "Още", "files": [pdf("голям.pdf", 5 * 1024 * 1024)]},
        )
        .content.decode()
        .replace("\xa0", " ")
    )
    assert "файловете може да са най-много 5 МБ" in refused
    english = client.get(f"/en/requests/{dsr.status_token}/").content.decode()
    english = english.replace("\xa0", " ")
    assert "(18.3 KB)" in english and "at most 5 MB each" in english


@pytest.mark.parametrize(
    ("prefix", "texts"),
    [
        ("/en", ["What you sent is too large", "Nothing was recorded", "Back to the form"]),
        ("", ["Изпратеното е твърде голямо", "Нищо не е записано", "Обратно към формуляра"]),
    ],
)
def test_a_body_past_the_limit_is_refused_before_it_is_read(
    client, controller, form_data, settings, prefix, texts
):
    settings.MAX_REQUEST_BODY_BYTES = 200_000
    data = form_data(attachments=[pdf(size=300_000)])
    assert_limit_page(client.post(f"{prefix}/alfa/requests/new/", data), *texts)


def test_form_fields_past_data_upload_max_memory_size(client, controller, form_data, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    data = form_data(details="д" * 3000)
    assert_limit_page(client.post("/en/alfa/requests/new/", data), "What you sent is too large")


def test_too_many_files(client, controller, form_data, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    data = form_data(attachments=[pdf(f"{n}.pdf") for n in range(4)])
    assert_limit_page(
        client.post("/en/alfa/requests/new/", data), "with at most 3 files", "Back to the form"
    )


def test_within_the_limits_the_form_is_accepted(client, controller, form_data, settings):
    settings.MAX_REQUEST_BODY_BYTES = 200_000
    data = form_data(attachments=[pdf(size=50_000)])
    assert client.post("/alfa/requests/new/", data).status_code == 302
