"""The breach's own pages beside its change form (never a form inside it): each move, and the
documents — the notification PDF, the letter PDF and the mail to the data subjects."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gdpr_portal import permissions
from gdpr_portal.permissions import Action

from .. import documents, services
from ..forms import CommunicateForm, ExceptionForm, NotifyForm
from ..selectors import local_text

MOVES = {
    "notify": (NotifyForm, services.breach_notify, gettext_lazy("Record a notification")),
    "communicate": (
        CommunicateForm,
        services.breach_communicate,
        gettext_lazy("Record the communication to the data subjects"),
    ),
    "exception": (
        ExceptionForm,
        services.breach_record_exception,
        gettext_lazy("Record an Art. 34(3) exception"),
    ),
}


class BreachPagesMixin:
    def _breach_or_404(self, request, object_id, action=Action.VIEW):
        breach = self.get_queryset(request).filter(pk=object_id).first()
        if breach is None:
            raise Http404
        if not permissions.can(request.user, action, breach.controller):
            raise PermissionDenied
        return breach

    def _change_url(self, breach) -> str:
        return reverse("admin:breaches_breach_change", args=[breach.pk])

    def page_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/act/<str:move>/", view(self.move_view), name="breaches_act"),
            path(
                "<int:object_id>/notification.pdf",
                view(self.notification_pdf_view),
                name="breaches_notification_pdf",
            ),
            path("<int:object_id>/letter.pdf", view(self.letter_pdf_view), name="breaches_letter"),
            path("<int:object_id>/mail/", view(self.mail_view), name="breaches_mail"),
        ]

    def move_view(self, request, object_id, move):
        if move not in MOVES:
            raise Http404
        form_class, service, label = MOVES[move]
        breach = self._breach_or_404(request, object_id, Action.HANDLE_BREACHES)
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                service(breach=breach, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                self.message_user(request, _("Recorded."), messages.SUCCESS)
                return redirect(self._change_url(breach))
        context = {
            **self.admin_site.each_context(request),
            "breach": breach,
            "form": form,
            "label": label,
            "aware": local_text(breach.aware_at),
            "deadline": local_text(breach.deadline),
            "title": f"{label} – {breach.reference}",
            "opts": self.model._meta,
            "change_url": self._change_url(breach),
        }
        return TemplateResponse(request, "admin/breaches/breach/move.html", context)

    def _pdf(self, content: bytes, filename: str) -> HttpResponse:
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def notification_pdf_view(self, request, object_id):
        breach = self._breach_or_404(request, object_id)
        return self._pdf(documents.notification_pdf(breach), f"{breach.reference}-cpdp.pdf")

    def letter_pdf_view(self, request, object_id):
        breach = self._breach_or_404(request, object_id)
        return self._pdf(documents.letter_pdf(breach), f"{breach.reference}-letter.pdf")

    def mail_view(self, request, object_id):
        """The mail to the data subjects, to copy into the controller's own mail system: the
        portal never mails the people affected (it does not hold their addresses)."""
        breach = self._breach_or_404(request, object_id)
        subject, body = documents.letter_mail(breach)
        context = {
            **self.admin_site.each_context(request),
            "breach": breach,
            "subject": subject,
            "body": body,
            "title": _("Mail to the data subjects: %(reference)s")
            % {"reference": breach.reference},
            "opts": self.model._meta,
            "change_url": self._change_url(breach),
        }
        return TemplateResponse(request, "admin/breaches/breach/mail.html", context)
