import factory

from controllers.models import Controller


class ControllerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Controller
        django_get_or_create = ("slug",)

    legal_name = factory.Sequence(lambda n: f"Администратор {n} ЕООД")
    short_name = ""
    slug = factory.Sequence(lambda n: f"controller-{n}")
