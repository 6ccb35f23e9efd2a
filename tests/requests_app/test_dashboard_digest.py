"""Dashboard figures against a known data set, and the daily digest to the right people."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from mailer.engine import send_all

from requests_app.metrics import deadline_buckets, percentile, response_stats, volume_table
from requests_app.models import DataSubjectRequest, RequestedRight
from tests.controllers.factories import ControllerFactory, MembershipFactory, UserFactory
from tests.requests_app.factories import DataSubjectRequestFactory

D = datetime.date
UTC = datetime.UTC


def test_deadline_buckets():
    today = D(2026, 3, 10)
    dues = [D(2026, 3, 9), D(2026, 2, 1), D(2026, 3, 10), D(2026, 3, 17), D(2026, 3, 18)]
    assert deadline_buckets(dues, today) == {"overdue": 2, "week": 2, "later": 1}


def test_response_stats_known_set():
    # Ten answered requests taking 1..10 days; the 9th and 10th after their due date.
    received = D(2026, 1, 1)
    closed = [
        (received, received + datetime.timedelta(days=n), received + datetime.timedelta(days=8))
        for n in range(1, 11)
    ]
    stats = response_stats(closed)
    assert stats["count"] == 10
    assert stats["median_days"] == 5.5
    assert stats["p90_days"] == 9
    assert stats["on_time_rate"] == 0.8
    assert response_stats([]) == {
        "count": 0,
        "median_days": None,
        "p90_days": None,
        "on_time_rate": None,
    }


def test_percentile_nearest_rank():
    assert percentile([15, 20, 35, 40, 50], 0.9) == 50
    assert percentile([3], 0.9) == 3
    assert percentile([], 0.5) is None


def test_volume_table_has_every_right_in_every_month():
    rows = [
        (D(2026, 1, 1), "access", 3),
        (D(2026, 2, 1), "erasure", 2),
        (D(2026, 2, 1), "access", 1),
    ]
    table = volume_table(rows)
    assert [row["month"] for row in table] == [D(2026, 2, 1), D(2026, 1, 1)]
    assert table[0]["total"] == 3 and table[0]["counts"][0] == 1 and table[0]["counts"][2] == 2
    assert len(table[0]["counts"]) == 8


@pytest.mark.django_db
def test_dashboard_page_shows_the_figures_for_the_users_controllers(client):
    from django.utils import timezone

    mine = ControllerFactory(slug="mine")
    other = ControllerFactory(slug="other")
    dpo = MembershipFactory(controller=mine, role="dpo").user
    now = timezone.now()
    DataSubjectRequestFactory(controller=mine, received_at=now - datetime.timedelta(days=45))
    DataSubjectRequestFactory(controller=mine, received_at=now - datetime.timedelta(days=2))
    for days in (4, 10, 20):
        dsr = DataSubjectRequestFactory(
            controller=mine, received_at=now - datetime.timedelta(days=days + 1), rights=["erasure"]
        )
        DataSubjectRequest.objects.filter(pk=dsr.pk).update(
            status="completed",
            closed_at=now - datetime.timedelta(days=1) + datetime.timedelta(days=0),
        )
        DataSubjectRequest.objects.filter(pk=dsr.pk).update(
            closed_at=dsr.received_at + datetime.timedelta(days=days)
        )
    for _ in range(5):
        DataSubjectRequestFactory(controller=other, received_at=now - datetime.timedelta(days=60))
    client.force_login(dpo)
    response = client.get("/en/admin/requests_app/datasubjectrequest/dashboard/")
    assert response.status_code == 200
    context = response.context
    assert context["buckets"] == {"overdue": 1, "week": 0, "later": 1}
    assert context["stats"]["count"] == 3
    assert context["stats"]["median_days"] == 10
    assert context["stats"]["p90_days"] == 20
    assert context["stats"]["on_time_rate"] == 1.0
    body = response.content.decode()
    assert "<svg" in body and 'role="img"' in body
    assert "other" not in [c.slug for c in context["controllers"]]
    total = sum(row["total"] for row in context["volume"])
    assert total == RequestedRight.objects.filter(request__controller=mine).count() == 5


@pytest.mark.django_db
def test_digest_goes_to_assignees_and_to_dpos_for_unassigned():
    from django.utils import timezone

    controller = ControllerFactory(slug="alfa")
    MembershipFactory(controller=controller, role="dpo", user=UserFactory(email="a@x.org"))
    dpo_b = MembershipFactory(
        controller=controller, role="dpo", user=UserFactory(email="b@x.org")
    ).user
    MembershipFactory(controller=controller, role="viewer", user=UserFactory(email="v@x.org"))
    now = timezone.now()
    overdue = DataSubjectRequestFactory(
        controller=controller, received_at=now - datetime.timedelta(days=40)
    )
    soon = DataSubjectRequestFactory(
        controller=controller, received_at=now - datetime.timedelta(days=27), assignee=dpo_b
    )
    DataSubjectRequestFactory(controller=controller, received_at=now)  # due next month: no digest
    DataSubjectRequestFactory(
        controller=controller, received_at=now - datetime.timedelta(days=40), status="completed"
    )
    call_command("send_deadline_digest", verbosity=0)
    send_all()
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"a@x.org", "b@x.org"}
    assert overdue.reference in by_recipient["a@x.org"].body
    assert soon.reference not in by_recipient["a@x.org"].body
    assert {overdue.reference, soon.reference} <= set(by_recipient["b@x.org"].body.split())
    assert "просроч" in by_recipient["a@x.org"].subject


@pytest.mark.django_db
def test_the_worker_sends_the_digest_once_a_day():
    from requests_app.digest import run_daily

    calls = []
    assert run_daily("job", lambda: calls.append(1), today=D(2026, 3, 10))
    assert not run_daily("job", lambda: calls.append(1), today=D(2026, 3, 10))
    assert run_daily("job", lambda: calls.append(1), today=D(2026, 3, 11))
    assert calls == [1, 1]
