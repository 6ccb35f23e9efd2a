"""The DPO's request register in the admin: list, filters, moves, exports, Art. 15 pack."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from requests_app.models import Status
from tests.controllers.factories import ControllerFactory, MembershipFactory
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db
LIST = "/en/admin/requests_app/datasubjectrequest/"


@pytest.fixture
def dpo(controller):
    return MembershipFactory(controller=controller, role="dpo").user


def aware(days_ago: int):
    return timezone.now() - datetime.timedelta(days=days_ago)


def listed(response):
    return [obj.reference for obj in response.context["cl"].result_list]


def test_default_view_is_open_requests_soonest_due_first(client, controller, dpo):
    late = DataSubjectRequestFactory(controller=controller, received_at=aware(40))
    soon = DataSubjectRequestFactory(controller=controller, received_at=aware(28))
    later = DataSubjectRequestFactory(controller=controller, received_at=aware(1))
    DataSubjectRequestFactory(controller=controller, received_at=aware(35), status="completed")
    client.force_login(dpo)
    response = client.get(LIST)
    assert listed(response) == [late.reference, soon.reference, later.reference]
    body = response.content.decode()
    assert "days--overdue" in body and "days--soon" in body and "days--later" in body
    assert "days overdue" in body


def test_filters(client, controller, dpo):
    overdue = DataSubjectRequestFactory(
        controller=controller, received_at=aware(40), rights=["erasure"]
    )
    week = DataSubjectRequestFactory(controller=controller, received_at=aware(27))
    mine = DataSubjectRequestFactory(controller=controller, received_at=aware(2), assignee=dpo)
    posted = DataSubjectRequestFactory(controller=controller, received_at=aware(3), channel="post")
    done = DataSubjectRequestFactory(
        controller=controller, received_at=aware(3), status="completed"
    )
    client.force_login(dpo)
    cases = {
        "deadline=overdue": [overdue],
        "deadline=week": [week],
        "assignee=me": [mine],
        "assignee=none": [overdue, week, posted],
        "right=erasure": [overdue],
        "channel__exact=post": [posted],
        "state=completed": [done],
        f"q={mine.reference}": [mine],
        f"q={posted.requester_email}": [posted],
    }
    for query, expected in cases.items():
        assert listed(client.get(f"{LIST}?{query}")) == [r.reference for r in expected], query


def test_list_query_count_is_constant(client, controller, dpo, django_assert_max_num_queries):
    client.force_login(dpo)
    for _ in range(3):
        DataSubjectRequestFactory(controller=controller, rights=["access", "erasure"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(LIST)  # warm: per-process caches filled once, as in a running server
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(30):
        DataSubjectRequestFactory(controller=controller, rights=["access", "erasure"])
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(response.context["cl"].result_list) == 33
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(many.captured_queries) <= 10


def test_staff_of_another_controller_see_nothing(client, controller):
    dsr = DataSubjectRequestFactory(controller=controller)
    outsider = MembershipFactory(controller=ControllerFactory(), role="dpo").user
    client.force_login(outsider)
    assert listed(client.get(LIST)) == []
    change = f"{LIST}{dsr.pk}/change/"
    assert client.get(change).status_code == 302
    for url in (f"{LIST}{dsr.pk}/audit.csv", f"{LIST}{dsr.pk}/art15/", f"{LIST}{dsr.pk}/art15.pdf"):
        assert client.get(url).status_code == 404
    response = client.post(f"{LIST}{dsr.pk}/act/start/", {})
    assert response.status_code == 404
    dsr.refresh_from_db()
    assert dsr.status == Status.NEW
    rows = list(
        csv.reader(
            io.StringIO(b"".join(client.get(f"{LIST}export.csv").streaming_content).decode())
        )
    )
    assert len(rows) == 1  # the header only


def test_moves_through_the_admin(client, controller, dpo):
    dsr = DataSubjectRequestFactory(controller=controller, received_at=aware(2))
    client.force_login(dpo)
    page = client.get(f"{LIST}{dsr.pk}/change/").content.decode()
    assert "Start work" in page and "Extend by two months" in page
    assert client.post(f"{LIST}{dsr.pk}/act/start/", {}).status_code == 302
    response = client.post(f"{LIST}{dsr.pk}/act/extend/", {"extend-reasons": ""}, follow=True)
    assert "This field is required." in response.content.decode()
    client.post(f"{LIST}{dsr.pk}/act/extend/", {"extend-reasons": "Голям обем данни"})
    dsr.refresh_from_db()
    assert (dsr.status, dsr.extended) == (Status.EXTENDED, True)
    # An illegal move is refused with a message and changes nothing.
    response = client.post(f"{LIST}{dsr.pk}/act/start/", {}, follow=True)
    assert "Only a new request can be started" in response.content.decode()
    dsr.refresh_from_db()
    assert dsr.status == Status.EXTENDED
    page = client.get(f"{LIST}{dsr.pk}/change/").content.decode()
    assert "Audit trail" in page and "Голям обем данни" in page
    assert page.index("Work started") < page.index("Deadline extended")


def test_viewers_see_the_request_but_no_moves(client, controller):
    dsr = DataSubjectRequestFactory(controller=controller)
    viewer = MembershipFactory(controller=controller, role="viewer").user
    client.force_login(viewer)
    page = client.get(f"{LIST}{dsr.pk}/change/")
    assert page.status_code == 200
    assert "Start work" not in page.content.decode()
    assert client.post(f"{LIST}{dsr.pk}/act/start/", {}).status_code == 403


def test_csv_export_as_filtered(client, controller, dpo):
    erasure = DataSubjectRequestFactory(
        controller=controller, rights=["erasure"], requester_name="Анна"
    )
    DataSubjectRequestFactory(controller=controller, rights=["access"])
    client.force_login(dpo)
    response = client.get(f"{LIST}export.csv?right=erasure")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["Reference"] for row in rows] == [erasure.reference]
    assert rows[0]["Name"] == "Анна" and rows[0]["Rights"] == "erasure (Art. 17)"
    assert rows[0]["Status"] == "received"


def test_audit_export(client, controller, dpo):
    from requests_app import workflow

    dsr = DataSubjectRequestFactory(controller=controller)
    workflow.request_start(request=dsr, actor=dpo)
    client.force_login(dpo)
    text = b"".join(client.get(f"{LIST}{dsr.pk}/audit.csv").streaming_content).decode("utf-8-sig")
    assert dsr.reference in text
    assert f",{dpo.username},Work started,Status,received,in progress," in text
