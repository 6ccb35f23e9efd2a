"""A request from the public form is received in one durable statement and filed by the worker
(requests_app/intake.py): what the citizen sees meanwhile, what the worker files, what a failed
filing leaves, and that the deadline runs from the receipt, not from the filing."""

import datetime
import logging
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from mailer.models import Message as QueuedMail

from requests_app import intake
from requests_app.models import DataSubjectRequest, PendingFiling, RequestEvent
from tests.controllers.factories import ControllerFactory
from tests.requests_app.test_dashboard_counts import assert_counts_match
from tests.requests_app.test_filing_cost import deliver, post

pytestmark = pytest.mark.django_db
SOFIA = datetime.timezone(datetime.timedelta(hours=2))  # winter time


@pytest.fixture(autouse=True)
def deferred(settings):
    settings.REQUEST_FILING_DEFERRED = True


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_post_is_one_durable_statement_and_the_worker_files_the_rest(client, form_data):
    alfa = ControllerFactory(slug="alfa", legal_name="Алфа ЕООД")
    connection.close()  # a new database session, as a new app process has
    with CaptureQueriesContext(connection) as first:
        post(client, form_data, requester_email="first@example.org")
    # The first in a database session prepares the statement (gdpr_portal/prepared.py): the
    # limits and the row, which commits alone and waits for the disk.
    prepare, execute = (query["sql"] for query in first.captured_queries)
    assert prepare.startswith("PREPARE p_") and " AS WITH first AS (INSERT INTO" in prepare
    assert 'INSERT INTO "requests_app_pendingfiling"' in prepare
    assert "synchronous_commit" not in prepare
    assert execute.startswith("EXECUTE p_")
    PendingFiling.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        token = post(client, form_data)
    sql = [query["sql"] for query in queries.captured_queries]
    # Every later one: that one statement, no BEGIN, no COMMIT.
    assert len(sql) == 1 and sql[0].startswith(execute.split(" (")[0]), sql
    pending = PendingFiling.objects.get()
    assert pending.status_token == token and pending.controller == alfa
    assert not DataSubjectRequest.objects.exists()
    assert not QueuedMail.objects.exists()

    assert intake.file_pending() == 1
    assert not PendingFiling.objects.exists()
    dsr = DataSubjectRequest.objects.get()
    assert (dsr.reference, dsr.status_token, dsr.received_at) == (
        pending.reference,
        token,
        pending.received_at,
    )
    assert sorted(dsr.requested_rights.values_list("right", flat=True)) == ["access", "erasure"]
    assert [e.kind for e in dsr.events.all()] == ["received", "confirmation_sent"]
    (confirmation,) = deliver()
    assert confirmation.to == ["maria@example.org"]
    assert dsr.reference in confirmation.subject
    assert f"/requests/{token}/confirm/" in confirmation.body
    assert_counts_match([alfa])


def test_the_receipt_and_the_status_page_show_a_request_waiting_to_be_filed(
    client, controller, form_data
):
    with time_machine.travel(datetime.datetime(2026, 1, 30, 10, 0, tzinfo=SOFIA), tick=False):
        token = post(client, form_data, details="Копие от данните ми, моля.")
        receipt = client.get(f"/requests/{token}/receipt/")
        status = client.get(f"/requests/{token}/")
    reference = PendingFiling.objects.get().reference
    assert receipt.status_code == 200
    text = receipt.content.decode()
    assert f"Разписка за искане {reference}" in text
    assert "30 януари 2026, 10:00" in text
    # One month from 30 January: 28 February is a Saturday, so Monday 2 March.
    assert "2 март 2026" in text
    assert "Достъп (чл. 15); Изтриване (чл. 17)" in text
    assert "Копие от данните ми, моля." in text
    assert status.status_code == 200
    assert status["Cache-Control"].startswith("max-age=0") or "no-store" in status["Cache-Control"]
    page = status.content.decode()
    assert reference in page and "2 март 2026" in page
    assert "Презаредете" in page
    assert "pending" not in page and "&#x27;" not in page
    for response in (receipt, status):
        # Private, as a filed request's pages are.
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert response["Referrer-Policy"] == "same-origin"
    assert "След малко ще изпратим разписка" in text


def test_an_unknown_status_link_is_still_404(client, controller):
    assert client.get("/requests/" + "x" * 43 + "/").status_code == 404
    assert client.get("/requests/" + "x" * 43 + "/receipt/").status_code == 404


def test_the_deadline_runs_from_the_receipt_even_when_filed_days_later(
    client, controller, form_data
):
    with time_machine.travel(datetime.datetime(2026, 1, 30, 16, 0, tzinfo=SOFIA), tick=False):
        token = post(client, form_data)
    # The worker was down over the weekend: filed on Tuesday 3 February.
    with time_machine.travel(datetime.datetime(2026, 2, 3, 9, 0, tzinfo=SOFIA), tick=False):
        assert intake.file_pending() == 1
    dsr = DataSubjectRequest.objects.get(status_token=token)
    assert dsr.received_at == datetime.datetime(2026, 1, 30, 16, 0, tzinfo=SOFIA)
    # From 3 February it would be 4 March (3 March is a public holiday).
    assert dsr.due_date == datetime.date(2026, 3, 2)
    # The trail and the citizen's history say when it was received, not when it was filed.
    received = dsr.events.get(kind=RequestEvent.Kind.RECEIVED)
    assert received.at == datetime.datetime(2026, 1, 30, 16, 0, tzinfo=SOFIA)
    assert dsr.events.get(kind=RequestEvent.Kind.CONFIRMATION_SENT).at == datetime.datetime(
        2026, 2, 3, 9, 0, tzinfo=SOFIA
    )
    with time_machine.travel(datetime.datetime(2026, 2, 3, 9, 5, tzinfo=SOFIA), tick=False):
        history = client.get(f"/requests/{token}/").content.decode()
    assert "30 януари 2026, 16:00" in history


def test_a_request_over_a_limit_is_refused_and_nothing_is_stored(
    client, controller, form_data, settings
):
    settings.REQUESTS_PER_EMAIL_PER_DAY = 1
    post(client, form_data)
    response = client.post("/alfa/requests/new/", form_data())
    assert response.status_code == 429
    assert "Retry-After" in response
    assert PendingFiling.objects.count() == 1


def test_a_form_for_an_unknown_controller_is_404_and_stores_nothing(client, form_data):
    response = client.post("/nobody/requests/new/", form_data())
    assert response.status_code == 404
    assert not PendingFiling.objects.exists()


def test_a_reference_already_filed_is_drawn_again_before_the_receipt(
    client, controller, form_data, monkeypatch
):
    token = post(client, form_data, requester_email="first@example.org")
    intake.file_pending()
    taken = DataSubjectRequest.objects.get(status_token=token).reference
    draws = iter([taken, "DSR-FRESH-00000"])
    field = PendingFiling._meta.get_field("reference")
    monkeypatch.setattr(field, "_get_default", lambda: next(draws))
    token = post(client, form_data)
    assert PendingFiling.objects.get().reference == "DSR-FRESH-00000"
    intake.file_pending()
    assert DataSubjectRequest.objects.get(status_token=token).reference == "DSR-FRESH-00000"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_filing_that_fails_is_tried_again_later_and_the_others_are_filed(
    client, form_data, caplog
):
    alfa = ControllerFactory(slug="alfa", legal_name="Алфа ЕООД")
    start = datetime.datetime(2026, 2, 2, 9, 0, tzinfo=SOFIA)
    with time_machine.travel(start, tick=False):
        bad = post(client, form_data, requester_email="bad@example.org")
        good = post(client, form_data, requester_email="good@example.org")
    # The database refuses this one's request row (a fault, a bug: the cause does not matter).
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_bad() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF NEW.requester_email = 'bad@example.org' THEN RAISE EXCEPTION 'refused'; END IF; "
            "RETURN NEW; END $$; CREATE TRIGGER refuse_bad BEFORE INSERT ON "
            "requests_app_datasubjectrequest FOR EACH ROW EXECUTE FUNCTION refuse_bad()"
        )
    try:
        with caplog.at_level(logging.ERROR), time_machine.travel(start, tick=False):
            assert intake.file_pending() == 1
        assert DataSubjectRequest.objects.get().status_token == good
        waiting = PendingFiling.objects.get()
        assert waiting.status_token == bad
        assert waiting.attempts == 1
        assert waiting.next_attempt_at == start + datetime.timedelta(minutes=1)
        logged = "\n".join(caplog.messages)
        assert f"filing {waiting.pk} failed (" in logged
        assert "bad@example.org" not in logged and "Мария" not in logged
        assert [m.to for m in deliver()] == [["good@example.org"]]
        # Not before its pause is over.
        with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
            assert intake.file_pending() == 0
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP TRIGGER refuse_bad ON requests_app_datasubjectrequest; "
                "DROP FUNCTION refuse_bad()"
            )
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
        assert intake.file_pending() == 1
    dsr = DataSubjectRequest.objects.get(status_token=bad)
    assert dsr.received_at == start
    assert dsr.events.filter(kind=RequestEvent.Kind.RECEIVED).count() == 1
    assert_counts_match([alfa])


def test_a_pass_of_the_worker_files_and_mails_at_once(client, controller, form_data):
    token = post(client, form_data)
    call_command("run_worker", "--once")
    assert not PendingFiling.objects.exists()
    dsr = DataSubjectRequest.objects.get(status_token=token)
    assert any(m.to == ["maria@example.org"] and dsr.reference in m.subject for m in mail.outbox), [
        m.subject for m in mail.outbox
    ]


def test_a_request_with_files_is_filed_at_once(client, controller, form_data):
    from tests.requests_app.conftest import upload

    token = post(client, form_data, attachments=[upload()])
    assert not PendingFiling.objects.exists()
    dsr = DataSubjectRequest.objects.get(status_token=token)
    assert dsr.attachments.count() == 1


def test_the_receipt_message_names_the_reference_at_once(client, controller, form_data):
    response = client.post("/alfa/requests/new/", form_data(), follow=True)
    reference = PendingFiling.objects.get().reference
    assert re.search(rf"Искането Ви {reference} е записано", response.content.decode())


def test_the_dashboard_tells_staff_of_requests_waiting_too_long_to_be_filed(
    client, controller, form_data
):
    from tests.controllers.factories import MembershipFactory

    start = datetime.datetime(2026, 2, 2, 9, 0, tzinfo=SOFIA)
    with time_machine.travel(start, tick=False):
        post(client, form_data)
    dpo = MembershipFactory(controller=controller, role="dpo").user
    stranger = MembershipFactory(controller=ControllerFactory(slug="beta"), role="dpo").user
    dashboard = "/en/admin/requests_app/datasubjectrequest/dashboard/"
    staff = client.__class__()
    staff.force_login(dpo)
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        assert "waited more than a minute" not in staff.get(dashboard).content.decode()
    with time_machine.travel(start + datetime.timedelta(minutes=5), tick=False):
        page = staff.get(dashboard).content.decode()
        assert "1 request sent on the public form has waited more than a minute" in page
        staff.force_login(stranger)
        assert "waited more than a minute" not in staff.get(dashboard).content.decode()


def test_a_pass_of_the_worker_delivers_a_slice_of_the_mail_and_files_first(
    client, controller, form_data, settings
):
    settings.WORKER_MAIL_PER_PASS = 2
    for n in range(3):
        post(client, form_data, requester_email=f"r{n}@example.org")
    intake.file_pending()  # three confirmations queued
    late = post(client, form_data, requester_email="late@example.org")
    call_command("run_worker", "--once")
    # Filed before any mail went, and two messages sent of the four queued.
    assert DataSubjectRequest.objects.filter(status_token=late).exists()
    assert len(mail.outbox) == 2
    assert QueuedMail.objects.count() == 2
    call_command("run_worker", "--once")
    assert len(mail.outbox) == 4 and not QueuedMail.objects.exists()


def test_a_reference_of_a_waiting_request_is_drawn_again(
    client, controller, form_data, monkeypatch
):
    post(client, form_data, requester_email="first@example.org")
    waiting = PendingFiling.objects.get()
    draws = iter([waiting.reference, "DSR-FRESH-00000"])
    field = PendingFiling._meta.get_field("reference")
    monkeypatch.setattr(field, "_get_default", lambda: next(draws))
    token = post(client, form_data)
    assert PendingFiling.objects.get(status_token=token).reference == "DSR-FRESH-00000"
    assert intake.file_pending() == 2
    assert DataSubjectRequest.objects.get(status_token=token).reference == "DSR-FRESH-00000"


@pytest.mark.parametrize(
    ("attempts", "pause"),
    [
        (1, datetime.timedelta(minutes=1)),
        (2, datetime.timedelta(minutes=2)),
        (11, datetime.timedelta(minutes=1024)),  # 17 h 4 min
        (12, datetime.timedelta(days=1)),  # 2,048 minutes would be more than a day
        (45, datetime.timedelta(days=1)),  # a row failing for weeks: no overflow
        (400, datetime.timedelta(days=1)),
    ],
)
def test_the_pause_after_a_failed_filing(attempts, pause):
    assert intake.retry_pause(attempts) == pause


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_request_to_a_controller_gone_meanwhile_fails_alone(client, form_data, caplog):
    alfa = ControllerFactory(slug="alfa", legal_name="Алфа ЕООД")
    gone = ControllerFactory(slug="gone", legal_name="Изчезнал ЕООД")
    lost = post(client, form_data, requester_email="lost@example.org")
    client.post("/gone/requests/new/", form_data(requester_email="gone@example.org"))
    # Deleted behind Django's back (its PROTECT is Django's, not the database's).
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM controllers_controller WHERE id = %s", [gone.pk])
    with caplog.at_level(logging.ERROR):
        assert intake.file_pending() == 1
    assert DataSubjectRequest.objects.get().status_token == lost
    waiting = PendingFiling.objects.get()
    assert waiting.attempts == 1
    assert "(ControllerGone)" in "\n".join(caplog.messages)
    assert_counts_match([alfa])


def test_a_request_from_no_known_address_is_received(client, controller, form_data):
    # Behind a proxy that passes no client address: the limits by address count nothing, the
    # others still count, and the request is received.
    response = client.post("/alfa/requests/new/", form_data(), REMOTE_ADDR="")
    assert response.status_code == 302
    assert PendingFiling.objects.count() == 1


def test_a_pass_of_the_worker_files_a_slice_of_a_backlog(
    client, controller, form_data, monkeypatch
):
    from requests_app.management.commands import run_worker

    monkeypatch.setattr(run_worker, "BATCH", 2)
    monkeypatch.setattr(run_worker, "BATCHES_PER_PASS", 1)
    for n in range(3):
        post(client, form_data, requester_email=f"r{n}@example.org")
    assert run_worker.jobs() is True  # more are waiting: the worker goes on without a pause
    assert PendingFiling.objects.count() == 1
    assert run_worker.jobs() is False
    assert DataSubjectRequest.objects.count() == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_filing_at_once_file_each_request_once(client, form_data, settings):
    import threading

    from django.db import connections

    settings.REQUESTS_PER_IP_PER_HOUR = settings.PUBLIC_MAILS_PER_IP_PER_DAY = 1000
    alfa = ControllerFactory(slug="alfa", legal_name="Алфа ЕООД")
    for n in range(60):
        post(client, form_data, requester_email=f"r{n}@example.org")
    counts, start = [], threading.Barrier(2)

    def worker():
        start.wait()
        try:
            filed = 0
            while count := intake.file_pending(limit=5):
                filed += count
            counts.append(filed)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 60, counts  # none filed twice, none failed on a clash
    assert DataSubjectRequest.objects.count() == 60
    assert not PendingFiling.objects.exists()
    assert_counts_match([alfa])
