import factory

from retention.models import RetentionRule
from tests.controllers.factories import ControllerFactory


class RetentionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RetentionRule

    controller = factory.SubFactory(ControllerFactory)
    name = factory.Sequence(lambda n: f"Записи {n}")
    period_years = 5
    legal_reference = "чл. 12 ЗСч"
