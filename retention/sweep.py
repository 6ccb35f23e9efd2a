"""The retention sweep: applies the portal operator's own rules to the personal data the portal
keeps, in batches, with evidence of every disposal and nothing of the data itself."""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from .models import DisposalRecord, RetentionRule
from .periods import latest_expired_event

Kind = RetentionRule.PortalRecords
BATCH_SIZE = 500


@dataclass
class Outcome:
    rule: RetentionRule
    kind: str
    counts: dict[int, int]  # controller id → records disposed (or due, in a dry run)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def operator_rules() -> list[RetentionRule]:
    slug = settings.PORTAL_OPERATOR_SLUG
    return list(
        RetentionRule.objects.filter(controller__slug=slug)
        .exclude(applies_to="")
        .select_related("controller")
        .order_by("position", "pk")
    )


def _cutoff(rule: RetentionRule, today: datetime.date) -> datetime.datetime:
    """The moment before which a record's starting event means it has expired."""
    last_day = latest_expired_event(
        today,
        years=rule.period_years or 0,
        months=rule.period_months or 0,
        days=rule.period_days or 0,
        counting=rule.counting,
    )
    next_day = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(next_day)


def _batches(queryset, size: int | None = None) -> Iterator[list[int]]:
    """Primary keys in batches, re-queried each time so that memory stays flat."""
    size = size or BATCH_SIZE
    last = 0
    while True:
        keys = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not keys:
            return
        yield keys
        last = keys[-1]


def _count_by_controller(queryset, path: str) -> dict[int, int]:
    return {
        row[path]: row["n"] for row in queryset.values(path).annotate(n=Count("pk")).order_by(path)
    }


# --- what each kind of record means --------------------------------------------------------


def _closed_requests(cutoff):
    from requests_app.models import DataSubjectRequest, Status

    return DataSubjectRequest.objects.filter(
        status__in=[Status.COMPLETED, Status.REFUSED, Status.WITHDRAWN],
        closed_at__lt=cutoff,
        anonymised_at__isnull=True,
        legal_hold=False,
    ), "controller_id"


def _unconfirmed_requests(cutoff):
    from requests_app.models import Channel, DataSubjectRequest, Status

    return DataSubjectRequest.objects.filter(
        channel=Channel.WEB,
        status=Status.NEW,
        email_confirmed_at__isnull=True,
        received_at__lt=cutoff,
        legal_hold=False,
        assignee__isnull=True,
    ), "controller_id"


def _released_documents(cutoff):
    from requests_app.models import Attachment

    return Attachment.objects.filter(
        kind=Attachment.Kind.RESPONSE, expires_at__lt=cutoff, request__legal_hold=False
    ), "request__controller_id"


def _unconfirmed_subscriptions(cutoff):
    from policies.models import PolicySubscription

    return PolicySubscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ), "policy__controller_id"


def _mail_log(cutoff):
    from mailer.models import MessageLog

    return MessageLog.objects.filter(when_attempted__lt=cutoff), None


def _rate_limit_counters(cutoff):
    from gdpr_portal.models import ThrottleCounter

    return ThrottleCounter.objects.filter(window_start__lt=cutoff), None


def _login_attempts(cutoff):
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(attempt_time__lt=cutoff), None


def _anonymise_requests(keys: list[int]) -> None:
    from requests_app.models import Attachment, DataSubjectRequest, RequestEvent

    for attachment in Attachment.objects.filter(request_id__in=keys).only("file"):
        attachment.file.delete(save=False)
    Attachment.objects.filter(request_id__in=keys).delete()
    RequestEvent.objects.filter(request_id__in=keys).redact()
    # Reference, dates, rights and outcome stay for the statistics; the person does not.
    DataSubjectRequest.objects.filter(pk__in=keys).update(
        requester_name="",
        requester_email="",
        requester_phone="",
        requester_address="",
        national_id="",
        on_behalf_of="",
        details="",
        decision_text="",
        extension_reasons="",
        fee_justification="",
        confirmation_nonce="",
        anonymised_at=timezone.now(),
    )


def _erase_requests(keys: list[int]) -> None:
    from requests_app.models import Attachment, DataSubjectRequest, RequestEvent

    for attachment in Attachment.objects.filter(request_id__in=keys).only("file"):
        attachment.file.delete(save=False)
    RequestEvent.objects.filter(request_id__in=keys).erase()
    DataSubjectRequest.objects.filter(pk__in=keys).delete()


def _delete_documents(keys: list[int]) -> None:
    from requests_app.models import Attachment

    for attachment in Attachment.objects.filter(pk__in=keys).only("file"):
        attachment.file.delete(save=False)
    Attachment.objects.filter(pk__in=keys).delete()


def _delete(model_queryset) -> Callable[[list[int]], None]:
    def dispose(keys: list[int]) -> None:
        model_queryset.model.objects.filter(pk__in=keys).delete()

    return dispose


KINDS = {
    Kind.CLOSED_REQUESTS: (_closed_requests, lambda qs: _anonymise_requests),
    Kind.UNCONFIRMED_REQUESTS: (_unconfirmed_requests, lambda qs: _erase_requests),
    Kind.RELEASED_DOCUMENTS: (_released_documents, lambda qs: _delete_documents),
    Kind.UNCONFIRMED_SUBSCRIPTIONS: (_unconfirmed_subscriptions, _delete),
    Kind.MAIL_LOG: (_mail_log, _delete),
    Kind.RATE_LIMIT_COUNTERS: (_rate_limit_counters, _delete),
    Kind.LOGIN_ATTEMPTS: (_login_attempts, _delete),
}


def apply_rule(
    rule: RetentionRule,
    *,
    today: datetime.date | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] = lambda n: None,
) -> Outcome:
    """Dispose of every record the rule says has expired, batch by batch, each batch in its
    own transaction with its evidence."""
    today = today or timezone.localdate()
    if not rule.has_period:
        return Outcome(rule, rule.applies_to, {})
    select, disposer = KINDS[rule.applies_to]
    queryset, path = select(_cutoff(rule, today))
    operator_id = rule.controller_id
    if dry_run:
        counts = _count_by_controller(queryset, path) if path else {operator_id: queryset.count()}
        progress(sum(counts.values()))
        return Outcome(rule, rule.applies_to, counts)
    dispose = disposer(queryset)
    counts: dict[int, int] = {}
    for keys in _batches(queryset):
        with transaction.atomic():
            batch = queryset.filter(pk__in=keys)
            owners = _count_by_controller(batch, path) if path else {operator_id: len(keys)}
            dispose(keys)
            for controller_id, n in owners.items():
                _record(rule, controller_id, n)
                counts[controller_id] = counts.get(controller_id, 0) + n
        progress(len(keys))
    return Outcome(rule, rule.applies_to, counts)


def _record(rule: RetentionRule, controller_id: int, count: int) -> None:
    DisposalRecord.objects.create(
        controller_id=controller_id,
        rule=rule,
        rule_name=rule.name,
        legal_reference=rule.legal_reference,
        record_kind=rule.applies_to,
        action=rule.action,
        count=count,
        ran_at=timezone.now(),
    )


def due_count(rule: RetentionRule, today: datetime.date | None = None) -> int:
    if not rule.has_period:
        return 0
    select, _disposer = KINDS[rule.applies_to]
    queryset, _path = select(_cutoff(rule, today or timezone.localdate()))
    return queryset.count()
