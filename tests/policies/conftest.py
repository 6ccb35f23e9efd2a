import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from controllers.models import SupervisoryAuthority
from policies import services
from tests.controllers.factories import ControllerFactory, MembershipFactory
from tests.policies.factories import (
    PersonalDataCategoryFactory,
    ProcessingPurposeFactory,
    PurposeLegalBasisFactory,
)
from tests.retention.factories import RetentionRuleFactory


@pytest.fixture
def controller(db):
    controller = ControllerFactory(
        slug="alfa",
        legal_name="Алфа ЕООД",
        eik="206613617",
        supervisory_authority=SupervisoryAuthority.objects.get(email="kzld@cpdp.bg"),
    )
    rule = RetentionRuleFactory(
        controller=controller,
        name="Счетоводни документи",
        period_years=10,
        counting="from_next_january",
        legal_reference="чл. 12, ал. 1, т. 2 ЗСч",
    )
    purpose = ProcessingPurposeFactory(
        controller=controller, name="Счетоводство", retention_rule=rule
    )
    PurposeLegalBasisFactory(purpose=purpose, basis="c", note="Закон за счетоводството")
    PersonalDataCategoryFactory(purpose=purpose, name="Имена и адрес")
    return controller


@pytest.fixture
def editor(controller):
    return MembershipFactory(controller=controller, role="editor").user


def sofia(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZoneInfo("Europe/Sofia"))


@pytest.fixture
def publish(controller, editor):
    """Publish a version effective on `effective`, published on `published` (by default the
    effective day itself: a new version cannot take effect before the day it is published)."""

    def _publish(
        *,
        effective=datetime.date(2026, 1, 1),
        published=None,
        sections=None,
        summary="",
        reason="",
    ):
        with time_machine.travel(sofia(published or effective)):
            return _draft_and_publish(effective, sections, summary, reason)

    def _draft_and_publish(effective, sections, summary, reason):
        policy = services.policy_get_or_create(controller=controller)
        draft = services.policy_version_create_draft(
            policy=policy,
            author=editor,
            language="bg",
            title="Политика за поверителност на Алфа",
            effective_date=effective,
            change_summary=summary,
            sections=sections
            or [{"topic": "cookies", "title": "Бисквитки", "body": "Използваме само необходими."}],
        )
        return services.policy_publish(version=draft, publisher=editor, warnings_reason=reason)

    return _publish
