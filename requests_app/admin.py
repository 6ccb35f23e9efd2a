from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from controllers import permissions
from controllers.admin_scoping import ControllerScopedAdmin
from controllers.models import Language
from controllers.permissions import Action

from . import services
from .forms import validate_national_id
from .models import (
    Channel,
    DataSubjectRequest,
    MessageTemplate,
    NonWorkingDay,
    ReplyChannel,
    Right,
)


class OperatorOnlyAdmin(admin.ModelAdmin):
    """Portal-wide settings: the operator (superusers) edits, no controller's staff do."""

    def _operator(self, request):
        return request.user.is_active and request.user.is_superuser

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


class StaffEntryForm(forms.ModelForm):
    """A request received by post, email or in person, entered with its true receipt time."""

    rights = forms.MultipleChoiceField(
        label=_("rights"), choices=Right.choices, widget=forms.CheckboxSelectMultiple
    )
    channel = forms.ChoiceField(
        label=_("received through"),
        choices=[c for c in Channel.choices if c[0] != Channel.WEB],
    )

    class Meta:
        model = DataSubjectRequest
        fields = [
            "controller",
            "channel",
            "received_at",
            "language",
            "rights",
            "requester_name",
            "requester_email",
            "requester_phone",
            "requester_address",
            "national_id",
            "on_behalf_of",
            "details",
            "reply_channel",
        ]

    def clean_national_id(self):
        value = self.cleaned_data["national_id"]
        return validate_national_id(value) if value.strip() else ""

    def clean_received_at(self):
        received = self.cleaned_data["received_at"]
        if received > timezone.now():
            raise forms.ValidationError(_("The receipt time cannot be in the future."))
        return received

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reply_channel") == ReplyChannel.EMAIL and not cleaned.get(
            "requester_email"
        ):
            self.add_error("requester_email", _("An answer by email needs an email address."))
        return cleaned


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(ControllerScopedAdmin):
    change_action = Action.HANDLE_REQUESTS
    list_display = [
        "reference",
        "controller",
        "status",
        "received_at",
        "due_date",
        "channel",
        "email_confirmed_at",
    ]
    list_filter = [("controller", admin.RelatedOnlyFieldListFilter), "status", "channel"]
    search_fields = ["reference", "requester_name", "requester_email"]
    list_select_related = ["controller"]
    ordering = ["due_date"]

    readonly_fields = [
        "reference",
        "controller",
        "status",
        "channel",
        "received_at",
        "due_date",
        "language",
        "requester_name",
        "requester_email",
        "requester_phone",
        "requester_address",
        "masked_national_id",
        "on_behalf_of",
        "details",
        "reply_channel",
        "email_confirmed_at",
        "entered_by",
    ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = StaffEntryForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return StaffEntryForm.Meta.fields
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_changeform_initial_data(self, request):
        return {"received_at": timezone.now(), "language": Language.BULGARIAN}

    @admin.display(description=_("ЕГН or ЛНЧ"))
    def masked_national_id(self, obj):
        return obj.national_id_masked or "—"

    def has_change_permission(self, request, obj=None):
        # Moves through the workflow are guarded actions, never edits of the record.
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        if not permissions.can(request.user, Action.HANDLE_REQUESTS, data["controller"]):
            raise PermissionDenied
        created = services.request_submit(
            controller=data["controller"],
            language=data["language"],
            rights=data["rights"],
            requester_name=data["requester_name"],
            requester_email=data["requester_email"],
            requester_phone=data["requester_phone"],
            requester_address=data["requester_address"],
            national_id=data["national_id"],
            on_behalf_of=data["on_behalf_of"],
            details=data["details"],
            reply_channel=data["reply_channel"],
            channel=data["channel"],
            received_at=data["received_at"],
            entered_by=request.user,
        )
        obj.pk = created.pk
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        # The service stored the rights with the request.
        return
