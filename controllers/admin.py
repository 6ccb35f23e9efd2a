from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _

from gdpr_portal import permissions
from gdpr_portal.single_line import SingleLineAdminMixin

from .admin_scoping import (
    ControllerScopedAdmin,
    OperatorOnlyAdmin,
    ScopedStackedInline,
    ScopedTabularInline,
)
from .models import Controller, DataProtectionOfficer, Membership, Recipient, SupervisoryAuthority


@admin.register(SupervisoryAuthority)
class SupervisoryAuthorityAdmin(SingleLineAdminMixin, admin.ModelAdmin):
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


# Parts of a controller that apps above the register keep (retention rules, purposes) are shown on
# its page as inlines those apps contribute: the register never imports them.
_contributed_inlines: list[tuple[int, type]] = []


def register_controller_inline(order: int):
    """Class decorator: show this inline on the controller's admin page, sorted by `order`."""

    def register(inline: type) -> type:
        _contributed_inlines.append((order, inline))
        _contributed_inlines.sort(key=lambda pair: pair[0])
        return inline

    return register


@admin.register(Controller)
class ControllerAdmin(ControllerScopedAdmin):
    controller_path = ""
    list_display = ["legal_name", "short_name", "eik", "slug", "email", "promised_response_days"]
    search_fields = ["legal_name", "short_name", "name_en", "eik", "slug"]
    list_filter = ["legal_form", "default_language"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "legal_name",
                    "short_name",
                    "name_en",
                    "slug",
                    "eik",
                    "legal_form",
                    "is_public_body",
                ]
            },
        ),
        (
            _("Contacts"),
            {
                "fields": [
                    *Controller.CONTACT_FIELDS,
                    "supervisory_authority",
                    "default_language",
                ]
            },
        ),
        (
            _("Requests"),
            {"fields": ["promised_response_days", "promised_response_text"]},
        ),
        (
            _("Mail to data subjects"),
            {"fields": ["mail_from_name", "mail_from_address", "mail_reply_to"]},
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [DataProtectionOfficerInline, RecipientInline]

    def get_inlines(self, request, obj):
        return [*self.inlines, *(inline for _order, inline in _contributed_inlines)]

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
