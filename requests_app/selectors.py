"""Named reads of data-subject requests."""

import datetime

from django.db.models import Prefetch, Q
from django.http import Http404

from gdpr_portal import outbox

from .models import Attachment, DataSubjectRequest, Message, RequestEvent
from .moves import public_wording


def request_get_by_token(*, token: str) -> DataSubjectRequest:
    """The request behind a private status link, with what its page shows, in four queries."""
    requests = DataSubjectRequest.objects.select_related(
        "controller", "controller__supervisory_authority"
    ).prefetch_related(
        "requested_rights",
        Prefetch("events", queryset=RequestEvent.objects.filter(public=True).order_by("at", "pk")),
        Prefetch(
            "attachments",
            # Ordered by their own date: the default order joins the request for its due date.
            queryset=Attachment.objects.filter(
                kind__in=Attachment.RELEASED_KINDS, released_at__isnull=False
            ).order_by("created_at", "pk"),
            to_attr="released_documents",
        ),
    )
    try:
        # The token is unique: no ORDER BY ... LIMIT as `first()` would add.
        return requests.get(status_token=token)
    except DataSubjectRequest.DoesNotExist:
        raise Http404 from None


def request_public_history(request: DataSubjectRequest) -> list[tuple[RequestEvent, str | None]]:
    """The events the requester sees, each with the status page's wording of its move."""
    return [(event, public_wording(event.kind)) for event in request.events.all()]


DUPLICATE_WINDOW_DAYS = 90


def request_possible_duplicates(request: DataSubjectRequest, *, days: int = DUPLICATE_WINDOW_DAYS):
    """Other requests to the same controller from the same person (same email or ЕГН/ЛНЧ) for
    one of the same rights, received within `days` of this one: a repetitive request is what
    Art. 12(5) lets the controller charge for or refuse, and the DPO must be able to show it."""
    person = Q()
    if request.requester_email:
        person |= Q(requester_email__iexact=request.requester_email)
    if request.national_id:
        person |= Q(national_id=request.national_id)
    if not person:
        return DataSubjectRequest.objects.none()
    rights = [r.right for r in request.requested_rights.all()]
    window = datetime.timedelta(days=days)
    return (
        DataSubjectRequest.objects.filter(
            person,
            controller_id=request.controller_id,
            requested_rights__right__in=rights,
            received_at__gte=request.received_at - window,
            received_at__lte=request.received_at + window,
        )
        .exclude(pk=request.pk)
        .distinct()
        .order_by("-received_at")
    )


def request_mail_failures(dsr: DataSubjectRequest):
    """Messages to the requester's address that were not delivered since the request came in
    (failures are filed under a keyed hash of the address: gdpr_portal/outbox.py)."""
    return outbox.failures_for(dsr.requester_email).filter(failed_at__gte=dsr.created_at)


def request_submitted_files(request: DataSubjectRequest) -> list[Attachment]:
    """The files the requester sent with the request (the power of attorney and documents)."""
    return list(
        Attachment.objects.filter(
            request=request,
            kind__in=[Attachment.Kind.POWER_OF_ATTORNEY, Attachment.Kind.SUPPORTING],
        ).only("original_name", "size", "kind")
    )


def request_thread(request: DataSubjectRequest):
    """The request's messages, oldest first, each with its files and author: two queries."""
    return (
        Message.objects.filter(request=request)
        .select_related("author")
        .prefetch_related(
            Prefetch("files", queryset=Attachment.objects.order_by("created_at", "pk"))
        )
        .order_by("created_at", "pk")
    )
