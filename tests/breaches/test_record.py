"""The record of processing (Art. 30) of each seed controller, exported from the demo: its text
names every purpose and every retention period the seed's register states."""

import csv
import io

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from breaches.record import record_html, record_rows
from controllers.models import Controller
from demo.loading import SEEDS, register_path
from retention.periods import period_text
from tests.breaches.factories import ProcessingForOthersFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def _stated(slug: str) -> tuple[list[str], list[str]]:
    """The purposes and retention periods the seed's YAML states."""
    data = yaml.safe_load(register_path(slug).read_text(encoding="utf-8"))
    purposes = [p["name"] for p in data.get("purposes", [])]
    rules = {r["key"]: r for r in data.get("retention_rules", [])}
    periods = []
    with translation.override("bg"):
        for purpose in data.get("purposes", []):
            rule = rules.get(purpose.get("retention_rule"))
            if rule is None:
                continue
            period = period_text(rule.get("years"), rule.get("months"), rule.get("days"))
            periods.append(period or rule.get("criterion") or rule["name"])
    return purposes, periods


def _csv_text(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_record_of_each_seed_controller_states_its_purposes_and_periods(demo, admin_client):
    # One demo load for the five seeds (loading it is the slow part).
    for slug in SEEDS:
        _check_seed(admin_client, slug)


def _check_seed(admin_client, slug):
    controller = Controller.objects.get(slug=slug)
    purposes, periods = _stated(slug)
    assert purposes and periods, f"the seed {slug} states purposes and periods"

    response = admin_client.get(reverse("admin:breaches_record_csv", args=[controller.pk]))
    assert response.status_code == 200
    text = _csv_text(response)
    rows = list(csv.reader(io.StringIO(text)))
    html = record_html(controller)
    for purpose in purposes:
        assert any(row and row[0] == purpose for row in rows), purpose
        assert purpose.replace("\n", " ") in " ".join(html.split()) or purpose in html
    for period in periods:
        assert period in text, period
        assert period in html, period

    pdf = admin_client.get(reverse("admin:breaches_record_pdf", args=[controller.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_security_measures_and_processor_records_are_in_the_record(db):
    from tests.policies.factories import ProcessingPurposeFactory

    purpose = ProcessingPurposeFactory(security_measures="Криптиране на дисковете; 2FA.")
    ProcessingForOthersFactory(controller=purpose.controller, client_name="=HYPERLINK(1)")
    rows = record_rows(purpose.controller)
    flat = [cell for row in rows for cell in row]
    assert "Криптиране на дисковете; 2FA." in flat
    assert "=HYPERLINK(1)" in flat  # the CSV writer makes it safe, see below


def test_the_csv_is_formula_safe(admin_client, db):
    processor = ProcessingForOthersFactory(client_name="=cmd|' /C calc'!A0")
    response = admin_client.get(
        reverse("admin:breaches_record_csv", args=[processor.controller.pk])
    )
    assert "'=cmd|" in _csv_text(response)


def test_a_member_exports_only_their_own_controllers(client, db):
    from tests.controllers.factories import ControllerFactory, MembershipFactory

    own, other = ControllerFactory(slug="own"), ControllerFactory(slug="other")
    viewer = MembershipFactory(controller=own, role="viewer").user
    client.force_login(viewer)
    assert client.get(reverse("admin:breaches_record_csv", args=[own.pk])).status_code == 200
    assert client.get(reverse("admin:breaches_record_csv", args=[other.pk])).status_code == 403
    page = client.get(reverse("admin:breaches_record"))
    assert own.legal_name in page.text and other.legal_name not in page.text
