"""The sweep calls each app's hooks: each purge in its own transaction, files deleted after the
commit, evidence of what was actually done, and the portal's rules on any install."""

import dataclasses
from io import StringIO

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from controllers.models import Controller
from gdpr_portal.models import ThrottleCounter
from requests_app import disposal
from requests_app.models import Attachment, DataSubjectRequest
from retention import registry
from retention.checks import retention_rules_and_keepers
from retention.models import DisposalRecord, RetentionRule
from retention.rules import portal_rules
from tests.controllers.factories import ControllerFactory
from tests.retention.test_sweep import at, closed_request

pytestmark = pytest.mark.django_db
SWEEP_DAY = at(2026, 6, 1, 12)


def sweep(*args):
    with time_machine.travel(SWEEP_DAY, tick=False):
        call_command("apply_retention", *args, stdout=StringIO(), stderr=StringIO())


def replace_purge(monkeypatch, key, purge):
    keeper = registry.keeper(key)
    monkeypatch.setitem(registry._keepers, key, dataclasses.replace(keeper, purge=purge))


def failing(real):
    def purge(keys):
        real(keys)  # the work is done, then the hook fails: all of it must be undone
        raise RuntimeError("storage unavailable")

    return purge


@pytest.fixture
def dkc():
    return ControllerFactory(slug="dkc")


def test_the_portal_rules_are_there_without_the_demo():
    assert not Controller.objects.exists()
    assert {rule.key for rule in portal_rules()} == set(RetentionRule.PortalRecords.values)
    assert set(registry.keepers()) == set(RetentionRule.PortalRecords.values)
    assert retention_rules_and_keepers() == []
    closed = next(rule for rule in portal_rules() if rule.key == "closed_requests")
    assert (closed.years, closed.period_display()) == (5, "5 години")


def test_without_an_operator_the_evidence_names_no_controller():
    ThrottleCounter.objects.create(key="k", window_start=at(2026, 3, 1, 9), count=1)
    sweep()
    record = DisposalRecord.objects.get()
    assert (record.controller, record.record_kind, record.action, record.count) == (
        None,
        "rate_limit_counters",
        "erase",
        1,
    )
    assert record.rule_name == "Броячи срещу злоупотреби (хеширани IP и имейл адреси)"


def test_a_failing_hook_undoes_only_its_own_work(dkc, monkeypatch):
    old, _file = closed_request(dkc, at(2020, 1, 1))
    ThrottleCounter.objects.create(key="k", window_start=at(2026, 3, 1, 9), count=1)
    replace_purge(monkeypatch, "rate_limit_counters", failing(disposal.delete_counters))
    with pytest.raises(CommandError, match="rate_limit_counters") as failure:
        sweep()
    assert str(failure.value.__cause__) == "storage unavailable"
    old.refresh_from_db()
    assert old.anonymised_at is not None and old.requester_name == ""
    assert ThrottleCounter.objects.count() == 1
    kinds = list(DisposalRecord.objects.values_list("record_kind", flat=True))
    assert kinds == ["closed_requests"]


def test_files_go_only_once_the_purge_is_committed(dkc, django_capture_on_commit_callbacks):
    old, name = closed_request(dkc, at(2020, 1, 1))
    with django_capture_on_commit_callbacks() as callbacks:
        sweep()
        assert not Attachment.objects.filter(request=old).exists()
        assert default_storage.exists(name)  # not committed yet
    for callback in callbacks:
        callback()
    assert not default_storage.exists(name)


def test_a_rolled_back_purge_leaves_the_file(dkc, monkeypatch, django_capture_on_commit_callbacks):
    old, name = closed_request(dkc, at(2020, 1, 1))
    replace_purge(monkeypatch, "closed_requests", failing(disposal.anonymise_requests))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError):
        sweep()
    assert default_storage.exists(name)
    assert Attachment.objects.filter(request=old).count() == 1
    old.refresh_from_db()
    assert old.requester_name == "Мария Примерова" and old.events.get().note
    assert not DisposalRecord.objects.exists()


def test_the_evidence_records_what_each_hook_did_per_controller(dkc):
    other = ControllerFactory(slug="other")
    for controller, n in ((dkc, 2), (other, 1)):
        for _ in range(n):
            closed_request(controller, at(2020, 1, 1))
    sweep()
    records = DisposalRecord.objects.filter(record_kind="closed_requests")
    assert sorted((r.controller.slug, r.count, r.action) for r in records) == [
        ("dkc", 2, "anonymise"),
        ("other", 1, "anonymise"),
    ]
    assert DataSubjectRequest.objects.filter(anonymised_at__isnull=False).count() == 3


def test_a_hook_that_disposes_of_other_than_it_was_given_keeps_nothing(dkc, monkeypatch):
    old, _file = closed_request(dkc, at(2020, 1, 1))

    def miscounts(keys):
        disposal.anonymise_requests(keys)
        return len(keys) + 1

    replace_purge(monkeypatch, "closed_requests", miscounts)
    with pytest.raises(CommandError):
        sweep()
    old.refresh_from_db()
    assert old.anonymised_at is None
    assert not DisposalRecord.objects.exists()


def test_a_dry_run_calls_no_purge(dkc, monkeypatch):
    closed_request(dkc, at(2020, 1, 1))
    for key in registry.keepers():
        replace_purge(monkeypatch, key, failing(lambda keys: 0))
    sweep("--dry-run")
    assert not DisposalRecord.objects.exists()


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"parking": {"name": "x", "legal_reference": "", "days": 1}}, "parking"),
        ({"mail_log": {"name": "x", "legal_reference": ""}}, "no period"),
        ({"mail_log": {"name": "x", "legal_reference": "", "weeks": 1}}, "weeks"),
    ],
)
def test_a_wrong_rule_stops_the_portal_at_start(settings, rules, message):
    from django.core.exceptions import ImproperlyConfigured

    settings.PORTAL_RETENTION = rules
    with pytest.raises(ImproperlyConfigured, match=message):
        portal_rules()


def test_a_kind_kept_without_a_rule_is_reported(settings):
    settings.PORTAL_RETENTION = {
        key: rule for key, rule in settings.PORTAL_RETENTION.items() if key != "mail_log"
    }
    assert [w.id for w in retention_rules_and_keepers()] == ["retention.W001"]
