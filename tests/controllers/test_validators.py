import pytest
from django import forms
from django.utils import translation

from controllers.models import Controller
from controllers.validators import validate_eik


class ControllerForm(forms.ModelForm):
    class Meta:
        model = Controller
        fields = ["legal_name", "slug", "eik", "registered_address"]


def form(**overrides):
    data = {
        "legal_name": "„ХелтАпро“ ЕООД",
        "slug": "medipro",
        "eik": "206613617",
        "registered_address": "гр. София",
    }
    return ControllerForm(data={**data, **overrides})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "eik", ["206613617", "000463258", "BG206613617", "206 613 617", "0004632580005"]
)
def test_valid_eik_is_accepted(eik):
    f = form(eik=eik)
    assert f.is_valid(), f.errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("bg", "Контролната цифра на този ЕИК/БУЛСТАТ е грешна: проверете номера."),
        ("en", "The check digit of this ЕИК/БУЛСТАТ is wrong: please check the number."),
    ],
)
def test_wrong_check_digit_is_refused_with_a_clear_message(language, message):
    with translation.override(language):
        f = form(eik="206613618")
        assert not f.is_valid()
        assert f.errors["eik"] == [message]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("bg", "ЕИК/БУЛСТАТ се състои от 9 или 13 цифри."),
        ("en", "An ЕИК/БУЛСТАТ has 9 or 13 digits."),
    ],
)
def test_wrong_length_is_refused(language, message):
    with translation.override(language):
        f = form(eik="12345")
        assert not f.is_valid()
        assert f.errors["eik"] == [message]


def test_thirteen_digit_branch_number_checks_its_own_digit():
    validate_eik("0004632580005")
    with pytest.raises(forms.ValidationError):
        validate_eik("0004632580004")


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["admin", "en", "static", "healthz", "requests"])
def test_slugs_of_the_portal_itself_are_refused(slug):
    with translation.override("en"):
        f = form(slug=slug)
        assert not f.is_valid()
        assert "one of the portal's own addresses" in f.errors["slug"][0]
