"""The request's page in the admin as the DPO's desk: the record read-only, the moves the
registry offers each on its own page (never a form inside the change form), the evidence
opened privately and on the record, and the readable audit trail in place of Django's history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from gdpr_portal import permissions
from gdpr_portal.permissions import Action

from .. import moves, selectors, services
from ..models import AccessPack
from ..move_forms import confirmed_form
from ..readable import trail
from ..selectors import request_mail_failures


class RequestDeskMixin:
    """Views of one request for `DataSubjectRequestAdmin` (which supplies `_request_or_404`)."""

    def _change_url(self, dsr) -> str:
        return reverse("admin:requests_app_datasubjectrequest_change", args=[dsr.pk])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        dsr = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if dsr is not None:
            extra_context.update(
                trail=trail(dsr),
                notifications=dsr.recipient_notifications.select_related("recipient", "actor"),
                available_moves=moves.available_moves(dsr, request.user),
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
