from django.contrib import admin
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from controllers.admin import register_controller_inline
from controllers.admin_scoping import ControllerScopedAdmin, ScopedTabularInline, controller_or_404
from controllers.models import Controller
from controllers.selectors import controllers_for
from gdpr_portal import clock

from .models import DisposalRecord, RetentionRule


def report_context(controller: Controller) -> dict:
    return {
        "controller": controller,
        "rules": controller.retention_rules.order_by("position", "pk"),
        "disposals": controller.disposals.order_by("-ran_at", "pk")[:500],
        "today": clock.today(),
    }


@register_controller_inline(order=10)
class RetentionRuleInline(ScopedTabularInline):
    model = RetentionRule
    extra = 0
    fields = [
        "position",
        "name",
        "period_years",
        "period_months",
        "period_days",
        "start_event",
        "counting",
        "legal_reference",
        "action",
    ]
    show_change_link = True


@admin.register(RetentionRule)
class RetentionRuleAdmin(ControllerScopedAdmin):
    change_list_template = "admin/retention/retentionrule/change_list.html"
    list_display = [
        "name",
        "controller",
        "period_years",
        "period_months",
        "period_days",
        "counting",
        "legal_reference",
        "action",
    ]
    list_filter = [
        ("controller", admin.RelatedOnlyFieldListFilter),
        "counting",
        "start_event",
        "action",
    ]
    search_fields = ["name", "legal_reference", "criterion"]
    list_select_related = ["controller"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("reports/", view(self.reports_view), name="retention_reports"),
            path("reports/<int:controller_id>/", view(self.report_view), name="retention_report"),
            path(
                "reports/<int:controller_id>.pdf",
                view(self.report_pdf_view),
                name="retention_report_pdf",
            ),
            *super().get_urls(),
        ]

    def _controller(self, request, controller_id) -> Controller:
        return controller_or_404(request, controller_id)

    def reports_view(self, request):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Retention reports"),
            "controllers": controllers_for(request.user).order_by("legal_name"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/retention/reports.html", context)

    def report_view(self, request, controller_id):
        controller = self._controller(request, controller_id)
        context = {
            **self.admin_site.each_context(request),
            **report_context(controller),
            "title": _("Retention report: %(name)s") % {"name": controller.display_name},
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/retention/report.html", context)

    def report_pdf_view(self, request, controller_id):
        from gdpr_portal.pdf import render_pdf

        controller = self._controller(request, controller_id)
        language = translation.get_language()
        html = render_to_string("retention/report.html", report_context(controller))
        title = str(_("Retention report: %(name)s") % {"name": controller.display_name})
        pdf = render_pdf(html=mark_safe(html), title=title, language=language)  # noqa: S308
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{controller.slug}-retention-{clock.today()}.pdf"'
        )
        return response


@admin.register(DisposalRecord)
class DisposalRecordAdmin(ControllerScopedAdmin):
    """Evidence of disposals: read-only for everyone, written only by the sweep."""

    list_display = ["ran_at", "controller", "record_kind", "action", "count", "rule_name"]
    list_filter = [("controller", admin.RelatedOnlyFieldListFilter), "record_kind", "action"]
    list_select_related = ["controller"]
    date_hierarchy = "ran_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
