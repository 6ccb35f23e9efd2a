"""No form inside a form on any admin page of the loaded demo: a browser drops the inner form
and its button posts the outer one (issue 17). Every registered model's list, add and change
pages, and every move page of a request, are parsed as a browser would read them."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from requests_app import moves
from requests_app.models import Attachment
from tests.controllers.factories import UserFactory
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db


class FormNesting(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0
        self.nested = 0
        self.forms = 0

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.forms += 1
            self.depth += 1
            if self.depth > 1:
                self.nested += 1

    def handle_endtag(self, tag):
        if tag == "form":
            self.depth = max(0, self.depth - 1)


def nested_forms(html: str) -> int:
    parser = FormNesting()
    parser.feed(html)
    return parser.nested


def test_the_parser_sees_a_nested_form():
    assert nested_forms("<form><form></form></form>") == 1
    assert nested_forms("<form></form><form></form>") == 0


def admin_pages(dsr):
    for model, _model_admin in sorted(
        admin.site._registry.items(), key=lambda item: item[0]._meta.label
    ):
        info = model._meta.app_label, model._meta.model_name
        yield reverse("admin:{}_{}_changelist".format(*info))
        yield reverse("admin:{}_{}_add".format(*info))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            try:
                yield reverse("admin:{}_{}_change".format(*info), args=[first.pk])
            except NoReverseMatch:
                continue
    yield reverse("admin:requests_app_datasubjectrequest_change", args=[dsr.pk])
    for name in moves.MOVES:
        yield reverse("admin:requests_app_act", args=[dsr.pk, name])
    yield reverse("admin:requests_app_dashboard")


def test_no_admin_page_of_the_demo_nests_a_form(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", verbosity=0)
    from controllers.models import Controller

    dsr = DataSubjectRequestFactory(
        controller=Controller.objects.order_by("pk").first(),
        rights=["access", "erasure"],
    )
    attachment = Attachment(
        request=dsr,
        kind=Attachment.Kind.POWER_OF_ATTORNEY,
        original_name="пълномощно.pdf",
        content_type="application/pdf",
        size=4,
        sha256="0" * 64,
    )
    attachment.file.save("x.pdf", ContentFile(b"%PDF"), save=False)
    attachment.save()
    client.force_login(UserFactory(username="operator", is_superuser=True))
    seen = 0
    for url in admin_pages(dsr):
        response = client.get(url)
        assert response.status_code in (200, 302, 403), url
        if response.status_code == 200:
            seen += 1
            assert nested_forms(response.content.decode()) == 0, url
    assert seen > 40
