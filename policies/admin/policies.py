"""A controller's policies in the admin, each listing its versions."""

from django.contrib import admin

from controllers.admin_scoping import ControllerScopedAdmin, ScopedTabularInline
from gdpr_portal import permissions
from gdpr_portal.permissions import Action

from ..models import Policy, PolicyVersion


class PolicyVersionInline(ScopedTabularInline):
    model = PolicyVersion
    parent_controller_path = "controller"
    fields = ["number", "language", "status", "effective_date", "published_at"]
    readonly_fields = fields
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Policy)
class PolicyAdmin(ControllerScopedAdmin):
    change_action = Action.PUBLISH_POLICY
    list_display = ["__str__", "controller", "kind"]
    list_filter = [("controller", admin.RelatedOnlyFieldListFilter), "kind"]
    list_select_related = ["controller"]
    inlines = [PolicyVersionInline]

    def has_delete_permission(self, request, obj=None):
        # Versions once published are a public record.
        return permissions.is_operator(request.user)
