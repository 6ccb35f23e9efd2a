"""Writes of the thread: staff write to the requester, the requester replies on the status
page, staff read the replies. Every message is kept as a `Message` of the request (what a
move sends is kept by `services.request_send_message`)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from gdpr_portal import clock, permissions
from gdpr_portal.links import absolute_url
from gdpr_portal.permissions import Action

from .models import Attachment, DataSubjectRequest, Message, RequestEvent
from .services import attachment_store, request_status_url, requester_mail
from .uploads import CheckedUpload


def _store_files(request, message, files: list[CheckedUpload]) -> None:
    for upload in files:
        attachment = attachment_store(request=request, kind=Attachment.Kind.MESSAGE, upload=upload)
        attachment.message = message
        attachment.save(update_fields=["message"])


def _with_status_link(request: DataSubjectRequest, body: str, language: str) -> str:
    """The message always leads to the status page, where its files and the reply box are."""
    url = request_status_url(request)
    if url in body:
        return body
    with translation.override(language):
        line = _("Read this message, its files and answer it on your private page:")
    return f"{body.rstrip()}\n\n{line}\n{url}\n"


@transaction.atomic
def message_write(
    *,
    request: DataSubjectRequest,
    actor,
    language: str,
    subject: str,
    body: str,
    files: list[CheckedUpload] = (),
) -> Message:
    """Staff write to the requester: mailed (when there is an address) with a link to the
    status page, kept in the thread, on the audit trail; printable as a letter."""
    locked = DataSubjectRequest.objects.select_for_update().select_related("controller")
    request = locked.get(pk=request.pk)
    if not permissions.can(actor, Action.HANDLE_REQUESTS, request.controller):
        raise PermissionDenied
    if request.anonymised_at is not None:
        raise ValidationError(_("The request is anonymised: nobody can be written to."))
    subject, body = " ".join(subject.split()), body.strip()
    if not subject or not body:
        raise ValidationError(_("Write a subject and a text."))
    body = _with_status_link(request, body, language)
    message = Message.objects.create(
        request=request,
        direction=Message.Direction.TO_REQUESTER,
        language=language,
        subject=subject,
        body=body,
        author=actor,
        emailed=bool(request.requester_email),
        created_at=clock.now(),
    )
    _store_files(request, message, files)
    RequestEvent.objects.create(
        request=request, actor=actor, kind=RequestEvent.Kind.MESSAGE_SENT, note=subject
    )
    if request.requester_email:
        requester_mail(request, subject, body)
    return message


def _staff_to_tell(request: DataSubjectRequest) -> list:
    """The assignee, when they may still handle the request; otherwise everyone who may."""
    staff = list(permissions.users_who_can(Action.HANDLE_REQUESTS, request.controller))
    if request.assignee is not None and (
        request.assignee in staff or permissions.is_operator(request.assignee)
    ):
        staff = [request.assignee]
    return [user for user in staff if user.email]


@transaction.atomic
def message_reply(
    *, request: DataSubjectRequest, body: str, files: list[CheckedUpload] = ()
) -> Message:
    """The requester answers on the status page: kept unread until staff open the request;
    the assignee (or the controller's handlers) are told by mail, without the text."""
    request = (
        DataSubjectRequest.objects.select_for_update(of=("self",))
        .select_related("controller", "assignee")
        .get(pk=request.pk)
    )
    message = Message.objects.create(
        request=request,
        direction=Message.Direction.FROM_REQUESTER,
        language=request.language,
        body=body.strip(),
        created_at=clock.now(),
    )
    _store_files(request, message, files)
    RequestEvent.objects.create(
        request=request,
        kind=RequestEvent.Kind.REPLY_RECEIVED,
        note=", ".join(f.name for f in files),
    )
    # In the staff's language, its link too (the reply may come from the English page).
    with translation.override(settings.LANGUAGE_CODE):
        url = absolute_url(
            reverse("admin:requests_app_datasubjectrequest_change", args=[request.pk])
        )
        context = {"dsr": request, "url": url, "files": len(files)}
        subject = render_to_string("requests_app/email/reply_notice_subject.txt", context)
        text = render_to_string("requests_app/email/reply_notice.txt", context)
    for user in _staff_to_tell(request):
        EmailMessage(" ".join(subject.split()), text, to=[user.email]).send()
    return message


def messages_mark_read(*, request: DataSubjectRequest, actor) -> int:
    """Staff who handle the request opened it: its replies are read (by whom, when)."""
    if not permissions.can(actor, Action.HANDLE_REQUESTS, request.controller):
        return 0
    return request.messages.unread_replies().update(read_at=clock.now(), read_by=actor)
