"""One meaning for "in force": on day D, the latest published, not withdrawn, version effective
on or before D. A version published today with next month's date is scheduled until then."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.core.exceptions import ValidationError
from mailer.engine import send_all

from policies import services
from policies.models import PolicyVersion
from tests.policies.conftest import sofia

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 3, 10)
NEXT_MONTH = D(2026, 4, 1)
ATOM = {"atom": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def scheduled(publish):
    """v1 in force since 1 January; v2 published today, 10 March, effective 1 April."""
    first = publish(effective=D(2026, 1, 1), summary="Първа версия")
    second = publish(effective=NEXT_MONTH, published=TODAY, summary="Нов срок")
    with time_machine.travel(sofia(TODAY, 12)):
        yield first, second


def feed_titles(client):
    root = ET.fromstring(client.get("/en/alfa/privacy/feed/").content)
    return [entry.find("atom:title", ATOM).text for entry in root.findall("atom:entry", ATOM)]


def test_published_today_effective_next_month_is_scheduled_everywhere(client, scheduled):
    body = client.get("/alfa/privacy/").content.decode()
    assert "Версия 1, в сила от 1 януари 2026" in body and "Версия 2" not in body
    assert '<strong class="badge">В сила</strong>' in body

    page = client.get("/alfa/privacy/v2/").content.decode()
    assert "Предстояща" in page and "В сила</strong>" not in page
    assert "Тази версия влиза в сила на 1 април 2026 г." in page
    assert '<a href="/alfa/privacy/">Версия 1 е версията в сила.</a>' in page
    english = client.get("/en/alfa/privacy/v2/").content.decode()
    assert "This version comes into force on 1 April 2026." in english

    history = client.get("/alfa/privacy/history/").content.decode()
    v2_row, v1_row = history.split("<tr>")[2:4]
    assert "Влиза в сила на 1 април 2026 г." in v2_row and "В сила</span>" not in v2_row
    assert '<span class="badge">В сила</span>' in v1_row

    assert feed_titles(client) == [
        "Version 2, comes into force on 2026-04-01",
        "Version 1, in force from 2026-01-01",
    ]

    controller_page = client.get("/alfa/").content.decode()
    assert "версия 1, в сила от 1 януари 2026 г." in controller_page
    assert "версия 2" not in controller_page


@pytest.mark.parametrize(("on", "number"), [("2026-03-31", 1), ("2026-04-01", 2)])
def test_on_the_day_before_and_the_day_of_the_effective_date(client, scheduled, on, number):
    body = client.get(f"/alfa/privacy/?on={on}").content.decode()
    assert f"Версия {number}, в сила от" in body


def test_on_its_effective_day_the_scheduled_version_is_in_force(client, scheduled):
    with time_machine.travel(sofia(NEXT_MONTH, 0)):
        body = client.get("/alfa/privacy/").content.decode()
        assert "Версия 2, в сила от 1 април 2026" in body
        history = client.get("/alfa/privacy/history/").content.decode()
        v2_row, v1_row = history.split("<tr>")[2:4]
        assert '<span class="badge">В сила</span>' in v2_row
        assert "Предишна версия" in v1_row
        assert "Предишна версия" in client.get("/alfa/privacy/v1/").content.decode()
        assert "версия 2, в сила от 1 април 2026 г." in client.get("/alfa/").content.decode()


def test_a_policy_with_only_a_scheduled_version(client, publish):
    publish(effective=NEXT_MONTH, published=TODAY)
    with time_machine.travel(sofia(TODAY, 12)):
        response = client.get("/alfa/privacy/")
        assert response.status_code == 404
        assert "Версия 1 е публикувана и влиза в сила на 1 април 2026 г." in (
            response.content.decode()
        )
        assert client.get("/alfa/privacy/v1/").status_code == 200
        controller_page = client.get("/alfa/").content.decode()
        assert "версия 1, влиза в сила на 1 април 2026 г." in controller_page
        assert 'href="/alfa/privacy/v1/"' in controller_page


def test_subscribers_are_told_when_a_scheduled_version_comes_into_force(publish, controller):
    from django.core import mail

    subscription = controller.policies.create(kind="privacy").subscriptions.create(
        email="reader@example.org", language="en", confirmed_at=sofia(D(2025, 12, 1))
    )
    assert subscription.pk
    publish(effective=NEXT_MONTH, published=TODAY)
    send_all()
    assert "It comes into force on 1 April 2026" in mail.outbox[-1].body


def test_a_past_effective_date_is_refused_except_for_imports(controller, editor):
    policy = services.policy_get_or_create(controller=controller)

    def draft():
        return services.policy_version_create_draft(
            policy=policy, author=editor, language="bg", title="П", effective_date=D(2026, 3, 9)
        )

    with time_machine.travel(sofia(TODAY)):
        refused = draft()
        with pytest.raises(ValidationError) as error:
            services.policy_publish(version=refused, publisher=editor, warnings_reason="x")
        assert "effective_date" in error.value.message_dict
        refused.refresh_from_db()
        assert refused.is_draft

        imported = services.policy_publish(
            version=draft(), publisher=editor, warnings_reason="x", backdated_import=True
        )
        assert imported.status == PolicyVersion.Status.PUBLISHED


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("/en", "A new version cannot take effect before the day it is published (today)."),
        ("", "Нова версия не може да влезе в сила преди деня, в който е публикувана (днес)."),
    ],
)
def test_the_admin_shows_a_past_effective_date_by_the_field(
    client, controller, editor, prefix, message
):
    policy = services.policy_get_or_create(controller=controller)
    client.force_login(editor)
    with time_machine.travel(sofia(TODAY)):
        response = client.post(
            f"{prefix}/admin/policies/policyversion/add/",
            {
                "policy": policy.pk,
                "language": "bg",
                "title": "Политика",
                "effective_date": "2026-03-09",
                "sections-TOTAL_FORMS": 0,
                "sections-INITIAL_FORMS": 0,
            },
        )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["effective_date"] == [message]
    assert not PolicyVersion.objects.exists()


# Measured on main before "scheduled" and "withdrawn" existed (with the links to the policy in
# its other languages): the standing of each version and the version in force come in the same
# queries, so no public page asks more.
@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/alfa/privacy/?x=1", 5),
        ("/alfa/privacy/?on=2026-03-01", 5),
        ("/alfa/privacy/v1/?x=1", 4),
        ("/alfa/privacy/v2/?x=1", 4),
        ("/alfa/privacy/history/", 3),
        ("/alfa/", 2),
        ("/alfa/privacy/feed/", 3),
    ],
)
def test_public_pages_ask_no_more_queries_than_before(
    client, scheduled, path, queries, django_assert_max_num_queries
):
    client.get("/")  # the footer's link, asked once a minute, is asked here
    with django_assert_max_num_queries(queries):
        assert client.get(path).status_code == 200
