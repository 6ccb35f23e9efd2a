"""The DPO's desk in a real browser at 1280 px: every move of the registry made from the request's
page — open the request, open the move, fill its form, press its button, see the new state, the
message and the audit row — in Bulgarian and in English; an editor and a viewer are offered no
move and are refused one typed by address.

Cheap by design: one browser for the session, a signed-in session cookie instead of the
two-factor sign-in (that is driven in test_journeys.py), and the forms filled from the
registry's own form classes, so a new move is covered without a new test."""

import datetime
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from gdpr_portal import clock
from requests_app import moves
from requests_app.models import RecipientNotification, RequestEvent, Status
from tests.controllers.factories import ControllerFactory, MembershipFactory, RecipientFactory
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]
LANGUAGES = {"bg": "/admin/", "en": "/en/admin/"}
VIEWPORT = {"width": 1280, "height": 900}

# What a request needs for a move to be open, beyond a new request asking for access.
SET_UP = {
    "resume": {"status": Status.INFO_REQUESTED, "paused_since": clock.today},
    "release_hold": {"legal_hold": True, "legal_hold_reason": "Дело 123/2026"},
    "complete": {"identity_confirmed_at": clock.now},
    "art19": {"rights": ["rectification"], "status": Status.COMPLETED, "closed_at": clock.now},
    "art19_tell": {
        "rights": ["erasure"],
        "status": Status.COMPLETED,
        "closed_at": clock.now,
        "logged": True,
    },
    "release": {"status": Status.COMPLETED, "closed_at": clock.now, "released": True},
}


@pytest.fixture
def alfa(live_server):
    return ControllerFactory(slug="alfa", legal_name="Алфа ЕООД")


def signed_in(browser, live_server, user, *, path="/admin/"):
    """A browser context at 1280 px with `user` signed in with both factors (the session the
    two-factor sign-in leaves, made on the server side)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="bg-BG")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def request_for(move_name, controller):
    set_up = dict(SET_UP.get(move_name, {}))
    rights = set_up.pop("rights", ["access"])
    logged = set_up.pop("logged", False)
    with_document = set_up.pop("released", False)
    set_up = {k: v() if callable(v) else v for k, v in set_up.items()}
    dsr = DataSubjectRequestFactory(controller=controller, rights=rights, **set_up)
    if logged:  # a recipient told already, for the requester to be told of
        RecipientNotification.objects.create(
            request=dsr,
            recipient=RecipientFactory(controller=controller),
            notified_on=clock.today(),
        )
    if with_document:  # a document the decision released, for releasing it again
        from requests_app.models import Attachment

        Attachment.objects.create(
            request=dsr,
            kind=Attachment.Kind.RESPONSE,
            file="requests/e2e/copy.pdf",
            original_name="копие.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            released_at=clock.now(),
            expires_at=clock.now(),
        )
    assert moves.get(move_name).refusal_for(dsr) is None, f"{move_name}: set-up leaves it closed"
    return dsr


def fill(page, move, dsr):
    """Every field of the move's form, as a person would: a choice picked, a text typed, the
    confirmation ticked; dates keep the day offered (a required one is ten days ahead), files
    are optional, and the Art. 15 letter of an access request is declined by the box that says
    no data is processed (the controller here has no register)."""
    form_class = move.form
    fields = dict(form_class(dsr=dsr).fields)
    if move.confirm:
        fields["confirm"] = forms.BooleanField()
    for name, field in fields.items():
        selector = f"[name='{move.name}-{name}']"
        if isinstance(field, forms.BooleanField):
            page.check(selector)
        elif isinstance(field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            if list(field.choices):
                page.locator(selector).first.check()
        elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            page.select_option(selector, index=1)
        elif isinstance(field, forms.DecimalField):
            page.fill(selector, "10.00")
        elif isinstance(field, forms.DateField) and field.required:
            page.fill(selector, (clock.today() + datetime.timedelta(days=10)).isoformat())
        elif isinstance(field, forms.DateField | forms.FileField):
            continue
        else:
            page.fill(selector, f"Бележка: {move.name}")


@pytest.fixture
def screenshots(request):
    """`E2E_SCREENSHOTS=docs` keeps the request page's screenshots in docs/."""
    import os

    target = os.environ.get("E2E_SCREENSHOTS")
    return Path(settings.BASE_DIR) / target if target else None


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("move_name", list(moves.MOVES))
def test_the_dpo_makes_every_move_from_the_request_page(
    browser, live_server, alfa, move_name, language, screenshots
):
    move = moves.get(move_name)
    dpo = MembershipFactory(controller=alfa, role="dpo").user
    RecipientFactory(controller=alfa)
    dsr = request_for(move_name, alfa)
    before = dsr.status
    context, page = signed_in(browser, live_server, dpo)
    with translation.override(language):
        label = str(move.label)
        done = str(capfirst(RequestEvent.Kind(move.kind).label))
        message = translation.gettext("Done: %(action)s.") % {"action": label}
    try:
        page.goto(f"{LANGUAGES[language]}requests_app/datasubjectrequest/")
        # Found by the beginning of its reference in lower case, whatever its state.
        page.fill("#searchbar", dsr.reference[:9].lower())
        page.press("#searchbar", "Enter")
        page.click(f"a:text-is('{dsr.reference}')")
        page.click(f".request-moves a:text-is('{label}')")
        expect(page).to_have_url(re.compile(rf"/act/{move_name}/$"))
        fill(page, move, dsr)
        page.click(f"input[type='submit'][value='{label}']")
        expect(page).to_have_url(re.compile(r"/change/$"))
        expect(page.locator(".messagelist")).to_contain_text(message)
        expect(page.locator("#trail tbody tr").last).to_contain_text(done)
        dsr.refresh_from_db()
        expected = move.targets[0] if move.targets else before
        assert dsr.status == expected
        with translation.override(language):
            status = str(capfirst(Status(expected).label))
        expect(page.locator(".field-status")).to_contain_text(status, ignore_case=True)
        if screenshots is not None and move_name == "assign":
            page.screenshot(path=str(screenshots / f"request-page-{language}.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_editors_and_viewers_are_offered_no_move_and_refused_one(
    browser, live_server, alfa, role, language
):
    user = MembershipFactory(controller=alfa, role=role).user
    dsr = DataSubjectRequestFactory(controller=alfa, rights=["rectification"])
    context, page = signed_in(browser, live_server, user)
    admin = LANGUAGES[language]
    try:
        page.goto(f"{admin}requests_app/datasubjectrequest/{dsr.pk}/change/")
        expect(page.locator("h1")).to_be_visible()
        assert page.locator(".request-moves a").count() == 0
        with translation.override(language):
            expect(page.locator("#content")).to_contain_text(
                translation.gettext("No action is open to you on this request.")
            )
        response = page.goto(f"{admin}requests_app/datasubjectrequest/{dsr.pk}/act/start/")
        assert response.status == 403
        with translation.override(language):
            expect(page.locator("h1")).to_have_text(translation.gettext("Access denied"))
        for name in moves.MOVES:  # typed by address, and posted: refused
            url = f"{admin}requests_app/datasubjectrequest/{dsr.pk}/act/{name}/"
            assert page.request.get(url).status == 403, name
            assert page.request.post(url, form={"x": "1"}).status == 403, name
        dsr.refresh_from_db()
        assert dsr.status == Status.NEW and dsr.events.count() == 0
    finally:
        context.close()
