"""What this app keeps and how it is disposed of, registered with the retention sweep
(`retention.registry`) from `RequestsAppConfig.ready()`.

The platform's rate-limit counters (gdpr_portal.models), staff sign-in attempts (django-axes)
and the mail log (django-mailer) are registered here too: the platform depends on no domain app
and the register sits below retention, and requests are what most of those are about.
"""

from axes.models import AccessAttempt
from django.db import transaction
from django.db.models import Exists, OuterRef
from mailer.models import MessageLog

from gdpr_portal import clock
from gdpr_portal.keysets import keyset
from gdpr_portal.models import ThrottleCounter
from retention import registry
from retention.models import RetentionRule

from .models import (
    AccessPack,
    Attachment,
    Channel,
    DataSubjectRequest,
    Message,
    RequestEvent,
    Status,
)
from .trail import TrailErasure, trail_erase

Action = RetentionRule.Action
CLOSED = (Status.COMPLETED, Status.REFUSED, Status.WITHDRAWN)


def delete_with_files(rows, file_field: str) -> int:
    """Delete the rows now and their files once the deletion is committed: a rolled-back purge
    leaves the files its rows still point to. Used for attachments, for the thread's
    messages (their letters), which go with the person, and for files held for a form."""
    model = rows.model
    storage = model._meta.get_field(file_field).storage
    found = list(rows.values_list("pk", file_field))
    if not found:  # most batches of the sweep: no query for a deletion of nothing
        return 0
    names = [name for _pk, name in found if name]
    deleted = (
        model.objects.filter(pk__in=keyset(pk for pk, _name in found))
        .delete()[1]
        .get(model._meta.label, 0)
    )
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return deleted


def _delete_attachments(attachments) -> int:
    return delete_with_files(attachments, "file")


def _delete_messages(messages) -> int:
    return delete_with_files(messages, "letter")


def closed_requests(*, before, today):
    return DataSubjectRequest.objects.filter(
        status__in=CLOSED, closed_at__lt=before, anonymised_at__isnull=True, legal_hold=False
    )


def anonymise_requests(keys: list[int]) -> int:
    ids = keyset(keys)
    _delete_attachments(Attachment.objects.filter(request_id__in=ids))
    _delete_messages(Message.objects.filter(request_id__in=ids))
    # The Art. 15 letter's choices name the files enclosed and the DPO's words for this person.
    AccessPack.objects.filter(request_id__in=ids).delete()
    trail_erase(
        request_ids=keys, mode=TrailErasure.Mode.REDACTED, reason="retention: closed_requests"
    )
    # Reference, dates, rights and outcome stay for the statistics; the person does not.
    return DataSubjectRequest.objects.filter(pk__in=ids).update(
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
        anonymised_at=clock.now(),
    )


def unconfirmed_requests(*, before, today):
    # The clock runs from receipt whether or not the address was confirmed (GDPR Art. 12(3),
    # docs: deadlines.md §1): never erase a request while its deadline could still run. Only a
    # request nobody worked on is "never confirmed": one that staff moved (a pause, an
    # extension, a start) is no longer new, and one they acted on while it was new (an identity
    # check, a fee, a note on the trail) is evidence of their handling and stays too.
    staff_acted = RequestEvent.objects.filter(request=OuterRef("pk"), actor__isnull=False)
    return DataSubjectRequest.objects.filter(
        channel=Channel.WEB,
        status=Status.NEW,
        email_confirmed_at__isnull=True,
        received_at__lt=before,
        due_date__lt=today,
        legal_hold=False,
        assignee__isnull=True,
        identity_confirmed_at__isnull=True,
    ).exclude(Exists(staff_acted))


def erase_requests(keys: list[int]) -> int:
    _delete_attachments(Attachment.objects.filter(request_id__in=keys))
    _delete_messages(Message.objects.filter(request_id__in=keys))
    trail_erase(
        request_ids=keys, mode=TrailErasure.Mode.ERASED, reason="retention: unconfirmed_requests"
    )
    deleted = DataSubjectRequest.objects.filter(pk__in=keys).delete()[1]
    return deleted.get(DataSubjectRequest._meta.label, 0)


def released_documents(*, before, today):
    return Attachment.objects.filter(
        kind__in=Attachment.RELEASED_KINDS, expires_at__lt=before, request__legal_hold=False
    )


def delete_documents(keys: list[int]) -> int:
    return _delete_attachments(Attachment.objects.filter(pk__in=keys))


def rate_limit_counters(*, before, today):
    return ThrottleCounter.objects.filter(window_start__lt=before)


def mail_log(*, before, today):
    return MessageLog.objects.filter(when_attempted__lt=before)


def login_attempts(*, before, today):
    return AccessAttempt.objects.filter(attempt_time__lt=before)


delete_counters = registry.deleting(ThrottleCounter)
delete_mail_log = registry.deleting(MessageLog)
delete_login_attempts = registry.deleting(AccessAttempt)


# key, what the purge does, which records have expired, the purge, the path to the controller
KEPT = [
    ("closed_requests", Action.ANONYMISE, closed_requests, anonymise_requests, "controller_id"),
    ("unconfirmed_requests", Action.ERASE, unconfirmed_requests, erase_requests, "controller_id"),
    (
        "released_documents",
        Action.ERASE,
        released_documents,
        delete_documents,
        "request__controller_id",
    ),
    ("rate_limit_counters", Action.ERASE, rate_limit_counters, delete_counters, None),
    ("mail_log", Action.ERASE, mail_log, delete_mail_log, None),
    ("login_attempts", Action.ERASE, login_attempts, delete_login_attempts, None),
]


def register() -> None:
    for key, action, expired, purge, owner in KEPT:
        registry.register(key, action=action, expired=expired, purge=purge, owner=owner)
