"""Staff isolation: for every model registered in the admin, a member of controller A can
neither list, view, change, delete nor pick in a form anything of controller B."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.forms import ModelChoiceField
from django.urls import reverse

from controllers.models import Controller, Membership
from policies.models import Policy, PolicySection, PolicyVersion
from retention.models import DisposalRecord
from tests.breaches.factories import BreachFactory, ProcessingForOthersFactory
from tests.controllers.factories import (
    ControllerFactory,
    DataProtectionOfficerFactory,
    MembershipFactory,
    RecipientFactory,
    UserFactory,
)
from tests.policies.factories import (
    PersonalDataCategoryFactory,
    ProcessingPurposeFactory,
    PurposeLegalBasisFactory,
    TransferFactory,
)
from tests.requests_app.factories import DataSubjectRequestFactory
from tests.retention.factories import RetentionRuleFactory

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
SCOPED = [
    (model, model_admin)
    for model, model_admin in REGISTERED
    if hasattr(model_admin, "controller_path")
]


def full_register(controller: Controller) -> None:
    rule = RetentionRuleFactory(controller=controller)
    recipient = RecipientFactory(controller=controller)
    purpose = ProcessingPurposeFactory(controller=controller, retention_rule=rule)
    purpose.recipients.add(recipient)
    PersonalDataCategoryFactory(purpose=purpose)
    PurposeLegalBasisFactory(purpose=purpose)
    TransferFactory(purpose=purpose, recipient=recipient)
    DataProtectionOfficerFactory(controller=controller)
    policy = Policy.objects.create(controller=controller)
    version = PolicyVersion.objects.create(
        policy=policy, number=1, language="bg", title="Политика", effective_date="2026-01-01"
    )
    PolicySection.objects.create(version=version, title="Бисквитки", body="Няма.")
    DataSubjectRequestFactory(controller=controller)
    BreachFactory(controller=controller)
    ProcessingForOthersFactory(controller=controller)
    DisposalRecord.objects.create(
        controller=controller,
        rule=rule,
        rule_name=rule.name,
        record_kind="closed_requests",
        action="anonymise",
        count=3,
        ran_at="2026-01-01T00:00:00Z",
    )


def belongs_to(obj, controller: Controller) -> bool:
    if isinstance(obj, Controller):
        return obj.pk == controller.pk
    if isinstance(obj, get_user_model()):
        return obj.memberships.filter(controller=controller).exists()
    for path in ("controller", "purpose.controller", "policy.controller"):
        target = obj
        for part in path.split("."):
            target = getattr(target, part, None)
        if isinstance(target, Controller):
            return target.pk == controller.pk
    return False


@pytest.fixture
def two_controllers(db):
    a = ControllerFactory(slug="alpha", legal_name="Алфа ЕООД")
    b = ControllerFactory(slug="beta", legal_name="Бета ЕООД")
    full_register(a)
    full_register(b)
    member_a = UserFactory(username="member-a")
    for role in Membership.Role.values:
        MembershipFactory(user=member_a, controller=a, role=role)
    MembershipFactory(user=UserFactory(username="member-b"), controller=b, role="dpo")
    return a, b, member_a


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def choice_querysets(form):
    pk_name = form._meta.model._meta.pk.name
    for name, field in form.fields.items():
        # An inline row's hidden pk field is no choice: the formset looks rows up through its
        # parent, so a foreign pk posted there matches nothing.
        if name == pk_name and field.widget.is_hidden:
            continue
        if isinstance(field, ModelChoiceField):
            yield field.queryset


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=lambda v: str(v))
def test_member_of_a_cannot_reach_anything_of_b(client, two_controllers, model, model_admin):
    a, b, member_a = two_controllers
    client.force_login(member_a)
    b_objects = [obj for obj in model._default_manager.all() if belongs_to(obj, b)]
    scoped = hasattr(model_admin, "controller_path")
    if scoped:
        assert b_objects, f"the fixture made nothing of B for {model._meta.label}"

    # List: B's rows are never in the changelist.
    response = client.get(url(model, "changelist"))
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        listed = list(response.context["cl"].queryset)
        assert not [obj for obj in listed if belongs_to(obj, b)]
        if scoped:
            assert [obj for obj in listed if belongs_to(obj, a)], "A's own rows are listed"

    for obj in b_objects:
        before = model._default_manager.filter(pk=obj.pk).values().get()
        # View and change pages: refused or redirected away, never shown.
        response = client.get(url(model, "change", obj.pk))
        assert response.status_code in (302, 403, 404)
        response = client.post(url(model, "change", obj.pk), {"name": "changed by A"})
        assert response.status_code in (302, 403, 404)
        assert model._default_manager.filter(pk=obj.pk).values().get() == before
        # Delete: refused, and the row is still there.
        response = client.post(url(model, "delete", obj.pk), {"post": "yes"})
        assert response.status_code in (302, 403, 404)
        assert model._default_manager.filter(pk=obj.pk).exists()

    # Pick: no choice in the add form (or in A's own change form) offers B's rows.
    pages = [url(model, "add")]
    a_objects = [obj for obj in model._default_manager.all() if belongs_to(obj, a)]
    if a_objects:
        pages.append(url(model, "change", a_objects[0].pk))
    for page in pages:
        response = client.get(page)
        if response.status_code != 200:
            continue
        forms = [response.context["adminform"].form]
        for inline in response.context["inline_admin_formsets"]:
            forms.extend(inline.formset.forms)
            forms.append(inline.formset.empty_form)
        for form in forms:
            for queryset in choice_querysets(form):
                offered = [obj for obj in queryset if belongs_to(obj, b)]
                assert not offered, f"{page} offers {offered}"


@pytest.mark.parametrize(("model", "model_admin"), SCOPED, ids=lambda v: str(v))
def test_viewer_can_list_but_not_change(client, db, model, model_admin):
    controller = ControllerFactory(slug="gamma")
    full_register(controller)
    viewer = MembershipFactory(controller=controller, role="viewer").user
    client.force_login(viewer)
    own = [obj for obj in model._default_manager.all() if belongs_to(obj, controller)]
    assert own
    assert client.get(url(model, "changelist")).status_code == 200
    response = client.get(url(model, "change", own[0].pk))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    before = model._default_manager.filter(pk=own[0].pk).values().get()
    client.post(url(model, "change", own[0].pk), {"name": "changed by a viewer"})
    assert model._default_manager.filter(pk=own[0].pk).values().get() == before
    assert client.post(url(model, "delete", own[0].pk), {"post": "yes"}).status_code == 403
