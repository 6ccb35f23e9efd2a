"""Named reads of data-subject requests."""

from django.db.models import Prefetch
from django.http import Http404

from gdpr_portal import outbox

from .models import Attachment, DataSubjectRequest, RequestEvent
from .moves import public_wording


def request_get_by_token(*, token: str) -> DataSubjectRequest:
    """The request behind a private status link, with what its page shows, in four queries."""
    request = (
        DataSubjectRequest.objects.select_related("controller", "controller__supervisory_authority")
        .prefetch_related(
            "requested_rights",
            Prefetch(
                "events", queryset=RequestEvent.objects.filter(public=True).order_by("at", "pk")
            ),
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(
                    kind=Attachment.Kind.RESPONSE, released_at__isnull=False
                ),
                to_attr="released_documents",
            ),
        )
        .filter(status_token=token)
        .first()
    )
    if request is None:
        raise Http404
    return request


def request_public_history(request: DataSubjectRequest) -> list[tuple[RequestEvent, str | None]]:
    """The events the requester sees, each with the status page's wording of its move."""
    return [(event, public_wording(event.kind)) for event in request.events.all()]


def request_mail_failures(dsr: DataSubjectRequest):
    """Messages to the requester's address that were not delivered since the request came in
    (failures are filed under a keyed hash of the address: gdpr_portal/outbox.py)."""
    return outbox.failures_for(dsr.requester_email).filter(failed_at__gte=dsr.created_at)
