"""The record of processing activities (Art. 30) in the admin: the processing a controller does
as a processor for others (Art. 30(2)), and each controller's whole record as PDF or CSV."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from controllers.admin_scoping import ControllerScopedAdmin, controller_or_404
from controllers.models import Controller
from controllers.selectors import controllers_for
from gdpr_portal import permissions
from gdpr_portal.permissions import Action
from gdpr_portal.spreadsheets import csv_response

from ..models import ProcessingForOthers
from ..record import record_pdf, record_rows


@admin.register(ProcessingForOthers)
class ProcessingForOthersAdmin(ControllerScopedAdmin):
    change_list_template = "admin/breaches/processingforothers/change_list.html"
    list_display = ["client_name", "controller"]
    list_filter = [("controller", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["client_name", "categories"]
    fields = [
        "controller",
        "client_name",
        "client_contact",
        "categories",
        "transfers",
        "security_measures",
    ]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("record/", view(self.record_list_view), name="breaches_record"),
            path(
                "record/<int:controller_id>.pdf",
                view(self.record_pdf_view),
                name="breaches_record_pdf",
            ),
            path(
                "record/<int:controller_id>.csv",
                view(self.record_csv_view),
                name="breaches_record_csv",
            ),
            *super().get_urls(),
        ]

    def _controller(self, request, controller_id) -> Controller:
        return controller_or_404(request, controller_id)

    def record_list_view(self, request):
        if not permissions.has_any_membership(request.user):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "controllers": controllers_for(request.user, Action.VIEW).order_by("legal_name"),
            "title": _("Record of processing activities (Art. 30 GDPR)"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/breaches/record.html", context)

    def record_pdf_view(self, request, controller_id):
        controller = self._controller(request, controller_id)
        response = HttpResponse(record_pdf(controller), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{controller.slug}-art30.pdf"'
        return response

    def record_csv_view(self, request, controller_id):
        controller = self._controller(request, controller_id)
        return csv_response(f"{controller.slug}-art30.csv", record_rows(controller))
