"""What a citizen's filing costs the database (three statements, one of them the whole filing),
and that what it no longer queries for is never stale: the extra non-working days and the
message templates staff edit are used by the very next filing, in any process."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from mailer.engine import send_all
from mailer.models import Message as QueuedMail

from gdpr_portal import clock
from requests_app import staff_settings
from requests_app.models import DataSubjectRequest, MessageTemplate, NonWorkingDay, RequestEvent
from tests.controllers.factories import ControllerFactory
from tests.requests_app.test_dashboard_counts import assert_counts_match

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def deliver():
    send_all()
    messages = list(mail.outbox)
    mail.outbox.clear()
    return messages


def post(client, form_data, **overrides):
    response = client.post("/alfa/requests/new/", form_data(**overrides))
    assert response.status_code == 302
    return response["Location"].split("/")[2]


def file(client, form_data, **overrides):
    return DataSubjectRequest.objects.get(status_token=post(client, form_data, **overrides))


@pytest.fixture
def bare_controller():
    # Made in the test: a transactional test cannot count on the rows the migrations load.
    return ControllerFactory(slug="alfa", legal_name="Алфа ЕООД")


# Outside the test's transaction, as under gunicorn (autocommit between statements); the data
# the other tests start from is restored afterwards.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_filing_is_three_statements_and_stores_everything_together(
    client, bare_controller, form_data
):
    staff_settings.forget()  # a new process: the templates are read once
    with CaptureQueriesContext(connection) as first:
        post(client, form_data, requester_email="first@example.org")
    assert len(first.captured_queries) == 4
    with CaptureQueriesContext(connection) as queries:
        token = post(client, form_data)
    dsr = DataSubjectRequest.objects.get(status_token=token)
    sql = [query["sql"] for query in queries.captured_queries]
    # The controller with the non-working days and the templates' version; the attempt and
    # the limits; and the filing: no BEGIN, no COMMIT, no savepoint (each statement commits).
    assert len(sql) == 3, sql
    assert sql[0].startswith('SELECT "controllers_controller"."id"')
    assert sql[1].startswith("WITH first AS (INSERT INTO")
    assert "set_config('synchronous_commit', 'off', true)" in sql[1]
    assert sql[2].startswith("WITH m AS (INSERT INTO")
    assert not any(re.match(r"(BEGIN|COMMIT|SAVEPOINT|RELEASE)", s) for s in sql)

    assert sorted(dsr.requested_rights.values_list("right", flat=True)) == ["access", "erasure"]
    received = dsr.events.get(kind=RequestEvent.Kind.RECEIVED)
    assert received.public and received.changes == {"channel": {"before": None, "after": "web"}}
    assert dsr.events.filter(kind=RequestEvent.Kind.CONFIRMATION_SENT).count() == 1
    assert dsr.created_at is not None and dsr.updated_at is not None
    assert QueuedMail.objects.count() == 2
    confirmation = next(m for m in deliver() if m.to == ["maria@example.org"])
    assert dsr.reference in confirmation.subject
    assert f"/requests/{dsr.status_token}/" in confirmation.body
    assert_counts_match([bare_controller])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_filing_stores_nothing(client, bare_controller, form_data):
    from requests_app.models import RequestedRight

    # The trail refuses the audit rows: the request, its rights and its mail go with them.
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE requests_app_requestevent ADD CONSTRAINT refuse CHECK (kind = 'x')"
        )
    try:
        client.raise_request_exception = False
        response = client.post("/alfa/requests/new/", form_data())
        assert response.status_code == 500
        assert not DataSubjectRequest.objects.exists()
        assert not RequestedRight.objects.exists()
        assert not QueuedMail.objects.exists()
        assert_counts_match([bare_controller])
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE requests_app_requestevent DROP CONSTRAINT refuse")


def test_a_non_working_day_added_by_staff_is_used_by_the_next_filing(
    client, controller, form_data, admin_user
):
    staff = client.__class__()
    staff.force_login(admin_user)
    with time_machine.travel(datetime.datetime(2026, 1, 6, 10, 0, tzinfo=UTC), tick=True):
        assert file(client, form_data).due_date == datetime.date(2026, 2, 6)  # a Friday
        response = staff.post(
            "/en/admin/requests_app/nonworkingday/add/",
            {"date": "2026-02-06", "reason": "Decree of the Council of Ministers"},
        )
        assert response.status_code == 302
        # The same process, which has filed before, and a new one.
        assert file(client, form_data).due_date == datetime.date(2026, 2, 9)  # Monday
        staff_settings.forget()
        assert file(client, form_data).due_date == datetime.date(2026, 2, 9)
        NonWorkingDay.objects.all().delete()
        assert file(client, form_data).due_date == datetime.date(2026, 2, 6)


def test_a_template_edited_by_staff_is_used_by_the_next_mail(client, controller, form_data):
    def subject_of_next_filing():
        deliver()
        dsr = file(client, form_data)
        (sent,) = deliver()
        return sent.subject.replace(dsr.reference, "REF")

    template = MessageTemplate.objects.get(key="confirmation", language="bg")
    assert subject_of_next_filing() == "Потвърдете имейл адреса си за искане REF"
    # Edited without touching its date (as a bulk update or a data migration would): the
    # version is the text itself, not a time stamp.
    MessageTemplate.objects.filter(pk=template.pk).update(subject="Потвърждение за {{ reference }}")
    assert subject_of_next_filing() == "Потвърждение за REF"
    template.refresh_from_db()
    template.body = template.body.replace("Здравейте", "Добър ден")
    template.save()
    deliver()
    file(client, form_data)
    (sent,) = deliver()
    assert sent.body.startswith("Добър ден, Мария Примерова,")
    # Deleted by the operator: the default text goes out again.
    template.delete()
    assert subject_of_next_filing() == "Потвърдете имейл адреса си за искане REF"


def test_the_clock_of_a_filing_is_the_portals(client, controller, form_data):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        dsr = file(client, form_data)
        assert dsr.received_at == clock.now()
        assert dsr.created_at == clock.now()
