"""Issue 18's acceptance journey, through the pages as people use them: a requester named
O'Brien files a request on the public form and confirms it by the link from the mail as sent;
the DPO asks for information; the requester reads it on the status page and answers with a PDF;
the DPO sees the unread badge, opens the file, resumes the clock, checks the identity and
completes with an Art. 15 pack tailored to two of three purposes; the requester downloads the
pack, and the download is on the trail. Every mail is read as it was sent (no &#x27; or
&amp;), and the letter of the information request is printed from its page in the admin."""

import io
import re

import pytest
from django.core import mail
from django.utils import translation
from mailer.engine import send_all
from playwright.sync_api import expect
from pypdf import PdfReader

from gdpr_portal import clock
from requests_app import moves
from requests_app.models import DataSubjectRequest, RequestEvent, Status
from tests.controllers.factories import ControllerFactory, MembershipFactory, cpdp
from tests.e2e.test_desk import signed_in
from tests.policies.factories import ProcessingPurposeFactory, PurposeLegalBasisFactory
from tests.requests_app.conftest import PDF

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]
LIST = "/admin/requests_app/datasubjectrequest/"
NAME = "Шон O'Brien"
COMPANY = "O'Brien & Sons"
ADDRESS = "гр. София 1000, ул. „Шипка“ 6"
ESCAPED = ("&#x27;", "&#39;", "&amp;", "&quot;", "&lt;", "&gt;")


@pytest.fixture
def alfa(settings, live_server):
    settings.SITE_URL = live_server.url
    return ControllerFactory(slug="alfa", legal_name="Алфа ЕООД", supervisory_authority=cpdp())


@pytest.fixture
def no_waiting_on_the_form(monkeypatch):
    """The public form refuses what is sent within three seconds of its display (a bot); the
    journey is not a bot, and does not sleep to prove it."""
    monkeypatch.setattr("requests_app.forms.MIN_FILL_SECONDS", 0)


def bg(text) -> str:
    with translation.override("bg"):
        return str(text)


def sent() -> list:
    """Deliver the outbox as the worker does and return what went out."""
    send_all()
    messages = list(mail.outbox)
    mail.outbox.clear()
    return messages


def assert_sent_as_typed(messages, *, quoting=()):
    for message in messages:
        assert message.to == ["shon@example.org"]
        for escaped in ESCAPED:
            assert escaped not in message.body and escaped not in message.subject, message.body
        assert NAME in message.body, message.body
    for text in quoting:
        assert any(text in message.body for message in messages), text


def pdf_text(download) -> str:
    reader = PdfReader(io.BytesIO(download.path().read_bytes()))
    return " ".join(page.extract_text() for page in reader.pages)


def test_the_conversation_from_filing_to_the_downloaded_pack(
    browser, live_server, alfa, tmp_path, no_waiting_on_the_form
):
    purposes = {
        name: ProcessingPurposeFactory(controller=alfa, name=name)
        for name in ("Счетоводство", "Доставки", "Маркетинг")
    }
    for purpose in purposes.values():
        PurposeLegalBasisFactory(purpose=purpose, basis="c", note="ЗСч")
    dpo = MembershipFactory(controller=alfa, role="dpo").user
    citizen_context = browser.new_context(base_url=live_server.url, locale="bg-BG")
    citizen = citizen_context.new_page()
    citizen.set_default_timeout(15000)
    desk_context, desk = signed_in(browser, live_server, dpo)
    try:
        # 1. The requester files the request on the public form.
        citizen.goto("/alfa/")
        citizen.click("text=Подаване на искане")
        citizen.check("input[value='access']")
        citizen.fill("#id_requester_name", NAME)
        citizen.fill("#id_requester_email", "shon@example.org")
        citizen.fill("#id_requester_address", ADDRESS)
        citizen.fill("#id_details", f"Данните ми от договора с {COMPANY}.")
        citizen.click("text=Изпращане на искането")
        citizen.wait_for_url(re.compile(r"/requests/[\w-]{40,}/receipt/$"))
        dsr = DataSubjectRequest.objects.get()
        expect(citizen.locator("main")).to_contain_text(f"Данните ми от договора с {COMPANY}.")

        # 2. The mail as sent: the name and the details verbatim; the link confirms.
        filed = sent()
        assert len(filed) == 1  # the receipt carries the confirmation link
        assert_sent_as_typed(filed, quoting=[f"Данните ми от договора с {COMPANY}."])
        links = [link for m in filed for link in re.findall(r"http://\S+", m.body)]
        citizen.goto(next(link for link in links if "/confirm/" in link))
        citizen.click("text=Потвърждавам")
        citizen.wait_for_url(re.compile(rf"/requests/{dsr.status_token}/$"))
        expect(citizen.locator("main")).to_contain_text("имейл адресът Ви е потвърден")
        assert_sent_as_typed(sent())  # nothing, or only to the requester

        # 3. The DPO asks for information from the request's page.
        reasons = f"Копие от договора с {COMPANY}."
        ask = bg(moves.get("ask_information").label)
        desk.goto(f"{LIST}{dsr.pk}/change/")
        desk.click(f".request-moves a:text-is('{ask}')")
        desk.fill("[name='ask_information-reasons']", reasons)
        desk.click(f"input[type='submit'][value='{ask}']")
        expect(desk.locator(".messagelist")).to_contain_text(ask)
        expect(desk.locator("#thread")).to_contain_text(reasons)
        (asked_mail,) = sent()
        assert_sent_as_typed([asked_mail], quoting=[reasons])

        # 4. The requester reads the message on the status page and answers with a PDF.
        citizen.goto(f"/requests/{dsr.status_token}/")
        expect(citizen.locator("#messages")).to_contain_text(reasons)
        contract = tmp_path / "договор.pdf"
        contract.write_bytes(PDF)
        citizen.fill("[name='body']", f"Прилагам договора с {COMPANY}.")
        citizen.set_input_files("[name='files']", str(contract))
        citizen.click("button:text-is('Изпрати отговора')")
        expect(citizen.locator("main")).to_contain_text("отговорът Ви е изпратен")
        expect(citizen.locator("#messages")).to_contain_text(f"Прилагам договора с {COMPANY}.")
        expect(citizen.locator("#messages")).to_contain_text("договор.pdf")
        (notice,) = sent()  # to the DPO: that there is a reply, not what it says
        assert notice.to == [dpo.email] and dsr.reference in notice.subject
        assert "Приложен е 1 файл." in notice.body and "Прилагам" not in notice.body

        # 5. The DPO sees the badge, opens the request and the file, and resumes the clock.
        desk.goto(LIST)
        row = desk.locator("tr", has_text=dsr.reference)
        expect(row.locator(".unread-badge")).to_have_text("1 непрочетен")
        row.locator(f"a:text-is('{dsr.reference}')").click()
        expect(desk.locator("#resume")).to_contain_text("Заявителят отговори")
        with desk.expect_download() as download:
            desk.click("#thread a:text-is('договор.pdf')")
        assert download.value.path().read_bytes() == PDF
        desk.click("#resume a:text-is('Възобнови срока')")
        desk.wait_for_url(re.compile(r"/act/resume/$"))
        desk.click("input[type='submit']")
        expect(desk.locator(".field-status")).to_contain_text(
            bg(Status.IN_PROGRESS.label), ignore_case=True
        )
        # The copy of the contract identifies the requester (Art. 12(6)).
        confirm = bg(moves.get("confirm_identity").label)
        desk.click(f".request-moves a:text-is('{confirm}')")
        desk.fill("[name='confirm_identity-note']", "Договорът е на негово име.")
        desk.click(f"input[type='submit'][value='{confirm}']")
        expect(desk.locator(".messagelist")).to_contain_text(confirm)

        # 6. The DPO completes with the pack tailored to two purposes of three.
        complete = bg(moves.get("complete").label)
        desk.click(f".request-moves a:text-is('{complete}')")
        desk.fill("textarea[name='complete-decision']", f"Отговорът за {COMPANY} е приложен.")
        for name in ("Счетоводство", "Доставки"):
            desk.check(f"input[name='complete-pack_purposes'][value='{purposes[name].pk}']")
        accounts = purposes["Счетоводство"].pk
        desk.fill(f"input[name='complete-pack_retention_{accounts}']", "10 години")
        desk.check("input[name='complete-confirm']")
        desk.click(f"input[type='submit'][value='{complete}']")
        expect(desk.locator(".messagelist")).to_contain_text(complete)
        expect(desk.locator("#files")).to_contain_text(f"{dsr.reference}-art15.pdf")
        (decision_mail,) = sent()
        assert_sent_as_typed([decision_mail], quoting=[f"Отговорът за {COMPANY} е приложен."])

        # 7. The requester downloads the pack from the status page.
        citizen.goto(f"/requests/{dsr.status_token}/")
        documents = citizen.locator("section[aria-labelledby='documents-heading']")
        with citizen.expect_download() as download:
            documents.locator(f"a:text-is('{dsr.reference}-art15.pdf')").click()
        pack = pdf_text(download.value)
        assert "Счетоводство" in pack and "Доставки" in pack and "10 години" in pack
        assert "Маркетинг" not in pack
        assert NAME in pack

        # 8. The download is on the trail the DPO reads.
        desk.goto(f"{LIST}{dsr.pk}/change/")
        downloaded = desk.locator("#trail tbody tr", has_text="документ, изтеглен от заявителя")
        expect(downloaded).to_have_count(1)
        expect(downloaded).to_contain_text(f"{dsr.reference}-art15.pdf")

        # 9. The information request printed as a letter from its page in the admin.
        asked = desk.locator("#thread li", has_text=reasons)
        asked.locator("a:text-is('Отпечатай като писмо')").click()
        with desk.expect_download() as download:
            desk.click("input[type='submit'][value='Отпечатай писмото (PDF)']")
        letter = pdf_text(download.value)
        number = f"ИЗХ-{clock.today().year}-0001"
        assert number in letter and "Алфа ЕООД" in letter
        assert NAME in letter and ADDRESS in letter
        assert reasons in letter
        assert RequestEvent.objects.filter(request=dsr, kind="letter_made").count() == 1
    finally:
        citizen_context.close()
        desk_context.close()
