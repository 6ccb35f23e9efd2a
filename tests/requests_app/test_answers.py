"""Answers with their documents: the Art. 15 letter tailored by the DPO on the complete move's
page (only what was chosen, no enclosure claimed without a file, no empty heading), stored once;
portability data as JSON and CSV; released until a stated day; each download on the trail;
released again with a reason; nothing for another controller's staff."""

import csv
import datetime
import io
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfReader

from requests_app import workflow
from requests_app.models import AccessPack, Attachment, RequestEvent, Status
from requests_app.portability import parse_portable
from requests_app.releases import expiry_of, release_until
from requests_app.uploads import check_upload
from tests.controllers.factories import ControllerFactory, MembershipFactory, RecipientFactory
from tests.policies.factories import (
    ProcessingPurposeFactory,
    PurposeLegalBasisFactory,
    TransferFactory,
)
from tests.requests_app.conftest import PDF, upload
from tests.requests_app.factories import DataSubjectRequestFactory
from tests.retention.factories import RetentionRuleFactory

pytestmark = pytest.mark.django_db
SOFIA = ZoneInfo("Europe/Sofia")
LIST = "/en/admin/requests_app/datasubjectrequest/"
MARCH_10 = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=SOFIA)


@pytest.fixture
def dpo(controller):
    return MembershipFactory(controller=controller, role="dpo").user


@pytest.fixture
def register(controller):
    """Three purposes; only some apply to any one requester."""
    rule = RetentionRuleFactory(controller=controller, name="Счетоводни записи", period_years=10)
    accounts = ProcessingPurposeFactory(
        controller=controller, name="Счетоводство", retention_rule=rule
    )
    PurposeLegalBasisFactory(purpose=accounts, basis="c", note="ЗСч")
    marketing = ProcessingPurposeFactory(controller=controller, name="Маркетинг")
    PurposeLegalBasisFactory(purpose=marketing, basis="a")
    cloud = RecipientFactory(controller=controller, name="Облак Инк.", country="US")
    TransferFactory(purpose=marketing, country="US", recipient=cloud, safeguard="scc")
    video = ProcessingPurposeFactory(
        controller=controller,
        name="Видеонаблюдение",
        automated_decision=True,
        automated_decision_explanation="Разпознаване на регистрационни номера.",
    )
    PurposeLegalBasisFactory(purpose=video, basis="f", note="Охрана")
    return {"accounts": accounts, "marketing": marketing, "video": video, "cloud": cloud}


def access_request(controller, language="en", rights=("access",)):
    dsr = DataSubjectRequestFactory(
        controller=controller,
        rights=list(rights),
        language=language,
        requester_name="Maria Primerova",
        identity_confirmed_at=datetime.datetime(2026, 3, 2, 9, tzinfo=SOFIA),
    )
    type(dsr).objects.filter(pk=dsr.pk).update(status=Status.IN_PROGRESS)
    dsr.refresh_from_db()
    return dsr


def complete(client, dsr, files=None, **fields):
    data = {
        "decision": "Our answer.",
        "confirm": "on",
        "pack_source": "subject",
        **{f"outcome_{r.right}": "granted" for r in dsr.requested_rights.all()},
        **fields,
    }
    data = {f"complete-{k}": v for k, v in data.items()}
    for name, value in (files or {}).items():
        data[f"complete-{name}"] = value
    return client.post(f"{LIST}{dsr.pk}/act/complete/", data)


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def released(dsr, kind):
    return Attachment.objects.filter(request=dsr, kind=kind, released_at__isnull=False)


def test_the_pack_says_only_what_the_dpo_chose(client, controller, dpo, register):
    dsr = access_request(controller)
    client.force_login(dpo)
    response = complete(client, dsr, pack_purposes=[str(register["accounts"].pk)])
    assert response.status_code == 302
    dsr.refresh_from_db()
    assert dsr.status == Status.COMPLETED
    pack = AccessPack.objects.get(request=dsr)
    assert pack.choices["purposes"] == [register["accounts"].pk]
    assert pack.created_by == dpo and pack.choices["enclosures"] == []
    (document,) = released(dsr, "access_pack")
    assert pack.document == document and document.original_name == f"{dsr.reference}-art15.pdf"
    text = pdf_text(document.file.open("rb").read())
    assert "Счетоводство" in text and "10 years" in text
    assert "Маркетинг" not in text and "Видеонаблюдение" not in text
    # No copy claimed without a file, no transfers heading without a transfer.
    assert "enclosed" not in text
    assert "Transfers outside the EEA" not in text
    assert "We have not disclosed your personal data to any recipient." in text
    assert "We collected the data from you." in text
    assert "solely on automated processing" in text


def test_the_pack_names_the_enclosed_files_transfers_and_recipients_chosen(
    client, controller, dpo, register
):
    dsr = access_request(controller, rights=("access", "portability"))
    client.force_login(dpo)
    marketing, video = register["marketing"], register["video"]
    data = json.dumps([{"name": "Мария", "orders": 3}]).encode()
    response = complete(
        client,
        dsr,
        files={
            "documents": upload("copy-of-data.pdf"),
            "portable_data": SimpleUploadedFile("data.json", data, "application/json"),
        },
        pack_purposes=[str(marketing.pk), str(video.pk)],
        pack_recipients=[str(register["cloud"].pk)],
        pack_transfers=[f"{marketing.pk}:0"],
        pack_automated=[str(video.pk)],
        **{f"pack_retention_{marketing.pk}": "Until you withdraw your consent"},
        pack_source="other",
        pack_source_note="From the loyalty card partner.",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    (document,) = released(dsr, "access_pack")
    text = pdf_text(document.file.open("rb").read())
    assert "copy-of-data.pdf" in text and "enclosed" in text
    assert f"{dsr.reference}-data.json" in text and f"{dsr.reference}-data.csv" in text
    assert "Transfers outside the EEA" in text and "United States" in text
    assert "Облак Инк." in text and "standard contractual clauses" in text.replace("\n", " ")
    assert "Until you withdraw your consent" in text
    assert "From the loyalty card partner." in text
    assert "Разпознаване на регистрационни номера." in text
    assert "Счетоводство" not in text


def test_the_pack_is_generated_once_and_served_as_stored(client, controller, dpo, register):
    dsr = access_request(controller, language="bg")
    client.force_login(dpo)
    complete(client, dsr, pack_purposes=[str(register["accounts"].pk)])
    (document,) = released(dsr, "access_pack")
    stored = document.file.open("rb").read()
    # The register changes afterwards: the letter does not.
    register["accounts"].name = "Ново име"
    register["accounts"].save()
    client.logout()
    first = client.get(f"/requests/{dsr.status_token}/documents/{document.public_id}/")
    assert b"".join(first.streaming_content) == stored
    assert Attachment.objects.filter(request=dsr, kind="access_pack").count() == 1
    text = pdf_text(stored)
    assert "Счетоводство" in text and "Ново име" not in text
    assert dsr.reference in text and "Maria Primerova" in text
    # The staff's page shows it again from the register and the choices stored with it.
    client.force_login(dpo)
    body = client.get(f"{LIST}{dsr.pk}/art15/").content.decode()
    assert "Счетоводство" in body and "Ново име" not in body
    pdf = client.get(f"{LIST}{dsr.pk}/art15.pdf")
    assert b"".join(pdf.streaming_content) == stored
    assert RequestEvent.objects.filter(request=dsr, kind="document_viewed").count() == 1


def test_the_pack_follows_the_published_policy(client, controller, dpo):
    from policies import services as policy_services

    accounts = ProcessingPurposeFactory(controller=controller, name="Счетоводство")
    PurposeLegalBasisFactory(purpose=accounts, basis="c", note="ЗСч")
    editor = MembershipFactory(controller=controller, role="editor").user
    policy = policy_services.policy_get_or_create(controller=controller)
    draft = policy_services.policy_version_create_draft(
        policy=policy, author=editor, language="bg", title="П", effective_date=MARCH_10.date()
    )
    policy_services.policy_publish(
        version=draft, publisher=editor, warnings_reason="тест", now=MARCH_10
    )
    accounts.name = "Ново име след публикуването"
    accounts.save()
    dsr = access_request(controller, language="bg")
    client.force_login(dpo)
    page = client.get(f"{LIST}{dsr.pk}/act/complete/").content.decode()
    assert "Счетоводство" in page and "Ново име" not in page  # as published
    complete(client, dsr, pack_purposes=[str(accounts.pk)])
    pack = AccessPack.objects.get(request=dsr)
    assert pack.policy_version == draft
    text = pdf_text(pack.document.file.open("rb").read())
    assert "Счетоводство" in text and "версия 1" in text and "kzld@cpdp.bg" in text


def test_the_form_warns_of_a_purpose_without_a_legal_basis(client, controller, dpo):
    rule = RetentionRuleFactory(
        controller=controller,
        name="Договори",
        period_years=0,
        criterion="Until the contract ends.",
    )
    ProcessingPurposeFactory(controller=controller, name="Електронна услуга", retention_rule=rule)
    accounts = ProcessingPurposeFactory(controller=controller, name="Счетоводство")
    PurposeLegalBasisFactory(purpose=accounts, basis="c", note="ЗСч")
    dsr = access_request(controller)
    client.force_login(dpo)
    page = client.get(f"{LIST}{dsr.pk}/act/complete/").content.decode()
    # No dangling dash after the name, and a warning beside the purposes.
    assert "Електронна услуга – <" not in page and "Електронна услуга – \n" not in page
    assert "Електронна услуга (the register names no legal basis)" in page
    assert "The register names no legal basis for: Електронна услуга." in page
    assert "Счетоводство – " in page  # a purpose with a basis names it
    # The rule's own full stop is not doubled.
    assert "Leave empty to state the register&#x27;s rule: Until the contract ends." in page
    assert "ends.." not in page
    # A move page leads back, not "Cancel" (read as "refuse" beside the refuse move), and its
    # summary reads like the change page's.
    assert ">Back</a>" in page and ">Cancel</a>" not in page
    assert "<dt>Reference:</dt>" in page and "<dt>Status:</dt>" in page
    # The breadcrumb does not say the same name twice.
    start = page.index('class="breadcrumbs"')
    crumbs = page[start : page.index("</div>", start)]
    assert crumbs.count("Data-subject requests") == 1


def test_a_mistake_keeps_what_was_typed_and_asks_for_the_file_again(
    client, controller, dpo, register
):
    dsr = access_request(controller)
    client.force_login(dpo)
    response = complete(client, dsr, files={"documents": upload("copy.pdf")}, decision="Kept.")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tick the purposes that apply to the requester" in body
    assert "choose it again" in body and "Kept." in body
    dsr.refresh_from_db()
    assert dsr.status == Status.IN_PROGRESS
    assert not AccessPack.objects.exists() and not Attachment.objects.filter(request=dsr).exists()
    # A transfer of a purpose not ticked, and "other sources" without words, are refused too.
    marketing = register["marketing"]
    response = complete(
        client,
        dsr,
        pack_purposes=[str(register["accounts"].pk)],
        pack_transfers=[f"{marketing.pk}:0"],
        pack_source="other",
    )
    body = response.content.decode()
    assert "belongs to a purpose that is not ticked" in body
    assert "Describe where the data comes from." in body
    assert not AccessPack.objects.exists()


def test_no_letter_when_no_data_is_processed(client, controller, dpo, register):
    dsr = access_request(controller)
    client.force_login(dpo)
    assert complete(client, dsr, pack_no_data="on").status_code == 302
    assert not AccessPack.objects.exists()
    assert not released(dsr, "access_pack").exists()


# Portability (Art. 20)


def test_portability_gives_the_same_records_as_json_and_csv(client, controller, dpo):
    dsr = access_request(controller, rights=("portability",))
    client.force_login(dpo)
    records = [
        {"name": "Мария", "city": {"name": "Пловдив"}, "tags": ["a", "b"], "total": 12.5},
        {"name": "=HYPERLINK(1)", "city": {"name": "Варна"}, "active": True},
    ]
    raw = json.dumps(records, ensure_ascii=False).encode()
    response = complete(
        client, dsr, files={"portable_data": SimpleUploadedFile("export.json", raw)}
    )
    assert response.status_code == 302
    by_name = {a.original_name: a for a in released(dsr, "portable_data")}
    assert set(by_name) == {f"{dsr.reference}-data.json", f"{dsr.reference}-data.csv"}
    as_json = json.loads(by_name[f"{dsr.reference}-data.json"].file.open("rb").read())
    assert as_json == records
    text = by_name[f"{dsr.reference}-data.csv"].file.open("rb").read().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["name"] for r in rows] == ["Мария", "'=HYPERLINK(1)"]  # formula-safe
    assert rows[0]["city.name"] == "Пловдив" and rows[0]["tags"] == '["a", "b"]'
    assert rows[1]["active"] == "true" and rows[1]["total"] == ""
    assert by_name[f"{dsr.reference}-data.csv"].content_type == "text/csv"


def test_portability_needs_the_data_and_refuses_what_does_not_parse(client, controller, dpo):
    dsr = access_request(controller, rights=("portability",))
    client.force_login(dpo)
    body = complete(client, dsr).content.decode()
    assert "Attach the requester&#x27;s data as a JSON or CSV file" in body
    broken = SimpleUploadedFile("export.json", b'[{"name": "x",}]')
    body = complete(client, dsr, files={"portable_data": broken}).content.decode()
    assert "is not valid JSON (line 1)" in body
    latin = SimpleUploadedFile("export.csv", "name\nMüller\n".encode("latin-1"))
    body = complete(client, dsr, files={"portable_data": latin}).content.decode()
    assert "is not UTF-8 text" in body
    dsr.refresh_from_db()
    assert dsr.status == Status.IN_PROGRESS and not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "records"),
    [
        (
            "a.csv",
            "name,city\r\nМария,Пловдив\r\n".encode(),
            [{"name": "Мария", "city": "Пловдив"}],
        ),
        ("a.csv", "\ufeffname\nА\n".encode(), [{"name": "А"}]),
        ("a.json", b'{"name": "x"}', [{"name": "x"}]),
    ],
)
def test_portable_files_that_parse(name, content, records):
    assert parse_portable(SimpleUploadedFile(name, content)).records == records


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.json", b"[1, 2]", "must hold a list of records"),
        ("a.json", b"[]", "holds no records"),
        ("a.csv", b"name\n", "holds no records"),
        ("a.csv", b"name\nx,y\n", "needs a header row"),
        ("a.xml", b"<a/>", "is not a .json or .csv file"),
        ("a.csv", b"name\n\x00\n", "is not UTF-8 text"),
    ],
)
def test_portable_files_refused(name, content, message):
    from django.core.exceptions import ValidationError

    # The staff's language, named: not whatever the previous test's page left active.
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        parse_portable(SimpleUploadedFile(name, content))
    with translation.override("en"):
        assert message in refused.value.messages[0]


# The release window, downloads, releasing again


def test_release_window_in_days_of_sofia():
    assert release_until(datetime.date(2026, 3, 10), 30) == datetime.date(2026, 4, 9)
    # Summer time starts on 29 March 2026: the expiry is still Sofia's midnight.
    assert expiry_of(datetime.date(2026, 4, 9)) == datetime.datetime(2026, 4, 10, tzinfo=SOFIA)
    assert expiry_of(datetime.date(2026, 4, 9)).utcoffset() == datetime.timedelta(hours=3)


def test_documents_available_until_a_stated_day_then_gone(client, controller, dpo):
    with time_machine.travel(MARCH_10, tick=False):
        dsr = access_request(controller, language="bg")
        workflow.request_complete(
            request=dsr,
            actor=dpo,
            decision="Отговор.",
            documents=[check_upload(upload("копие.pdf"))],
        )
        (document,) = released(dsr, "response")
        assert document.expires_at == datetime.datetime(2026, 4, 10, tzinfo=SOFIA)
        page = client.get(f"/requests/{dsr.status_token}/").content.decode()
        assert "достъпен до 9 април 2026" in page
        english = client.get(f"/en/requests/{dsr.status_token}/").content.decode()
        assert "available until 9 April 2026" in english
    url = f"/requests/{dsr.status_token}/documents/{document.public_id}/"
    with time_machine.travel(datetime.datetime(2026, 4, 9, 23, 59, tzinfo=SOFIA), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(datetime.datetime(2026, 4, 10, 0, 0, tzinfo=SOFIA), tick=False):
        gone = client.get(url)
        assert gone.status_code == 410
        assert "Този документ вече не е на разположение" in gone.content.decode()
        assert "9 април 2026" in gone.content.decode()
        page = client.get(f"/requests/{dsr.status_token}/").content.decode()
        assert url not in page


def test_each_download_is_on_the_trail_privately_served(client, controller, dpo):
    dsr = access_request(controller)
    workflow.request_complete(
        request=dsr, actor=dpo, decision="Answer.", documents=[check_upload(upload("copy.pdf"))]
    )
    (document,) = released(dsr, "response")
    url = f"/requests/{dsr.status_token}/documents/{document.public_id}/"
    assert len(document.public_id) >= 20 and url.split("/")[-2] != str(document.pk)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="copy.pdf"'
    cache = response["Cache-Control"]
    assert "private" in cache and "no-store" in cache
    client.head(url)
    (event,) = RequestEvent.objects.filter(request=dsr, kind="document_downloaded")
    assert event.actor is None and event.note == f"copy.pdf ({document.public_id})"
    assert not event.public
    # Another request's token, or a made-up id, gets nothing and logs nothing.
    other = access_request(controller)
    assert (
        client.get(f"/requests/{other.status_token}/documents/{document.public_id}/").status_code
        == 404
    )
    assert client.get(f"/requests/{dsr.status_token}/documents/{document.pk}/").status_code == 404
    assert RequestEvent.objects.filter(kind="document_downloaded").count() == 1


def test_staff_release_again_with_a_reason(client, controller, dpo):
    with time_machine.travel(MARCH_10, tick=False):
        dsr = access_request(controller)
        workflow.request_complete(
            request=dsr, actor=dpo, decision="Answer.", documents=[check_upload(upload("copy.pdf"))]
        )
    (document,) = released(dsr, "response")
    with time_machine.travel(datetime.datetime(2026, 5, 4, 12, tzinfo=SOFIA), tick=False):
        client.force_login(dpo)
        url = f"{LIST}{dsr.pk}/act/release/"
        refused = client.post(
            url,
            {
                "release-documents": [document.pk],
                "release-until": "2026-05-01",
                "release-reasons": "x",
            },
        )
        assert "The day has passed already." in refused.content.decode()
        response = client.post(
            url,
            {
                "release-documents": [document.pk],
                "release-until": "2026-05-31",
                "release-reasons": "The requester lost the file.",
            },
        )
        assert response.status_code == 302
        document.refresh_from_db()
        assert document.expires_at == datetime.datetime(2026, 6, 1, tzinfo=SOFIA)
        event = RequestEvent.objects.filter(request=dsr).latest("pk")
        assert (event.kind, event.actor, event.note) == (
            "document_released",
            dpo,
            "The requester lost the file.",
        )
        assert event.changes[f"copy.pdf ({document.public_id})"] == {
            "before": "2026-04-09T21:00:00+00:00",
            "after": "2026-06-01T00:00:00+03:00",
        }
        page = client.get(f"/en/requests/{dsr.status_token}/").content.decode()
        assert "available until 31 May 2026" in page
        assert (
            client.get(f"/requests/{dsr.status_token}/documents/{document.public_id}/").status_code
            == 200
        )


def test_the_trail_shows_releases_and_views_by_labels_and_days(client, controller, dpo):
    with time_machine.travel(MARCH_10, tick=False):
        dsr = access_request(controller)
        workflow.request_complete(
            request=dsr, actor=dpo, decision="Answer.", documents=[check_upload(upload("copy.pdf"))]
        )
    (document,) = released(dsr, "response")
    client.force_login(dpo)
    with time_machine.travel(datetime.datetime(2026, 5, 4, 12, tzinfo=SOFIA), tick=False):
        assert client.get(f"{LIST}{dsr.pk}/files/{document.public_id}/").status_code == 200
        client.post(
            f"{LIST}{dsr.pk}/act/release/",
            {
                "release-documents": [document.pk],
                "release-until": "2026-05-31",
                "release-reasons": "The requester lost the file.",
            },
        )
        english = client.get(f"{LIST}{dsr.pk}/change/").content.decode()
        bulgarian = client.get(f"/admin/requests_app/datasubjectrequest/{dsr.pk}/change/")
    trail = english[english.index('id="trail"') :]
    # The first release: the document and its last day, not the field's name and an ISO time.
    assert "Download available until: — → 09.04.2026" in trail
    # The release again: the file by its name, the days before and after.
    assert "copy.pdf: download available until: 09.04.2026 → 31.05.2026" in trail
    assert "Expires_at" not in trail and "→ 2026-" not in trail and "T21:00:00" not in trail
    # No internal file id anywhere on the trail (the opened file is named by its name).
    assert document.public_id not in trail
    assert "Document opened by staff" in trail
    bg_trail = bulgarian.content.decode()
    assert "copy.pdf: достъпен за изтегляне до: 09.04.2026 → 31.05.2026" in bg_trail


def test_another_controllers_staff_cannot(client, controller, dpo, register):
    dsr = access_request(controller)
    client.force_login(dpo)
    complete(client, dsr, pack_purposes=[str(register["accounts"].pk)])
    (document,) = released(dsr, "access_pack")
    outsider = MembershipFactory(controller=ControllerFactory(), role="dpo").user
    client.force_login(outsider)
    for url in (
        f"{LIST}{dsr.pk}/art15/",
        f"{LIST}{dsr.pk}/art15.pdf",
        f"{LIST}{dsr.pk}/files/{document.public_id}/",
        f"{LIST}{dsr.pk}/act/release/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"{LIST}{dsr.pk}/act/release/",
        {"release-documents": [document.pk], "release-until": "2030-01-01", "release-reasons": "x"},
    )
    assert response.status_code == 404
    other = access_request(controller)
    assert complete(client, other, pack_no_data="on").status_code == 404
    other.refresh_from_db()
    assert other.status == Status.IN_PROGRESS
    assert not RequestEvent.objects.filter(kind="document_viewed").exists()
    with pytest.raises(PermissionDenied):
        workflow.request_release_documents(
            request=dsr,
            actor=outsider,
            documents=[document],
            until=datetime.date(2030, 1, 1),
            reasons="x",
        )


def test_retention_deletes_the_pdf_then_anonymisation_the_pack(
    client, controller, dpo, register, django_capture_on_commit_callbacks
):
    from requests_app import disposal

    dsr = access_request(controller)
    client.force_login(dpo)
    complete(client, dsr, pack_purposes=[str(register["accounts"].pk)])
    (document,) = released(dsr, "access_pack")
    with django_capture_on_commit_callbacks(execute=True):
        assert disposal.delete_documents([document.pk]) == 1
    pack = AccessPack.objects.get(request=dsr)
    assert pack.document is None
    # The letter can still be shown from what it was made of; the PDF is gone, said plainly.
    assert "Счетоводство" in client.get(f"{LIST}{dsr.pk}/art15/").content.decode()
    assert client.get(f"{LIST}{dsr.pk}/art15.pdf").status_code == 404
    url = f"/requests/{dsr.status_token}/documents/{document.public_id}/"
    assert client.get(url).status_code == 404
    disposal.anonymise_requests([dsr.pk])
    assert not AccessPack.objects.filter(request=dsr).exists()


def test_the_service_refuses_a_letter_or_data_for_a_right_not_answered(controller, dpo, register):
    from requests_app.art15 import PackChoices, PackInput, pack_register
    from requests_app.decisions import RightDecision
    from requests_app.portability import PortableData

    dsr = access_request(controller, rights=("access", "erasure"))
    version, snapshot = pack_register(dsr)
    pack = PackInput(version, snapshot, PackChoices(purposes=[register["accounts"].pk]))
    outcomes = {
        "access": RightDecision("refused", "identity", "Не е потвърдена."),
        "erasure": RightDecision("granted"),
    }
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.request_complete(
            request=dsr, actor=dpo, decision="x", outcomes=outcomes, pack=pack
        )
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.request_complete(
            request=dsr, actor=dpo, decision="x", portable=PortableData([{"a": 1}])
        )
    dsr.refresh_from_db()
    assert dsr.status == Status.IN_PROGRESS and not Attachment.objects.exists()


def test_the_dpo_states_how_long_the_documents_stay(client, controller, dpo, register):
    with time_machine.travel(MARCH_10, tick=False):
        dsr = access_request(controller)
        client.force_login(dpo)
        page = client.get(f"{LIST}{dsr.pk}/act/complete/").content.decode()
        assert 'value="09.04.2026"' in page  # 30 days, offered
        purposes = [str(register["accounts"].pk)]
        refused = complete(client, dsr, pack_purposes=purposes, available_until="2026-03-09")
        assert "The day has passed already." in refused.content.decode()
        assert not Attachment.objects.exists()
        complete(client, dsr, pack_purposes=purposes, available_until="2026-03-20")
        (document,) = released(dsr, "access_pack")
        assert document.expires_at == datetime.datetime(2026, 3, 21, tzinfo=SOFIA)
        assert document.available_until == datetime.date(2026, 3, 20)


def test_the_packs_sources_and_bases_read_as_finished_text(client, controller, dpo):
    """Sources as in the register: one bullet per purpose, labels and the note apart, no empty
    bullet; a purpose the register gives no legal basis has no placeholder line."""
    with_note = ProcessingPurposeFactory(
        controller=controller,
        name="Регистрация",
        sources=["data_subject", "third_parties"],
        sources_note="При регистрация в приложението.",
    )
    PurposeLegalBasisFactory(purpose=with_note, basis="b")
    no_basis = ProcessingPurposeFactory(
        controller=controller, name="Поддръжка", sources=[], sources_note="От кол центъра."
    )
    dsr = access_request(controller, language="bg")
    client.force_login(dpo)
    response = complete(
        client,
        dsr,
        pack_purposes=[str(with_note.pk), str(no_basis.pk)],
        pack_source="register",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    (document,) = released(dsr, "access_pack")
    text = pdf_text(document.file.open("rb").read())
    assert "• Регистрация: Субектът на данните, трети лица. При регистрация в приложението." in text
    assert "• Поддръжка: От кол центъра." in text
    lines = [line.strip() for line in text.splitlines()]
    assert "•" not in lines  # no bullet without its item
    assert "Правно основание" in text  # the purpose that has one
    assert "не е посочено" not in text
