import factory
from django.utils import timezone

from requests_app.deadlines import response_due
from requests_app.models import DataSubjectRequest, RequestedRight
from tests.controllers.factories import ControllerFactory


class DataSubjectRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataSubjectRequest
        skip_postgeneration_save = True

    controller = factory.SubFactory(ControllerFactory)
    requester_name = factory.Sequence(lambda n: f"Иван Примеров {n}")
    requester_email = factory.Sequence(lambda n: f"citizen{n}@example.org")
    received_at = factory.LazyFunction(timezone.now)
    due_date = factory.LazyAttribute(lambda o: response_due(o.received_at))

    @factory.post_generation
    def rights(self, create, extracted, **kwargs):
        if create:
            for right in extracted or ["access"]:
                RequestedRight.objects.create(request=self, right=right)
