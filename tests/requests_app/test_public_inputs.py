"""Input is never lost: files chosen before another field's mistake are held and used, text
is never cut (its limit is stated and an error says when it is passed)."""

import datetime

import pytest
import time_machine
from django.core.files.storage import default_storage

from gdpr_portal import clock
from requests_app import holding
from requests_app.models import Attachment, DataSubjectRequest, HeldUpload
from tests.requests_app.conftest import PDF, upload

pytestmark = pytest.mark.django_db


def held_key(response) -> str:
    import re

    return re.search(r'name="held_key" value="([^"]+)"', response.content.decode()).group(1)


def test_files_survive_another_fields_error_and_are_used_on_the_right_submit(
    client, controller, form_data
):
    first = client.post(
        "/en/alfa/requests/new/",
        {
            **form_data(requester_name=""),
            "attachments": [upload("bill.pdf"), upload("id card.pdf")],
        },
    )
    assert first.status_code == 400
    page = first.content.decode()
    assert "Enter your name." in page
    assert "attached: bill.pdf (" in page and "attached: id card.pdf (" in page
    assert "Files are not kept" not in page
    assert DataSubjectRequest.objects.count() == 0 and Attachment.objects.count() == 0
    key = held_key(first)
    assert HeldUpload.objects.filter(form_key=key).count() == 2

    second = client.post(
        "/en/alfa/requests/new/", {**form_data(requester_name="Maria"), "held_key": key}
    )
    assert second.status_code == 302
    dsr = DataSubjectRequest.objects.get()
    stored = list(dsr.attachments.order_by("original_name"))
    assert [a.original_name for a in stored] == ["bill.pdf", "id card.pdf"]
    assert stored[0].file.read() == PDF
    assert HeldUpload.objects.count() == 0

    receipt = client.get(second["Location"])
    assert "bill.pdf" in receipt.content.decode() and "id card.pdf" in receipt.content.decode()


def test_a_held_file_can_be_removed_and_new_ones_added(
    client, controller, form_data, django_capture_on_commit_callbacks
):
    first = client.post(
        "/alfa/requests/new/",
        {**form_data(requester_email=""), "attachments": [upload("old.pdf")]},
    )
    key = held_key(first)
    old = HeldUpload.objects.get()
    assert default_storage.exists(old.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(
            "/alfa/requests/new/",
            {
                **form_data(requester_email="maria@example.org"),
                "held_key": key,
                "remove_held": [old.public_id],
                "attachments": [upload("new.pdf")],
            },
        )
    assert second.status_code == 302
    dsr = DataSubjectRequest.objects.get()
    assert [a.original_name for a in dsr.attachments.all()] == ["new.pdf"]
    assert not default_storage.exists(old.file.name)


def test_a_held_power_of_attorney_counts(client, controller, form_data):
    first = client.post(
        "/en/alfa/requests/new/",
        {
            **form_data(acting_as="representative", on_behalf_of=""),
            "power_of_attorney": upload("poa.pdf"),
        },
    )
    assert first.status_code == 400
    assert "Enter the name of the person you represent." in first.content.decode()
    assert "Attach the power of attorney" not in first.content.decode()
    assert "attached: poa.pdf" in first.content.decode()
    second = client.post(
        "/en/alfa/requests/new/",
        {
            **form_data(acting_as="representative", on_behalf_of="Ivan"),
            "held_key": held_key(first),
        },
    )
    assert second.status_code == 302
    attachment = DataSubjectRequest.objects.get().attachments.get()
    assert (attachment.kind, attachment.original_name) == ("power_of_attorney", "poa.pdf")


def test_held_files_and_new_ones_count_together_against_the_limit(client, controller, form_data):
    first = client.post(
        "/en/alfa/requests/new/",
        {**form_data(requester_name=""), "attachments": [upload(f"{i}.pdf") for i in range(4)]},
    )
    second = client.post(
        "/en/alfa/requests/new/",
        {
            **form_data(),
            "held_key": held_key(first),
            "attachments": [upload("5.pdf"), upload("6.pdf")],
        },
    )
    assert second.status_code == 400
    assert "Attach at most 5 files." in second.content.decode()
    assert DataSubjectRequest.objects.count() == 0


def test_a_stale_or_foreign_key_holds_nothing(client, controller, form_data):
    first = client.post(
        "/en/alfa/requests/new/", {**form_data(requester_name=""), "attachments": [upload()]}
    )
    key = held_key(first)
    HeldUpload.objects.update(
        created_at=clock.now() - datetime.timedelta(hours=holding.HELD_UPLOAD_HOURS + 1)
    )
    second = client.post("/en/alfa/requests/new/", {**form_data(), "held_key": key})
    assert second.status_code == 302
    assert DataSubjectRequest.objects.get().attachments.count() == 0
    assert holding.held_purge_expired() == 1
    assert HeldUpload.objects.count() == 0
    assert holding.held_get(form_key="short") == []


def test_long_text_is_never_cut_and_its_limit_is_stated(client, controller, form_data):
    page = client.get("/en/alfa/requests/new/").content.decode()
    assert ' maxlength="5000"' not in page
    assert 'data-maxlength="5000"' in page
    assert "At most 5000 characters." in page
    assert "js/counter.js" in page
    # 5,000 characters typed with 366 line breaks, as a browser sends them (CRLF): kept whole.
    lines = ["x" * 12] * 366
    text = "\r\n".join(lines)
    text += "y" * (5000 - len(text.replace("\r\n", "\n")))
    response = client.post("/en/alfa/requests/new/", form_data(details=text))
    assert response.status_code == 302
    details = DataSubjectRequest.objects.get().details
    assert len(details) == 5000 and details.endswith("y") and "\r" not in details


def test_text_past_the_limit_is_refused_with_a_message_and_kept(client, controller, form_data):
    text = "Tom's " * 834  # 5,004 characters
    response = client.post("/en/alfa/requests/new/", form_data(details=text))
    assert response.status_code == 400
    assert "at most 5000 characters (it has 5003)" in response.content.decode()
    assert "Tom&#x27;s Tom&#x27;s" in response.content.decode()  # re-displayed, escaped in HTML
    assert DataSubjectRequest.objects.count() == 0


def test_the_worker_deletes_held_files_past_their_day(
    client, controller, form_data, django_capture_on_commit_callbacks
):
    from requests_app.management.commands.run_worker import daily_jobs

    client.post("/alfa/requests/new/", {**form_data(requester_name=""), "attachments": [upload()]})
    fresh = client.post(
        "/alfa/requests/new/", {**form_data(requester_name=""), "attachments": [upload()]}
    )
    old, kept = HeldUpload.objects.order_by("pk")
    # The worker's daily jobs run after 7:00 in Sofia: at 10:00 UTC, one file a day old.
    later = clock.now().replace(hour=10)
    hours = datetime.timedelta(hours=1)
    HeldUpload.objects.filter(pk=old.pk).update(
        created_at=later - (holding.HELD_UPLOAD_HOURS + 1) * hours
    )
    HeldUpload.objects.filter(pk=kept.pk).update(created_at=later - hours)
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(later, tick=False):
        daily_jobs()
    assert list(HeldUpload.objects.all()) == [kept]
    assert not default_storage.exists(old.file.name)
    assert default_storage.exists(kept.file.name)
    assert held_key(fresh) == kept.form_key
