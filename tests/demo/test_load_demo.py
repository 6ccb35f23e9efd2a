"""The five seed policies load as registry data, faithfully, and appear on the portal."""

import html
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from controllers.models import Controller, Membership
from demo.loading import SEEDS, register_path
from policies.models import PersonalDataCategory, PolicyVersion, ProcessingPurpose, Transfer
from retention.models import RetentionRule

pytestmark = pytest.mark.django_db

SLUGS = ["plovdiv", "dkc2-plovdiv", "cpz-sofia", "medipro", "bezgloba"]
OPERATOR = "portal"
ORIGINALS = Path(settings.BASE_DIR) / "demo" / "originals"
SEEDS_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"  # ../shared/seeds/


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo once for this module (five PDFs take seconds), then remove it all."""
    from django.contrib.auth import get_user_model
    from django.test import override_settings
    from mailer.models import Message

    var_dir = tmp_path_factory.mktemp("var")
    with django_db_blocker.unblock(), override_settings(VAR_DIR=var_dir):
        call_command("load_demo", verbosity=0)
        yield var_dir
        erase_demo_requests()
        Transfer.objects.all().delete()
        ProcessingPurpose.objects.all().delete()
        Controller.objects.all().delete()
        get_user_model().objects.all().delete()
        Message.objects.all().delete()


def erase_demo_requests():
    """The requests' trails can leave the database only through trail_erase (on the record)."""
    from requests_app.models import DataSubjectRequest
    from requests_app.trail import TrailErasure, trail_erase

    ids = list(DataSubjectRequest.objects.values_list("pk", flat=True))
    if ids:
        trail_erase(request_ids=ids, mode=TrailErasure.Mode.ERASED, reason="test teardown")
    DataSubjectRequest.objects.all().delete()
    # The erasure's record is protected like the trail; other modules count their own.
    from requests_app.trail import _erasure_permitted

    with _erasure_permitted():
        TrailErasure.objects.all().delete()


@pytest.fixture
def demo(_demo_loaded, db, settings):
    settings.VAR_DIR = _demo_loaded


def register_snapshot():
    return {
        "controllers": list(Controller.objects.order_by("pk").values()),
        "purposes": list(ProcessingPurpose.objects.order_by("pk").values()),
        "rules": list(RetentionRule.objects.order_by("pk").values()),
        "categories": PersonalDataCategory.objects.count(),
        "transfers": Transfer.objects.count(),
        "memberships": Membership.objects.count(),
    }


def test_five_seed_controllers_load_and_validate(demo):
    assert sorted(Controller.objects.values_list("slug", flat=True)) == sorted([*SLUGS, OPERATOR])
    for controller in Controller.objects.all():
        controller.full_clean()
        assert controller.purposes.exists(), controller.slug
        assert controller.retention_rules.exists(), controller.slug
        for purpose in controller.purposes.all():
            purpose.full_clean()
            for category in purpose.data_categories.all():
                category.full_clean()  # special-category data carries its Art. 9 condition


def test_running_twice_changes_nothing(demo, settings):
    before = register_snapshot()
    call_command("load_demo", verbosity=0)
    assert register_snapshot() == before


def test_each_seed_module_is_loaded_as_written(demo):
    for seed in SEEDS:
        data = yaml.safe_load(register_path(seed).read_text(encoding="utf-8"))
        controller = Controller.objects.get(slug=data["controller"]["slug"])
        assert controller.eik == data["controller"]["eik"]
        assert controller.purposes.count() == len(data["purposes"])
        assert controller.retention_rules.count() == len(data["retention_rules"])
        assert controller.recipients.count() == len(data.get("recipients", []))
        transfers = sum(len(p.get("transfers", [])) for p in data["purposes"])
        assert Transfer.objects.filter(purpose__controller=controller).count() == transfers


def rules_of(slug):
    return RetentionRule.objects.filter(controller__slug=slug)


def test_dkc2_keeps_its_health_data_under_art9_and_its_long_schedule(demo):
    dkc2 = Controller.objects.get(slug="dkc2-plovdiv")
    assert dkc2.dpo.kind == "organisation"
    assert dkc2.dpo.organisation_eik == "203398419"
    special = PersonalDataCategory.objects.filter(purpose__controller=dkc2, kind="special")
    assert special.exists()
    assert all(category.purpose.art9_condition for category in special)
    years = set(rules_of("dkc2-plovdiv").values_list("period_years", flat=True))
    assert 50 in years
    assert rules_of("dkc2-plovdiv").filter(counting="from_next_january").count() >= 2
    assert rules_of("dkc2-plovdiv").filter(period_months=2).exists()


def test_cpz_relies_on_the_privacy_shield_as_published(demo):
    assert Transfer.objects.filter(
        purpose__controller__slug="cpz-sofia", country="US", safeguard="privacy_shield"
    ).exists()
    assert rules_of("cpz-sofia").filter(period_days=7).exists()  # web logs
    assert rules_of("cpz-sofia").filter(period_days=30).exists()  # video


def test_medipro_keeps_analytics_26_months_and_names_its_host(demo):
    assert rules_of("medipro").filter(period_months=26).exists()
    host = Controller.objects.get(slug="medipro").recipients.get(identifier="131449987")
    assert host.role == "processor"


def test_bezgloba_promises_30_days_and_keeps_5_years(demo):
    bezgloba = Controller.objects.get(slug="bezgloba")
    assert bezgloba.promised_response_days == 30
    assert rules_of("bezgloba").filter(period_years=5).exists()


def test_demo_staff_is_member_of_all_five_and_viewer_of_one(demo):
    demo_memberships = Membership.objects.filter(user__username="demo")
    assert set(demo_memberships.values_list("controller__slug", flat=True)) == {*SLUGS, OPERATOR}
    viewer = Membership.objects.filter(user__username="viewer")
    assert list(viewer.values_list("controller__slug", "role")) == [("plovdiv", "viewer")]


def test_natural_persons_are_fictitious(demo):
    # Names of the representatives and DPO contact persons printed in the seeds never appear.
    real_names = ["Костуркова", "Велкова"]
    for controller in Controller.objects.select_related("dpo"):
        texts = [controller.representative]
        if hasattr(controller, "dpo"):
            texts += [controller.dpo.name, controller.dpo.contact_person]
        for name in real_names:
            assert not any(name in text for text in texts)


def test_home_page_lists_the_five_seed_controllers(demo, client):
    body = client.get("/").content.decode()
    for controller in Controller.objects.all():
        assert controller.legal_name in body
        assert f'href="/{controller.slug}/"' in body


def test_controller_page_shows_identity_dpo_and_authority(demo, client):
    response = client.get("/dkc2-plovdiv/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "000463258" in body
    assert "203398419" in body  # the DPO organisation
    assert "kzld@cpdp.bg" in body
    english = client.get("/en/dkc2-plovdiv/").content.decode()
    assert "Commission for Personal Data Protection" in english
    assert "Data protection officer" in english


def test_controller_without_dpo_says_whom_to_contact(demo, client):
    body = client.get("/en/plovdiv/").content.decode()
    assert "No data protection officer is named" in body
    assert "dz-priem@plovdiv.bg" in body


def test_unknown_controller_is_404(client, db):
    assert client.get("/no-such-controller/").status_code == 404


def test_every_page_links_the_operators_own_policy(demo, client):
    for path in ["/", "/en/", "/medipro/", "/medipro/privacy/"]:
        body = client.get(path).content.decode()
        assert 'href="/portal/privacy/"' in body or 'href="/en/portal/privacy/"' in body, path
    operator_policy = client.get("/portal/privacy/").content.decode()
    assert "Дневник на изпратените съобщения" in operator_policy  # its own retention rules


def test_controller_page_links_its_published_policy(demo, client):
    body = client.get("/medipro/").content.decode()
    assert 'href="/medipro/privacy/"' in body
    policy_page = client.get("/medipro/privacy/")
    assert policy_page.status_code == 200
    assert "206613617" in policy_page.content.decode()


def test_demo_accounts_have_a_second_factor(demo):
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for username in ("demo", "viewer"):
        assert TOTPDevice.objects.filter(user__username=username, name="default").exists()
        assert StaticToken.objects.filter(device__user__username=username).count() >= 5


def test_the_sign_in_hint_names_the_address_served_on(demo):
    import io

    out = io.StringIO()
    call_command("load_demo", site_url="http://127.0.0.1:8123", stdout=out)
    assert "sign in at http://127.0.0.1:8123/admin/" in out.getvalue()


def test_make_run_passes_its_host_and_port():
    import shutil
    import subprocess

    from django.conf import settings

    dry_run = subprocess.run(  # noqa: S603 - our own Makefile, fixed arguments
        [shutil.which("make"), "-n", "run", "PORT=8123", "HOST=0.0.0.0"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "load_demo --site-url http://0.0.0.0:8123" in dry_run
    # The links in the demo's mails and messages, made while it loads, too.
    assert "SITE_URL=${SITE_URL:-http://0.0.0.0:8123} .venv/bin/python manage.py load_demo" in (
        dry_run
    )
    assert "scripts/serve.sh 0.0.0.0 8123" in dry_run


def test_the_desk_has_a_request_in_every_state_with_its_history(demo):
    from requests_app.models import DataSubjectRequest, RecipientNotification, Status

    requests = DataSubjectRequest.objects.all()
    states = set(requests.values_list("status", flat=True))
    assert {Status.NEW, Status.INFO_REQUESTED, Status.IN_PROGRESS, Status.EXTENDED} <= states
    assert {Status.COMPLETED, Status.REFUSED} <= states
    assert requests.overdue().exists()
    assert requests.filter(channel="post", entered_by__isnull=False).exists()
    awaiting = requests.filter(identity_confirmed_at__isnull=True, on_behalf_of__gt="")
    assert awaiting.filter(status__in=[Status.NEW, Status.IN_PROGRESS]).exists()
    assert RecipientNotification.objects.exists()
    completed = requests.get(status=Status.COMPLETED)
    kinds = list(completed.events.exclude(kind="confirmation_sent").values_list("kind", flat=True))
    assert kinds == [
        "received",
        "identity_confirmed",
        "started",
        "document_released",  # the Art. 15 letter, tailored to the register's first purposes
        "completed",
        "recipient_notified",
        "recipient_notified",
    ]
    assert completed.access_pack.document.released_at is not None
    assert set(completed.requested_rights.values_list("outcome", flat=True)) == {
        "granted",
        "partly",
    }
    # Fictitious requesters only.
    assert all(
        e.endswith("@example.invalid") for e in requests.values_list("requester_email", flat=True)
    )
    from requests_app.selectors import request_possible_duplicates

    repeated = requests.get(requester_email="demo.povtorno@example.invalid")
    assert request_possible_duplicates(repeated).exists()


def test_the_demo_requests_are_added_once(demo):
    from requests_app.models import DataSubjectRequest, RequestEvent

    before = (DataSubjectRequest.objects.count(), RequestEvent.objects.count())
    call_command("load_demo", verbosity=0)
    assert (DataSubjectRequest.objects.count(), RequestEvent.objects.count()) == before


# Each seed's own date, as the seed states it (shared/seeds/): version 1 of its policy.
SEED_DATES = {
    "plovdiv": ("none", "датата не е посочена"),
    "dkc2-plovdiv": ("none", "датата не е посочена"),
    "cpz-sofia": ("month", "ноември 2019 г."),  # „беше създадена на 11/2019“
    "medipro": ("month", "август 2022 г."),  # „Последна актуализация: август 2022 г.“
    "bezgloba": ("day", "13.06.2022 г."),  # „Последна актуализация …: 13.06.2022 г.“
}
SEED_FILES = dict(
    zip(
        SLUGS,
        [
            "000_e7da9f3d17b053ce",
            "001_f1bdc47fd42a911d",
            "002_58bd07c4d09a9be2",
            "003_b801191bb04622ea",
            "004_3ef2aa84564a85e6",
        ],
        strict=True,
    )
)


@pytest.mark.parametrize("slug", SLUGS)
def test_each_seed_text_is_version_1_with_its_own_date(demo, client, slug):
    from policies.compliance import has_errors
    from policies.selectors import policy_version_findings
    from policies.stated_dates import stated_date_text

    version = PolicyVersion.objects.get(policy__controller__slug=slug, number=1)
    precision, shown = SEED_DATES[slug]
    assert version.is_imported and version.stated_date_precision == precision
    with translation.override("bg"):
        assert stated_date_text(version.stated_date, version.stated_date_precision) == shown
    page = client.get(f"/{slug}/privacy/v1/").content.decode()
    assert "Както е публикувана от администратора" in page
    assert ("не посочва дата" if precision == "none" else shown) in page
    # The seed's text, word for word, but for natural persons' names and personal contacts.
    original = (ORIGINALS / f"{slug}.txt").read_text(encoding="utf-8")
    assert version.original_text == original
    seed_path = SEEDS_DIR / f"{SEED_FILES[slug]}.txt"
    seed = seed_path.read_text(encoding="utf-8") if seed_path.exists() else original
    changed = [
        (a, b) for a, b in zip(seed.splitlines(), original.splitlines(), strict=True) if a != b
    ]
    assert len(changed) <= 4
    for line in original.splitlines():
        if len(line) > 200 and "<" not in line and "&" not in line and '"' not in line:
            assert line.strip() in html.unescape(page)  # a no-break space is written &nbsp;
            break
    generated = PolicyVersion.objects.get(policy__controller__slug=slug, number=2)
    # Published where the check finds no error; otherwise a draft showing its findings, and
    # the original stays in force (errors block publishing).
    assert generated.origin == "generated"
    findings = policy_version_findings(version=generated)
    assert generated.status == ("draft" if has_errors(findings) else "published")


def test_seed_texts_name_no_natural_person(demo):
    for path in ORIGINALS.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        for name in ["Костуркова", "Велкова", "Борисов", "petar.borisov", "Чумерна"]:
            assert name not in text, (path.name, name)
