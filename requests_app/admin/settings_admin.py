from django.contrib import admin

from controllers.admin_scoping import OperatorOnlyAdmin

from .. import services
from ..models import MessageTemplate, NonWorkingDay


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(OperatorOnlyAdmin):
    list_display = ["date", "reason"]
    date_hierarchy = "date"

    # A decreed day moves the deadlines of open requests that fall on it.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.requests_recompute_due_dates()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.requests_recompute_due_dates()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.requests_recompute_due_dates()


@admin.register(MessageTemplate)
class MessageTemplateAdmin(OperatorOnlyAdmin):
    list_display = ["key", "language", "subject", "updated_at"]
    list_filter = ["key", "language"]
