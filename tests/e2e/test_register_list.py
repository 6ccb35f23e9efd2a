"""The request register at 1280 px: deadline, days left, state and the paused badge in view;
search by part of a reference, a name or an email across every state; the due-soon, overdue and
paused filters; possible duplicates on the request's page (Art. 12(5))."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from gdpr_portal import clock
from requests_app.models import Status
from tests.controllers.factories import ControllerFactory, MembershipFactory
from tests.e2e.test_desk import LANGUAGES, signed_in
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]
LIST = "requests_app/datasubjectrequest/"


def days_ago(days: int) -> datetime.datetime:
    return clock.now() - datetime.timedelta(days=days)


@pytest.fixture
def register(live_server):
    alfa = ControllerFactory(slug="alfa", legal_name="Алфа ЕООД")
    dpo = MembershipFactory(controller=alfa, role="dpo").user
    make = DataSubjectRequestFactory
    rows = {
        "overdue": make(controller=alfa, received_at=days_ago(45), requester_name="Петър Късен"),
        "soon": make(controller=alfa, received_at=days_ago(27), requester_name="Яна Скорошна"),
        "paused": make(
            controller=alfa,
            received_at=days_ago(10),
            status=Status.INFO_REQUESTED,
            paused_since=clock.today(),
            requester_name="Мария Изчакваща",
        ),
        "closed": make(
            controller=alfa,
            received_at=days_ago(200),
            status=Status.COMPLETED,
            requester_name="Георги Приключен",
            requester_email="georgi@example.invalid",
        ),
        "again": make(
            controller=alfa,
            received_at=days_ago(3),
            requester_name="Георги Приключен",
            requester_email="GEORGI@example.invalid",
        ),
        "first": make(
            controller=alfa,
            received_at=days_ago(40),
            status=Status.COMPLETED,
            requester_email="georgi@example.invalid",
        ),
    }
    return dpo, rows


@pytest.mark.parametrize("language", LANGUAGES)
def test_deadline_days_left_state_and_paused_in_view_at_1280(
    browser, live_server, register, language
):
    dpo, rows = register
    context, page = signed_in(browser, live_server, dpo)
    try:
        page.goto(f"{LANGUAGES[language]}{LIST}")
        for column in ("due", "days_left", "state"):
            header = page.locator(f"#result_list th.column-{column}")
            expect(header).to_be_in_viewport()
            box = header.bounding_box()
            assert box["x"] + box["width"] <= 1280, column
        paused = page.locator("tr", has_text=rows["paused"].reference).locator(".days--paused")
        expect(paused).to_be_in_viewport()
        with translation.override(language):
            expect(paused).to_have_text(translation.gettext("paused"), ignore_case=True)
        shots = os.environ.get("E2E_SCREENSHOTS")
        if shots:
            path = Path(settings.BASE_DIR) / shots / f"request-list-{language}.png"
            page.screenshot(path=str(path))
    finally:
        context.close()


@pytest.mark.parametrize(
    ("term", "found", "not_found"),
    [
        ("{closed_part}", "closed", "soon"),  # part of a reference, lower case, a closed request
        ("приключен", "closed", "overdue"),  # part of a name, any case, every state
        ("GEORGI@EXAMPLE", "first", "paused"),  # part of an email
    ],
)
def test_search_across_every_state(browser, live_server, register, term, found, not_found):
    dpo, rows = register
    term = term.replace("{closed_part}", rows["closed"].reference[4:9].lower())
    context, page = signed_in(browser, live_server, dpo)
    try:
        page.goto(f"/en/admin/{LIST}")
        page.fill("#searchbar", term)
        page.press("#searchbar", "Enter")
        expect(page.locator("#result_list")).to_contain_text(rows[found].reference)
        expect(page.locator("#result_list")).not_to_contain_text(rows[not_found].reference)
    finally:
        context.close()


@pytest.mark.parametrize(
    ("choice", "shown", "hidden"),
    [("overdue", "overdue", "soon"), ("due soon", "soon", "overdue"), ("paused", "paused", "soon")],
)
def test_the_deadline_filters(browser, live_server, register, choice, shown, hidden):
    dpo, rows = register
    context, page = signed_in(browser, live_server, dpo)
    try:
        page.goto(f"/en/admin/{LIST}")
        page.locator("#changelist-filter").get_by_role("link", name=choice, exact=True).click()
        expect(page.locator("#result_list")).to_contain_text(rows[shown].reference)
        expect(page.locator("#result_list")).not_to_contain_text(rows[hidden].reference)
    finally:
        context.close()


def test_possible_duplicates_on_the_request_page(browser, live_server, register):
    dpo, rows = register
    context, page = signed_in(browser, live_server, dpo)
    try:
        page.goto(f"/en/admin/{LIST}{rows['again'].pk}/change/")
        duplicates = page.locator("#duplicates")
        expect(duplicates).to_contain_text(rows["first"].reference)
        # Older than 90 days before this one: not a repetition within the window.
        expect(duplicates).not_to_contain_text(rows["closed"].reference)
        page.click(f"#duplicates a:text-is('{rows['first'].reference}')")
        expect(page.locator(".field-reference")).to_contain_text(rows["first"].reference)
    finally:
        context.close()


def test_the_dashboard_leads_to_the_filtered_list(browser, live_server, register):
    dpo, rows = register
    context, page = signed_in(browser, live_server, dpo)
    try:
        page.goto("/en/admin/requests_app/datasubjectrequest/dashboard/")
        page.click("a.tile")
        expect(page).to_have_url(re.compile(r"deadline=overdue"))
        expect(page.locator("#result_list")).to_contain_text(rows["overdue"].reference)
        expect(page.locator("#result_list")).not_to_contain_text(rows["soon"].reference)
        page.go_back()
        tile = page.locator("section", has=page.locator("#h-open"))
        tile.locator("table").get_by_role("link", name="due within 7 days").click()
        expect(page.locator("#result_list")).to_contain_text(rows["soon"].reference)
        expect(page.locator("#result_list")).not_to_contain_text(rows["overdue"].reference)
        page.go_back()
        month = clock.today().strftime("%Y-%m")
        named = clock.today().strftime("%B %Y")  # the page names the month ("November 2026")
        page.locator("table").last.get_by_role("link", name=named).first.click()
        expect(page).to_have_url(re.compile(rf"received={month}"))
        expect(page.locator("#result_list")).to_contain_text(rows["again"].reference)
        expect(page.locator("#result_list")).not_to_contain_text(rows["closed"].reference)
    finally:
        context.close()
