"""The breach register in a real browser: every staff action from its own page — record a
breach, correct it, notify the authority (late: the reasons asked for by the field), add a
phase, tell the data subjects or record an exception, open the documents — and the Art. 30
record exported; a viewer is offered nothing and refused a move typed by address."""

import re

import pytest
from playwright.sync_api import expect

from breaches.choices import CommunicationState
from breaches.models import Breach, ProcessingForOthers
from tests.breaches.factories import BreachFactory
from tests.controllers.factories import ControllerFactory, MembershipFactory
from tests.e2e.test_desk import signed_in

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """The admin's log names content types by id: a transactional test before this one may have
    flushed the table behind the process-wide cache, so the ids are looked up afresh."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture
def alfa(live_server):
    return ControllerFactory(slug="alfa", legal_name="Алфа ЕООД")


def test_the_dpo_records_a_breach_and_notifies_late_with_reasons(browser, live_server, alfa):
    dpo = MembershipFactory(controller=alfa, role="dpo").user
    context, page = signed_in(browser, live_server, dpo)
    try:
        page.goto("/admin/breaches/breach/add/")
        page.select_option("[name='controller']", str(alfa.pk))
        page.fill("[name='aware_at']", "2026-01-05T09:30")
        page.fill("[name='nature']", "Изгубен лаптоп с некриптиран диск.")
        page.check("[name='confidentiality']")
        page.fill("[name='subject_categories']", "Служители")
        page.fill("[name='subjects_approx']", "40")
        page.fill("[name='record_categories']", "Имена, ЕГН")
        page.fill("[name='consequences']", "Кражба на самоличност.")
        page.fill("[name='dpo_contact']", "dpo@alfa.bg")
        page.select_option("[name='risk']", "high")
        page.fill("[name='risk_reasons']", "ЕГН на служители.")
        page.click("[name='_continue']")
        expect(page).to_have_url(re.compile(r"/change/$"))
        breach = Breach.objects.get()
        expect(page.locator("#clock")).to_contain_text("08.01.2026 09:30 EET")
        expect(page.locator("#trail tbody tr")).to_have_count(1)

        # Correct a fact: the trail keeps before and after.
        page.fill("[name='subjects_approx']", "45")
        page.click("[name='_continue']")
        expect(page.locator("#trail tbody tr").last).to_contain_text("40 → 45")

        # Notify late without reasons: refused by the field; with them: recorded.
        page.click("a[href$='/act/notify/']")
        page.fill("[name='sent_at']", "2026-01-09T10:00")
        page.fill("[name='content']", "Първо уведомление до КЗЛД.")
        page.click("input[type='submit']")
        expect(page.locator(".errorlist")).to_be_visible()
        assert not breach.notifications.exists()
        page.fill("[name='reasons_for_delay']", "Обхватът се изясни на 9 януари.")
        page.click("input[type='submit']")
        expect(page).to_have_url(re.compile(r"/change/$"))
        expect(page.locator("#notifications tbody tr")).to_have_count(1)

        # A second phase (Art. 33(4)).
        page.click("a[href$='/act/notify/']")
        page.fill("[name='sent_at']", "2026-01-10T10:00")
        page.fill("[name='content']", "Допълнение: точният брой засегнати.")
        page.click("input[type='submit']")
        expect(page.locator("#notifications tbody tr")).to_have_count(2)

        # Tell the data subjects.
        page.click("a[href$='/act/communicate/']")
        page.fill("[name='communicated_at']", "2026-01-10T12:00")
        page.fill("[name='channel']", "по имейл до всеки служител")
        page.click("input[type='submit']")
        expect(page).to_have_url(re.compile(r"/change/$"))
        breach.refresh_from_db()
        assert breach.communication == CommunicationState.COMMUNICATED

        # The documents.
        with page.expect_download() as download:
            page.click("a[href$='/notification.pdf']")
        assert download.value.suggested_filename == f"{breach.reference}-cpdp.pdf"
        with page.expect_download() as download:
            page.click("a[href$='/letter.pdf']")
        assert download.value.suggested_filename == f"{breach.reference}-letter.pdf"
        page.click("a[href$='/mail/']")
        expect(page.locator(".mail-body")).to_contain_text("Изгубен лаптоп")
    finally:
        context.close()


def test_the_dpo_records_an_art_34_3_exception(browser, live_server, alfa):
    dpo = MembershipFactory(controller=alfa, role="dpo").user
    breach = BreachFactory(controller=alfa, risk="high", communication="pending")
    context, page = signed_in(browser, live_server, dpo)
    try:
        page.goto(f"/admin/breaches/breach/{breach.pk}/change/")
        page.click("a[href$='/act/exception/']")
        page.select_option("[name='ground']", "a")
        page.click("input[type='submit']")
        expect(page.locator(".errorlist")).to_be_visible()
        page.fill("[name='reasons']", "Дискът е криптиран с AES-256, ключът не е изтекъл.")
        page.click("input[type='submit']")
        expect(page).to_have_url(re.compile(r"/change/$"))
        breach.refresh_from_db()
        assert breach.communication == CommunicationState.EXCEPTION
        expect(page.locator("#trail tbody tr").last).to_contain_text("AES-256")
    finally:
        context.close()


def test_the_art_30_record_and_a_processor_record(browser, live_server, alfa):
    dpo = MembershipFactory(controller=alfa, role="dpo").user
    context, page = signed_in(browser, live_server, dpo)
    try:
        page.goto("/admin/breaches/processingforothers/add/")
        page.select_option("[name='controller']", str(alfa.pk))
        page.fill("[name='client_name']", "Бета ООД")
        page.fill("[name='categories']", "Изготвяне на ведомости за заплати")
        page.click("[name='_save']")
        expect(page).to_have_url(re.compile(r"/processingforothers/$"))
        assert ProcessingForOthers.objects.filter(client_name="Бета ООД").exists()
        page.click("a[href$='/record/']")
        with page.expect_download() as download:
            page.click(f"a[href$='/record/{alfa.pk}.csv']")
        text = open(download.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
        assert "Бета ООД" in text
        with page.expect_download() as download:
            page.click(f"a[href$='/record/{alfa.pk}.pdf']")
        assert download.value.suggested_filename == "alfa-art30.pdf"
    finally:
        context.close()


def test_a_viewer_is_offered_no_move_and_refused_one_by_address(browser, live_server, alfa):
    viewer = MembershipFactory(controller=alfa, role="viewer").user
    breach = BreachFactory(controller=alfa, risk="high", communication="pending")
    context, page = signed_in(browser, live_server, viewer)
    try:
        page.goto(f"/admin/breaches/breach/{breach.pk}/change/")
        expect(page.locator("#clock")).to_be_visible()
        expect(page.locator("a[href*='/act/']")).to_have_count(0)
        response = page.goto(f"/admin/breaches/breach/{breach.pk}/act/notify/")
        assert response.status == 403
    finally:
        context.close()
