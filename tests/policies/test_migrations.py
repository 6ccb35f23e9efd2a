"""0003: "superseded" is no longer stored; every such version becomes published, and the date
rule decides which one is in force."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.controllers.factories import ControllerFactory

BEFORE = [("policies", "0002_policy_policysubscription_policyversion_and_more")]
AFTER = [("policies", "0003_version_schedule_and_withdrawal")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_superseded_versions_become_published_and_the_latest_effective_is_in_force():
    controller = ControllerFactory(slug="alfa")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE[0]).apps
    policy = old.get_model("policies", "Policy").objects.create(controller_id=controller.pk)
    Version = old.get_model("policies", "PolicyVersion")
    for number, status in [(1, "superseded"), (2, "published"), (3, "draft")]:
        Version.objects.create(
            policy=policy,
            number=number,
            language="bg",
            status=status,
            title=f"v{number}",
            effective_date=datetime.date(2025, number, 1),
        )

    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER[0]).apps
    statuses = dict(
        new.get_model("policies", "PolicyVersion").objects.values_list("number", "status")
    )
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # the other tests run on the latest

    assert statuses == {1: "published", 2: "published", 3: "draft"}
    from policies.models import Policy
    from policies.selectors import policy_version_in_force

    in_force = policy_version_in_force(
        policy=Policy.objects.get(pk=policy.pk), language="bg", on=datetime.date(2025, 6, 1)
    )
    assert in_force.number == 2
