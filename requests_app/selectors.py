"""Named reads of data-subject requests."""

import datetime

from django.db import connection
from django.db.models import (
    CharField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Value,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.http import Http404

from gdpr_portal import clock, outbox
from gdpr_portal.models import MailFailure

from .models import Attachment, DataSubjectRequest, Message, RequestEvent
from .moves import public_wording

# What the status page shows beside the request and its controller: fetched in three queries.
STATUS_PAGE_PREFETCH = (
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

# A digest of everything the status page shows, computed by PostgreSQL in the query that reads
# the request: the request's whole row (a `QuerySet.update()` leaves `updated_at` alone, the row
# changes all the same), its controller with the supervisory authority and the DPO, its rights,
# its public events, the thread's messages, every file of the request, and whether each file is
# downloadable at the moment given twice as a parameter (a release or an expiry moves with the
# clock, not with a row). Each part is a scalar subquery on an index (the primary key, or the
# request's foreign key); empty parts stay in their places, so no two parts can be confused.
PAGE_FINGERPRINT_SQL = """md5(concat_ws(E'\\x1f',
  requests_app_datasubjectrequest::text,
  coalesce((SELECT concat_ws(E'\\x1e', c::text, coalesce(a::text, ''), coalesce(d::text, ''))
      FROM controllers_controller c
      LEFT JOIN controllers_supervisoryauthority a ON a.id = c.supervisory_authority_id
      LEFT JOIN controllers_dataprotectionofficer d ON d.controller_id = c.id
     WHERE c.id = requests_app_datasubjectrequest.controller_id), ''),
  coalesce((SELECT string_agg(x::text, E'\\x1e' ORDER BY x.id)
      FROM requests_app_requestedright x
     WHERE x.request_id = requests_app_datasubjectrequest.id), ''),
  coalesce((SELECT string_agg(e::text, E'\\x1e' ORDER BY e.id)
      FROM requests_app_requestevent e
     WHERE e.request_id = requests_app_datasubjectrequest.id AND e.public), ''),
  coalesce((SELECT string_agg(m::text, E'\\x1e' ORDER BY m.id)
      FROM requests_app_message m
     WHERE m.request_id = requests_app_datasubjectrequest.id), ''),
  coalesce((SELECT string_agg(concat(f::text, ' ',
          (f.released_at <= %s AND (f.expires_at IS NULL OR f.expires_at > %s))::text),
        E'\\x1e' ORDER BY f.id)
      FROM requests_app_attachment f
     WHERE f.request_id = requests_app_datasubjectrequest.id), '')
))"""


def _by_token():
    return DataSubjectRequest.objects.select_related(
        "controller", "controller__supervisory_authority"
    )


def request_get_by_token(*, token: str) -> DataSubjectRequest:
    """The request behind a private status link, with what its page shows, in four queries."""
    try:
        # The token is unique: no ORDER BY ... LIMIT as `first()` would add.
        return _by_token().prefetch_related(*STATUS_PAGE_PREFETCH).get(status_token=token)
    except DataSubjectRequest.DoesNotExist:
        raise Http404 from None


def request_get_for_status_page(*, token: str, mail_key: str | None = None) -> DataSubjectRequest:
    """The request behind a private status link and its controller, in one query. On PostgreSQL
    it carries `page_fingerprint` (PAGE_FINGERPRINT_SQL; None elsewhere); given a recipient key
    (gdpr_portal/outbox.py), `mail_failed` too: whether mail filed under it failed since the
    request came in. `request_prefetch_status_page` fetches the rest of what the page shows."""
    requests = _by_token()
    if connection.vendor == "postgresql":
        now = clock.now()
        # A constant statement, the moment its one parameter.
        fingerprint = RawSQL(PAGE_FINGERPRINT_SQL, [now, now])  # noqa: S611
        requests = requests.annotate(page_fingerprint=fingerprint)
    else:
        requests = requests.annotate(page_fingerprint=Value(None, output_field=CharField()))
    if mail_key:
        failures = MailFailure.objects.filter(
            recipient_key=mail_key, failed_at__gte=OuterRef("created_at")
        )
        requests = requests.annotate(mail_failed=Exists(failures))
    try:
        return requests.get(status_token=token)
    except DataSubjectRequest.DoesNotExist:
        raise Http404 from None


def request_prefetch_status_page(request: DataSubjectRequest) -> None:
    """The rights, public events and released documents of a request read by
    `request_get_for_status_page`, as `request_get_by_token` has them: three queries."""
    prefetch_related_objects([request], *STATUS_PAGE_PREFETCH)


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
