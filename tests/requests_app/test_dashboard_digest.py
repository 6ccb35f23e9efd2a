"""Dashboard figures against a known data set, and the daily digest to the right people."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from mailer.engine import send_all

from requests_app.metrics import response_stats, volume_table
from requests_app.models import DataSubjectRequest, RequestedRight
from tests.controllers.factories import ControllerFactory, MembershipFactory, UserFactory
from tests.requests_app.factories import DataSubjectRequestFactory

D = datetime.date
UTC = datetime.UTC


@pytest.mark.django_db
def test_deadline_buckets_on_concrete_dates():
    from requests_app.metrics import dashboard_context

    controller = ControllerFactory(slug="alfa")
    today = D(2026, 3, 10)
    dues = [D(2026, 3, 9), D(2026, 2, 1), D(2026, 3, 10), D(2026, 3, 17), D(2026, 3, 18)]
    for due in dues:
        dsr = DataSubjectRequestFactory(controller=controller)
        DataSubjectRequest.objects.filter(pk=dsr.pk).update(due_date=due)
    closed = DataSubjectRequestFactory(controller=controller, status="completed")
    DataSubjectRequest.objects.filter(pk=closed.pk).update(due_date=D(2026, 3, 1))
    buckets = dashboard_context([controller], today=today)["buckets"]
    assert buckets == {"overdue": 2, "week": 2, "later": 1}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("received", "closed", "days"),
    [
        # 00:30 and 23:30 on 10 March in Sofia (UTC+2): the same day, though not in UTC.
        (
            datetime.datetime(2026, 3, 9, 22, 30, tzinfo=UTC),
            datetime.datetime(2026, 3, 10, 21, 30, tzinfo=UTC),
            0,
        ),
        # 23:30 on 28 March (UTC+2) to 00:30 on 30 March (UTC+3, summer time from the 29th).
        (
            datetime.datetime(2026, 3, 28, 21, 30, tzinfo=UTC),
            datetime.datetime(2026, 3, 29, 21, 30, tzinfo=UTC),
            2,
        ),
    ],
)
def test_days_to_respond_count_sofia_dates(received, closed, days):
    from requests_app.metrics import dashboard_context

    controller = ControllerFactory(slug="alfa")
    dsr = DataSubjectRequestFactory(controller=controller, received_at=received)
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(status="completed", closed_at=closed)
    stats = dashboard_context([controller], today=D(2026, 4, 1))["stats"]
    assert (stats["count"], stats["median_days"]) == (1, days)


def test_response_stats_known_set():
    # Ten answered requests taking 1..10 days, each due after 8: the 9th and 10th were late.
    histogram = [(n, 1, 1 if n <= 8 else 0) for n in range(10, 0, -1)]
    stats = response_stats(histogram)
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


@pytest.mark.parametrize(
    ("histogram", "median", "p90"),
    [
        ([(15, 1, 1), (20, 1, 1), (35, 1, 1), (40, 1, 1), (50, 1, 1)], 35, 50),
        ([(3, 1, 1)], 3, 3),
        ([(2, 3, 3), (7, 1, 1)], 2, 7),  # 2, 2, 2, 7
        ([(1, 5, 5), (4, 5, 5)], 2.5, 4),  # the median between the two middle answers
        ([(10, 9, 9), (30, 1, 0)], 10, 10),  # nine in ten answered within 10 days
    ],
)
def test_median_and_nearest_rank_percentile(histogram, median, p90):
    stats = response_stats(histogram)
    assert (stats["median_days"], stats["p90_days"]) == (median, p90)


def test_volume_table_has_every_right_in_every_month():
    rows = [
        (D(2026, 1, 1), "access", 3),
        (D(2026, 2, 1), "erasure", 2),
        (D(2026, 2, 1), "access", 1),
    ]
    # February: two requests, one of them for both access and erasure.
    table = volume_table(rows, {D(2026, 1, 1): 3, D(2026, 2, 1): 2})
    assert [row["month"] for row in table] == [D(2026, 2, 1), D(2026, 1, 1)]
    assert table[0]["total"] == 2 and table[0]["counts"][0] == 1 and table[0]["counts"][2] == 2
    assert len(table[0]["counts"]) == 8


@pytest.mark.django_db
def test_dashboard_page_shows_the_figures_for_the_users_controllers(client):
    from django.utils import timezone

    mine = ControllerFactory(slug="mine")
    other = ControllerFactory(slug="other")
    dpo = MembershipFactory(controller=mine, role="dpo").user
    now = timezone.now()
    DataSubjectRequestFactory(controller=mine, received_at=now - datetime.timedelta(days=45))
    DataSubjectRequestFactory(
        controller=mine, received_at=now - datetime.timedelta(days=2), rights=["access", "erasure"]
    )
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
    client.get("/en/admin/requests_app/datasubjectrequest/dashboard/")  # the session's first page
    with CaptureQueriesContext(connection) as before:
        client.get("/en/admin/requests_app/datasubjectrequest/dashboard/")
    DataSubjectRequestFactory.create_batch(10, controller=mine, received_at=now)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/admin/requests_app/datasubjectrequest/dashboard/")
    # Aggregates only: as many at any volume (one of them the breaches' 72-hour tile).
    assert len(queries) == len(before) <= 14
    DataSubjectRequest.objects.filter(received_at=now).delete()
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
    # Five requests, one of them for two rights: the months count requests, not rights.
    total = sum(row["total"] for row in context["volume"])
    assert total == DataSubjectRequest.objects.filter(controller=mine).count() == 5
    rights = sum(sum(row["counts"]) for row in context["volume"])
    assert rights == RequestedRight.objects.filter(request__controller=mine).count() == 6


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
