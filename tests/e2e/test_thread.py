"""The conversation in a real browser: the DPO asks for information and writes to the
requester from a template; the requester reads the thread on the status page and answers with a
file; the DPO sees the unread badge, opens the answer and its file, and resumes the clock; the
DPO prints an outgoing message as a letter and records its dispatch by post."""

import io
import re

import pytest
from django.utils import translation
from playwright.sync_api import expect
from pypdf import PdfReader

from requests_app import moves, services
from requests_app.models import Channel, Message, RequestEvent, Status
from tests.controllers.factories import ControllerFactory, MembershipFactory
from tests.e2e.test_desk import signed_in
from tests.requests_app.conftest import PDF
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]
LIST = "/admin/requests_app/datasubjectrequest/"


def bg(text) -> str:
    with translation.override("bg"):
        return str(text)


@pytest.fixture
def alfa(live_server):
    return ControllerFactory(slug="alfa", legal_name="Алфа ЕООД")


def test_the_dpo_and_the_requester_talk_and_the_clock_resumes(browser, live_server, alfa, tmp_path):
    dpo = MembershipFactory(controller=alfa, role="dpo").user
    dsr = DataSubjectRequestFactory(controller=alfa, requester_name="Мария Петрова")
    context, desk = signed_in(browser, live_server, dpo)
    citizen_context = browser.new_context(base_url=live_server.url, locale="bg-BG")
    citizen = citizen_context.new_page()
    citizen.set_default_timeout(15000)
    try:
        # The DPO pauses the clock, then writes from the extension template, in English.
        desk.goto(f"{LIST}{dsr.pk}/change/")
        desk.click(f".request-moves a:text-is('{bg(moves.get('ask_information').label)}')")
        desk.fill("[name='ask_information-reasons']", "Копие от документ за самоличност.")
        desk.click("input[type='submit']")
        expect(desk.locator(".messagelist")).to_be_visible()
        desk.click("#thread a:text-is('Пишете на заявителя')")
        desk.click(".write-templates li:first-child a:text-is('английски')")
        expect(desk.locator("[name='subject']")).to_have_value(f"Request {dsr.reference} received")
        desk.fill("[name='subject']", "Уточнение")
        desk.fill("[name='body']", "Моля, изпратете копие. Благодарим!")
        desk.select_option("[name='language']", "bg")
        desk.click("input[type='submit'][value='Изпрати на заявителя']")
        expect(desk.locator(".messagelist")).to_contain_text("Съобщението е изпратено")
        expect(desk.locator("#thread")).to_contain_text("Моля, изпратете копие.")

        # The requester reads the thread on the status page and answers with a file.
        citizen.goto(f"/requests/{dsr.status_token}/")
        expect(citizen.locator("#messages")).to_contain_text("Копие от документ за самоличност.")
        expect(citizen.locator("#messages")).to_contain_text("Моля, изпратете копие.")
        expect(citizen.locator("#how-it-works")).to_contain_text("срокът спира")
        expect(citizen.locator(".reply-form")).to_contain_text("Най-много 5000 знака.")
        scan = tmp_path / "лична-карта.pdf"
        scan.write_bytes(PDF)
        citizen.fill("[name='body']", "Прилагам копие.")
        citizen.set_input_files("[name='files']", str(scan))
        citizen.click("button:text-is('Изпрати отговора')")
        expect(citizen.locator("main")).to_contain_text("отговорът Ви е изпратен")
        expect(citizen.locator("main")).to_contain_text("Ще Ви отговорим тук и по имейл.")
        # The banner no longer asks: it says the answer arrived.
        expect(citizen.locator("#messages .notice")).to_contain_text("получихме отговора Ви")
        expect(citizen.locator("#messages")).not_to_contain_text("Поискахме от Вас информация")
        expect(citizen.locator("#messages")).to_contain_text("Прилагам копие.")
        expect(citizen.locator("#messages")).to_contain_text("лична-карта.pdf")

        # The DPO sees the badge, opens the request and the file, and resumes the clock.
        desk.goto(LIST)
        row = desk.locator("tr", has_text=dsr.reference)
        expect(row.locator(".unread-badge")).to_have_text("1 непрочетен")
        desk.goto(f"{LIST}?replies=unread")
        row.locator(f"a:text-is('{dsr.reference}')").click()
        expect(desk.locator("#resume")).to_contain_text("Заявителят отговори")
        expect(desk.locator("#thread .unread-badge")).to_be_visible()
        with desk.expect_download() as download:
            desk.click("#thread a:text-is('лична-карта.pdf')")
        assert download.value.path().read_bytes() == PDF
        assert Message.objects.unread_replies().count() == 0
        desk.click("#resume a:text-is('Възобнови срока')")
        expect(desk).to_have_url(re.compile(r"/act/resume/$"))
        desk.click("input[type='submit']")
        expect(desk.locator(".field-status")).to_contain_text(
            bg(Status.IN_PROGRESS.label), ignore_case=True
        )
        dsr.refresh_from_db()
        assert dsr.status == Status.IN_PROGRESS
        assert dsr.events.filter(kind=RequestEvent.Kind.DOCUMENT_VIEWED).exists()
        desk.goto(LIST)
        expect(desk.locator("tr", has_text=dsr.reference).locator(".unread-badge")).to_have_count(0)
    finally:
        citizen_context.close()
        context.close()


def test_the_requester_s_file_is_kept_when_the_answer_is_missing(
    browser, live_server, alfa, tmp_path
):
    dpo = MembershipFactory(controller=alfa, role="dpo").user
    dsr = DataSubjectRequestFactory(controller=alfa, requester_name="Мария Петрова")
    citizen_context = browser.new_context(base_url=live_server.url, locale="bg-BG")
    citizen = citizen_context.new_page()
    citizen.set_default_timeout(15000)
    context = None
    try:
        citizen.goto(f"/requests/{dsr.status_token}/")
        expect(citizen.locator(".reply-form .field__counter")).to_have_text("0 от 5000 знака")
        scan = tmp_path / "удостоверение.pdf"
        scan.write_bytes(PDF)
        citizen.set_input_files("[name='files']", str(scan))
        citizen.click("button:text-is('Изпрати отговора')")
        # Sent back for the missing answer: the file is kept, shown as attached.
        expect(citizen.locator("#id_body_errors")).to_contain_text("задължително")
        expect(citizen.locator(".reply-form .held-files")).to_contain_text(
            "приложен: удостоверение.pdf"
        )
        citizen.fill("[name='body']", "Ето удостоверението.")
        expect(citizen.locator(".reply-form .field__counter")).to_have_text("20 от 5000 знака")
        citizen.click("button:text-is('Изпрати отговора')")
        expect(citizen.locator("main")).to_contain_text("отговорът Ви е изпратен")
        expect(citizen.locator("#messages .thread-files")).to_contain_text("удостоверение.pdf")
        expect(citizen.locator(".held-files")).to_have_count(0)

        # The DPO's page shows the answer with its file.
        context, desk = signed_in(browser, live_server, dpo)
        desk.goto(f"{LIST}{dsr.pk}/change/")
        expect(desk.locator("#thread")).to_contain_text("Ето удостоверението.")
        with desk.expect_download() as download:
            desk.click("#thread a:text-is('удостоверение.pdf')")
        assert download.value.path().read_bytes() == PDF
    finally:
        citizen_context.close()
        if context is not None:
            context.close()


def test_the_dpo_prints_a_letter_and_records_its_dispatch(browser, live_server, alfa):
    dpo = MembershipFactory(controller=alfa, role="dpo").user
    dsr = services.request_submit(
        controller=alfa,
        language="bg",
        rights=["access"],
        requester_name="Петър Нейков",
        requester_address="гр. Пловдив 4000, ул. „Лозе“ 3",
        reply_channel="post",
        channel=Channel.POST,
    )
    context, desk = signed_in(browser, live_server, dpo)
    try:
        desk.goto(f"{LIST}{dsr.pk}/change/")
        expect(desk.locator(".field-email_confirmed_at")).to_have_count(0)  # no email, no row
        desk.click("#thread a:text-is('Отпечатай като писмо')")
        with desk.expect_download() as download:
            desk.click("input[type='submit'][value='Отпечатай писмото (PDF)']")
        text = " ".join(
            page.extract_text()
            for page in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages
        )
        message = dsr.messages.get()
        message.refresh_from_db()
        assert message.registry_number in text and "Петър Нейков" in text
        assert "гр. Пловдив 4000" in text and "Алфа ЕООД" in text
        desk.goto(f"{LIST}{dsr.pk}/change/")
        expect(desk.locator("#thread")).to_contain_text(message.registry_number)
        desk.click("#thread a:text-is('Отбележи изпращането по пощата')")
        desk.fill("[name='tracking_number']", "RR123456789BG")
        desk.click("input[type='submit'][value='Отбележи изпращането']")
        expect(desk.locator(".messagelist")).to_contain_text(message.registry_number)
        expect(desk.locator("#thread")).to_contain_text("RR123456789BG")
        trail = desk.locator("#trail tbody")
        expect(trail).to_contain_text("писмо изпратено по пощата", ignore_case=True)
        expect(trail).to_contain_text("Номер за проследяване: — → RR123456789BG")
        expect(trail).to_contain_text("Изходящ номер: — → " + message.registry_number)
    finally:
        context.close()
