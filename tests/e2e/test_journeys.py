"""End to end in a real browser: a citizen files and confirms a request; a DPO signs in with two
factors, extends and completes it; an editor publishes a policy and downloads its PDF, and
withdraws a version; a reader subscribes from a policy page the browser has cached."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from mailer.engine import send_all
from playwright.sync_api import expect

from gdpr_portal import clock
from requests_app.models import DataSubjectRequest, PendingFiling
from tests.controllers.factories import ControllerFactory, MembershipFactory, UserFactory, cpdp
from tests.policies.factories import ProcessingPurposeFactory, PurposeLegalBasisFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def alfa(settings, live_server):
    settings.SITE_URL = live_server.url
    return ControllerFactory(
        slug="alfa",
        legal_name="Алфа ЕООД",
        supervisory_authority=cpdp(),
    )


def delivered_links():
    send_all()
    links = [link for m in mail.outbox for link in re.findall(r"http://\S+", m.body)]
    mail.outbox.clear()
    return links


def sign_in(page, username):
    user = UserFactory(username=username)
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    page.goto("/admin/")
    page.fill("input[name='auth-username']", username)
    page.fill("input[name='auth-password']", PASSWORD)
    next_button = "button[type='submit']:not([name='wizard_goto_step'])"  # not "Back"
    page.click(next_button)
    page.fill("input[name='token-otp_token']", f"{totp(device.bin_key):06d}")
    page.click(next_button)
    page.wait_for_url(re.compile(r"/admin/$"))
    assert "/account/login/" not in page.url
    return user


def test_citizen_files_a_request_and_confirms_it(page, alfa):
    page.goto("/alfa/")
    page.click("text=Подаване на искане")
    page.check("input[value='access']")
    page.fill("#id_requester_name", "Мария Примерова")
    page.fill("#id_requester_email", "maria@example.org")
    page.fill("#id_details", "Копие от данните ми, моля.")
    page.wait_for_timeout(3100)  # a person takes more than three seconds; bots do not
    page.click("text=Изпращане на искането")
    page.wait_for_url(re.compile(r"/requests/[\w-]{40,}/receipt/$"))
    assert "е записано" in page.content()
    dsr = DataSubjectRequest.objects.get()
    assert dsr.reference in page.inner_text("h1")

    confirm = next(link for link in delivered_links() if "/confirm/" in link)
    page.goto(confirm)
    page.click("text=Потвърждавам")
    page.wait_for_url(re.compile(r"/requests/[\w-]{40,}/$"))
    assert "имейл адресът Ви е потвърден" in page.content()
    assert dsr.due_date.strftime("%Y") in page.inner_text("main")
    # The mail's link opened again: the address is confirmed already, on the status page.
    page.goto(confirm)
    page.wait_for_url(re.compile(r"/requests/[\w-]{40,}/$"))
    expect(page.locator("main")).to_contain_text("Имейл адресът Ви вече е потвърден.")


def test_citizen_sees_the_receipt_at_once_and_the_status_page_once_the_worker_files_it(
    page, alfa, settings
):
    # As in production: the POST stores the request as sent, the worker files it a moment later
    # (requests_app/intake.py).
    settings.REQUEST_FILING_DEFERRED = True
    page.goto("/alfa/requests/new/")
    page.check("input[value='erasure']")
    page.fill("#id_requester_name", "Мария Примерова")
    page.fill("#id_requester_email", "maria@example.org")
    page.wait_for_timeout(3100)  # a person takes more than three seconds; bots do not
    page.click("text=Изпращане на искането")
    page.wait_for_url(re.compile(r"/requests/[\w-]{40,}/receipt/$"))
    assert not DataSubjectRequest.objects.exists()
    pending = PendingFiling.objects.get()
    expect(page.locator("h1")).to_have_text(f"Разписка за искане {pending.reference}")
    expect(page.locator("main")).to_contain_text("е записано")
    expect(page.locator("main")).to_contain_text("Изтриване (чл. 17)")
    page.click("text=Към страницата на искането")
    expect(page.locator("main")).to_contain_text("В момента то се завежда")
    expect(page.locator("h1")).to_contain_text(pending.reference)

    call_command("run_worker", "--once")  # the worker's pass: filed, and its mail sent
    page.click("text=Презареждане на страницата")
    expect(page.locator("main")).to_contain_text("Потвърдете имейл адреса си")
    dsr = DataSubjectRequest.objects.get()
    assert (dsr.reference, dsr.received_at) == (pending.reference, pending.received_at)
    confirm = next(link for link in delivered_links() if "/confirm/" in link)
    page.goto(confirm)
    page.click("text=Потвърждавам")
    expect(page.locator("main")).to_contain_text("имейл адресът Ви е потвърден")


def test_dpo_signs_in_with_two_factors_extends_and_completes(page, alfa):
    from tests.requests_app.factories import DataSubjectRequestFactory

    dsr = DataSubjectRequestFactory(controller=alfa, requester_email="maria@example.org")
    purpose = ProcessingPurposeFactory(controller=alfa, name="Счетоводство")
    user = sign_in(page, "dpo")
    MembershipFactory(user=user, controller=alfa, role="dpo")
    page.goto(f"/en/admin/requests_app/datasubjectrequest/{dsr.pk}/change/")
    page.click(".request-moves a:text-is('Extend by two months')")
    page.fill("textarea[name='extend-reasons']", "Three systems to search.")
    page.click("input[value='Extend by two months']")
    expect(page.locator(".messagelist")).to_contain_text("Done: Extend by two months.")
    # An access request is completed only once the identity is checked (Art. 12(6)).
    expect(page.locator(".request-moves")).not_to_contain_text("Complete and send the decision")
    page.click(".request-moves a:text-is('Confirm the identity')")
    page.fill("textarea[name='confirm_identity-note']", "Identity card shown at the desk.")
    page.click("input[value='Confirm the identity']")
    page.click(".request-moves a:text-is('Complete and send the decision')")
    page.fill("textarea[name='complete-decision']", "The copy of your data is attached.")
    # The Art. 15 letter says what applies to this requester (tests/e2e/test_answers.py).
    page.check(f"input[name='complete-pack_purposes'][value='{purpose.pk}']")
    page.click("input[value='Complete and send the decision']")
    # Irreversible: refused until confirmed, with what was typed kept.
    expect(page.locator(".errorlist")).to_contain_text("Tick the box to confirm")
    expect(page.locator("textarea[name='complete-decision']")).to_have_value(
        "The copy of your data is attached."
    )
    page.check("input[name='complete-confirm']")
    page.click("input[value='Complete and send the decision']")
    expect(page.locator(".messagelist")).to_contain_text("Done: Complete and send the decision.")
    dsr.refresh_from_db()
    assert (dsr.status, dsr.extended) == ("completed", True)
    assert any("/requests/" in link for link in delivered_links())


def test_editor_publishes_a_policy_and_downloads_its_pdf(page, alfa):
    purpose = ProcessingPurposeFactory(controller=alfa, name="Счетоводство")
    PurposeLegalBasisFactory(purpose=purpose, basis="c", note="Закон за счетоводството")
    from policies.services import policy_get_or_create

    policy = policy_get_or_create(controller=alfa)
    user = sign_in(page, "editor")
    MembershipFactory(user=user, controller=alfa, role="editor")
    page.goto("/en/admin/policies/policyversion/add/")
    page.select_option("#id_policy", str(policy.pk))
    page.fill("#id_title", "Политика за поверителност на Алфа")
    page.fill("#id_effective_date", clock.today().isoformat())
    page.click("input[name='_continue']")
    page.click("text=Check and publish")
    expect(page.locator("#content")).to_contain_text("Compliance check")
    expect(page.locator("#content")).not_to_contain_text("Error ·")  # warnings only
    # The check's warnings are accepted with a reason, kept with the version (errors would block).
    if page.locator("#id_warnings_reason").count():
        page.fill("#id_warnings_reason", "Сроковете се уточняват с архива.")
    page.click("input[value='Publish']")
    expect(page.locator(".messagelist")).to_contain_text("is published")

    page.goto("/alfa/privacy/")
    assert "Счетоводство" in page.content()
    href = page.get_attribute("text=Изтегляне като PDF", "href")
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_a_reader_subscribes_from_a_policy_page_the_browser_keeps(page, alfa):
    # The policy page is kept for a minute by the browser and by the server: the thank-you and
    # the confirmation must still be seen, once, and not stick to the cached page.
    from datetime import date

    from policies import services

    purpose = ProcessingPurposeFactory(controller=alfa, name="Счетоводство")
    PurposeLegalBasisFactory(purpose=purpose, basis="c", note="Закон за счетоводството")
    editor = MembershipFactory(controller=alfa, role="editor").user
    draft = services.policy_version_create_draft(
        policy=services.policy_get_or_create(controller=alfa),
        author=editor,
        language="bg",
        title="Политика за поверителност на Алфа",
        effective_date=date(2026, 1, 1),
    )
    services.policy_publish(
        version=draft,
        publisher=editor,
        warnings_reason="e2e",
        now=datetime.datetime(2026, 1, 1, 9, tzinfo=datetime.UTC),
    )

    page.goto("/alfa/privacy/")
    page.goto("/alfa/privacy/")  # served from the cache this time
    page.click("text=Уведомявайте ме за нови версии")
    page.fill("#id_email", "reader@example.org")
    page.click("button:has-text('Абониране')")
    expect(page.locator("main")).to_contain_text(
        "Изпратихме връзка за потвърждение на reader@example.org"
    )

    confirm = next(link for link in delivered_links() if "/subscribe/" in link)
    page.goto(confirm)
    page.click("button:has-text('Потвърждавам')")
    expect(page.locator("main")).to_contain_text("Абонаментът Ви е потвърден.")

    page.goto("/alfa/privacy/")
    expect(page.locator("main")).to_contain_text("Счетоводство")
    expect(page.locator("main")).not_to_contain_text("reader@example.org")
    expect(page.locator("main")).not_to_contain_text("Абонаментът Ви е потвърден.")


def test_switching_two_factor_off_asks_for_the_password_and_ends_other_sessions(page, alfa):
    import datetime

    import time_machine
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    from gdpr_portal.models import AccountEvent

    user = sign_in(page, "dpo2")
    elsewhere = SessionStore()
    elsewhere["_auth_user_id"] = str(user.pk)
    elsewhere.create()
    # Signing in counted as typing the password; some minutes later it is asked again.
    with time_machine.travel(datetime.timedelta(minutes=6)):
        page.goto("/en/account/two_factor/disable/")
        expect(page.locator("h1")).to_have_text("Confirm your password")
        page.fill("input[name='password']", "wrong")
        page.click("button[type='submit']")
        expect(page.locator(".field__errors")).to_contain_text("This is not your password.")
        page.fill("input[name='password']", PASSWORD)
        page.click("button[type='submit']")
        page.wait_for_url(re.compile(r"/account/two_factor/disable/$"))
        page.check("input[name='understand']")
        page.click("button[type='submit']")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AccountEvent.objects.get(subject=user).action == "2fa_disabled"
    assert not Session.objects.filter(session_key=elsewhere.session_key).exists()


def test_editor_withdraws_a_version_and_the_public_page_shows_why(page, alfa):
    from policies import services

    purpose = ProcessingPurposeFactory(controller=alfa, name="Счетоводство")
    PurposeLegalBasisFactory(purpose=purpose, basis="c", note="Закон за счетоводството")
    policy = services.policy_get_or_create(controller=alfa)
    publisher = MembershipFactory(controller=alfa, role="editor").user
    versions = []
    for month in (1, 2):
        draft = services.policy_version_create_draft(
            policy=policy,
            author=publisher,
            language="bg",
            title=f"Политика, версия {month}",
            effective_date=datetime.date(2026, month, 1),
        )
        published = datetime.datetime(2026, month, 1, 9, tzinfo=datetime.UTC)
        versions.append(
            services.policy_publish(
                version=draft, publisher=publisher, warnings_reason="e2e", now=published
            )
        )
    reason = "Публикувана по грешка: текстът не е одобрен."

    user = sign_in(page, "editor")
    MembershipFactory(user=user, controller=alfa, role="editor")
    page.goto(f"/admin/policies/policyversion/{versions[1].pk}/change/")
    page.click("text=Оттегляне")
    page.fill("textarea[name='reason']", "   ")  # no reason: refused by the field
    page.click("input[value='Оттегляне']")
    expect(page.locator("#content")).to_contain_text("Посочете причината за оттеглянето.")
    page.fill("textarea[name='reason']", reason)
    page.click("input[value='Оттегляне']")
    expect(page.locator(".messagelist")).to_contain_text("Версия 2 е оттеглена.")

    page.goto("/alfa/privacy/v2/")
    expect(page.locator(".banner--withdrawn")).to_contain_text(reason)
    expect(page.locator(".banner--withdrawn")).to_contain_text("Версия 1 е версията в сила.")
    page.goto("/alfa/privacy/")
    expect(page.locator("main")).to_contain_text("Версия 1, в сила от 1 януари 2026")
