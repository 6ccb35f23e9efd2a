"""The breach register in the admin (GDPR Art. 33(5)): per controller, scoped by the permission
policy like requests; the 72-hour clock in the list and on the page; every change on the trail."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from controllers.admin_scoping import ControllerScopedAdmin
from gdpr_portal import clock as portal_clock
from gdpr_portal import permissions
from gdpr_portal.permissions import Action

from .. import services
from ..choices import CommunicationState, Risk
from ..forms import BreachForm
from ..models import Breach
from ..selectors import clock_text, local_text
from .pages import BreachPagesMixin


class AwaitingFilter(admin.SimpleListFilter):
    title = _("notification")
    parameter_name = "notification"

    def lookups(self, request, model_admin):
        return [("awaiting", _("not yet notified")), ("nearing", _("less than 24 hours left"))]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.awaiting_notification()
        if self.value() == "nearing":
            return queryset.nearing(portal_clock.now())
        return queryset


@admin.register(Breach)
class BreachAdmin(BreachPagesMixin, ControllerScopedAdmin):
    form = BreachForm
    change_action = Action.HANDLE_BREACHES
    change_form_template = "admin/breaches/breach/change_form.html"
    list_display = ["reference", "controller", "aware_local", "deadline_local", "clock", "risk"]
    list_filter = [AwaitingFilter, "risk", ("controller", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["controller"]
    search_fields = ["reference", "nature"]
    fieldsets = [
        (None, {"fields": ["controller", "occurred_at", "aware_at"]}),
        (
            _("The breach"),
            {"fields": ["nature", "confidentiality", "integrity", "availability"]},
        ),
        (
            _("Data subjects and records concerned"),
            {
                "fields": [
                    "subject_categories",
                    "subjects_approx",
                    "record_categories",
                    "records_approx",
                ]
            },
        ),
        (
            _("Consequences and measures"),
            {"fields": ["consequences", "measures_taken", "measures_proposed", "dpo_contact"]},
        ),
        (_("Risk assessment"), {"fields": ["risk", "risk_reasons"]}),
    ]

    @admin.display(description=_("became aware"), ordering="aware_at")
    def aware_local(self, obj):
        return local_text(obj.aware_at)

    @admin.display(description=_("72 hours end"))
    def deadline_local(self, obj):
        return local_text(obj.deadline) if obj.risk != Risk.NONE else "—"

    @admin.display(description=_("72-hour clock"))
    def clock(self, obj):
        return clock_text(obj, portal_clock.now())

    def get_queryset(self, request):
        return super().get_queryset(request).with_notified()

    def has_delete_permission(self, request, obj=None):
        # GDPR Art. 33(5): every breach stays documented.
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["controller"] if obj is not None else []

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("aware_at", portal_clock.now())
        return initial

    def get_urls(self):
        return [*self.page_urls(), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        breach = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if breach is not None:
            may = permissions.can(request.user, Action.HANDLE_BREACHES, breach.controller)
            pending = breach.communication == CommunicationState.PENDING
            extra_context.update(
                clock_text=clock_text(breach, portal_clock.now()),
                deadline=local_text(breach.deadline),
                aware=local_text(breach.aware_at),
                notifications=[
                    {"n": n, "sent": local_text(n.sent_at), "late": n.late}
                    for n in breach.notifications.select_related("actor")
                ],
                events=breach.events.select_related("actor"),
                may_notify=may and breach.notifiable,
                may_communicate=may and pending,
                high_risk=breach.risk == Risk.HIGH,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        breach = self._breach_or_404(request, object_id)
        return redirect(self._change_url(breach) + "#trail")

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.cleaned_data}
        if change:
            data.pop("controller", None)
            services.breach_change(breach=obj, actor=request.user, **data)
            return
        if not permissions.can(request.user, Action.HANDLE_BREACHES, data["controller"]):
            raise PermissionDenied
        created = services.breach_record(actor=request.user, **data)
        obj.pk = created.pk
        obj._state.adding = False
