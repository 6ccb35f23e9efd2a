"""In a real browser, the citizen's side of issue 18: files kept across a mistake and the
receipt, "Find my requests", the language switch where it answered 405, and the CSRF page."""

import re

import pytest
from django.core import mail
from mailer.engine import send_all
from playwright.sync_api import expect

from requests_app.models import DataSubjectRequest
from tests.controllers.factories import ControllerFactory, cpdp
from tests.requests_app.conftest import PDF
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def alfa(settings, live_server):
    settings.SITE_URL = live_server.url
    return ControllerFactory(slug="alfa", legal_name="Алфа ЕООД", supervisory_authority=cpdp())


def delivered():
    send_all()
    messages = list(mail.outbox)
    mail.outbox.clear()
    return messages


def test_a_file_survives_a_missing_field_and_is_on_the_receipt(page, alfa):
    page.goto("/en/alfa/requests/new/")
    page.check("input[value='access']")
    page.fill("#id_requester_email", "maria@example.org")
    page.fill("#id_details", "Tom's data & more")
    expect(page.locator("#id_details_counter")).to_have_text("17 of 5000 characters")
    page.set_input_files(
        "#id_attachments",
        files=[{"name": "bill.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.wait_for_timeout(3100)  # a person takes more than three seconds; bots do not
    page.click("text=Send the request")  # the name is missing
    expect(page.locator("#id_requester_name_error")).to_contain_text("Enter your name.")
    expect(page.locator(".held-files")).to_contain_text("attached: bill.pdf (")
    expect(page.locator("#id_details")).to_have_value("Tom's data & more")
    assert DataSubjectRequest.objects.count() == 0

    page.fill("#id_requester_name", "Seán O'Brien")
    page.click("text=Send the request")
    page.wait_for_url(re.compile(r"/en/requests/[\w-]{40,}/receipt/$"))
    dsr = DataSubjectRequest.objects.get()
    expect(page.locator("h1")).to_have_text(f"Receipt of request {dsr.reference}")
    main = page.locator("main")
    expect(main).to_contain_text("bill.pdf")
    expect(main).to_contain_text("Tom's data & more")
    expect(main).to_contain_text(f"{dsr.due_date.day} {dsr.due_date:%B} {dsr.due_date.year}")
    assert [a.original_name for a in dsr.attachments.all()] == ["bill.pdf"]
    (message,) = delivered()
    assert "Dear Seán O'Brien," in message.body and "- bill.pdf" in message.body


def test_find_my_requests_mails_the_links(page, alfa):
    dsr = DataSubjectRequestFactory(controller=alfa, requester_email="maria@example.org")
    page.goto("/alfa/")
    page.click("footer >> text=Намерете исканията си")
    page.fill("#id_email", "maria@example.org")
    page.click("text=Изпратете ми връзките")
    expect(page.locator("h1")).to_have_text("Проверете имейла си")
    (message,) = delivered()
    link = next(line for line in message.body.splitlines() if "/requests/" in line)
    page.goto(link)
    expect(page.locator("h1")).to_contain_text(dsr.reference)


def test_the_language_switch_on_the_resend_limits_page(page, alfa, settings):
    settings.RESENDS_PER_TOKEN_PER_HOUR = 0
    dsr = DataSubjectRequestFactory(controller=alfa)
    page.goto(f"/requests/{dsr.status_token}/")
    page.click("text=Изпрати нова връзка")
    expect(page.locator("h1")).to_have_text("Твърде много искания")
    page.click(".language-switcher a[hreflang=en]")
    page.wait_for_url(f"**/en/requests/{dsr.status_token}/")
    expect(page.locator("h1")).to_have_text(f"Request {dsr.reference}")


def test_the_resend_limits_page_leads_back_to_the_request(page, alfa, settings):
    settings.RESENDS_PER_TOKEN_PER_HOUR = 0
    dsr = DataSubjectRequestFactory(controller=alfa)
    page.goto(f"/requests/{dsr.status_token}/")
    page.click("text=Изпрати нова връзка")
    expect(page).to_have_title("Твърде много искания – Портал за защита на личните данни")
    expect(page.locator("main")).to_contain_text(alfa.email)
    page.click("main a:text-is('Обратно към искането Ви')")
    page.wait_for_url(f"**/requests/{dsr.status_token}/")
    expect(page.locator("h1")).to_have_text(f"Искане {dsr.reference}")


def test_a_form_sent_without_its_cookie_gets_the_portals_page(page, alfa):
    page.goto("/en/alfa/requests/new/")
    page.check("input[value='access']")
    page.fill("#id_requester_name", "Maria")
    page.fill("#id_requester_email", "maria@example.org")
    page.context.clear_cookies()
    page.click("text=Send the request")
    expect(page.locator("h1")).to_have_text("The form could not be accepted")
    expect(page.locator("main")).to_contain_text("nothing was recorded")
    page.click("text=Go back to the form and send it again")
    page.wait_for_url("**/en/alfa/requests/new/")
    expect(page.locator("#id_requester_name")).to_be_visible()
    assert DataSubjectRequest.objects.count() == 0
