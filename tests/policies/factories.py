import factory

from policies.choices import DataKind, LegalBasis
from policies.models import PersonalDataCategory, ProcessingPurpose, PurposeLegalBasis, Transfer
from tests.controllers.factories import ControllerFactory


class ProcessingPurposeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessingPurpose

    controller = factory.SubFactory(ControllerFactory)
    name = factory.Sequence(lambda n: f"Цел {n}")
    data_subjects = "Клиенти"
    sources = ["data_subject"]


class PersonalDataCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonalDataCategory

    purpose = factory.SubFactory(ProcessingPurposeFactory)
    name = "Имена"
    kind = DataKind.ORDINARY


class PurposeLegalBasisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PurposeLegalBasis

    purpose = factory.SubFactory(ProcessingPurposeFactory)
    basis = LegalBasis.CONTRACT


class TransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transfer

    purpose = factory.SubFactory(ProcessingPurposeFactory)
    country = "US"
    safeguard = "scc"
