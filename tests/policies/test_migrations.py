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


OLD_FINDING = {
    "severity": "error",
    "code": "silent_changes",
    "message": "The text says the policy may change without informing people.",
    "where": "Section “Промени”",
    "article": "GDPR Arts 12(1), 13",
}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_findings_stored_with_the_old_keys_read_with_the_new_ones():
    """0009: a version published before the check quoted the text kept `code`/`where`; after
    the migration its findings have `rule`, `section` and an empty `quote`, and the admin's
    list of findings shows their section."""
    before = [("policies", "0008_cookies_and_accepted_warnings")]
    after = [("policies", "0009_findings_new_keys")]
    controller = ControllerFactory(slug="beta")
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before[0]).apps
    policy = old.get_model("policies", "Policy").objects.create(controller_id=controller.pk)
    Version = old.get_model("policies", "PolicyVersion")
    new_style = {**OLD_FINDING, "rule": "silent_changes", "section": "Раздел", "quote": "Без"}
    del new_style["code"], new_style["where"]
    for number, findings in [(1, [OLD_FINDING]), (2, [new_style]), (3, [])]:
        Version.objects.create(
            policy=policy,
            number=number,
            language="bg",
            status="published",
            title=f"v{number}",
            effective_date=datetime.date(2025, number, 1),
            findings=findings,
        )

    executor.loader.build_graph()
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.template.loader import render_to_string

    from policies.models import PolicyVersion

    stored = dict(
        PolicyVersion.objects.filter(policy_id=policy.pk).values_list("number", "findings")
    )
    assert stored[1] == [
        {
            "severity": "error",
            "rule": "silent_changes",
            "message": OLD_FINDING["message"],
            "section": "Section “Промени”",
            "article": OLD_FINDING["article"],
            "quote": "",
        }
    ]
    assert stored[2] == [new_style]
    assert stored[3] == []
    shown = render_to_string("admin/policies/_findings.html", {"findings": stored[1]})
    assert "Section “Промени”: The text says" in shown
    assert "silent_changes" in shown
