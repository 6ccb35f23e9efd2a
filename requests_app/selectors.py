"""Named reads of data-subject requests."""

import datetime
from typing import NamedTuple

from django.db import connection
from django.db.models import Prefetch, Q
from django.http import Http404

from gdpr_portal import clock, outbox, prepared

from .models import (
    Attachment,
    DataSubjectRequest,
    Message,
    RequestEvent,
    status_link_expired,
)
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

# One statement on the unique token's index, written out (the ORM would spend longer building it
# than PostgreSQL running it, on the page's common path): the dates that end the link, whether
# mail failed (below), and a digest of everything the status page shows: the request's whole
# row (a `QuerySet.update()` leaves `updated_at` alone; the row changes all the same), its
# controller with the supervisory authority and the DPO, its rights, its public events, the
# thread's messages, every file of the request, and whether each file is downloadable at the
# moment $1 (a release or an expiry moves with the clock, not with a row). Each part is a scalar
# subquery on an index (the primary key, or the request's foreign key); empty parts stay in their
# places, so no two parts can be confused. Prepared once per database session: planning it took
# longer than running it.
PAGE_STATE_SQL = """SELECT closed_at, anonymised_at, md5(concat_ws(E'\\x1f',
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
          (f.released_at <= $1 AND (f.expires_at IS NULL OR f.expires_at > $1))::text),
        E'\\x1e' ORDER BY f.id)
      FROM requests_app_attachment f
     WHERE f.request_id = requests_app_datasubjectrequest.id), '')
)), EXISTS (SELECT 1 FROM portal_mailfailure f WHERE f.recipient_key = $2
    AND f.failed_at >= requests_app_datasubjectrequest.created_at)
  FROM requests_app_datasubjectrequest WHERE status_token = $3"""


def request_get_by_token(*, token: str) -> DataSubjectRequest:
    """The request behind a private status link, with what its page shows, in four queries."""
    requests = DataSubjectRequest.objects.select_related(
        "controller", "controller__supervisory_authority"
    ).prefetch_related(*STATUS_PAGE_PREFETCH)
    try:
        # The token is unique: no ORDER BY ... LIMIT as `first()` would add.
        return requests.get(status_token=token)
    except DataSubjectRequest.DoesNotExist:
        raise Http404 from None


class PageState(NamedTuple):
    """What decides whether a kept status page may be served again (requests_app/status_pages)."""

    link_expired: bool
    fingerprint: str
    mail_failed: bool


PAGE_STATE = "status_page_state"


def request_page_state(*, token: str, mail_key: str) -> PageState:
    """In one query (PostgreSQL): whether the status link has expired, the fingerprint of what
    the request's status page shows (PAGE_STATE_SQL), and whether mail filed under
    `mail_key` (gdpr_portal/outbox.py: the keyed hash of an address; "" for none) failed since
    the request came in."""
    with connection.cursor() as cursor:
        # Planned once per session (gdpr_portal/prepared.py): its planning took longer than
        # its execution.
        prepared.execute(cursor, PAGE_STATE_SQL, [clock.now(), mail_key, token], name=PAGE_STATE)
        row = cursor.fetchone()
    if row is None:
        raise Http404
    closed_at, anonymised_at, fingerprint, mail_failed = row
    return PageState(
        status_link_expired(closed_at=closed_at, anonymised_at=anonymised_at),
        fingerprint,
        mail_failed,
    )


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
