"""In a real browser: a reader switches a Bulgarian-only policy to English and is told, in
English, at the top, that the text is Bulgarian; the text is marked as Bulgarian."""

from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import expect

from tests.controllers.factories import ControllerFactory, MembershipFactory, cpdp
from tests.policies.factories import ProcessingPurposeFactory, PurposeLegalBasisFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_english_reader_is_told_the_policy_is_in_bulgarian(page, live_server):
    from policies import services

    alfa = ControllerFactory(
        slug="alfa", legal_name="Алфа ЕООД", name_en="Alfa", supervisory_authority=cpdp()
    )
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
        now=datetime(2026, 1, 1, 9, tzinfo=UTC),  # published on its effective day
    )

    page.goto("/alfa/privacy/")
    expect(page.locator("[role=note]")).to_have_count(0)
    page.click(".language-switcher a[hreflang=en]")
    page.wait_for_url("**/en/alfa/privacy/")
    notice = page.locator("main [role=note]").first
    expect(notice).to_contain_text("This policy is published in Bulgarian only.")
    expect(page.locator("main .breadcrumbs")).to_contain_text("Alfa")
    expect(page.locator("article.policy-document")).to_have_attribute("lang", "bg")
    expect(page.locator("article.policy-document")).to_contain_text("Счетоводство")
    # The notice comes before the document.
    notice_top = notice.bounding_box()["y"]
    assert notice_top < page.locator("article.policy-document").bounding_box()["y"]
