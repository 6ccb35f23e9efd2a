from django.contrib import admin

from controllers.admin_scoping import ControllerScopedAdmin

from .models import RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(ControllerScopedAdmin):
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
