from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _

from policies.models import ProcessingPurpose
from retention.models import RetentionRule

from . import permissions
from .admin_scoping import (
    ControllerScopedAdmin,
    OperatorOnlyAdmin,
    ScopedStackedInline,
    ScopedTabularInline,
)
from .models import Controller, DataProtectionOfficer, Membership, Recipient, SupervisoryAuthority


@admin.register(SupervisoryAuthority)
class SupervisoryAuthorityAdmin(admin.ModelAdmin):
    """Public authorities, not any controller's data: staff may read, the operator edits."""

    list_display = ["name", "email", "phone", "website"]
    search_fields = ["name", "name_en"]

    def has_module_permission(self, request):
        return permissions.has_any_membership(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.has_any_membership(request.user)

    def has_add_permission(self, request):
        return permissions.is_operator(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_operator(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.is_operator(request.user)


class DataProtectionOfficerInline(ScopedStackedInline):
    model = DataProtectionOfficer
    extra = 0
    max_num = 1


class RecipientInline(ScopedTabularInline):
    model = Recipient
    extra = 0
    fields = ["name", "identifier", "country", "role", "contract_reference", "contract_date"]
    show_change_link = True


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


class ProcessingPurposeInline(ScopedTabularInline):
    model = ProcessingPurpose
    extra = 0
    fields = ["position", "name", "art9_condition", "retention_rule"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # Under a controller, offer only that controller's rules.
        if db_field.name == "retention_rule" and formfield is not None:
            controller_pk = request.resolver_match.kwargs.get("object_id")
            formfield.queryset = formfield.queryset.filter(controller_id=controller_pk)
        return formfield


@admin.register(Controller)
class ControllerAdmin(ControllerScopedAdmin):
    controller_path = ""
    list_display = ["legal_name", "short_name", "eik", "slug", "email", "promised_response_days"]
    search_fields = ["legal_name", "short_name", "eik", "slug"]
    list_filter = ["legal_form", "default_language"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["legal_name", "short_name", "slug", "eik", "legal_form"]}),
        (
            _("Contacts"),
            {
                "fields": [
                    "representative",
                    "registered_address",
                    "correspondence_address",
                    "email",
                    "phone",
                    "website",
                    "supervisory_authority",
                    "default_language",
                ]
            },
        ),
        (
            _("Requests"),
            {"fields": ["promised_response_days", "promised_response_text"]},
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [
        DataProtectionOfficerInline,
        RecipientInline,
        RetentionRuleInline,
        ProcessingPurposeInline,
    ]

    def has_add_permission(self, request):
        # Bringing a controller onto the portal is the operator's act.
        return permissions.is_operator(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.is_operator(request.user)


@admin.register(Recipient)
class RecipientAdmin(ControllerScopedAdmin):
    list_display = ["name", "controller", "role", "country", "identifier", "contract_date"]
    list_filter = [("controller", admin.RelatedOnlyFieldListFilter), "role", "country"]
    search_fields = ["name", "identifier", "description"]
    list_select_related = ["controller"]


@admin.register(Membership)
class MembershipAdmin(OperatorOnlyAdmin):
    """Who works for which controller: managed by the portal operator (superusers) only."""

    list_display = ["user", "controller", "role"]
    list_filter = ["role", "controller"]
    search_fields = ["user__username", "user__email", "controller__legal_name"]
    list_select_related = ["user", "controller"]
    autocomplete_fields = ["user"]


# Staff accounts and groups are the operator's to manage: controllers' staff never see them,
# and the admin asks no permission tables to draw its menu.
admin.site.unregister(Group)
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(OperatorOnlyAdmin, UserAdmin):
    pass
