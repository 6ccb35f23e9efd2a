"""What a citizen's filing costs the database (one statement a filing, in the worker's batch;
the POST itself is one statement: test_intake.py), and that what it no longer queries for is
never stale: the extra non-working days and the message templates staff edit are used by the
very next filing, in any process."""

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
from requests_app import intake, staff_settings
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
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"].split("/")[2]


def file(client, form_data, **overrides):
    return DataSubjectRequest.objects.get(status_token=post(client, form_data, **overrides))


@pytest.fixture
def bare_controller():
    # Made in the test: a transactional test cannot count on the rows the migrations load.
    return ControllerFactory(slug="alfa", legal_name="Алфа ЕООД")


# Outside the test's transaction, as in the worker (autocommit between transactions); the data
# the other tests start from is restored afterwards.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_files_a_batch_in_one_statement_each_and_stores_everything_together(
    client, bare_controller, form_data, settings
):
    settings.REQUEST_FILING_DEFERRED = True  # as in production (requests_app.intake)
    staff_settings.forget()  # a new process: the templates are read once
    tokens = [post(client, form_data, requester_email=f"r{n}@example.org") for n in range(3)]
    with CaptureQueriesContext(connection) as queries:
        assert intake.file_pending() == 3
    sql = [query["sql"] for query in queries.captured_queries]
    # The batch and its controllers, the templates (once per process), then one statement per
    # filing, each in a savepoint of the batch's one transaction, and the rows deleted at once.
    filings = [s for s in sql if s.startswith("WITH m AS (INSERT INTO")]
    assert len(filings) == 3
    plain = [s for s in sql if not re.match(r"(SAVEPOINT|RELEASE)", s)]
    assert plain[0] == "BEGIN" and plain[-1] == "COMMIT", sql  # one durable commit a batch
    assert len(plain) == 2 + 3 + 3 + 1, sql
    assert plain[-2].startswith('DELETE FROM "requests_app_pendingfiling"')

    for token in tokens:
        dsr = DataSubjectRequest.objects.get(status_token=token)
        rights = sorted(dsr.requested_rights.values_list("right", flat=True))
        assert rights == ["access", "erasure"]
        received = dsr.events.get(kind=RequestEvent.Kind.RECEIVED)
        assert received.public
        assert received.changes == {"channel": {"before": None, "after": "web"}}
        assert dsr.events.filter(kind=RequestEvent.Kind.CONFIRMATION_SENT).count() == 1
        assert dsr.created_at is not None and dsr.updated_at is not None
    assert QueuedMail.objects.count() == 3
    sent = {m.to[0]: m for m in deliver()}
    dsr = DataSubjectRequest.objects.get(status_token=tokens[0])
    assert dsr.reference in sent["r0@example.org"].subject
    assert f"/requests/{dsr.status_token}/" in sent["r0@example.org"].body
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
