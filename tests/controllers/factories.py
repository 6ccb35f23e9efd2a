import factory
from django.contrib.auth import get_user_model
from stdnum.bg import vat

from controllers.models import Controller, DataProtectionOfficer, Membership, Recipient


def valid_eik(n: int) -> str:
    body = f"{200000000 + n * 7919:09d}"[:8]
    return body + vat.calc_check_digit_legal(body)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    is_staff = True
    password = factory.django.Password("correct horse battery staple")


class ControllerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Controller
        django_get_or_create = ("slug",)

    legal_name = factory.Sequence(lambda n: f"Администратор {n} ЕООД")
    short_name = ""
    slug = factory.Sequence(lambda n: f"controller-{n}")
    eik = factory.Sequence(valid_eik)
    registered_address = "гр. София 1000, ул. „Примерна“ № 1"
    email = factory.LazyAttribute(lambda o: f"privacy@{o.slug}.example.org")


class DataProtectionOfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataProtectionOfficer

    controller = factory.SubFactory(ControllerFactory)
    name = "Мария Примерова"
    email = "dpo@example.org"


class RecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recipient

    controller = factory.SubFactory(ControllerFactory)
    name = factory.Sequence(lambda n: f"Обработващ {n} ООД")
    role = Recipient.Role.PROCESSOR


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    controller = factory.SubFactory(ControllerFactory)
    role = Membership.Role.DPO


def cpdp():
    """The CPDP as its data migration loads it; transactional tests flush the tables, so they
    bring it back themselves."""
    import importlib

    from controllers.models import SupervisoryAuthority

    data = importlib.import_module("controllers.migrations.0002_cpdp").CPDP
    authority, _created = SupervisoryAuthority.objects.get_or_create(
        email=data["email"], defaults=data
    )
    return authority
