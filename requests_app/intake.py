"""A request from the public form, received in one durable statement and filed by the worker.

The citizen's POST does what receiving a request needs and no more: the form is checked, the
limits are counted, and the checked form is stored as one `PendingFiling` row — all in one
statement that commits durably (`ratelimit.refused_until_else_insert`). The receipt then shows
the reference, the time of receipt and the deadline, which are fixed from that moment. The
worker files the row moments later (`file_pending`, each pass of `manage.py run_worker`):
`services.request_submit` with the same time, reference and status token — the request, its
rights, its trail and its confirmation mail in one transaction that also deletes the row. Until
then the receipt and the status page read the pending row (`pending_by_token`).

Why: filing in the request itself (the request's row with its indexes and the dashboard's counts,
its rights, two audit rows, the rendered mail) cost the POST four times what a bare durable
write costs (docs/performance.md); the citizen waited for work that is not theirs to wait for.

Only web filings without files come this way (settings.REQUEST_FILING_DEFERRED, PostgreSQL):
uploads are stored with the request at once, staff's entries are filed at once, and with the
setting off (the tests, which file in the same request) `file_now` files the row at once.
"""

import datetime
import functools
import logging
from contextlib import nullcontext

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.http import Http404

from controllers.models import Controller
from gdpr_portal import clock, ratelimit

from . import services, staff_settings
from .models import DataSubjectRequest, PendingFiling, Right

logger = logging.getLogger(__name__)

# A filing that fails is tried again after this pause, doubled at each failure, up to a day.
RETRY_FIRST = datetime.timedelta(minutes=1)
RETRY_LONGEST = datetime.timedelta(days=1)
BATCH = 50


def receivable() -> bool:
    """Whether a request without files is received this way (PostgreSQL: one statement)."""
    return connection.vendor == "postgresql"


def deferred() -> bool:
    """Whether the worker files what is received (else the request that received it does)."""
    return settings.REQUEST_FILING_DEFERRED and receivable()


def receive(
    *, slug: str, language: str, requester: dict, attempt: list, limits: list
) -> tuple[PendingFiling | None, datetime.datetime | None]:
    """Count `attempt` and, within it, `limits` (as `ratelimit.refused_until(attempt,
    then=limits)`), and when none is exceeded store `requester` (the checked form's
    services.REQUESTER_FIELDS) for the controller `slug`: one statement, durable. Returns the
    stored row, or when to try again. Raises Http404 for an unknown controller."""
    requester = {**requester, "rights": list(dict.fromkeys(requester["rights"]))}
    pending = PendingFiling(language=language, requester=requester)
    sql, fields = _insert_statement()
    for _try in range(5):
        params = [f.get_db_prep_save(f.pre_save(pending, True), connection) for f in fields] + [
            slug,
            pending.reference,
        ]
        # Outside a transaction (a web request) the statement is its own; inside one (a test),
        # a savepoint keeps a clash from breaking the caller's transaction.
        within = transaction.atomic() if connection.in_atomic_block else nullcontext()
        try:
            with within:
                retry_at, pk = ratelimit.refused_until_else_insert(
                    attempt, then=limits, insert=(sql, params)
                )
        except IntegrityError:
            # The reference or the token of a waiting row: the statement stored nothing and
            # counted nothing; draw both again.
            pending.reference, pending.status_token = _new_reference(), _new_token()
            continue
        if retry_at is not None:
            return None, retry_at
        if pk is not None:
            pending.pk = pending.id = pk
            pending._state.adding = False
            return pending, None
        if not Controller.objects.filter(slug=slug).exists():
            raise Http404
        # The reference of a request already filed: draw again (this attempt was counted).
        pending.reference = _new_reference()
    raise AssertionError("five clashes of 50-bit references")


@functools.cache
def _insert_statement() -> tuple[str, list]:
    """The waiting row's `INSERT … SELECT` (the controller found by its slug, the reference not
    taken by a request filed) and the fields whose values it takes first: made once a process."""
    columns = ("status_token", "reference", "language", "received_at", "requester")
    fields = [PendingFiling._meta.get_field(name) for name in columns]
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(PendingFiling._meta.db_table)} "  # noqa: S608
        f"({', '.join(qn(f.column) for f in fields)}, {qn('controller_id')}, {qn('attempts')}) "
        # Typed: the statement is prepared (gdpr_portal/prepared.py), and a parameter in a
        # SELECT list would otherwise be text.
        f"SELECT {', '.join(f'%s::{f.cast_db_type(connection)}' for f in fields)}, c.id, 0 "
        f"FROM {qn(Controller._meta.db_table)} c WHERE c.slug = %s AND NOT EXISTS "
        f"(SELECT 1 FROM {qn(DataSubjectRequest._meta.db_table)} r WHERE r.reference = %s)"
    )
    return sql, fields


def _new_reference() -> str:
    return PendingFiling._meta.get_field("reference").get_default()


def _new_token() -> str:
    return PendingFiling._meta.get_field("status_token").get_default()


def pending_by_token(token: str) -> PendingFiling | None:
    """The row waiting behind a status link, with its controller; None when there is none."""
    return PendingFiling.objects.select_related("controller").filter(status_token=token).first()


def as_request(pending: PendingFiling) -> tuple[DataSubjectRequest, list[str]]:
    """What the receipt shows of a waiting row: an unsaved request as the worker will file it
    (its deadline computed as the filing will compute it), and its rights' names."""
    data = pending.requester
    dsr = DataSubjectRequest(
        controller=pending.controller,
        language=pending.language,
        reference=pending.reference,
        status_token=pending.status_token,
        received_at=pending.received_at,
        requester_name=data["requester_name"].strip(),
        requester_email=data["requester_email"].strip(),
        details=data["details"].strip(),
        reply_channel=data["reply_channel"],
    )
    dsr.due_date = services.request_compute_due(dsr)
    return dsr, [str(Right(right).label) for right in data["rights"]]


def file_now(pending: PendingFiling) -> DataSubjectRequest:
    """File `pending` in this process (the setting off)."""
    with transaction.atomic():
        locked = PendingFiling.objects.select_for_update().filter(pk=pending.pk)
        ((pending, controller),) = _with_controllers(locked)
        dsr = _file(pending, controller)
        pending.delete()
        return dsr


def file_pending(*, limit: int = BATCH) -> int:
    """File up to `limit` waiting rows, oldest first, each in a savepoint of one transaction
    (one durable commit for the batch); rows another worker holds are skipped. A filing that
    fails is rolled back alone and tried again later: its type is logged, never its text (it
    can hold what the citizen typed). Returns how many were filed."""
    now = clock.now()
    filed = []
    with transaction.atomic():
        batch = _with_controllers(
            PendingFiling.objects.select_for_update(skip_locked=True)
            .exclude(next_attempt_at__gt=now)
            .order_by("pk")[:limit]
        )
        for pending, controller in batch:
            try:
                with transaction.atomic():
                    _file(pending, controller)
            except Exception as exc:  # one bad row must not stop the others
                pending.attempts += 1
                pending.next_attempt_at = now + retry_pause(pending.attempts)
                pending.save(update_fields=["attempts", "next_attempt_at"])
                logger.error(
                    "filing %s failed (%s), attempt %d; next at %s",
                    pending.pk,
                    type(exc).__name__,
                    pending.attempts,
                    pending.next_attempt_at.isoformat(),
                )
            else:
                filed.append(pending.pk)
        PendingFiling.objects.filter(pk__in=filed).delete()
    return len(filed)


def retry_pause(attempts: int) -> datetime.timedelta:
    """The pause after the `attempts`-th failure: RETRY_FIRST, doubling, at most RETRY_LONGEST."""
    # The exponent is capped before it can outgrow a timedelta (a row failing for months).
    return min(RETRY_FIRST * 2 ** min(attempts - 1, 20), RETRY_LONGEST)


def _with_controllers(pendings) -> list[tuple[PendingFiling, Controller | None]]:
    """The rows, each with its controller as a filing reads it — its authority and DPO, the
    non-working days and the templates' version (staff_settings) — in one query for all (None
    for a controller that is gone: that row's filing fails, not the batch's)."""
    pendings = list(pendings)
    controllers = (
        Controller.objects.select_related("dpo", "supervisory_authority")
        .annotate(**staff_settings.filing_annotations())
        .in_bulk({p.controller_id for p in pendings})
    )
    return [(pending, controllers.get(pending.controller_id)) for pending in pendings]


class ControllerGone(Exception):
    pass


def _file(pending: PendingFiling, controller: Controller | None) -> DataSubjectRequest:
    if controller is None:
        raise ControllerGone
    data = pending.requester
    return services.request_submit(
        controller=controller,
        language=pending.language,
        **{name: data[name] for name in services.REQUESTER_FIELDS},
        received_at=pending.received_at,
        reference=pending.reference,
        status_token=pending.status_token,
    )
