"""Single-line fields refuse control characters (issue 19), with a message by the field in the
user's language and what was typed shown again; in every public and staff form."""

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation

from gdpr_portal.single_line import validate_single_line
from tests.controllers.factories import UserFactory
from tests.requests_app.conftest import controller, form_data  # noqa: F401  (fixtures)

CONTROLS = ["\n", "\r", "\t", "\x0b", "\x1b", "\x7f", "\x85", "\u2028"]
EN = "Write this on one line: remove line breaks, tabs and other control characters."
BG = "Напишете това на един ред: премахнете новите редове, табулациите и другите управляващи знаци."


@pytest.mark.parametrize("control", CONTROLS)
def test_the_validator_refuses_each_kind_of_control_character(control):
    with pytest.raises(forms.ValidationError):
        validate_single_line(f"Мария{control}Примерова")
    validate_single_line("Мария Примерова-Иванова, д-р")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("requester_name", "Мария\nBcc: victim@example.org"),
        ("requester_phone", "0888\t123456"),
        ("national_id", "7523\r169263"),
        ("on_behalf_of", "Иван\u2028Петров"),
    ],
)
@pytest.mark.parametrize(("prefix", "message"), [("", BG), ("/en", EN)])
def test_the_request_form(client, controller, form_data, field, value, prefix, message):  # noqa: F811
    data = form_data(**{field: value, "acting_as": "self"})
    response = client.post(f"{prefix}/alfa/requests/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'id="id_{field}_error"' in page  # by the field
    typed = value.split("\n")[0].split("\t")[0].split("\u2028")[0]
    assert typed in page  # the typed value is shown again


def test_the_subscription_form():
    from policies.forms import SubscriptionForm

    form = SubscriptionForm({"email": "a@example.org\nBcc: b@example.org"})
    assert not form.is_valid() and "email" in form.errors


def test_the_policy_import_form(db):
    from controllers.models import Controller
    from policies.forms import ImportOriginalForm

    form = ImportOriginalForm(
        {"title": "Политика\nвтори ред", "stated_date": "20\t24", "text": "x", "format": "md"},
        controllers=Controller.objects.all(),
    )
    # The staff's language, named: not whatever the previous test's page left active.
    with translation.override("en"):
        form.is_valid()
        assert form.errors["title"] == [EN]
        assert EN in form.errors["stated_date"]


def test_the_move_forms(db):
    from requests_app.move_forms import Art19Form
    from tests.requests_app.factories import DataSubjectRequestFactory

    form = Art19Form({"note": "по имейл\nи по пощата"}, dsr=DataSubjectRequestFactory())
    with translation.override("en"):
        assert not form.is_valid() and form.errors["note"] == [EN]


def _admin_forms(request):
    for model, model_admin in admin.site._registry.items():
        yield model, model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            yield inline.model, inline.get_formset(request).form


@pytest.mark.django_db
def test_every_single_line_field_of_every_admin_form():
    from django.urls import ResolverMatch

    request = RequestFactory().get("/admin/")
    request.resolver_match = ResolverMatch(func=None, args=(), kwargs={})
    request.user = UserFactory(username="operator", is_superuser=True)
    checked = 0
    for model, form_class in _admin_forms(request):
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea):
                if isinstance(field, forms.EmailField) or isinstance(
                    field.widget, forms.PasswordInput
                ):
                    # Django's EmailValidator already refuses them (test_the_subscription_form);
                    # a password is never shown again and may hold any character.
                    continue
                assert validate_single_line in field.validators, (model, name)
                checked += 1
    assert checked > 20


def test_an_admin_form_through_the_page(client, db):
    from controllers.models import SupervisoryAuthority

    operator = UserFactory(username="operator", is_superuser=True)
    client.force_login(operator)
    authority = SupervisoryAuthority.objects.first()
    response = client.get(f"/en/admin/controllers/supervisoryauthority/{authority.pk}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["name"] = "Комисия\nза защита"
    response = client.post(
        f"/en/admin/controllers/supervisoryauthority/{authority.pk}/change/", data
    )
    assert response.status_code == 200
    assert EN in response.content.decode()
    assert "Комисия" in response.content.decode()
