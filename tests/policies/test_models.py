"""Special-category data needs an Art. 9(2) condition (GDPR Art. 9)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from policies.choices import Art9Condition, DataKind, LegalBasis, TransferSafeguard
from tests.policies.factories import PersonalDataCategoryFactory, ProcessingPurposeFactory

pytestmark = pytest.mark.django_db


def test_special_category_without_art9_condition_is_refused():
    purpose = ProcessingPurposeFactory(art9_condition="")
    category = PersonalDataCategoryFactory.build(
        purpose=purpose, name="Здравословно състояние", kind=DataKind.SPECIAL
    )
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            category.full_clean()
        assert "needs an Art. 9(2) condition" in str(error.value.message_dict["kind"])


def test_special_category_with_art9_condition_is_accepted():
    purpose = ProcessingPurposeFactory(art9_condition=Art9Condition.HEALTH_CARE)
    category = PersonalDataCategoryFactory.build(
        purpose=purpose, name="Здравословно състояние", kind=DataKind.SPECIAL
    )
    category.full_clean()


def test_ordinary_data_needs_no_art9_condition():
    purpose = ProcessingPurposeFactory(art9_condition="")
    PersonalDataCategoryFactory.build(purpose=purpose, kind=DataKind.ORDINARY).full_clean()


def test_enumerations_carry_article_references_and_both_languages():
    with translation.override("en"):
        assert LegalBasis.LEGITIMATE_INTERESTS.article == "Art. 6(1)(f)"
        assert Art9Condition.HEALTH_CARE.article == "Art. 9(2)(h)"
        assert TransferSafeguard.SCC.article == "Art. 46(2)(c)"
        assert TransferSafeguard.DEROGATION_A.article == "Art. 49(1)(a)"
    with translation.override("bg"):
        assert LegalBasis.LEGITIMATE_INTERESTS.article == "чл. 6, пар. 1, буква „е“"
        assert Art9Condition.HEALTH_CARE.article == "чл. 9, пар. 2, буква „з“"
        assert TransferSafeguard.SCC.article == "чл. 46, пар. 2, буква „в“"
        assert TransferSafeguard.DEROGATION_G.article == "чл. 49, пар. 1, буква „ж“"
    assert not TransferSafeguard.PRIVACY_SHIELD.is_valid_mechanism
    with translation.override("bg"):
        assert str(LegalBasis.CONSENT.label) == "съгласие на субекта на данните"
    with translation.override("en"):
        assert str(LegalBasis.CONSENT.label) == "consent of the data subject"


def test_a_transfer_within_the_eea_is_refused():
    from tests.policies.factories import TransferFactory

    transfer = TransferFactory.build(purpose=ProcessingPurposeFactory(), country="DE")
    with pytest.raises(ValidationError):
        transfer.full_clean()


def test_admin_refuses_special_data_without_condition(client):
    """Through the admin form, with the purpose and its data categories submitted together."""
    from tests.controllers.factories import MembershipFactory

    membership = MembershipFactory(role="editor")
    client.force_login(membership.user)
    data = {
        "controller": membership.controller.pk,
        "position": 0,
        "name": "Медицинско обслужване",
        "data_subjects": "Пациенти",
        "art9_condition": "",
        "sources": ["data_subject"],
        "legal_bases-TOTAL_FORMS": 1,
        "legal_bases-INITIAL_FORMS": 0,
        "legal_bases-0-basis": "c",
        "legal_bases-0-note": "Закон за здравето",
        "data_categories-TOTAL_FORMS": 1,
        "data_categories-INITIAL_FORMS": 0,
        "data_categories-0-name": "Диагноза",
        "data_categories-0-kind": "special",
        "transfers-TOTAL_FORMS": 0,
        "transfers-INITIAL_FORMS": 0,
    }
    response = client.post("/en/admin/policies/processingpurpose/add/", data)
    assert response.status_code == 200
    assert "Special-category data needs an Art. 9(2) condition" in response.content.decode()
    from policies.models import ProcessingPurpose

    assert not ProcessingPurpose.objects.exists()

    data["art9_condition"] = "h"
    response = client.post("/en/admin/policies/processingpurpose/add/", data)
    assert response.status_code == 302
    purpose = ProcessingPurpose.objects.get()
    assert purpose.data_categories.get().kind == "special"
