import datetime

import factory

from breaches.models import Breach, ProcessingForOthers
from tests.controllers.factories import ControllerFactory


class BreachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Breach

    controller = factory.SubFactory(ControllerFactory)
    aware_at = factory.LazyFunction(
        lambda: datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=2)
    )
    nature = "Изгубен преносим компютър с некриптиран диск."
    confidentiality = True
    subject_categories = "Служители"
    subjects_approx = 40
    record_categories = "Имена, ЕГН, адреси"
    records_approx = 40
    consequences = "Възможна кражба на самоличност."
    measures_taken = "Сменени пароли; подаден сигнал в полицията."
    dpo_contact = "dpo@example.org, 02 123 4567"
    risk = "risk"
    risk_reasons = "ЕГН и адреси на служители."


class ProcessingForOthersFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessingForOthers

    controller = factory.SubFactory(ControllerFactory)
    client_name = factory.Sequence(lambda n: f"Клиент {n} ООД")
    categories = "Счетоводно обслужване: ведомости за заплати"
