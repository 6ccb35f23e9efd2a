"""The dashboard's counts (requests_app/tallies.py) against a recount of the rows after every
workflow move, edit, removal and rollback; and the dashboard's query count, whatever the number
of requests."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Case, F, Value, When
from django.test.utils import CaptureQueriesContext

from gdpr_portal import clock
from requests_app import tallies, workflow
from requests_app.disposal import anonymise_requests
from requests_app.metrics import (
    dashboard_context,
    figures_by_scan,
    figures_by_tally,
    window_start,
)
from requests_app.models import DataSubjectRequest, RequestedRight, Status
from requests_app.services import request_submit
from tests.controllers.factories import ControllerFactory, MembershipFactory
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db
D = datetime.date
UTC = datetime.UTC


def assert_counts_match(controllers, today=None):
    """The counts equal a recount, for this year's window and for all time, on several days
    (the deadline buckets move with the date)."""
    today = today or clock.today()
    for day in (today, today + datetime.timedelta(days=5), today + datetime.timedelta(days=40)):
        for since in (window_start(day, 12), D(2000, 1, 1)):
            kept = figures_by_tally(controllers, today=day, since=since)
            assert kept == figures_by_scan(controllers, today=day, since=since)


@pytest.fixture
def dpo(controller):
    return MembershipFactory(controller=controller, role="dpo").user


def submit(controller, rights=("access",)):
    return request_submit(
        controller=controller,
        language="bg",
        rights=list(rights),
        requester_name="Иван Примеров",
        requester_email="ivan@example.org",
    )


def test_counts_follow_every_workflow_move(controller, dpo):
    other = ControllerFactory(slug="beta")
    submit(other, rights=("erasure",))
    confirmed = {"identity_confirmed_at": clock.now()}
    flows = {
        "complete": [
            lambda r: workflow.request_start(request=r, actor=dpo),
            lambda r: workflow.request_extend(request=r, actor=dpo, reasons="Много записи"),
            lambda r: workflow.request_complete(request=r, actor=dpo, decision="Прилагаме копие."),
        ],
        "refuse": [
            lambda r: workflow.request_ask_information(request=r, actor=dpo, reasons="Копие"),
            lambda r: workflow.request_resume(request=r, actor=dpo),
            lambda r: workflow.request_refuse(
                request=r, actor=dpo, ground="identity", reasons="Самоличността не е потвърдена."
            ),
        ],
        "withdraw": [
            lambda r: workflow.request_withdraw(request=r, actor=dpo, note="Писмо от заявителя"),
        ],
    }
    for steps in flows.values():
        dsr = submit(controller, rights=("access", "erasure"))
        DataSubjectRequest.objects.filter(pk=dsr.pk).update(**confirmed)
        assert_counts_match([controller])
        for step in steps:
            dsr.refresh_from_db()
            step(dsr)
            assert_counts_match([controller])
            assert_counts_match([controller, other])
    figures = dashboard_context([controller])
    # Two answered today (completed and refused), none open: the withdrawn one counts nowhere.
    assert figures["stats"]["count"] == 2
    assert figures["buckets"] == {"overdue": 0, "week": 0, "later": 0}
    assert figures["volume"][0]["total"] == 3
    assert dict(figures["volume"][0]["cells"]) | {} == {
        **dict.fromkeys(dict(figures["volume"][0]["cells"]), 0),
        "access": 3,
        "erasure": 3,
    }


def test_counts_follow_edits_removals_and_the_retention_sweep(controller):
    old = datetime.datetime(2019, 3, 10, 9, 0, tzinfo=UTC)
    dsrs = [
        DataSubjectRequestFactory(controller=controller, rights=["access", "erasure"])
        for _ in range(4)
    ]
    DataSubjectRequest.objects.filter(pk=dsrs[0].pk).update(due_date=D(2020, 1, 1))  # overdue
    DataSubjectRequest.objects.filter(pk__in=[d.pk for d in dsrs[1:3]]).update(
        status=Status.COMPLETED, received_at=old, closed_at=old + datetime.timedelta(days=40)
    )
    assert_counts_match([controller])
    RequestedRight.objects.filter(request=dsrs[3], right="erasure").update(right="rectification")
    RequestedRight.objects.filter(request=dsrs[3], right="access").delete()
    assert_counts_match([controller])
    moved = ControllerFactory(slug="beta")
    DataSubjectRequest.objects.filter(pk=dsrs[3].pk).update(controller=moved, received_at=old)
    assert_counts_match([controller])
    assert_counts_match([moved])
    anonymise_requests([dsrs[1].pk])
    assert_counts_match([controller])
    dsrs[2].requested_rights.all().delete()
    dsrs[2].delete()
    assert_counts_match([controller])
    assert figures_by_tally([controller], today=clock.today(), since=D(2000, 1, 1))[0] == {
        "overdue": 1,
        "week": 0,
        "later": 0,
    }


def test_the_sweep_keeps_the_counts_exact_across_controllers_and_months(controller):
    """The anonymising UPDATE changes no counted column: the counts stay as they were, and equal
    a recount, for every controller and month it touched and those it did not."""
    beta = ControllerFactory(slug="beta")
    closed = []
    for owner in (controller, beta):
        for month, status in ((1, Status.COMPLETED), (5, Status.REFUSED), (11, Status.WITHDRAWN)):
            for year in (2019, 2020):
                received = datetime.datetime(year, month, 3, 21, 30, tzinfo=UTC)  # 4th in Sofia
                dsr = DataSubjectRequestFactory(
                    controller=owner, received_at=received, rights=["access", "erasure"]
                )
                DataSubjectRequest.objects.filter(pk=dsr.pk).update(
                    status=status, closed_at=received + datetime.timedelta(days=month * 3)
                )
                closed.append(dsr.pk)
    held = DataSubjectRequestFactory(
        controller=beta, received_at=datetime.datetime(2019, 2, 1, tzinfo=UTC)
    )
    DataSubjectRequest.objects.filter(pk=held.pk).update(
        status=Status.COMPLETED,
        closed_at=datetime.datetime(2019, 3, 1, tzinfo=UTC),
        legal_hold=True,
    )
    recent = [submit(controller), submit(beta, rights=("objection",))]
    today, since = clock.today(), D(2000, 1, 1)
    before = [figures_by_tally([c], today=today, since=since) for c in (controller, beta)]

    call_command("apply_retention", verbosity=0)

    anonymised = DataSubjectRequest.objects.filter(anonymised_at__isnull=False)
    assert sorted(anonymised.values_list("pk", flat=True)) == sorted(closed)
    assert set(anonymised.values_list("requester_name", flat=True)) == {""}
    assert not DataSubjectRequest.objects.filter(
        pk__in=[held.pk, *(r.pk for r in recent)], anonymised_at__isnull=False
    ).exists()
    after = [figures_by_tally([c], today=today, since=since) for c in (controller, beta)]
    assert after == before
    assert_counts_match([controller])
    assert_counts_match([beta])
    assert_counts_match([controller, beta])


def test_an_update_that_moves_one_row_of_many_still_counts(controller):
    """The trigger's early exit is for statements that change no counted column of any row: one
    row's new due date among many anonymised rows still moves its count."""
    dsrs = [DataSubjectRequestFactory(controller=controller) for _ in range(5)]
    moved = dsrs[2]
    DataSubjectRequest.objects.filter(pk__in=[d.pk for d in dsrs]).update(
        requester_name="",
        due_date=Case(When(pk=moved.pk, then=Value(D(2020, 1, 1))), default=F("due_date")),
    )
    assert_counts_match([controller])
    buckets = figures_by_tally([controller], today=clock.today(), since=D(2000, 1, 1))[0]
    assert buckets["overdue"] == 1
    assert buckets["overdue"] + buckets["week"] + buckets["later"] == 5


def test_a_rolled_back_filing_leaves_the_counts_as_they_were(controller):
    submit(controller)
    before = figures_by_tally([controller], today=clock.today(), since=D(2000, 1, 1))
    with pytest.raises(RuntimeError), transaction.atomic():
        submit(controller, rights=("access", "erasure"))
        raise RuntimeError
    assert figures_by_tally([controller], today=clock.today(), since=D(2000, 1, 1)) == before
    assert_counts_match([controller])


def test_a_rebuild_recounts_the_same(controller):
    for _ in range(3):
        submit(controller, rights=("access", "objection"))
    kept = figures_by_tally([controller], today=clock.today(), since=D(2000, 1, 1))
    tallies.rebuild()
    assert figures_by_tally([controller], today=clock.today(), since=D(2000, 1, 1)) == kept
    assert kept[0]["later"] == 3


def test_the_dashboard_window_is_twelve_whole_months():
    assert window_start(D(2026, 11, 30), 12) == D(2025, 12, 1)
    assert window_start(D(2026, 1, 1), 12) == D(2025, 2, 1)
    assert window_start(D(2026, 3, 15), 1) == D(2026, 3, 1)


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/admin/requests_app/datasubjectrequest/dashboard/")
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_dashboard_takes_the_same_few_queries_for_many_requests(client):
    mine = ControllerFactory(slug="mine")
    dpo = MembershipFactory(controller=mine, role="dpo").user
    client.force_login(dpo)
    DataSubjectRequestFactory(controller=mine)
    dashboard_queries(client)  # the session's first page
    few = dashboard_queries(client)
    for n in range(30):
        DataSubjectRequestFactory(
            controller=mine,
            received_at=clock.now() - datetime.timedelta(days=10 * n),
            rights=["access", "erasure"],
        )
    many = dashboard_queries(client)
    assert many == few
    assert many <= 15


def test_the_list_offers_the_users_controllers_that_have_requests(client):
    from requests_app.admin.filters import ControllerFilter

    mine = ControllerFactory(slug="mine", legal_name="Моя ЕООД")
    second = ControllerFactory(slug="second", legal_name="Втора ЕООД")
    empty = ControllerFactory(slug="empty", legal_name="Празна ЕООД")
    other = ControllerFactory(slug="other", legal_name="Чужда ЕООД")
    dpo = MembershipFactory(controller=mine, role="dpo").user
    for controller in (second, empty):
        MembershipFactory(controller=controller, role="dpo", user=dpo)
    for controller in (mine, second, other):
        DataSubjectRequestFactory(controller=controller)
    client.force_login(dpo)
    response = client.get("/en/admin/requests_app/datasubjectrequest/?state=all")
    assert response.status_code == 200
    [spec] = [f for f in response.context["cl"].filter_specs if isinstance(f, ControllerFilter)]
    assert sorted(name for _pk, name in spec.lookup_choices) == sorted([str(mine), str(second)])


def test_the_dashboard_names_months_in_the_readers_language(client):
    mine = ControllerFactory(slug="mine")
    DataSubjectRequestFactory(
        controller=mine, received_at=datetime.datetime(2026, 10, 15, 12, tzinfo=datetime.UTC)
    )
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC)):
        client.force_login(MembershipFactory(controller=mine, role="dpo").user)
        bulgarian = client.get("/admin/requests_app/datasubjectrequest/dashboard/")
        english = client.get("/en/admin/requests_app/datasubjectrequest/dashboard/")
    assert "октомври 2026" in bulgarian.content.decode()
    assert "October 2026" in english.content.decode()
    # The links still filter by the month's key; no raw key is shown as a label.
    page = english.content.decode()
    assert "received=2026-10" in page and ">2026-10<" not in page
