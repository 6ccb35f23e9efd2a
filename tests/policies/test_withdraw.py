"""Withdrawing a version published by mistake: publisher-level staff, with a reason; it stays at
its URL with the reason, history shows it, and the version before it is in force again."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from mailer.engine import send_all

from gdpr_portal import clock
from policies import services
from policies.models import PolicyVersion
from tests.controllers.factories import MembershipFactory
from tests.policies.conftest import sofia

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 3, 10)
REASON = "Публикувана по грешка: текстът не е одобрен от управителя."


@pytest.fixture
def two_in_force(publish):
    """v1 from 1 January, v2 from 1 March (in force on 10 March, today)."""
    first = publish(effective=D(2026, 1, 1))
    second = publish(effective=D(2026, 3, 1), summary="Нов срок")
    with time_machine.travel(sofia(TODAY, 12)):
        yield first, second


def test_withdrawn_version_gives_way_to_the_one_before(client, two_in_force, editor):
    _first, second = two_in_force
    assert "Версия 2, в сила от" in client.get("/alfa/privacy/").content.decode()

    withdrawn = services.policy_version_withdraw(version=second, actor=editor, reason=REASON)

    # The audit: who, when and why, recorded on the version as its publication is.
    assert withdrawn.status == PolicyVersion.Status.WITHDRAWN
    assert withdrawn.withdrawn_by == editor
    assert clock.day_of(withdrawn.withdrawn_at) == TODAY
    assert withdrawn.withdrawal_reason == REASON
    assert withdrawn.html == second.html and withdrawn.pdf_sha256 == second.pdf_sha256

    # Each app process keeps a public page for a minute (as after a publication).
    with time_machine.travel(sofia(TODAY, 12) + datetime.timedelta(seconds=61)):
        body = client.get("/alfa/privacy/").content.decode()
    assert "Версия 1, в сила от 1 януари 2026" in body

    page = client.get("/alfa/privacy/v2/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Оттеглена" in text and REASON in text
    assert "Версия 2 е оттеглена на 10 март 2026 г. и не е в сила." in text
    assert '<a href="/alfa/privacy/">Версия 1 е версията в сила.</a>' in text
    assert client.get("/alfa/privacy/v2.pdf").status_code == 200

    history = client.get("/alfa/privacy/history/").content.decode()
    v2_row, v1_row = history.split("<tr>")[2:4]
    assert "Оттеглена</span>" in v2_row and REASON in v2_row
    assert '<span class="badge">В сила</span>' in v1_row

    assert "версия 1, в сила от 1 януари 2026 г." in client.get("/alfa/").content.decode()
    assert client.get("/alfa/privacy/?on=2026-03-05").content.decode().count("Версия 1,") == 1


def test_the_feed_and_subscribers_are_told(client, two_in_force, editor, controller):
    _first, second = two_in_force
    controller.policies.get().subscriptions.create(
        email="reader@example.org", language="en", confirmed_at=sofia(D(2025, 12, 1))
    )
    services.policy_version_withdraw(version=second, actor=editor, reason=REASON)
    send_all()
    notice = mail.outbox[-1]
    assert "is withdrawn" in notice.subject
    assert REASON in notice.body
    assert "Version 1, in force from 1 January 2026, is in force instead" in notice.body
    assert notice.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    root = ET.fromstring(client.get("/en/alfa/privacy/feed/").content)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entry = root.findall("atom:entry", ns)[0]
    assert entry.find("atom:title", ns).text == "Version 2, withdrawn"
    assert REASON in entry.find("atom:summary", ns).text
    assert entry.find("atom:updated", ns).text.startswith("2026-03-10")


def test_a_scheduled_version_can_be_withdrawn(client, publish, editor):
    publish(effective=D(2026, 1, 1))
    scheduled = publish(effective=D(2026, 4, 1), published=TODAY)
    with time_machine.travel(sofia(TODAY, 12)):
        services.policy_version_withdraw(version=scheduled, actor=editor, reason=REASON)
    with time_machine.travel(sofia(D(2026, 4, 2))):
        assert "Версия 1, в сила от" in client.get("/alfa/privacy/").content.decode()


def test_a_reason_is_required_and_only_published_versions_are_withdrawn(two_in_force, editor):
    _first, second = two_in_force
    with pytest.raises(ValidationError) as error:
        services.policy_version_withdraw(version=second, actor=editor, reason="   ")
    assert "withdrawal_reason" in error.value.message_dict
    services.policy_version_withdraw(version=second, actor=editor, reason=REASON)
    with pytest.raises(ValidationError):
        services.policy_version_withdraw(version=second, actor=editor, reason=REASON)


@pytest.mark.parametrize("role", ["dpo", "viewer"])
def test_roles_without_publish_policy_cannot_withdraw(client, two_in_force, controller, role):
    _first, second = two_in_force
    user = MembershipFactory(controller=controller, role=role).user
    with pytest.raises(PermissionDenied):
        services.policy_version_withdraw(version=second, actor=user, reason=REASON)

    client.force_login(user)
    url = f"/en/admin/policies/policyversion/{second.pk}/withdraw/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": REASON}).status_code == 403
    change = client.get(f"/en/admin/policies/policyversion/{second.pk}/change/")
    assert change.status_code == 200 and url not in change.content.decode()
    second.refresh_from_db()
    assert second.status == PolicyVersion.Status.PUBLISHED


@pytest.mark.parametrize(
    ("prefix", "required", "done"),
    [
        ("/en", "Give the reason for the withdrawal.", "Version 2 is withdrawn."),
        ("", "Посочете причината за оттеглянето.", "Версия 2 е оттеглена."),
    ],
)
def test_the_editor_withdraws_on_its_own_admin_page(
    client, two_in_force, editor, prefix, required, done
):
    _first, second = two_in_force
    client.force_login(editor)
    change = client.get(f"{prefix}/admin/policies/policyversion/{second.pk}/change/")
    url = f"{prefix}/admin/policies/policyversion/{second.pk}/withdraw/"
    assert f'href="{url}"' in change.content.decode()

    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [required]

    response = client.post(url, {"reason": REASON}, follow=True)
    assert done in response.content.decode()
    second.refresh_from_db()
    assert (second.status, second.withdrawal_reason) == ("withdrawn", REASON)
    # Withdrawn once: the page no longer offers it.
    again = client.get(f"{prefix}/admin/policies/policyversion/{second.pk}/change/")
    assert f'href="{url}"' not in again.content.decode()
