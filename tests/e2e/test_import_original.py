"""End to end in a real browser: an editor imports the policy a controller already publishes
through the admin's own import page, sees a bad date refused by its field, then the text
published as the controller published it."""

import pytest
from playwright.sync_api import expect

from tests.controllers.factories import MembershipFactory
from tests.e2e.test_journeys import alfa, sign_in  # noqa: F401 - the fixture is used by name

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEXT = """Политика за поверителност

Последна актуализация: август 2022 г.

Обработваме само данните, необходими за услугата.

 • имена
 • адрес за доставка
"""


def test_editor_imports_a_published_policy_through_the_admin(page, alfa):  # noqa: F811
    user = sign_in(page, "editor")
    MembershipFactory(user=user, controller=alfa, role="editor")
    page.goto("/en/admin/policies/policyversion/")
    page.click("text=Import a published policy")
    page.select_option("#id_controller", str(alfa.pk))
    page.fill("#id_text", TEXT)
    page.fill("#id_stated_date", "August 2022")
    page.click("input[value='Import and publish']")
    expect(page.locator(".form-row.errors")).to_contain_text("2022-08 (a month)")

    page.fill("#id_stated_date", "2022-08")
    page.click("input[value='Import and publish']")
    expect(page.locator(".messagelist")).to_contain_text("as the controller published it")

    page.goto("/en/alfa/privacy/")
    content = page.locator("main")
    expect(content).to_contain_text("As published by the controller")
    expect(content).to_contain_text("Date stated by the controller: August 2022")
    expect(content).to_contain_text("Обработваме само данните, необходими за услугата.")
    response = page.request.get("/alfa/privacy/v1.pdf")
    assert response.status == 200 and response.body().startswith(b"%PDF")
