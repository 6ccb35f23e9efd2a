"""Writes of the requests app: filing, confirming, and the messages to requesters."""

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import formats, translation

from controllers.models import Controller
from gdpr_portal import clock
from gdpr_portal.links import absolute_url
from gdpr_portal.mail import one_line, render_text, render_text_string

from . import deadlines, filing_sql, staff_settings
from .message_defaults import TEMPLATES
from .models import (
    Attachment,
    Channel,
    DataSubjectRequest,
    Message,
    MessageTemplate,
    RequestedRight,
    RequestEvent,
    Right,
    new_reference,
)
from .uploads import CheckedUpload

CONFIRMATION_SALT = "requests_app.confirm-email"
CONFIRMATION_MAX_AGE = datetime.timedelta(days=7)
# Dates in messages to requesters: "30 ноември 2026", "30 November 2026".
LONG_DATE = "j F Y"


def _cached_controller(request: DataSubjectRequest) -> Controller | None:
    # The controller the caller already holds, never a query to fetch it.
    return request.controller if DataSubjectRequest.controller.is_cached(request) else None


def request_compute_due(
    request: DataSubjectRequest, *, extended: bool | None = None, paused_days: int | None = None
) -> datetime.date:
    """The request's statutory deadline, optionally as it would be after a change."""
    return deadlines.response_due(
        request.received_at,
        extended=request.extended if extended is None else extended,
        paused_days=request.paused_days if paused_days is None else paused_days,
        extra_non_working_days=staff_settings.non_working_days(_cached_controller(request)),
    )


def request_status_url(request: DataSubjectRequest) -> str:
    with translation.override(request.language):
        return absolute_url(reverse("requests_app:status", args=[request.status_token]))


def _authority_context(controller: Controller, language: str) -> dict:
    """The supervisory authority the decision names for complaints (GDPR Arts 12(4), 77)."""
    authority = controller.supervisory_authority
    if authority is None:
        return {"authority_name": "", "authority_contacts": ""}
    parts = (authority.address, authority.email, authority.phone, authority.website)
    return {
        "authority_name": authority.name_in(language),
        "authority_contacts": ", ".join(p for p in parts if p),
    }


def message_text(request: DataSubjectRequest, key: str, *, language: str = "", **context):
    """The subject and body of the staff-edited template `key`, filled in for `request`, in
    `language` (the requester's unless given), as plain text (never HTML-escaped): what a move
    sends, and what staff start from when they write themselves."""
    language = language or request.language
    template = staff_settings.message_template(key, language, _cached_controller(request))
    if template is None:  # deleted by the operator: the default text still goes out
        subject, body = TEMPLATES[(key, language)]
        template = MessageTemplate(key=key, language=language, subject=subject, body=body)
    with translation.override(language):
        values = {
            "reference": request.reference,
            "controller": request.controller.legal_name,
            "name": request.requester_name,
            # As the receipt appended to the same mail and the status page write them.
            "due_date": formats.date_format(request.due_date, LONG_DATE),
            "received_date": formats.date_format(request.received_date, LONG_DATE),
            "status_url": request_status_url(request),
            # Callables are called by the template only if the text uses them.
            "rights": lambda: ", ".join(
                str(r.get_right_display()) for r in request.requested_rights.all()
            ),
            **_authority_context(request.controller, language),
            **context,
        }
        subject = render_text_string(template.subject, values)
        body = render_text_string(template.body, values)
    return one_line(subject), body


def request_send_message(
    request: DataSubjectRequest, key: str, *, author=None, appendix: str = "", **context
) -> None:
    """Queue one message to the requester, in their language, from the staff-edited template,
    with `appendix` (a receipt) after the text, and keep it in the request's thread (a request
    with no email gets it as a letter). Written in the caller's transaction: it goes out only
    if the change commits."""
    subject, body = message_text(request, key, **context)
    if appendix:
        body = f"{body.rstrip()}\n\n{appendix}"
    if request.requester_email:
        requester_mail(request, subject, body)
    _thread_record(request, key=key, subject=subject, body=body, author=author)


def requester_mail(request: DataSubjectRequest, subject: str, body: str) -> None:
    """The one place a mail to the requester is built: a move's message and what staff write
    (requests_app.conversation) both go out through it, from the controller's sender with its
    reply-to."""
    _requester_mail_message(request, subject, body).send()


def _requester_mail_message(request: DataSubjectRequest, subject: str, body: str):
    sender, reply_to = request.controller.mail_sender(request.language)
    return EmailMessage(
        subject, body, from_email=sender, to=[request.requester_email], reply_to=reply_to
    )


def _thread_record(request: DataSubjectRequest, *, key, subject, body, author) -> None:
    # The confirmation link checks an address; it says nothing about the request.
    if key != MessageTemplate.Key.CONFIRMATION:
        Message.objects.create(
            request=request,
            direction=Message.Direction.TO_REQUESTER,
            key=key,
            language=request.language,
            subject=subject,
            body=body,
            author=author,
            emailed=bool(request.requester_email),
            created_at=clock.now(),
        )


def _rights_text(rights) -> str:
    """The rights asked for, named in the active language, as the mails and receipt list them."""
    return ", ".join(str(Right(right).label) for right in rights)


def request_receipt_text(
    request: DataSubjectRequest, *, rights: list[str], file_names: list[str]
) -> str:
    """What was submitted, as the requester's receipt says it in their language: the rights,
    the text, the names of the files, when it was received and the answer's deadline."""
    with translation.override(request.language):
        return render_text(
            "requests_app/email/receipt.txt",
            {
                "reference": request.reference,
                "controller": request.controller.legal_name,
                "received_at": request.received_at,
                "due_date": request.due_date,
                "rights": _rights_text(rights),
                "details": request.details,
                "file_names": file_names,
            },
        )


def _event(request, kind, *, actor=None, public=False, note="", changes=None):
    return RequestEvent.objects.create(
        request=request, kind=kind, actor=actor, public=public, note=note, changes=changes or {}
    )


def _confirmation_link(request: DataSubjectRequest) -> str:
    signed = signing.dumps(
        {"r": request.status_token, "n": request.confirmation_nonce}, salt=CONFIRMATION_SALT
    )
    with translation.override(request.language):
        return absolute_url(reverse("requests_app:confirm", args=[request.status_token, signed]))


def _send_confirmation_link(request: DataSubjectRequest, **context) -> None:
    request_send_message(
        request,
        MessageTemplate.Key.CONFIRMATION,
        confirm_url=_confirmation_link(request),
        **context,
    )


@transaction.atomic
def request_send_confirmation(*, request: DataSubjectRequest) -> None:
    """A new single-use link; any earlier link stops working."""
    request.confirmation_nonce = secrets.token_hex(16)
    request.save(update_fields=["confirmation_nonce", "updated_at"])
    _event(request, RequestEvent.Kind.CONFIRMATION_SENT)
    _send_confirmation_link(request)


# What the requester tells about themselves and their request, as both the public form and the
# staff's entry form name it: the fields `request_submit` takes from either.
REQUESTER_FIELDS = (
    "rights",
    "requester_name",
    "requester_email",
    "requester_phone",
    "requester_address",
    "national_id",
    "on_behalf_of",
    "details",
    "reply_channel",
)


def requester_data(cleaned_data: dict) -> dict:
    return {name: cleaned_data[name] for name in REQUESTER_FIELDS}


def request_submit(
    *,
    controller: Controller,
    language: str,
    rights: list[str],
    requester_name: str,
    requester_email: str = "",
    requester_phone: str = "",
    requester_address: str = "",
    national_id: str = "",
    on_behalf_of: str = "",
    details: str = "",
    reply_channel: str = "email",
    power_of_attorney: CheckedUpload | None = None,
    attachments: list[CheckedUpload] = (),
    channel: str = Channel.WEB,
    received_at: datetime.datetime | None = None,
    entered_by=None,
    reference: str | None = None,
    status_token: str | None = None,
) -> DataSubjectRequest:
    """Record a request at once: the statutory clock starts on receipt, confirmed or not
    (deadlines.md point 1). All rows, files and mail, or nothing. (Storage has no rollback: a
    caller that wraps this in a transaction of its own and rolls it back afterwards must delete
    the attachments' files itself. The public form and the admin's entry do not.)"""
    request = DataSubjectRequest(
        controller=controller,
        language=language,
        requester_name=requester_name.strip(),
        requester_email=requester_email.strip(),
        requester_phone=requester_phone.strip(),
        requester_address=requester_address.strip(),
        national_id=national_id,
        on_behalf_of=on_behalf_of.strip(),
        details=details.strip(),
        reply_channel=reply_channel,
        channel=channel,
        received_at=received_at or clock.now(),
        entered_by=entered_by,
    )
    # A request received earlier and filed now (requests_app.intake) keeps what its receipt
    # showed.
    if reference is not None:
        request.reference = reference
    if status_token is not None:
        request.status_token = status_token
    if channel == Channel.WEB:
        request.confirmation_nonce = secrets.token_hex(16)
    elif request.requester_email:
        # Staff entered it from a letter, an email or a visit: no link to confirm. Without an
        # address nothing is confirmed, and nothing says so.
        request.email_confirmed_at = request.received_at
    rights = list(dict.fromkeys(rights))
    uploads = [(Attachment.Kind.POWER_OF_ATTORNEY, power_of_attorney)] if power_of_attorney else []
    uploads += [(Attachment.Kind.SUPPORTING, upload) for upload in attachments]
    # The controller and the staff member are objects the caller holds, and the reference and
    # the status token are random: the database refuses a clash, and the reference is drawn
    # again below. Nothing else needs a query to validate.
    request.full_clean(
        exclude=["due_date", "controller", "entered_by", "reference", "status_token"],
        validate_unique=False,
    )
    for attempt in range(5):
        try:
            return _request_record(request, rights=rights, uploads=uploads)
        except IntegrityError:
            if (
                attempt < 4
                and DataSubjectRequest.objects.filter(reference=request.reference).exists()
            ):
                request.reference = new_reference()
                continue
            raise
    raise AssertionError("unreachable")


def _request_record(
    request: DataSubjectRequest, *, rights: list[str], uploads: list[tuple[str, CheckedUpload]]
) -> DataSubjectRequest:
    """One attempt at storing a new request: its rows, files and first message in one
    transaction. A failed attempt leaves no row and no file behind."""
    # Everything that needs no row is done before the transaction opens: the deadline (with
    # the non-working days read with the controller), and the first message with its receipt
    # (the reference and the links are made in Python). The request's INSERT locks the
    # dashboard's counter rows (requests_app.tallies) until COMMIT: the statements after it
    # are only the rows that need its id.
    request.due_date = request_compute_due(request)
    web = request.channel == Channel.WEB
    key = MessageTemplate.Key.CONFIRMATION if web else MessageTemplate.Key.ACKNOWLEDGEMENT

    # The receipt of what was submitted follows the first message's text.
    receipt = request_receipt_text(
        request, rights=rights, file_names=[upload.name for _kind, upload in uploads]
    )
    context = {"confirm_url": _confirmation_link(request)} if web else {}
    # Called while the message renders, in the requester's language, and only if its text
    # names the rights: the rights just written need no query to be read back.
    subject, body = message_text(request, key, rights=lambda: _rights_text(rights), **context)
    body = f"{body.rstrip()}\n\n{receipt}"
    mail = _requester_mail_message(request, subject, body) if request.requester_email else None
    events = [
        RequestEvent(
            request=request,
            kind=RequestEvent.Kind.RECEIVED,
            actor=request.entered_by,
            public=True,
            changes={"channel": {"before": None, "after": request.channel}},
            # A request sent on the web form was received when it was sent, also when the
            # worker files it later (requests_app.intake); staff's entry is recorded when made.
            **({"at": request.received_at} if web else {}),
        )
    ]
    if web:
        events.append(RequestEvent(request=request, kind=RequestEvent.Kind.CONFIRMATION_SENT))
    rows = [RequestedRight(request=request, right=right) for right in rights] + events
    saved_files = []
    try:
        if _in_one_statement(web=web, uploads=uploads):
            filing_sql.insert_filing(request=request, children=rows, mail=mail)
            return request
        with transaction.atomic():
            if mail is not None:
                mail.send()  # queued (django-mailer): a row, sent after the commit
            request.save(force_insert=True)
            RequestedRight.objects.bulk_create(rows[: len(rights)])
            RequestEvent.objects.bulk_create(events)
            for kind, upload in uploads:
                saved_files.append(attachment_store(request=request, kind=kind, upload=upload))
            _thread_record(request, key=key, subject=subject, body=body, author=None)
    except Exception:
        request.pk = None
        request._state.adding = True
        for attachment in saved_files:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return request


def _in_one_statement(*, web: bool, uploads: list) -> bool:
    """A web filing without files (no file to store, no thread message) on PostgreSQL, its mail
    queued by django-mailer: one statement (requests_app.filing_sql)."""
    return (
        web
        and not uploads
        and connection.vendor == "postgresql"
        and settings.EMAIL_BACKEND == "mailer.backend.DbBackend"
    )


def attachment_store(
    *, request: DataSubjectRequest, kind: str, upload: CheckedUpload
) -> Attachment:
    attachment = Attachment(
        request=request,
        kind=kind,
        original_name=upload.name,
        content_type=upload.content_type,
        size=upload.size,
        sha256=upload.sha256,
    )
    attachment.file.save("upload", ContentFile(upload.data), save=False)
    attachment.save()
    return attachment


class ConfirmationInvalid(Exception):
    pass


def attachment_record_view(*, attachment: Attachment, actor) -> RequestEvent:
    """Staff opened an upload or a released document: who, which file, when, on the trail."""
    return _event(
        attachment.request,
        RequestEvent.Kind.DOCUMENT_VIEWED,
        actor=actor,
        note=f"{attachment.original_name} ({attachment.public_id})",
    )


def request_confirmation_link_works(*, request: DataSubjectRequest | None, signed: str) -> bool:
    """Whether a confirmation link is the request's latest, unused and unexpired one."""
    try:
        payload = signing.loads(
            signed, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE.total_seconds()
        )
    except signing.BadSignature:
        return False
    return (
        request is not None
        and payload.get("r") == request.status_token
        and bool(request.confirmation_nonce)
        and payload.get("n") == request.confirmation_nonce
    )


@transaction.atomic
def request_confirm_email(*, status_token: str, signed: str) -> DataSubjectRequest:
    request = (
        DataSubjectRequest.objects.select_for_update().filter(status_token=status_token).first()
    )
    if not request_confirmation_link_works(request=request, signed=signed):
        raise ConfirmationInvalid
    request.email_confirmed_at = clock.now()
    request.confirmation_nonce = ""  # single use
    request.save(update_fields=["email_confirmed_at", "confirmation_nonce", "updated_at"])
    _event(request, RequestEvent.Kind.EMAIL_CONFIRMED, public=True)
    request_send_message(request, MessageTemplate.Key.ACKNOWLEDGEMENT)
    return request


@transaction.atomic
def requests_recompute_due_dates() -> int:
    """After the list of extra non-working days changes, every open request's due date is
    counted again; returns how many moved."""
    from .models import OPEN_STATUSES

    extra = staff_settings.non_working_days()
    moved = []
    for request in DataSubjectRequest.objects.select_for_update().filter(status__in=OPEN_STATUSES):
        due = deadlines.response_due(
            request.received_at,
            extended=request.extended,
            paused_days=request.paused_days,
            extra_non_working_days=extra,
        )
        if due != request.due_date:
            request.due_date = due
            moved.append(request)
    DataSubjectRequest.objects.bulk_update(moved, ["due_date"], batch_size=500)
    return len(moved)


def requests_send_links(*, email: str, language: str) -> None:
    """Mail `email` the status links of its requests whose links still work, or a line saying
    there are none: a mail is queued either way, so that neither the page nor the time it
    takes tells whether the address filed anything. Sent from the portal (the requests may be
    to several controllers), in the language of the page it was asked on."""
    email = email.strip()
    if not email:
        return
    found = (
        DataSubjectRequest.objects.filter(requester_email__iexact=email)
        .status_link_working()
        .select_related("controller")
        .order_by("-received_at")
    )
    with translation.override(language):
        rows = [
            {
                "reference": request.reference,
                "controller": request.controller.name_in(language),
                "received_at": request.received_at,
                "url": absolute_url(reverse("requests_app:status", args=[request.status_token])),
            }
            for request in found
        ]
        context = {"rows": rows, "find_url": absolute_url(reverse("requests_app:find"))}
        subject = one_line(render_text("requests_app/email/find_requests_subject.txt", context))
        body = render_text("requests_app/email/find_requests.txt", context)
    EmailMessage(subject, body, to=[email]).send()
