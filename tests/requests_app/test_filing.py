"""A citizen files a request, confirms the email and follows it on the status page."""

import contextlib
import datetime
import re

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import formats, translation
from mailer.engine import send_all

from gdpr_portal import clock
from requests_app.models import Attachment, DataSubjectRequest, PendingFiling, RequestEvent
from tests.requests_app.conftest import PDF, png_bytes, upload

pytestmark = pytest.mark.django_db


def deliver():
    send_all()
    messages = list(mail.outbox)
    mail.outbox.clear()
    return messages


def path_of(url: str) -> str:
    return url.removeprefix("http://127.0.0.1:8000")


def test_file_confirm_and_follow(client, controller, form_data):
    response = client.post("/alfa/requests/new/", form_data(national_id="7523169263"))
    assert response.status_code == 302
    dsr = DataSubjectRequest.objects.get()
    assert response["Location"] == f"/requests/{dsr.status_token}/receipt/"
    assert len(dsr.status_token) >= 43  # 256 bits, URL-safe
    assert re.fullmatch(r"DSR-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}", dsr.reference)
    assert sorted(dsr.requested_rights.values_list("right", flat=True)) == ["access", "erasure"]
    assert dsr.email_confirmed_at is None and dsr.language == "bg"
    # The clock runs from receipt: due one month later (or the next working day).
    assert dsr.due_date >= dsr.received_date + datetime.timedelta(days=28)

    (confirmation,) = deliver()
    assert confirmation.to == ["maria@example.org"]
    assert dsr.reference in confirmation.subject
    links = re.findall(r"http://\S+", confirmation.body)
    confirm = path_of(next(u for u in links if "/confirm/" in u))
    assert (
        path_of(next(u for u in links if "/confirm/" not in u)) == f"/requests/{dsr.status_token}/"
    )

    page = client.get(f"/requests/{dsr.status_token}/")
    body = page.content.decode()
    assert dsr.reference in body and "не е потвърден" in body
    assert "••••••9263" in body and "7523169263" not in body
    assert page["Referrer-Policy"] == "same-origin"

    # The link shows a button; the POST confirms; a second use fails.
    assert client.get(confirm).status_code == 200
    assert DataSubjectRequest.objects.get().email_confirmed_at is None
    response = client.post(confirm)
    assert response.status_code == 302
    dsr.refresh_from_db()
    assert dsr.email_confirmed_at is not None
    # Used again, or opened again later, the link says the address is confirmed already and
    # leads to the status page, not that it "no longer works".
    for again in (client.post(confirm, follow=True), client.get(confirm, follow=True)):
        assert again.redirect_chain == [(f"/requests/{dsr.status_token}/", 302)]
        page = again.content.decode()
        assert "Имейл адресът Ви вече е потвърден." in page
        assert "Тази връзка вече не работи" not in page
    assert [e.kind for e in dsr.events.all()].count("email_confirmed") == 1

    (acknowledgement,) = deliver()
    with translation.override("bg"):
        assert formats.date_format(dsr.due_date, "j F Y") in acknowledgement.body
    assert f"/requests/{dsr.status_token}/" in acknowledgement.body

    body = client.get(f"/requests/{dsr.status_token}/").content.decode()
    assert "потвърден" in body
    assert dsr.due_date.strftime("%-d") in body
    assert "Администраторът се стреми да отговори до" in body  # the promised 20 days
    assert [e.kind for e in dsr.events.all()] == [
        "received",
        "confirmation_sent",
        "email_confirmed",
    ]


def test_the_empty_form_in_each_language_with_fresh_tokens(client, controller):
    started = re.compile(r'name="started" value="([^"]+)"')
    pages = [client.get(path) for path in ("/alfa/requests/new/", "/en/alfa/requests/new/")]
    pages.append(client.get("/alfa/requests/new/"))  # the fields now come from the cache
    bg, en, bg_again = (page.content.decode() for page in pages)
    assert all(page.status_code == 200 for page in pages)
    assert '<label for="id_requester_name">Вашето име' in bg
    assert '<label for="id_requester_name">Your name' in en and "Вашето име" not in en
    assert bg_again.count('type="checkbox" name="rights"') == 8
    assert 'value="self" id="id_acting_as_0" required checked' in bg_again
    # The anti-bot start time and the CSRF token are drawn for each visitor, never cached.
    assert len({started.search(body).group(1) for body in (bg, en, bg_again)}) == 3
    assert all('name="csrfmiddlewaretoken"' in body for body in (bg, en, bg_again))


def test_english_filing_gets_english_mail(client, controller, form_data):
    client.post("/en/alfa/requests/new/", form_data())
    dsr = DataSubjectRequest.objects.get()
    assert dsr.language == "en"
    (confirmation,) = deliver()
    assert confirmation.subject.startswith("Confirm your email address")
    assert confirmation.body.startswith("Dear Мария Примерова,\n\nWe received your request")
    assert "/en/requests/" in confirmation.body
    # The English status page names the supervisory authority in English.
    status = client.get(f"/en/requests/{dsr.status_token}/").content.decode()
    assert "Commission for Personal Data Protection" in status
    assert "Комисия за защита на личните данни" not in status


def test_a_new_link_replaces_the_old_one(client, controller, form_data):
    client.post("/alfa/requests/new/", form_data())
    dsr = DataSubjectRequest.objects.get()
    first = path_of(re.search(r"http://\S+/confirm/\S+", deliver()[0].body).group())
    assert client.post(f"/requests/{dsr.status_token}/resend/").status_code == 302
    second = path_of(re.search(r"http://\S+/confirm/\S+", deliver()[0].body).group())
    assert first != second
    assert client.get(first).status_code == 400 and client.get(second).status_code == 200
    assert client.post(first).status_code == 400
    assert client.post(second).status_code == 302


def test_once_answered_the_page_no_longer_asks_to_confirm_the_address(
    client, controller, form_data
):
    client.post("/alfa/requests/new/", form_data())
    deliver()
    dsr = DataSubjectRequest.objects.get()
    page = f"/en/requests/{dsr.status_token}/"
    assert "Confirm your email address" in client.get(page).content.decode()
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(status="refused", closed_at=clock.now())
    shown = client.get(page).content.decode()
    assert "Confirm your email address" not in shown and "Send a new link" not in shown
    # Nor does a new link go out when asked for all the same.
    assert client.post(f"/requests/{dsr.status_token}/resend/").status_code == 302
    assert deliver() == []


def test_unknown_status_token_is_404(client, db):
    assert client.get("/requests/not-a-real-token/").status_code == 404


def test_representative_with_power_of_attorney_and_documents(client, controller, form_data):
    data = form_data(acting_as="representative", on_behalf_of="Петър Измислен")
    data["power_of_attorney"] = upload("пълномощно.pdf")
    data["attachments"] = [upload("scan.png", png_bytes(), "image/png")]
    assert client.post("/alfa/requests/new/", data).status_code == 302
    dsr = DataSubjectRequest.objects.get()
    assert dsr.on_behalf_of == "Петър Измислен"
    kinds = sorted(dsr.attachments.values_list("kind", "content_type"))
    assert kinds == [("power_of_attorney", "application/pdf"), ("supporting", "image/png")]
    stored = dsr.attachments.get(kind="power_of_attorney")
    assert stored.original_name == "пълномощно.pdf"
    assert stored.file.read() == PDF
    assert "пълномощно" not in stored.file.name  # random names on disk
    # No public URL reaches an attachment: media is not served at all.
    assert client.get(f"/media-not-served/{stored.file.name}").status_code == 404


def test_staff_enter_a_request_received_by_post(client, controller):
    from tests.controllers.factories import MembershipFactory

    dpo = MembershipFactory(controller=controller, role="dpo").user
    client.force_login(dpo)
    response = client.post(
        "/en/admin/requests_app/datasubjectrequest/add/",
        {
            "controller": controller.pk,
            "channel": "post",
            "received_at_0": "2026-01-30",
            "received_at_1": "16:45:00",
            "language": "bg",
            "rights": ["rectification"],
            "requester_name": "Георги Примеров",
            "requester_email": "",
            "requester_address": "гр. Пловдив, ул. „Примерна“ 5",
            "national_id": "",
            "on_behalf_of": "",
            "details": "Писмо с вх. № 123",
            "reply_channel": "post",
            "_continue": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    dsr = DataSubjectRequest.objects.get()
    assert (dsr.channel, dsr.entered_by) == ("post", dpo)
    assert dsr.received_date == datetime.date(2026, 1, 30)
    assert dsr.due_date == datetime.date(2026, 3, 2)  # 28 Feb is a Saturday
    assert dsr.email_confirmed_at is None  # no address: nothing was confirmed, nothing says so
    assert RequestEvent.objects.get(request=dsr).actor == dpo
    assert deliver() == []  # no email address: the answer goes by post
    # The "added" message names the request that was stored, not the form's draft reference.
    page = client.get(response.url).content.decode()
    (added,) = re.findall(r'<li class="success">(.*?)</li>', page, re.S)
    assert "was added successfully" in added
    assert re.findall(r"DSR-[0-9A-Z]{5}-[0-9A-Z]{5}", added) == [dsr.reference]
    assert response.url.endswith(f"/{dsr.pk}/change/")


def test_mail_server_down_keeps_the_request_and_delivers_later(client, controller, form_data):
    from django.core.management import call_command
    from mailer.models import Message

    # A real SMTP attempt against a closed port on this machine.
    with override_settings(
        MAILER_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=9,
        EMAIL_TIMEOUT=2,
    ):
        assert client.post("/alfa/requests/new/", form_data()).status_code == 302
        call_command("run_worker", "--once")
    assert DataSubjectRequest.objects.count() == 1
    assert mail.outbox == []
    # The server could not be reached: the message waits, charged with no failed attempt.
    assert Message.objects.get().retry_count == 0

    # The server is back: the next pass of the worker delivers it, once.
    call_command("run_worker", "--once")
    assert [m.to for m in mail.outbox] == [["maria@example.org"]]
    assert Message.objects.count() == 0
    call_command("run_worker", "--once")
    assert len(mail.outbox) == 1


def test_rate_limit_per_email_answers_429(client, controller, form_data, settings):
    settings.REQUESTS_PER_EMAIL_PER_DAY = 2
    for _ in range(2):
        assert client.post("/alfa/requests/new/", form_data()).status_code == 302
    response = client.post("/alfa/requests/new/", form_data())
    assert response.status_code == 429
    assert "Твърде много" in response.content.decode()
    assert DataSubjectRequest.objects.count() == 2


def test_rate_limit_per_address_answers_429(client, controller, form_data, settings):
    settings.REQUESTS_PER_IP_PER_HOUR = 1
    assert client.post("/alfa/requests/new/", form_data()).status_code == 302
    response = client.post("/en/alfa/requests/new/", form_data(requester_email="x@example.org"))
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert DataSubjectRequest.objects.count() == 1


def test_a_form_sent_back_for_a_mistake_does_not_count_against_the_limit(
    client, controller, form_data, settings
):
    settings.REQUESTS_PER_IP_PER_HOUR = 1
    assert client.post("/alfa/requests/new/", form_data(requester_email="")).status_code == 400
    assert client.post("/alfa/requests/new/", form_data()).status_code == 302
    assert client.post("/alfa/requests/new/", form_data()).status_code == 429
    assert DataSubjectRequest.objects.count() == 1


def test_every_attempt_counts_against_a_looser_limit(client, controller, form_data, settings):
    settings.REQUEST_ATTEMPTS_PER_IP_PER_HOUR = 2
    for _ in range(2):
        assert client.post("/alfa/requests/new/", form_data(started="forged")).status_code == 400
    response = client.post("/alfa/requests/new/", form_data())
    assert response.status_code == 429
    assert not DataSubjectRequest.objects.exists()


def test_one_value_can_be_limited_per_hour_and_per_day(db):
    from gdpr_portal import ratelimit

    hour, day = datetime.timedelta(hours=1), datetime.timedelta(days=1)
    limits = [("x", "1.2.3.4", 3, hour), ("x", "1.2.3.4", 2, day)]
    assert [ratelimit.hit_all(limits) for _ in range(3)] == [True, True, False]


@pytest.mark.parametrize("in_transaction", [False, True])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_later_limits_count_only_while_the_first_hold(in_transaction):
    from django.db import transaction

    from gdpr_portal import ratelimit
    from gdpr_portal.models import ThrottleCounter

    hour = datetime.timedelta(hours=1)
    first, later = [("a", "1.2.3.4", 2, hour)], [("b", "1.2.3.4", 1, hour), ("c", "x", 9, hour)]
    with transaction.atomic(durable=False) if in_transaction else contextlib.nullcontext():
        assert ratelimit.refused_until(first, then=later) is None
        # "b" goes over its limit: refused, and counted.
        assert ratelimit.refused_until(first, then=later) is not None
        # "a" goes over its own: refused, and the later limits are not counted.
        assert ratelimit.refused_until(first, then=later) is not None
    assert sorted(ThrottleCounter.objects.values_list("count", flat=True)) == [2, 2, 3]


# Outside the test's own transaction, as in a real request; the data the other tests start from
# is restored afterwards (serialized_rollback), as test_migrations.py does.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_counters_commit_on_their_own_without_waiting_for_the_disk():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gdpr_portal import ratelimit
    from gdpr_portal.models import ThrottleCounter

    limits = [("x", "5.6.7.8", 2, datetime.timedelta(hours=1))]
    with connection.cursor() as cursor:
        # The throwaway test server runs without synchronous commits: this session asks for
        # them, as a real server runs.
        cursor.execute("SET synchronous_commit TO on")
    try:
        with CaptureQueriesContext(connection) as queries:
            assert [ratelimit.hit_all(limits) for _ in range(3)] == [True, True, False]
        assert ThrottleCounter.objects.get().count == 3
        # One statement each, its own transaction (no BEGIN, no COMMIT), which sets
        # synchronous_commit off for that transaction alone: the session's setting is intact.
        sql = [query["sql"] for query in queries.captured_queries]
        assert len(sql) == 3
        assert all("set_config('synchronous_commit', 'off', true)" in s for s in sql)
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone() == ("on",)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def test_filing_costs_a_fixed_number_of_queries(
    client, controller, form_data, django_assert_max_num_queries
):
    # The attempt, the limits and the waiting row in one statement; then, filed at once as the
    # tests do (the worker files it in production, test_intake.py): the row and its controller
    # (with the non-working days and the templates' version), the templates read once by this
    # process, the filing in one statement, the row deleted — in the test's transaction, with
    # savepoints (one around the first statement). (test_intake.py counts the POST outside a
    # transaction, as in production.)
    with django_assert_max_num_queries(12):
        response = client.post("/alfa/requests/new/", form_data())
    assert response.status_code == 302
    dsr = DataSubjectRequest.objects.get()
    assert [e.kind for e in dsr.events.all()] == ["received", "confirmation_sent"]
    # Every audit row records values before and after, as the audit trail shows them.
    received = dsr.events.get(kind="received")
    assert received.changes == {"channel": {"before": None, "after": "web"}}
    (confirmation,) = deliver()
    assert dsr.reference in confirmation.subject


def test_a_reference_already_taken_is_drawn_again(client, controller, form_data, monkeypatch):
    from requests_app import services

    client.post("/alfa/requests/new/", form_data(requester_email="first@example.org"))
    taken = DataSubjectRequest.objects.get().reference
    draws = iter([taken, "DSR-FRESH-00000"])
    # The reference is drawn for the waiting row (requests_app.intake), by the model's default.
    field = PendingFiling._meta.get_field("reference")
    monkeypatch.setattr(field, "_get_default", lambda: next(draws))
    monkeypatch.setattr(services, "new_reference", lambda: next(draws))
    deliver()

    response = client.post("/alfa/requests/new/", form_data())
    assert response.status_code == 302
    dsr = DataSubjectRequest.objects.get(requester_email="maria@example.org")
    assert dsr.reference == "DSR-FRESH-00000"
    assert [e.kind for e in dsr.events.all()] == ["received", "confirmation_sent"]
    assert sorted(dsr.requested_rights.values_list("right", flat=True)) == ["access", "erasure"]
    (confirmation,) = deliver()
    assert "DSR-FRESH-00000" in confirmation.subject


def test_attachment_is_never_public(client, controller, form_data):
    data = form_data()
    data["attachments"] = [upload()]
    client.post("/alfa/requests/new/", data)
    attachment = Attachment.objects.get()
    dsr = attachment.request
    # Not released: the status page offers no download, and the URL answers 404.
    assert attachment.public_id not in client.get(f"/requests/{dsr.status_token}/").content.decode()
    url = f"/requests/{dsr.status_token}/documents/{attachment.public_id}/"
    assert client.get(url).status_code == 404


def test_a_decreed_non_working_day_moves_open_deadlines(client, controller, admin_user):
    from tests.requests_app.factories import DataSubjectRequestFactory

    received = datetime.datetime(2026, 1, 6, 10, 0, tzinfo=datetime.UTC)
    open_request = DataSubjectRequestFactory(controller=controller, received_at=received)
    closed = DataSubjectRequestFactory(
        controller=controller, received_at=received, status="completed"
    )
    assert open_request.due_date == datetime.date(2026, 2, 6)

    client.force_login(admin_user)
    response = client.post(
        "/en/admin/requests_app/nonworkingday/add/",
        {"date": "2026-02-06", "reason": "Decree of the Council of Ministers"},
    )
    assert response.status_code == 302
    open_request.refresh_from_db()
    closed.refresh_from_db()
    assert open_request.due_date == datetime.date(2026, 2, 9)  # Fri off → Mon
    assert closed.due_date == datetime.date(2026, 2, 6)


def test_status_link_expires_a_year_after_the_answer_or_on_anonymisation(client, controller):
    from django.utils import timezone

    from tests.requests_app.factories import DataSubjectRequestFactory

    dsr = DataSubjectRequestFactory(controller=controller)
    url = f"/requests/{dsr.status_token}/"
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(
        status="completed", closed_at=timezone.now() - datetime.timedelta(days=364)
    )
    assert client.get(url).status_code == 200
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=366)
    )
    response = client.get(f"/en{url}")
    assert response.status_code == 410
    assert "This status link has expired" in response.content.decode()
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(
        closed_at=timezone.now(), anonymised_at=timezone.now()
    )
    assert client.get(url).status_code == 410


def test_a_deleted_message_template_falls_back_to_the_default_text(client, controller, form_data):
    from requests_app.models import MessageTemplate

    MessageTemplate.objects.filter(key="confirmation").delete()
    assert client.post("/alfa/requests/new/", form_data()).status_code == 302
    (message,) = deliver()
    assert message.subject.startswith("Потвърдете имейл адреса си")
