"""The status page kept rendered (requests_app/status_pages.py): served again in one query while
nothing it shows has changed, and every change on the very next visit; never a visitor's CSRF
token, message or mistake kept for another."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from controllers.models import Controller, SupervisoryAuthority
from gdpr_portal import clock, outbox
from gdpr_portal.models import MailFailure
from requests_app import conversation, selectors, status_pages, workflow
from requests_app.models import DataSubjectRequest, Status
from requests_app.uploads import check_upload
from tests.controllers.factories import ControllerFactory, MembershipFactory, cpdp
from tests.requests_app.conftest import upload
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db

SOFIA = ZoneInfo("Europe/Sofia")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def dpo(controller):
    return MembershipFactory(controller=controller, role="dpo").user


@pytest.fixture
def dsr(controller):
    dsr = DataSubjectRequestFactory(
        controller=controller,
        requester_name="Maria Primerova",
        requester_email="maria@example.org",
        identity_confirmed_at=datetime.datetime(2026, 3, 2, 9, tzinfo=SOFIA),
    )
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(status=Status.IN_PROGRESS)
    dsr.refresh_from_db()
    return dsr


def url(dsr, prefix="/en") -> str:
    return f"{prefix}/requests/{dsr.status_token}/"


def visit(client, dsr, prefix="/en") -> str:
    response = client.get(url(dsr, prefix))
    assert response.status_code == 200
    page = response.content.decode()
    assert status_pages.CSRF_MARKER not in page
    return page


def kept(client, dsr, django_assert_num_queries, prefix="/en") -> str:
    """The page as a visitor without cookies sees it, once kept: the second visit is served
    from the cache in one query."""
    visit(client, dsr, prefix)
    client.cookies.clear()
    with django_assert_num_queries(1):
        page = visit(client, dsr, prefix)
    client.cookies.clear()
    return page


def without_csrf(page: str) -> str:
    return CSRF.sub("", page)


def test_kept_page_is_served_in_one_query_and_is_the_page_rendered(
    client, dsr, dpo, django_assert_num_queries
):
    conversation.message_write(
        request=dsr, actor=dpo, language="en", subject="Your request", body="We are on it."
    )
    client.get("/en/")  # the footer's link is asked once a minute, not per page
    # The state's statement is prepared once per database session, not per page.
    selectors.request_page_state(token=dsr.status_token, mail_key="")
    client.cookies.clear()
    with CaptureQueriesContext(connection) as made:
        first = visit(client, dsr)
    # The state, the request with its controller, rights, events, documents, the thread and its
    # files, the failed mail: one query more than the page rendered alone.
    assert len(made.captured_queries) == 8
    client.cookies.clear()
    with django_assert_num_queries(1):
        again = visit(client, dsr)
    assert without_csrf(again) == without_csrf(first)
    assert "We are on it." in again and "Maria Primerova" not in again
    # The next visit after a miss of the failures asks them in the one query.
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(details="Changed, not shown.")
    with django_assert_num_queries(7):
        visit(client, dsr)
    with django_assert_num_queries(1):
        visit(client, dsr)


def test_two_visitors_never_get_each_other_s_csrf_token(dsr, django_assert_num_queries):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    [first_token] = set(CSRF.findall(visit(first, dsr)))
    with django_assert_num_queries(1):
        [second_token] = set(CSRF.findall(visit(second, dsr)))
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    reply = f"/en/requests/{dsr.status_token}/reply/"
    body = {"body": "Here is the copy you asked for."}
    crossed = second.post(reply, {**body, "csrfmiddlewaretoken": first_token})
    assert crossed.status_code == 403
    assert not dsr.messages.exists()
    for visitor, token in [(first, first_token), (second, second_token)]:
        sent = visitor.post(reply, {**body, "csrfmiddlewaretoken": token})
        assert (sent.status_code, sent["Location"]) == (302, url(dsr))
    assert dsr.messages.count() == 2


def test_the_kept_page_keeps_its_private_headers(client, dsr, django_assert_num_queries):
    visit(client, dsr)
    client.cookies.clear()
    with django_assert_num_queries(1):
        response = client.get(url(dsr))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Content-Language"] == "en"
    assert "csrftoken" in response.cookies


def test_a_dpo_s_message_shows_on_the_next_visit(client, dsr, dpo, django_assert_num_queries):
    assert "No messages yet." in kept(client, dsr, django_assert_num_queries)
    conversation.message_write(
        request=dsr, actor=dpo, language="en", subject="A question", body="Which account?"
    )
    page = visit(client, dsr)
    assert "Which account?" in page and "No messages yet." not in page


def test_the_requester_s_reply_shows_to_the_next_visitor(client, dsr, django_assert_num_queries):
    kept(client, dsr, django_assert_num_queries)
    citizen = Client()
    answered = citizen.post(
        f"/en/requests/{dsr.status_token}/reply/", {"body": "My account is 1234."}, follow=True
    )
    # The requester's own page, with the thanks meant for them, is never kept...
    assert "Thank you: your answer is sent." in answered.content.decode()
    page = visit(client, dsr)
    # ...the next visitor sees the reply, without the thanks.
    assert "My account is 1234." in page
    assert "Thank you: your answer is sent." not in page


def test_a_move_shows_on_the_next_visit(client, dsr, dpo, django_assert_num_queries):
    assert "We asked you for information" not in kept(client, dsr, django_assert_num_queries)
    workflow.request_ask_information(request=dsr, actor=dpo, reasons="A copy of your ID card.")
    page = visit(client, dsr)
    assert "Information requested" in page
    assert "We asked you for information: answer below." in page
    assert "A copy of your ID card." in page


def test_a_queryset_update_of_the_request_shows_on_the_next_visit(
    client, dsr, django_assert_num_queries
):
    assert "15 January 2031" not in kept(client, dsr, django_assert_num_queries)
    # `update()` leaves `updated_at` as it was: the row itself is the fingerprint.
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(due_date=datetime.date(2031, 1, 15))
    assert "15 January 2031" in visit(client, dsr)


def test_released_documents_show_then_expire_the_next_day(
    client, dsr, dpo, django_assert_num_queries
):
    march_10 = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=SOFIA)
    with time_machine.travel(march_10, tick=False):
        assert "copy.pdf" not in kept(client, dsr, django_assert_num_queries)
        workflow.request_complete(
            request=dsr, actor=dpo, decision="Answer.", documents=[check_upload(upload("copy.pdf"))]
        )
        page = visit(client, dsr)
        assert "Completed" in page and "copy.pdf" in page
        assert "available until 9 April 2026" in page
    with time_machine.travel(datetime.datetime(2026, 4, 9, 23, 59, tzinfo=SOFIA), tick=False):
        assert "available until 9 April 2026" in kept(client, dsr, django_assert_num_queries)
    with time_machine.travel(datetime.datetime(2026, 4, 10, 0, 0, tzinfo=SOFIA), tick=False):
        page = visit(client, dsr)
        assert "no longer available (it was until 9 April 2026)" in page
        assert f"/documents/{dsr.attachments.get().public_id}/" not in page


def test_the_next_day_is_a_new_version(client, dsr, django_assert_num_queries):
    with time_machine.travel(datetime.datetime(2026, 3, 10, 23, 59, tzinfo=SOFIA), tick=False):
        kept(client, dsr, django_assert_num_queries)
    next_day = datetime.datetime(2026, 3, 11, 0, 1, tzinfo=SOFIA)
    with time_machine.travel(next_day, tick=False), CaptureQueriesContext(connection) as made:
        visit(client, dsr)
    assert len(made.captured_queries) > 1


def test_a_closed_request_s_link_expires_on_its_day(client, dsr, django_assert_num_queries):
    closed = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=SOFIA)
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(status=Status.COMPLETED, closed_at=closed)
    with time_machine.travel(closed + datetime.timedelta(days=364), tick=False):
        kept(client, dsr, django_assert_num_queries)
    with time_machine.travel(closed + datetime.timedelta(days=366), tick=False):
        assert client.get(url(dsr)).status_code == 410


def test_a_mail_failure_shows_on_the_next_visit(client, dsr, django_assert_num_queries):
    assert "Our email to you did not arrive" not in kept(client, dsr, django_assert_num_queries)
    MailFailure.objects.create(
        recipient_key=outbox.recipient_key("maria@example.org"),
        subject="Request received",
        reason=MailFailure.Reason.REJECTED,
        failed_at=clock.now(),
    )
    assert "Our email to you did not arrive" in visit(client, dsr)
    # Kept again, the failure included.
    assert "Our email to you did not arrive" in kept(client, dsr, django_assert_num_queries)


def test_a_new_address_is_checked_for_failures_of_its_own(client, dsr, django_assert_num_queries):
    MailFailure.objects.create(
        recipient_key=outbox.recipient_key("new@example.org"),
        reason=MailFailure.Reason.REJECTED,
        failed_at=clock.now(),
    )
    assert "Our email to you did not arrive" not in kept(client, dsr, django_assert_num_queries)
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(requester_email="new@example.org")
    assert "Our email to you did not arrive" in visit(client, dsr)


def test_the_controller_s_and_the_authority_s_contacts_show_on_the_next_visit(
    client, dsr, controller, django_assert_num_queries
):
    page = kept(client, dsr, django_assert_num_queries)
    assert "To Алфа ЕООД" in page and "kzld@cpdp.bg" in page
    Controller.objects.filter(pk=controller.pk).update(legal_name="Алфа Нова ЕООД")
    assert "To Алфа Нова ЕООД" in visit(client, dsr)
    kept(client, dsr, django_assert_num_queries)
    SupervisoryAuthority.objects.filter(pk=controller.supervisory_authority_id).update(
        email="complaints@cpdp.bg"
    )
    page = visit(client, dsr)
    assert "complaints@cpdp.bg" in page and "kzld@cpdp.bg" not in page


def test_each_language_is_kept_apart(client, dsr, django_assert_num_queries):
    bulgarian = kept(client, dsr, django_assert_num_queries, prefix="")
    english = kept(client, dsr, django_assert_num_queries)
    assert '<html lang="bg">' in bulgarian and "Съобщения" in bulgarian
    assert '<html lang="en">' in english and "Messages" in english and "Съобщения" not in english
    with django_assert_num_queries(1):
        assert '<html lang="bg">' in visit(client, dsr, prefix="")


def test_a_reply_sent_back_for_a_mistake_is_not_kept(client, dsr, django_assert_num_queries):
    kept(client, dsr, django_assert_num_queries)
    refused = Client().post(f"/en/requests/{dsr.status_token}/reply/", {"body": ""})
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    with django_assert_num_queries(1):
        page = visit(client, dsr)
    assert "This field is required." not in page


def test_personal_visits_and_query_strings_are_rendered_fresh_and_never_kept(
    client, dsr, dpo, django_assert_num_queries
):
    staff = Client()
    staff.force_login(dpo)
    for visitor, address in [(staff, url(dsr)), (client, url(dsr) + "?from=mail")]:
        for _ in range(2):
            with CaptureQueriesContext(connection) as made:
                assert visitor.get(address).status_code == 200
            assert len(made.captured_queries) > 1
    client.cookies.clear()
    with CaptureQueriesContext(connection) as made:
        visit(client, dsr)
    assert len(made.captured_queries) > 1  # nothing was kept by the visits above


def test_without_postgresql_nothing_is_kept(client, dsr, monkeypatch):
    class SQLite:
        vendor = "sqlite"

    monkeypatch.setattr(status_pages, "connection", SQLite)
    for _ in range(2):
        with CaptureQueriesContext(connection) as made:
            assert "Maria" not in visit(client, dsr)
        assert len(made.captured_queries) > 1


def test_the_state_is_read_by_index_lookups_only(dsr):
    """Each part of the one query is an index lookup: with sequential scans priced out, none is
    left, and each of the nine tables is looked up by an index condition."""
    selectors.request_page_state(token=dsr.status_token, mail_key="")  # prepared
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Planned now, with these settings, not the session's cached generic plan.
        cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        cursor.execute(
            f"EXPLAIN EXECUTE {selectors.PAGE_STATE} (%s, %s, %s)",
            [clock.now(), "", dsr.status_token],
        )
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "Seq Scan" not in plan, plan
    assert plan.count("Index Cond:") == 9, plan


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_database_session_prepares_the_statement_again():
    dsr = DataSubjectRequestFactory(controller=ControllerFactory(supervisory_authority=cpdp()))
    assert Client().get(url(dsr)).status_code == 200
    connection.close()  # as CONN_MAX_AGE or a restarted database would
    for _ in range(2):
        assert "Messages" in visit(Client(), dsr)
