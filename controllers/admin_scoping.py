"""Admin classes that ask the one permission policy (gdpr_portal.permissions) for everything:
which rows a user sees, what they may add, change or delete, and which choices forms offer."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gdpr_portal import permissions
from gdpr_portal.permissions import Action
from gdpr_portal.single_line import SingleLineAdminMixin

from .models import Controller
from .selectors import controllers_for


def _scope_choices(formfield, request):
    """Limit a related-object field to rows of controllers the user may change."""
    if formfield is None or not hasattr(formfield, "queryset"):
        return formfield
    related = formfield.queryset.model
    if related is Controller:
        formfield.queryset = controllers_for(request.user, Action.CHANGE_REGISTER)
    elif any(f.name == "controller" for f in related._meta.get_fields()):
        formfield.queryset = permissions.filter_queryset(
            formfield.queryset, request.user, Action.CHANGE_REGISTER
        )
    return formfield


def controller_or_404(request, controller_id, action: Action = Action.VIEW) -> Controller:
    """The controller of an admin page addressed by its id: 404 when there is none, 403 when the
    permission policy refuses the user `action` on it."""
    controller = Controller.objects.filter(pk=controller_id).first()
    if controller is None:
        raise Http404
    if not permissions.can(request.user, action, controller):
        raise PermissionDenied
    return controller


class _ScopedFieldsMixin(SingleLineAdminMixin):
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _scope_choices(
            super().formfield_for_foreignkey(db_field, request, **kwargs), request
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _scope_choices(
            super().formfield_for_manytomany(db_field, request, **kwargs), request
        )


class ControllerScopedAdmin(_ScopedFieldsMixin, admin.ModelAdmin):
    """A ModelAdmin for rows that belong to a controller through `controller_path`."""

    controller_path = "controller"
    change_action = Action.CHANGE_REGISTER

    def get_queryset(self, request):
        return permissions.filter_queryset(
            super().get_queryset(request), request.user, Action.VIEW, path=self.controller_path
        )

    def _may(self, request, action: Action, obj) -> bool:
        if obj is None:
            return permissions.may_act_on_any(request.user, action)
        return permissions.can(
            request.user, action, permissions.controller_of(obj, self.controller_path)
        )

    def has_module_permission(self, request):
        return permissions.has_any_membership(request.user)

    def has_view_permission(self, request, obj=None):
        return self._may(request, Action.VIEW, obj)

    def has_add_permission(self, request):
        return self._may(request, self.change_action, None)

    def has_change_permission(self, request, obj=None):
        return self._may(request, self.change_action, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, self.change_action, obj)


class ControllerScopedInline(_ScopedFieldsMixin):
    """An inline under a parent whose controller is reached by `parent_controller_path`."""

    parent_controller_path = "controller"
    change_action = Action.CHANGE_REGISTER

    def _may(self, request, action: Action, obj) -> bool:
        if obj is None:
            return permissions.may_act_on_any(request.user, action)
        return permissions.can(
            request.user, action, permissions.controller_of(obj, self.parent_controller_path)
        )

    def has_view_permission(self, request, obj=None):
        return self._may(request, Action.VIEW, obj)

    def has_add_permission(self, request, obj=None):
        return self._may(request, self.change_action, obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request, self.change_action, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, self.change_action, obj)


class ScopedTabularInline(ControllerScopedInline, admin.TabularInline):
    pass


class ScopedStackedInline(ControllerScopedInline, admin.StackedInline):
    pass


class OperatorOnlyAdmin(SingleLineAdminMixin, admin.ModelAdmin):
    """Portal-wide settings: the operator (superusers) edits, no controller's staff do."""

    def _operator(self, request):
        return permissions.is_operator(request.user)

    def has_module_permission(self, request):
        return self._operator(request)

    def has_view_permission(self, request, obj=None):
        return self._operator(request)

    def has_add_permission(self, request):
        return self._operator(request)

    def has_change_permission(self, request, obj=None):
        return self._operator(request)

    def has_delete_permission(self, request, obj=None):
        return self._operator(request)
