"""The citizen's side: file a request, confirm the email, follow it on a private page."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from controllers.selectors import controller_get_public
from gdpr_portal import clock, outbox, ratelimit

from . import (
    conversation,
    holding,
    intake,
    releases,
    selectors,
    services,
    staff_settings,
    status_pages,
)
from .forms import FindRequestsForm, RequestForm
from .models import Attachment, ReplyChannel, Status
from .thread_forms import ReplyForm

REPLIES_PER_TOKEN_PER_HOUR = 10


def _private(response: HttpResponse) -> HttpResponse:
    # The URL carries the status token: never cached, never sent as a referrer to another site.
    # ("no-referrer" would also make browsers send `Origin: null` with the page's own forms,
    # which CSRF protection rightly refuses.)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method != "POST":
        controller = controller_get_public(slug=slug)
        return render(
            request,
            "requests_app/request_form.html",
            {"controller": controller, "form": RequestForm()},
        )
    # A request without files is stored as sent and filed by the worker (requests_app.intake):
    # it reads the controller only in its statement. Otherwise the controller is read with the
    # non-working days and the message templates' version, in the same query
    # (requests_app.staff_settings).
    controller = None

    def the_controller():
        nonlocal controller
        if controller is None:
            controller = controller_get_public(
                slug=slug, annotations=staff_settings.filing_annotations()
            )
        return controller

    address, hour = ratelimit.client_ip(request), datetime.timedelta(hours=1)
    attempt = [("request-attempt", address, settings.REQUEST_ATTEMPTS_PER_IP_PER_HOUR, hour)]
    # Every attempt counts against a looser limit, before the uploads are checked when there
    # are any (that costs time and memory); the stricter limits count only what would be
    # stored, so a form sent back for a mistake is not held against the citizen. Without
    # uploads the attempt is counted after the (cheap) check, with the stricter limits in the
    # same statement when the form is valid: those count only if the attempt is within its
    # limit, as when they were counted after it.
    uploads = bool(request.FILES)
    if uploads:
        the_controller()  # an unknown controller is a 404 before any file is checked or held
    if uploads and (retry_at := ratelimit.refused_until(attempt)):
        return ratelimit.too_many(request, retry_at, controller=the_controller())
    form_key = request.POST.get("held_key", "")
    form = RequestForm(request.POST, request.FILES, held=holding.held_get(form_key=form_key))
    if form.is_valid():
        data = form.cleaned_data
        # The confirmation mail counts against the limits of every mail the public can
        # trigger (per recipient and per client address per day), in the same statement.
        limits = [
            ("request-ip", address, settings.REQUESTS_PER_IP_PER_HOUR, hour),
            (
                "request-email",
                data["requester_email"],
                settings.REQUESTS_PER_EMAIL_PER_DAY,
                datetime.timedelta(days=1),
            ),
            *ratelimit.mail_limits(request, data["requester_email"]),
        ]
        representative = data["acting_as"] == "representative"
        requester = {
            **services.requester_data(data),
            # Only a representative names the person they act for.
            "on_behalf_of": data["on_behalf_of"] if representative else "",
        }
        if not uploads and not form.kept_held and intake.receivable():
            pending, retry_at = intake.receive(
                slug=slug,
                language=get_language(),
                requester=requester,
                attempt=attempt,
                limits=limits,
            )
            if retry_at:
                return ratelimit.too_many(request, retry_at, controller=the_controller())
            filed = pending if intake.deferred() else intake.file_now(pending)
            if form.removed_held:
                holding.held_discard(form_key=form_key)
            return _received(request, filed)
        if retry_at := (
            ratelimit.refused_until(limits)
            if uploads
            else ratelimit.refused_until(attempt, then=limits)
        ):
            return ratelimit.too_many(request, retry_at, controller=the_controller())
        power_of_attorney = data["power_of_attorney"]
        if power_of_attorney is None and form.kept_power_of_attorney is not None:
            power_of_attorney = holding.held_read(form.kept_power_of_attorney)
        dsr = services.request_submit(
            controller=the_controller(),
            language=get_language(),
            **requester,
            power_of_attorney=power_of_attorney if representative else None,
            attachments=[holding.held_read(h) for h in form.kept_attachments] + data["attachments"],
        )
        if form.kept_held or form.removed_held:
            holding.held_discard(form_key=form_key)
        return _received(request, dsr)
    if not uploads and (retry_at := ratelimit.refused_until(attempt)):
        return ratelimit.too_many(request, retry_at, controller=the_controller())
    # Files that passed their checks are held for the corrected form, never dropped.
    # (Not for a bot's post: the hidden field was filled in.)
    holding.held_purge_expired()
    form_key = holding.form_key_or_new(form_key)
    checked = {} if form.has_error("__all__", "bot") else form.cleaned_data
    held = holding.held_update(
        form_key=form_key,
        remove=form.removed_held,
        power_of_attorney=checked.get("power_of_attorney"),
        attachments=checked.get("attachments") or form.passed_attachments,
    )
    form.hold(form_key)
    if form.has_error("__all__", "expired"):
        form.refresh_started()
    return render(
        request,
        "requests_app/request_form.html",
        {
            "controller": the_controller(),
            "form": form,
            "held_power_of_attorney": [h for h in held if h.kind == "power_of_attorney"],
            "held_attachments": [h for h in held if h.kind == "supporting"],
        },
        status=400,
    )


def _received(request: HttpRequest, filed) -> HttpResponse:
    """The answer to a request received (filed, or waiting to be filed): its receipt, which
    says that it is recorded and asks to confirm the address while that is awaited (no
    one-time message: no cookie to sign and set, and the receipt says it at every visit)."""
    return redirect("requests_app:receipt", token=filed.status_token)


def _status_page(
    request: HttpRequest,
    dsr,
    *,
    reply_form=None,
    held_files=(),
    status=200,
    mail_failed: bool | None = None,
    csrf_token: str | None = None,
) -> HttpResponse:
    thread = list(selectors.request_thread(dsr))
    # Information was asked for and the requester has written since: the banner thanks them
    # instead of asking again.
    answered = dsr.status == Status.INFO_REQUESTED and bool(thread) and not thread[-1].outgoing
    if mail_failed is None:
        mail_failed = selectors.request_mail_failures(dsr).exists()
    context = {
        "dsr": dsr,
        "controller": dsr.controller,
        "history": selectors.request_public_history(dsr),
        "mail_failed": mail_failed,
        "thread": thread,
        "info_answered": answered,
        "has_dpo": answered and getattr(dsr.controller, "dpo", None) is not None,
        "reply_form": reply_form or ReplyForm(),
        "held_files": held_files,
    }
    if csrf_token is not None:
        # In place of the visitor's own (status_pages.CSRF_MARKER).
        context["csrf_token"] = csrf_token
    return _private(render(request, "requests_app/request_status.html", context, status=status))


def _link_expired(request: HttpRequest) -> HttpResponse:
    """What a status link answers once it has stopped working."""
    return _private(render(request, "requests_app/request_expired.html", status=410))


def _too_many(request: HttpRequest, dsr, retry_at) -> HttpResponse:
    """A limit's page on the way from a request's status page: the way back to it, and the
    controller's contacts."""
    back = reverse("requests_app:status", args=[dsr.status_token])
    return _private(ratelimit.too_many(request, retry_at, controller=dsr.controller, back_url=back))


@never_cache
@require_safe
def request_status(request: HttpRequest, token: str) -> HttpResponse:
    """The citizen's status page, served from status_pages while what it shows is unchanged."""
    try:
        return _request_status(request, token)
    except Http404:
        return _pending_status(request, token)


def _request_status(request: HttpRequest, token: str) -> HttpResponse:
    page_key = status_pages.key(request, token)
    if page_key is None:
        dsr = selectors.request_get_by_token(token=token)
        if dsr.status_link_expired:
            return _link_expired(request)
        return _status_page(request, dsr)
    kept = status_pages.get(page_key)
    state = selectors.request_page_state(token=token, mail_key=kept.mail_key if kept else "")
    if state.link_expired:
        return _link_expired(request)
    version = status_pages.version(request, state.fingerprint, clock.today())
    # The same version holds the same address: the failures were asked under its key.
    if kept is not None and (kept.version, kept.mail_failed) == (version, state.mail_failed):
        return _private(status_pages.answer(request, kept))
    dsr = selectors.request_get_by_token(token=token)
    mail_key = outbox.recipient_key(dsr.requester_email) if dsr.requester_email else ""
    if kept is not None and kept.mail_key == mail_key:
        mail_failed = state.mail_failed
    else:
        mail_failed = bool(mail_key) and selectors.request_mail_failures(dsr).exists()
    response = _status_page(
        request, dsr, mail_failed=mail_failed, csrf_token=status_pages.CSRF_MARKER
    )
    # Kept under the version read before the page: a change made meanwhile changes the next
    # visit's version, so the page is made again then, never served stale.
    status_pages.keep(
        page_key, status_pages.KeptPage(version, mail_key, mail_failed, response.content)
    )
    response.content = status_pages.with_csrf_token(request, response.content)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_reply(request: HttpRequest, token: str) -> HttpResponse:
    """The requester answers on the status page, with text and files."""
    dsr = selectors.request_get_by_token(token=token)
    if request.method != "POST":
        # The language switch of a page answered here (a reply sent back for a mistake, a
        # limit's page) links to this address in the other language: the status page, no 405.
        return redirect("requests_app:status", token=token)
    if dsr.status_link_expired:
        return _link_expired(request)
    address, hour = ratelimit.client_ip(request), datetime.timedelta(hours=1)
    # Like the request form: every attempt counts against the loose limit per client address;
    # only a reply that would be stored counts against the limit per request.
    attempts = settings.REQUEST_ATTEMPTS_PER_IP_PER_HOUR
    if retry_at := ratelimit.refused_until([("request-attempt", address, attempts, hour)]):
        return _too_many(request, dsr, retry_at)
    form_key = request.POST.get("held_key", "")
    held = holding.held_get(form_key=form_key, kind=Attachment.Kind.MESSAGE)
    form = ReplyForm(request.POST, request.FILES, held=held)
    if not form.is_valid():
        # Files that passed their checks are held for the corrected answer, never dropped.
        holding.held_purge_expired()
        form_key = holding.form_key_or_new(form_key)
        held = holding.held_update(
            form_key=form_key,
            remove=form.removed_held,
            power_of_attorney=None,
            attachments=form.cleaned_data.get("files") or form.passed_files,
            kind=Attachment.Kind.MESSAGE,
        )
        form.hold(form_key)
        held = [h for h in held if h.kind == Attachment.Kind.MESSAGE]
        return _status_page(request, dsr, reply_form=form, held_files=held, status=400)
    if retry_at := ratelimit.refused_until([("reply", token, REPLIES_PER_TOKEN_PER_HOUR, hour)]):
        return _too_many(request, dsr, retry_at)
    files = [holding.held_read(h) for h in form.kept_held] + form.cleaned_data["files"]
    conversation.message_reply(request=dsr, body=form.cleaned_data["body"], files=files)
    if form.kept_held or form.removed_held:
        holding.held_discard(form_key=form_key)
    if dsr.requester_email:
        sent = _("Thank you: your answer is sent. We will reply here and by email.")
    elif dsr.reply_channel == ReplyChannel.POST:
        sent = _("Thank you: your answer is sent. We will reply here and by letter.")
    else:
        sent = _("Thank you: your answer is sent. We will reply here.")
    messages.success(request, sent)
    return redirect("requests_app:status", token=token)


@never_cache
@require_safe
def message_file(request: HttpRequest, token: str, document: str) -> FileResponse:
    """A file of the thread, to the holder of the status link only."""
    dsr = selectors.request_get_by_token(token=token)
    if dsr.status_link_expired:
        raise Http404
    attachment = Attachment.objects.filter(
        request=dsr, kind=Attachment.Kind.MESSAGE, public_id=document
    ).first()
    if attachment is None:
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)


@never_cache
@require_safe
def request_receipt(request: HttpRequest, token: str) -> HttpResponse:
    """What was submitted, as the receipt mail says it: kept at its own address to print. A
    request still waiting to be filed shows what its filing will record (requests_app.intake)."""
    try:
        dsr = selectors.request_get_by_token(token=token)
    except Http404:
        if (pending := intake.pending_by_token(token)) is None:
            # Filed by the worker between the two reads, or no such request.
            dsr = selectors.request_get_by_token(token=token)
        else:
            dsr, rights = intake.as_request(pending)
            return _receipt(request, dsr, rights=rights, files=[], waiting=True)
    if dsr.status_link_expired:
        return _link_expired(request)
    rights = [r.get_right_display() for r in dsr.requested_rights.all()]
    return _receipt(request, dsr, rights=rights, files=selectors.request_submitted_files(dsr))


def _receipt(request: HttpRequest, dsr, *, rights, files, waiting=False) -> HttpResponse:
    context = {
        "dsr": dsr,
        "controller": dsr.controller,
        "rights": rights,
        "files": files,
        "waiting": waiting,
    }
    return _private(render(request, "requests_app/request_receipt.html", context))


def _pending_status(request: HttpRequest, token: str) -> HttpResponse:
    """The status page of a request received a moment ago and not yet filed: what it is, and
    that its page follows in a moment; else the 404 it would have been."""
    if (pending := intake.pending_by_token(token)) is None:
        # Filed by the worker between the two reads (or no such request: 404).
        return _request_status(request, token)
    dsr, _rights = intake.as_request(pending)
    context = {"dsr": dsr, "controller": dsr.controller}
    return _private(render(request, "requests_app/request_pending.html", context))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def requests_find(request: HttpRequest) -> HttpResponse:
    """ "Find my requests": the links are mailed to the address, never shown. The page says the
    same whether or not the address filed anything, and the limits count either way."""
    if request.method != "POST":
        return render(request, "requests_app/requests_find.html", {"form": FindRequestsForm()})
    form = FindRequestsForm(request.POST)
    if not form.is_valid():
        return render(request, "requests_app/requests_find.html", {"form": form}, status=400)
    email = form.cleaned_data["email"]
    if retry_at := ratelimit.refused_until(ratelimit.mail_limits(request, email)):
        return ratelimit.too_many(request, retry_at)
    services.requests_send_links(email=email, language=get_language())
    return render(request, "requests_app/requests_find_sent.html", {"email": email})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_confirm(request: HttpRequest, token: str, signed: str) -> HttpResponse:
    # GET shows a button: link scanners in mail systems must not confirm on the user's behalf.
    dsr = selectors.request_get_by_token(token=token)

    def link_no_longer_works():
        return _private(
            render(request, "requests_app/request_confirm_invalid.html", {"dsr": dsr}, status=400)
        )

    if dsr.email_confirmed_at is not None:
        # A used link opened again: the holder of the status token learns nothing new, and is
        # told what they want to know rather than that the link failed.
        messages.info(request, _("Your email address is already confirmed."))
        return _private(redirect("requests_app:status", token=token))
    if request.method == "POST":
        try:
            services.request_confirm_email(status_token=token, signed=signed)
        except services.ConfirmationInvalid:
            return link_no_longer_works()
        messages.success(request, _("Thank you: your email address is confirmed."))
        return redirect("requests_app:status", token=token)
    # Opened again after use, or after a newer link was sent: said at once, not after the click.
    if not services.request_confirmation_link_works(request=dsr, signed=signed):
        return link_no_longer_works()
    return _private(render(request, "requests_app/request_confirm.html", {"dsr": dsr}))


@require_http_methods(["GET", "HEAD", "POST"])
def request_resend(request: HttpRequest, token: str) -> HttpResponse:
    dsr = selectors.request_get_by_token(token=token)
    if request.method != "POST":
        # The language switch of a page answered here (the limit's page) links to this
        # address in the other language: it leads to the status page, not to a 405.
        return redirect("requests_app:status", token=token)
    if dsr.awaits_email_confirmation:
        # Per token, and with every other mail to the same address or from the same client
        # address: a new request is a new token, so the token alone limits nothing.
        if retry_at := ratelimit.refused_until(
            [
                ("resend", token, settings.RESENDS_PER_TOKEN_PER_HOUR, datetime.timedelta(hours=1)),
                *ratelimit.mail_limits(request, dsr.requester_email),
            ]
        ):
            return _too_many(request, dsr, retry_at)
        services.request_send_confirmation(request=dsr)
        messages.success(request, _("A new confirmation link is on its way."))
    return redirect("requests_app:status", token=token)


@never_cache
@require_safe
def document_download(request: HttpRequest, token: str, document: str) -> HttpResponse:
    """A released document, to whoever holds the status link: from private storage, as an
    attachment, never cached, each download on the request's trail. After its release ends,
    a page in the requester's language says so (410), with the way to ask for it again."""
    dsr = selectors.request_get_by_token(token=token)
    if dsr.status_link_expired:
        raise Http404
    attachment = next((a for a in dsr.released_documents if a.public_id == document), None)
    if attachment is None or attachment.released_at > clock.now():
        raise Http404
    if not attachment.downloadable or not attachment.file:
        context = {"dsr": dsr, "controller": dsr.controller, "document": attachment}
        return _private(render(request, "requests_app/document_expired.html", context, status=410))
    if request.method == "GET":
        releases.document_record_download(attachment=attachment)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    # never_cache marks it private, no-cache, no-store, must-revalidate, max-age=0.
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)
