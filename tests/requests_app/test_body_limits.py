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
    assert "най-много 5 MB всеки" in client.get("/alfa/requests/new/").content.decode()


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
