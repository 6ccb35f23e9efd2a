"""Delivery of django-mailer's outbox: each message sent once or marked failed.

Messages are queued in the transaction of the change that caused them (`mailer.backend.
DbBackend`); the worker (gdpr_portal/worker.py) calls `deliver`. For each message:

1. claimed in a short transaction: its row locked (SKIP LOCKED, so several workers share the
   queue) and marked `sending_since`, which is committed before the mail server hears of it;
2. handed to the mail server over a connection opened beforehand;
3. on acceptance deleted; on a permanent refusal (5xx) marked failed at once; on a temporary
   one (4xx, a dropped connection) tried again with back-off, at most MAIL_MAX_ATTEMPTS times.

A worker killed between 1 and 3 leaves `sending_since` behind. Such a message is never sent
again: after MAIL_SENDING_TIMEOUT it is marked failed as "interrupted" (staff see it), because
the server may have accepted it. That is the one window SMTP leaves open (docs/reliability.md).
"""

import datetime
import hashlib
import hmac
import logging
import smtplib
import time
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.mail import get_connection
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from mailer.models import Message

from . import clock
from .models import MailFailure, OutboxState

logger = logging.getLogger(__name__)


class MailServerUnavailable(Exception):
    """The mail server cannot be reached: the worker backs off, no message is charged."""


def recipient_key(address: str) -> str:
    """The keyed hash under which a failure is filed: the table holds no address."""
    return hmac.new(
        settings.SECRET_KEY.encode(),
        f"mail-recipient:{address.strip().lower()}".encode(),
        hashlib.sha256,
    ).hexdigest()


def failures_for(address: str):
    """The failed messages to one address, newest first."""
    if not address:
        return MailFailure.objects.none()
    return MailFailure.objects.filter(recipient_key=recipient_key(address))


def retry_delay(attempts: int) -> datetime.timedelta:
    """Twice as long after each failed attempt, from MAIL_RETRY_BASE_SECONDS up to an hour."""
    seconds = settings.MAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, 3600))


def classify(exc: Exception) -> tuple[bool, int | None]:
    """(permanent, SMTP code): 5xx replies are permanent (RFC 5321 4.2.1), everything else —
    4xx, a dropped connection, a timeout — is worth another try."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in exc.recipients.values()]
        return all(500 <= code < 600 for code in codes), max(codes, default=None)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600, exc.smtp_code
    return False, None


def _due(now: datetime.datetime):
    return Message.objects.filter(
        Q(outbox_state__isnull=True)
        | Q(outbox_state__sending_since__isnull=True, outbox_state__next_try_at__lte=now)
    )


def _claim() -> Message | None:
    now = clock.now()
    with transaction.atomic():
        candidates = (
            _due(now)
            .order_by("priority", "when_added", "pk")
            .select_for_update(skip_locked=True, of=("self",))[:5]
        )
        for message in candidates:
            # The statement above read each message's state as it stood when it began: another
            # worker may have claimed one and committed before this one got its lock. Read the
            # state again, now that the message is locked, or the message goes out twice.
            state = OutboxState.objects.filter(message=message).first()
            if state is not None and (
                state.sending_since is not None
                or (state.next_try_at is not None and state.next_try_at > now)
            ):
                continue
            OutboxState.objects.update_or_create(
                message=message, defaults={"sending_since": now, "next_try_at": None}
            )
            return message
    return None


def _fail(message: Message, reason: str, code: int | None = None, email=None) -> None:
    email = email if email is not None else message.email
    with transaction.atomic():
        for address in email.to + email.cc + email.bcc if email else []:
            MailFailure.objects.create(
                recipient_key=recipient_key(address),
                subject=(email.subject or "")[:255],
                message_id=(email.extra_headers.get("Message-ID") or "")[:255],
                reason=reason,
                smtp_code=code,
                failed_at=clock.now(),
            )
        Message.objects.filter(pk=message.pk).delete()
    logger.warning("mail %s marked failed: %s %s", message.pk, reason, code or "")


def _retry_later(message: Message, email, code: int | None) -> None:
    attempts = message.retry_count + 1
    if attempts >= settings.MAIL_MAX_ATTEMPTS:
        _fail(message, MailFailure.Reason.GAVE_UP, code, email)
        return
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(retry_count=attempts)
        OutboxState.objects.filter(message=message).update(
            sending_since=None, next_try_at=clock.now() + retry_delay(attempts)
        )
    logger.warning("mail %s deferred (attempt %s): %s", message.pk, attempts, code or "")


def reap_interrupted() -> int:
    """Mark failed what a killed worker left half-sent (it may have been delivered)."""
    before = clock.now() - datetime.timedelta(seconds=settings.MAIL_SENDING_TIMEOUT)
    stale = Message.objects.filter(outbox_state__sending_since__lt=before)
    count = 0
    for message in stale:
        _fail(message, MailFailure.Reason.INTERRUPTED)
        count += 1
    return count


def prune_failures() -> int:
    before = clock.now() - datetime.timedelta(days=settings.MAIL_FAILURES_KEPT_DAYS)
    return MailFailure.objects.filter(failed_at__lt=before).delete()[0]


def _open_connection():
    server = get_connection(settings.MAILER_EMAIL_BACKEND, fail_silently=False)
    try:
        server.open()
    except (OSError, smtplib.SMTPException) as exc:
        raise MailServerUnavailable(type(exc).__name__) from exc
    return server


def _record(write: Callable[[], None]) -> None:
    """Write the outcome of a message the server has answered, waiting for the database if it
    is briefly gone: a delivered message not recorded would be marked "interrupted" later."""
    delay = 0.5
    for _attempt in range(settings.MAIL_RECORD_ATTEMPTS - 1):
        try:
            write()
            return
        except (OperationalError, InterfaceError) as exc:
            logger.warning("database unavailable while recording a mail: %s", type(exc).__name__)
            connection.close()
            time.sleep(delay)
            delay = min(delay * 2, 10)
    write()


def deliver(
    *, should_stop: Callable[[], bool] = lambda: False, beat=lambda: None, limit: int | None = None
) -> int:
    """Send what is due, one message at a time, until the queue is empty, `limit` messages were
    taken, or the worker is asked to stop (the current message is finished first). Returns the
    number delivered. Raises MailServerUnavailable when the server cannot be reached, database
    errors as they come."""
    reap_interrupted()
    if not _due(clock.now()).exists():
        return 0
    server, sent, taken = None, 0, 0
    try:
        while not should_stop() and (limit is None or taken < limit):
            taken += 1
            beat()
            if server is None:
                server = _open_connection()
            message = _claim()
            if message is None:
                break
            email = message.email
            if email is None:
                _fail(message, MailFailure.Reason.UNREADABLE)
                continue
            try:
                server.send_messages([email])
            except (OSError, smtplib.SMTPException) as exc:
                permanent, code = classify(exc)
                if permanent:
                    _record(partial(_fail, message, MailFailure.Reason.REJECTED, code, email))
                else:
                    _record(partial(_retry_later, message, email, code))
                server.close()
                server = None
                if not permanent and code is None:
                    # The connection itself failed: the server is down, back off.
                    raise MailServerUnavailable(type(exc).__name__) from exc
                continue
            _record(Message.objects.filter(pk=message.pk).delete)
            sent += 1
    finally:
        if server is not None:
            server.close()
    return sent
