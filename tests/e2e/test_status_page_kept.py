"""In a real browser, the status page kept rendered (issue 20): two visitors of the same page,
the second served the kept page, each answer through the form with their own CSRF token, and
each answer is on the page at the next visit."""

import pytest
from playwright.sync_api import expect

from tests.controllers.factories import ControllerFactory, cpdp
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_visitors_answer_from_the_kept_page_and_see_each_other_s_answers(browser, live_server):
    alfa = ControllerFactory(slug="alfa", legal_name="Алфа ЕООД", supervisory_authority=cpdp())
    dsr = DataSubjectRequestFactory(controller=alfa)
    contexts = [browser.new_context(base_url=live_server.url, locale="bg-BG") for _ in range(2)]
    try:
        first, second = (context.new_page() for context in contexts)
        for visitor in (first, second):
            visitor.set_default_timeout(15000)
            visitor.goto(f"/en/requests/{dsr.status_token}/")
            expect(visitor.locator("#messages")).to_contain_text("No messages yet.")
        for visitor, text in [(second, "Sent from the kept page."), (first, "And from mine.")]:
            visitor.fill("[name='body']", text)
            visitor.click("button:text-is('Send the answer')")
            expect(visitor.locator(".messages")).to_contain_text("your answer is sent")
            expect(visitor.locator("#messages")).to_contain_text(text)
        # The answers were taken as they came: on the page at the next visit, for either.
        second.reload()
        expect(second.locator(".messages")).to_have_count(0)
        expect(second.locator("#messages")).to_contain_text("Sent from the kept page.")
        expect(second.locator("#messages")).to_contain_text("And from mine.")
        assert dsr.messages.count() == 2
    finally:
        for context in contexts:
            context.close()
