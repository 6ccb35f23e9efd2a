"""How long the documents of a decision stay on the requester's status page, releasing them
again, and the record of each download.

A document is released until the end of a stated day in the portal's time zone: it expires at
the midnight that ends that day, and the status page says "available until" that day."""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gdpr_portal import clock

from .models import Attachment, DataSubjectRequest, RequestEvent, Status
from .move_forms import ReleaseForm
from .moves import Condition, TransitionNotAllowed, move, record
from .moves import required as _reasons

Kind = RequestEvent.Kind
DOCUMENT_DOWNLOAD_DAYS = 30
MAX_RELEASE_DAYS = 365


def download_days() -> int:
    return getattr(settings, "DOCUMENT_DOWNLOAD_DAYS", DOCUMENT_DOWNLOAD_DAYS)


def release_until(today: datetime.date, days: int) -> datetime.date:
    """The last day of a release of `days` days starting `today` (pure)."""
    return today + datetime.timedelta(days=days)


def expiry_of(until: datetime.date) -> datetime.datetime:
    """The moment a release that lasts to the end of `until` ends: the next midnight in the
    portal's time zone (a day of 23 or 25 hours across summer time changes nothing)."""
    midnight = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time())
    return midnight.replace(tzinfo=clock.zone())


def check_release_day(until: datetime.date, today: datetime.date) -> None:
    """A release lasts to a day from today to a year ahead; TransitionNotAllowed otherwise."""
    if until < today:
        raise TransitionNotAllowed(_("The day has passed already."))
    if until > release_until(today, MAX_RELEASE_DAYS):
        raise TransitionNotAllowed(_("At most a year from today."))


def released(request: DataSubjectRequest):
    return request.attachments.filter(kind__in=Attachment.RELEASED_KINDS, released_at__isnull=False)


def document_record_download(*, attachment: Attachment) -> RequestEvent:
    """The requester downloaded a released document: which one, when, on the trail (no actor:
    the status link is the requester's)."""
    return RequestEvent.objects.create(
        request=attachment.request,
        kind=Kind.DOCUMENT_DOWNLOADED,
        note=f"{attachment.original_name} ({attachment.public_id})",
    )


HAS_DOCUMENTS = Condition(
    lambda r: released(r).exists(), gettext_lazy("The decision released no documents.")
)


@move(
    "release",
    label=gettext_lazy("Release the documents again"),
    form=ReleaseForm,
    kind=Kind.DOCUMENT_RELEASED,
    sources=frozenset({Status.COMPLETED}),
    refusal=gettext_lazy(
        "Only the documents of a completed request are released; this one is %(status)s."
    ),
    conditions=(HAS_DOCUMENTS,),
    public=gettext_lazy("documents released again for you to download"),
)
def request_release_documents(
    move,
    *,
    request: DataSubjectRequest,
    actor,
    documents,
    until: datetime.date,
    reasons: str,
    today=None,
):
    """Release documents again, or for longer, until the end of `until`: a reason on the record,
    the expiry before and after in the audit row."""
    reasons = _reasons(reasons)
    today = today or clock.today()
    check_release_day(until, today)
    documents = list(documents)
    if not documents or any(d.request_id != request.pk for d in documents):
        raise TransitionNotAllowed(_("Choose the documents to release."))
    now, expires = clock.now(), expiry_of(until)
    changes = {}
    for document in documents:
        before = document.expires_at
        document.released_at, document.expires_at = document.released_at or now, expires
        document.save(update_fields=["released_at", "expires_at"])
        changes[f"{document.original_name} ({document.public_id})"] = {
            "before": before.isoformat() if before else None,
            "after": expires.isoformat(),
        }
    record(move, request, actor, {}, note=reasons, extra_changes=changes)
    return request
