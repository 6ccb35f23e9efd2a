"""The request's page in the admin as the DPO's desk: the record read-only, the moves the
registry offers each on its own page (never a form inside the change form), the evidence
opened privately and on the record, and the readable audit trail in place of Django's history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from gdpr_portal import permissions
from gdpr_portal.permissions import Action

from .. import conversation, letters, moves, selectors, services
from ..models import AccessPack, MessageTemplate, Status
from ..move_forms import confirmed_form
from ..readable import trail
from ..selectors import request_mail_failures
from ..thread_forms import DispatchForm, WriteForm


class RequestDeskMixin:
    """Views of one request for `DataSubjectRequestAdmin` (which supplies `_request_or_404`)."""

    def _change_url(self, dsr) -> str:
        return reverse("admin:requests_app_datasubjectrequest_change", args=[dsr.pk])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        dsr = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if dsr is not None:
            thread = list(selectors.request_thread(dsr))
            paused = dsr.status == Status.INFO_REQUESTED and dsr.paused_since is not None
            replies_since_pause = [
                m
                for m in thread
                if paused
                and not m.outgoing
                and timezone.localtime(m.created_at).date() >= dsr.paused_since
            ]
            available = moves.available_moves(dsr, request.user)
            may_handle = permissions.can(request.user, Action.HANDLE_REQUESTS, dsr.controller)
            # Shown as unread this once; opened by someone who handles the request, read.
            conversation.messages_mark_read(request=dsr, actor=request.user)
            extra_context.update(
                thread=thread,
                may_handle=may_handle,
                replies_since_pause=replies_since_pause,
                may_resume=any(m.name == "resume" for m in available),
                trail=trail(dsr),
                notifications=dsr.recipient_notifications.select_related("recipient", "actor"),
                available_moves=available,
                held_back=moves.held_back(dsr, request.user),
                files=dsr.attachments.order_by("created_at", "pk"),
                mail_failures=request_mail_failures(dsr),
                access_pack=AccessPack.objects.filter(request=dsr).first(),
                duplicates=selectors.request_possible_duplicates(dsr).select_related("controller"),
                duplicate_days=selectors.DUPLICATE_WINDOW_DAYS,
                decisions=[r for r in dsr.requested_rights.all() if r.outcome],
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        # Django's history knows nothing of the moves: the request's trail is on its page.
        dsr = self._request_or_404(request, object_id)
        return redirect(self._change_url(dsr) + "#trail")

    def act_view(self, request, object_id, move):
        """One move on its own page: its form, its errors by the field, what was typed kept,
        and for an irreversible move a box to tick."""
        move = moves.get(move)
        if move is None:
            raise Http404
        dsr = self._request_or_404(request, object_id, move.action)
        if not move.may(request.user, dsr):
            raise PermissionDenied
        refused = move.refusal_for(dsr)
        if refused is not None:
            for message in refused.messages:
                self.message_user(request, message, messages.ERROR)
            return redirect(self._change_url(dsr))
        form_class = confirmed_form(move.form, move.confirm) if move.confirm else move.form
        files_sent = set()
        if request.method == "POST":
            form = form_class(request.POST, request.FILES, prefix=move.name, dsr=dsr)
            if form.is_valid():
                data = {k: v for k, v in form.cleaned_data.items() if k != "confirm"}
                try:
                    move.run(dsr, request.user, data)
                except moves.TransitionNotAllowed as refused:
                    form.add_error(None, refused)
                else:
                    self.message_user(
                        request, _("Done: %(action)s.") % {"action": move.label}, messages.SUCCESS
                    )
                    return redirect(self._change_url(dsr))
            # A browser never keeps a chosen file when the page comes back: said beside the
            # field, so that the DPO chooses it again.
            files_sent = {
                name for name in form.fields if request.FILES.getlist(form.add_prefix(name))
            }
        else:
            form = form_class(prefix=move.name, dsr=dsr)
        context = {
            **self.admin_site.each_context(request),
            "dsr": dsr,
            "move": move,
            "form": form,
            "fieldsets": getattr(form, "fieldsets", None) or [(None, list(form))],
            "files_sent": files_sent,
            "title": f"{move.label} – {dsr.reference}",
            "opts": self.model._meta,
            "change_url": self._change_url(dsr),
        }
        return TemplateResponse(request, "admin/requests_app/datasubjectrequest/move.html", context)

    def document_view(self, request, object_id, public_id):
        """An upload or a released document, to staff who may see the request, on the record:
        served from private storage, never from a public URL."""
        dsr = self._request_or_404(request, object_id)
        attachment = dsr.attachments.filter(public_id=public_id).first()
        if attachment is None:
            raise Http404
        if not permissions.can(request.user, Action.VIEW, dsr.controller):
            raise PermissionDenied
        services.attachment_record_view(attachment=attachment, actor=request.user)
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        add_never_cache_headers(response)
        response["X-Content-Type-Options"] = "nosniff"
        response["Referrer-Policy"] = "same-origin"
        return response

    # The thread: writing to the requester, and letters.

    def _desk_page(self, request, dsr, template, title, **context):
        context = {
            **self.admin_site.each_context(request),
            "dsr": dsr,
            "title": f"{title} – {dsr.reference}",
            "heading": title,
            "opts": self.model._meta,
            "change_url": self._change_url(dsr),
            **context,
        }
        return TemplateResponse(request, template, context)

    def write_view(self, request, object_id):
        """Write to the requester, starting from a message template in either language."""
        dsr = self._request_or_404(request, object_id, Action.HANDLE_REQUESTS)
        if request.method == "POST":
            form = WriteForm(request.POST, request.FILES)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    message = conversation.message_write(
                        request=dsr,
                        actor=request.user,
                        language=data["language"],
                        subject=data["subject"],
                        body=data["body"],
                        files=data["files"],
                    )
                except ValidationError as refused:
                    form.add_error(None, refused)
                else:
                    done = (
                        _("The message is sent and kept in the thread.")
                        if message.emailed
                        else _(
                            "The message is kept in the thread; the requester has no email "
                            "address: print it as a letter."
                        )
                    )
                    self.message_user(request, done, messages.SUCCESS)
                    return redirect(self._change_url(dsr) + "#thread")
        else:
            key = request.GET.get("template", "")
            language = request.GET.get("language", dsr.language)
            if language not in dict(WriteForm.base_fields["language"].choices):
                language = dsr.language
            initial = {"language": language}
            if key in TEMPLATE_KEYS:
                initial["subject"], initial["body"] = services.message_text(
                    dsr, key, language=language, reasons=""
                )
            form = WriteForm(initial=initial)
        return self._desk_page(
            request,
            dsr,
            "admin/requests_app/datasubjectrequest/write.html",
            _("Write to the requester"),
            form=form,
            templates=[(key, MessageTemplate.Key(key).label) for key in TEMPLATE_KEYS],
            languages=WriteForm.base_fields["language"].choices,
        )

    def _message_or_404(self, request, object_id, public_id, action=Action.HANDLE_REQUESTS):
        dsr = self._request_or_404(request, object_id, action)
        message = dsr.messages.filter(public_id=public_id).select_related("request").first()
        if message is None:
            raise Http404
        return dsr, message

    def letter_make_view(self, request, object_id, public_id):
        """Print an outgoing message as a letter: a page of its own (no form sits inside the
        change form), then the number is taken once and the PDF downloaded."""
        dsr, message = self._message_or_404(request, object_id, public_id)
        if message.letter:
            return redirect("admin:requests_app_letter", object_id=dsr.pk, public_id=public_id)
        error = None
        if request.method == "POST":
            try:
                letters.letter_make(message=message, actor=request.user)
            except ValidationError as refused:
                error = " ".join(refused.messages)
            else:
                return redirect("admin:requests_app_letter", object_id=dsr.pk, public_id=public_id)
        return self._desk_page(
            request,
            dsr,
            "admin/requests_app/datasubjectrequest/letter_make.html",
            _("Print as a letter"),
            message=message,
            error=error,
        )

    def letter_view(self, request, object_id, public_id):
        """The letter as it was made: the stored PDF, never printed again."""
        _dsr, message = self._message_or_404(request, object_id, public_id, Action.VIEW)
        if not message.letter:
            raise Http404
        response = FileResponse(
            message.letter.open("rb"),
            as_attachment=True,
            filename=f"{message.registry_number}.pdf",
            content_type="application/pdf",
        )
        add_never_cache_headers(response)
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def dispatch_view(self, request, object_id, public_id):
        """Record that the letter went by post: the date, and a tracking number if any."""
        dsr, message = self._message_or_404(request, object_id, public_id)
        if not message.letter:
            self.message_user(request, _("Print the letter first."), messages.ERROR)
            return redirect(self._change_url(dsr) + "#thread")
        if request.method == "POST":
            form = DispatchForm(request.POST)
            if form.is_valid():
                try:
                    letters.letter_record_dispatch(
                        message=message, actor=request.user, **form.cleaned_data
                    )
                except ValidationError as refused:
                    # A refusal naming a field stands beside it (Form.add_error sorts them).
                    form.add_error(None, refused)
                else:
                    self.message_user(
                        request,
                        _("Dispatch of letter %(number)s recorded.")
                        % {"number": message.registry_number},
                        messages.SUCCESS,
                    )
                    return redirect(self._change_url(dsr) + "#thread")
        else:
            initial = {"tracking_number": message.tracking_number}
            if message.posted_on:
                initial["posted_on"] = message.posted_on
            form = DispatchForm(initial=initial)
        return self._desk_page(
            request,
            dsr,
            "admin/requests_app/datasubjectrequest/dispatch.html",
            _("Record the dispatch of letter %(number)s") % {"number": message.registry_number},
            form=form,
            message=message,
        )


# What staff may start a message from: every template but the confirmation link's.
TEMPLATE_KEYS = [
    key for key in MessageTemplate.Key.values if key != MessageTemplate.Key.CONFIRMATION
]
