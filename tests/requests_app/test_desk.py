"""The request's page as the DPO's desk: a move on its own page, its errors by the field, the
confirmation of irreversible moves, the evidence opened on the record, the readable trail."""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.text import capfirst

from gdpr_portal.spreadsheets import safe_cell
from requests_app import workflow
from requests_app.models import Attachment, DataSubjectRequest, RequestEvent, Status
from tests.controllers.factories import ControllerFactory, MembershipFactory
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db
LIST = "/en/admin/requests_app/datasubjectrequest/"


@pytest.fixture
def dpo(controller):
    return MembershipFactory(controller=controller, role="dpo").user


def attach(dsr, kind=Attachment.Kind.POWER_OF_ATTORNEY, name="пълномощно.pdf"):
    attachment = Attachment(
        request=dsr,
        kind=kind,
        original_name=name,
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
    )
    attachment.file.save("x.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    return attachment


def test_a_move_has_its_own_page_that_keeps_the_input_and_shows_the_error_by_the_field(
    client, controller, dpo
):
    dsr = DataSubjectRequestFactory(controller=controller)
    client.force_login(dpo)
    page = client.get(f"{LIST}{dsr.pk}/change/").content.decode()
    assert f'href="{LIST}{dsr.pk}/act/extend/"' in page
    form = client.get(f"{LIST}{dsr.pk}/act/fee/")
    assert form.status_code == 200 and 'name="fee-amount"' in form.content.decode()
    response = client.post(f"{LIST}{dsr.pk}/act/fee/", {"fee-amount": "12.50"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors == {"justification": ["This field is required."]}
    assert 'value="12.50"' in html  # what was typed is kept
    dsr.refresh_from_db()
    assert dsr.fee_amount is None


def test_an_irreversible_move_asks_for_a_confirmation(client, controller, dpo):
    dsr = DataSubjectRequestFactory(controller=controller)
    client.force_login(dpo)
    data = {"refuse-ground": "unfounded", "refuse-reasons": "Повторно искане."}
    response = client.post(f"{LIST}{dsr.pk}/act/refuse/", data)
    assert "confirm" in response.context["form"].errors
    assert "Повторно искане." in response.content.decode()
    dsr.refresh_from_db()
    assert dsr.status == Status.NEW
    response = client.post(f"{LIST}{dsr.pk}/act/refuse/", {**data, "refuse-confirm": "on"})
    assert response.status_code == 302
    dsr.refresh_from_db()
    assert dsr.status == Status.REFUSED


def test_a_move_not_open_is_refused_on_its_page(client, controller, dpo):
    dsr = DataSubjectRequestFactory(controller=controller, status=Status.COMPLETED)
    client.force_login(dpo)
    response = client.get(f"{LIST}{dsr.pk}/act/extend/", follow=True)
    assert "cannot be extended" in response.content.decode()
    assert client.get(f"{LIST}{dsr.pk}/act/nonsense/").status_code == 404


def test_viewers_and_editors_get_no_move_page(client, controller):
    dsr = DataSubjectRequestFactory(controller=controller)
    for role in ("viewer", "editor"):
        client.force_login(MembershipFactory(controller=controller, role=role).user)
        assert client.get(f"{LIST}{dsr.pk}/act/start/").status_code == 403
        assert client.post(f"{LIST}{dsr.pk}/act/start/", {}).status_code == 403


def test_staff_open_the_evidence_privately_and_on_the_record(client, controller):
    dsr = DataSubjectRequestFactory(controller=controller)
    attachment = attach(dsr)
    viewer = MembershipFactory(controller=controller, role="viewer").user
    client.force_login(viewer)
    page = client.get(f"{LIST}{dsr.pk}/change/").content.decode()
    url = f"{LIST}{dsr.pk}/files/{attachment.public_id}/"
    assert url in page and "/media/" not in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    event = dsr.events.get(kind=RequestEvent.Kind.DOCUMENT_VIEWED)
    assert event.actor == viewer and attachment.public_id in event.note
    assert not event.public
    # Staff of another controller: nothing, and nothing recorded.
    client.force_login(MembershipFactory(controller=ControllerFactory(), role="dpo").user)
    assert client.get(url).status_code in (403, 404)
    assert dsr.events.filter(kind=RequestEvent.Kind.DOCUMENT_VIEWED).count() == 1


def test_the_trail_reads_as_labels_in_local_time_and_history_leads_to_it(client, controller, dpo):
    dsr = DataSubjectRequestFactory(controller=controller)
    workflow.request_assign(request=dsr, actor=dpo, assignee=dpo)
    workflow.request_start(request=dsr, actor=dpo)
    client.force_login(dpo)
    page = client.get(f"{LIST}{dsr.pk}/change/").content.decode()
    assert "Status: received → in progress" in page
    assert f"Assignee: — → {dpo.username}" in page
    assert "<code>status</code>" not in page and "/history/" not in page
    history = client.get(f"{LIST}{dsr.pk}/history/")
    assert history.status_code == 302 and history["Location"].endswith("/change/#trail")
    bg = client.get(f"/admin/requests_app/datasubjectrequest/{dsr.pk}/change/").content.decode()
    with translation.override("bg"):
        status = capfirst(DataSubjectRequest._meta.get_field("status").verbose_name)
        assert f"{status}: {Status.NEW.label} → {Status.IN_PROGRESS.label}" in bg
    started = dsr.events.get(kind=RequestEvent.Kind.STARTED).at
    assert timezone.localtime(started).strftime("%d.%m.%Y %H:%M") in bg


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+359 888", "'+359 888"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Мария", "Мария"),
        (-3, -3),
    ],
)
def test_csv_cells_never_run_as_formulas(value, written):
    assert safe_cell(value) == written


def test_the_exports_write_formulas_as_text(client, controller, dpo):
    DataSubjectRequestFactory(controller=controller, requester_name="=cmd|'/C calc'!A0")
    client.force_login(dpo)
    text = b"".join(client.get(f"{LIST}export.csv").streaming_content).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["Name"] == "'=cmd|'/C calc'!A0"


def test_the_actions_say_why_the_decision_cannot_be_sent_yet(client, controller, dpo):
    dsr = DataSubjectRequestFactory(controller=controller, rights=["access"])
    client.force_login(dpo)
    page = client.get(f"{LIST}{dsr.pk}/change/").content.decode()
    start = page.index("<h2>Actions</h2>")
    actions = page[start : page.index("</fieldset>", start)]
    assert f"{LIST}{dsr.pk}/act/complete/" not in actions
    assert (
        "“Complete and send the decision” is not offered yet: Confirm the requester’s identity"
        " first" in actions.replace("&#x27;", "’").replace("'", "’")
    )
    assert ">Confirm the identity</a>" in actions  # a verb, not a state
    bulgarian = client.get(f"/admin/requests_app/datasubjectrequest/{dsr.pk}/change/")
    assert ">Потвърди самоличността</a>" in bulgarian.content.decode()
    workflow.request_confirm_identity(request=dsr, actor=dpo, note="")
    page = client.get(f"{LIST}{dsr.pk}/change/").content.decode()
    assert "is not offered yet" not in page
    assert f"{LIST}{dsr.pk}/act/complete/" in page


def test_the_resume_move_has_one_name(client, controller, dpo):
    dsr = DataSubjectRequestFactory(controller=controller, status=Status.INFO_REQUESTED)
    client.force_login(dpo)
    page = client.get(f"{LIST}{dsr.pk}/change/").content.decode()
    assert ">Resume the clock</a>" in page and "Information received: resume" not in page
    move = client.get(f"{LIST}{dsr.pk}/act/resume/").content.decode()
    assert 'value="Resume the clock"' in move


def test_the_requesters_name_is_a_persons_and_the_labels_are_capitalised(client, controller, dpo):
    dsr = DataSubjectRequestFactory(controller=controller)
    client.force_login(dpo)
    bg = "/admin/requests_app/datasubjectrequest/"
    add = client.get(f"{bg}add/").content.decode()
    assert '<label class="required" for="id_requester_name">Име:</label>' in add
    assert "Получено чрез:</label>" in add and "Права:</label>" in add
    assert "получено чрез:" not in add and "Наименование" not in add
    listing = client.get(bg).content.decode()
    assert "Име</a>" in listing and "Наименование" not in listing
    change = client.get(f"{bg}{dsr.pk}/change/").content.decode()
    assert "<label>Име:</label>" in change and "Наименование" not in change


def test_a_request_without_email_shows_no_email_confirmation_field(client, controller, dpo):
    postal = DataSubjectRequestFactory(controller=controller, requester_email="", channel="post")
    emailed = DataSubjectRequestFactory(controller=controller)
    client.force_login(dpo)
    bg = "/admin/requests_app/datasubjectrequest/"
    assert "Имейлът е потвърден" not in client.get(f"{bg}{postal.pk}/change/").content.decode()
    assert "Имейлът е потвърден" in client.get(f"{bg}{emailed.pk}/change/").content.decode()
