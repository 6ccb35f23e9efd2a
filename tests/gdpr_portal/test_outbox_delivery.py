"""The worker's delivery: sent once or marked failed; 5xx never retried; 4xx retried with
back-off up to MAIL_MAX_ATTEMPTS; a half-sent message of a killed worker is never sent again."""

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from mailer.models import Message

from gdpr_portal import outbox
from gdpr_portal.models import MailFailure, OutboxState, WorkerHeartbeat

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


class RefusingBackend:
    """A mail server that answers every message with the reply `code`."""

    code = 550

    def __init__(self, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        code = type(self).code
        if code == 0:
            raise smtplib.SMTPServerDisconnected("gone")
        raise smtplib.SMTPRecipientsRefused({m.to[0]: (code, b"no") for m in messages})


class Refusing450(RefusingBackend):
    code = 450


BACKEND = "tests.gdpr_portal.test_outbox_delivery."


def queue(to="citizen@example.org"):
    mail.send_mail("Тема", "Текст", None, [to])


def test_delivered_once():
    queue()
    assert outbox.deliver() == 1
    assert outbox.deliver() == 0
    assert [m.to for m in mail.outbox] == [["citizen@example.org"]]
    assert not Message.objects.exists() and not OutboxState.objects.exists()


@override_settings(MAILER_EMAIL_BACKEND=BACKEND + "RefusingBackend")
def test_a_permanent_refusal_is_marked_failed_at_once():
    queue()
    outbox.deliver()
    assert not Message.objects.exists()
    failure = outbox.failures_for("Citizen@example.org ").get()
    assert (failure.reason, failure.smtp_code, failure.subject) == ("rejected", 550, "Тема")
    assert not outbox.failures_for("other@example.org").exists()


@override_settings(MAILER_EMAIL_BACKEND=BACKEND + "Refusing450", MAIL_MAX_ATTEMPTS=3)
def test_a_temporary_refusal_is_retried_with_back_off_then_given_up():
    queue()
    with time_machine.travel(START, tick=False) as traveller:
        outbox.deliver()
        state = OutboxState.objects.get()
        assert state.next_try_at == START + datetime.timedelta(seconds=30)
        assert outbox.deliver() == 0 and Message.objects.get().retry_count == 1  # not yet due
        traveller.shift(datetime.timedelta(seconds=31))
        outbox.deliver()
        assert OutboxState.objects.get().next_try_at == START + datetime.timedelta(seconds=91)
        traveller.shift(datetime.timedelta(seconds=61))
        outbox.deliver()
    assert not Message.objects.exists()
    assert MailFailure.objects.get().reason == "gave_up"


@override_settings(MAILER_EMAIL_BACKEND=BACKEND + "RefusingBackend")
def test_a_dropped_connection_backs_off_the_worker(settings):
    RefusingBackend.code = 0
    try:
        queue()
        with pytest.raises(outbox.MailServerUnavailable):
            outbox.deliver()
    finally:
        RefusingBackend.code = 550
    assert Message.objects.get().retry_count == 1
    assert not MailFailure.objects.exists()


def test_a_half_sent_message_is_never_sent_again_but_marked_failed():
    queue()
    with time_machine.travel(START, tick=False) as traveller:
        outbox._claim()  # the worker that claimed it was killed while sending
        assert outbox.deliver() == 0
        traveller.shift(datetime.timedelta(minutes=11))
        assert outbox.deliver() == 0
    assert mail.outbox == []
    assert MailFailure.objects.get().reason == "interrupted"


def test_the_worker_beats_and_healthz_reports_it(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["reason"] == "no worker has ever run"
    assert client.get("/healthz?scope=web").status_code == 200

    call_command("run_worker", "--once")
    assert WorkerHeartbeat.objects.count() == 1
    assert client.get("/healthz").status_code == 200

    WorkerHeartbeat.objects.update(beat_at=START)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["reason"].startswith("worker silent for")
