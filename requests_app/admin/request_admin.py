"""The request register in the admin: the DPO's working list, the moves, exports, the
Art. 15 pack and the dashboard."""

import re

from django import forms
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import _boolean_icon
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from controllers.admin_scoping import ControllerScopedAdmin
from controllers.models import Language
from controllers.selectors import controllers_for
from gdpr_portal import clock, contributions, permissions
from gdpr_portal.permissions import Action

from .. import services
from ..art15 import access_pack_html
from ..deadlines import urgency
from ..exports import audit_rows, csv_response, export_rows
from ..forms import validate_national_id
from ..metrics import dashboard_context, worker_context
from ..models import AccessPack, Channel, DataSubjectRequest, Message, ReplyChannel, Right
from .desk import RequestDeskMixin
from .filters import (
    AssigneeFilter,
    ControllerFilter,
    DeadlineFilter,
    ReceivedMonthFilter,
    RightFilter,
    StatusFilter,
    UnreadRepliesFilter,
)

# References are DSR-XXXXX-XXXXX in Crockford's alphabet (no I, L, O, U): a term in that
# alphabet with a digit or the DSR prefix is taken for one, whole or in part.
REFERENCE_WHOLE = re.compile(r"DSR-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}")
REFERENCE_CHARS = re.compile(r"[0-9A-HJKMNP-TV-Z]{3,}")
REFERENCE_LIKE = re.compile(
    r"(?=.*[0-9]|DSR)[-0-9A-HJKMNP-TV-Z]*[0-9A-HJKMNP-TV-Z][-0-9A-HJKMNP-TV-Z]*"
)


class StaffEntryForm(forms.ModelForm):
    """A request received by post, email or in person, entered with its true receipt time."""

    rights = forms.MultipleChoiceField(
        label=capfirst(_("rights")), choices=Right.choices, widget=forms.CheckboxSelectMultiple
    )
    channel = forms.ChoiceField(
        label=capfirst(_("received through")),
        choices=[c for c in Channel.choices if c[0] != Channel.WEB],
    )

    class Meta:
        model = DataSubjectRequest
        fields = [
            "controller",
            "channel",
            "received_at",
            "language",
            *services.REQUESTER_FIELDS,
        ]

    def clean_national_id(self):
        value = self.cleaned_data["national_id"]
        return validate_national_id(value) if value.strip() else ""

    def clean_received_at(self):
        received = self.cleaned_data["received_at"]
        if received > clock.now():
            raise forms.ValidationError(_("The receipt time cannot be in the future."))
        return received

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reply_channel") == ReplyChannel.EMAIL and not cleaned.get(
            "requester_email"
        ):
            self.add_error("requester_email", _("An answer by email needs an email address."))
        return cleaned


class RequestChangeList(ChangeList):
    """The page of the list, with the unread replies of its rows fetched in one more query:
    the list's own query, and so its index plans, stay as they are."""

    def get_results(self, request):
        super().get_results(request)
        rows = list(self.result_list)
        unread = Message.objects.unread_replies().only("pk", "request_id")
        prefetch_related_objects(rows, Prefetch("messages", queryset=unread, to_attr="unread"))
        self.result_list = rows


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(RequestDeskMixin, ControllerScopedAdmin):
    """The DPO's request register: deadlines at a glance, guarded moves, the audit trail."""

    change_action = Action.HANDLE_REQUESTS
    change_form_template = "admin/requests_app/datasubjectrequest/change_form.html"
    change_list_template = "admin/requests_app/datasubjectrequest/change_list.html"
    # Deadline, days left, state and unread replies first after the reference: at 1280 px they
    # never scroll out of view; the longer texts come last and wrap.
    list_display = [
        "reference",
        "due",
        "days_left",
        "state",
        "replies",
        "requester_name",
        "rights_display",
        "controller",
        "received_date",
        "assignee",
        "confirmed",
    ]
    list_filter = [
        StatusFilter,
        RightFilter,
        ("controller", ControllerFilter),
        DeadlineFilter,
        AssigneeFilter,
        UnreadRepliesFilter,
        "channel",
        ReceivedMonthFilter,
    ]
    # A name or an email, or part of either, in any case (trigram indexes, 0007); a reference,
    # whole or in part, is recognised and searched alone (get_search_results).
    search_fields = ["requester_name", "requester_email"]
    list_select_related = ["controller", "assignee"]
    ordering = ["due_date", "pk"]
    list_per_page = 50
    show_full_result_count = False

    readonly_fields = [
        "reference",
        "controller",
        "status",
        "rights_display",
        "channel",
        "received_at",
        "due_date",
        "promised_on",
        "internal_target",
        "extended",
        "paused_days",
        "assignee",
        "identity_confirmed_at",
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
        "extension_reasons",
        "refusal_ground",
        "decision_text",
        "fee_amount",
        "fee_justification",
        "closed_at",
        "legal_hold",
        "legal_hold_reason",
        "anonymised_at",
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("requested_rights")

    def get_changelist(self, request, **kwargs):
        return RequestChangeList

    def get_search_results(self, request, queryset, search_term):
        """A term that can only be (part of) a reference searches the references alone: the
        whole one by its upper-cased index (0007), its beginning by a pattern index, any other
        part by a trigram index (0015)."""
        term = search_term.strip().upper()
        if not REFERENCE_LIKE.fullmatch(term):
            found, duplicates = super().get_search_results(request, queryset, search_term)
            if REFERENCE_CHARS.fullmatch(term):  # letters only: a word, or a reference's part
                found |= queryset.filter(reference__icontains=term)
            return found, duplicates
        if REFERENCE_WHOLE.fullmatch(term):
            return queryset.filter(reference__iexact=term), False
        if term.startswith("DSR"):
            return queryset.filter(reference__istartswith=term), False
        return queryset.filter(reference__icontains=term), False

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = StaffEntryForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return StaffEntryForm.Meta.fields
        if not obj.requester_email:
            # No address (by post, in person): nothing to confirm, no "email confirmed: -".
            return [f for f in self.readonly_fields if f != "email_confirmed_at"]
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_changeform_initial_data(self, request):
        return {"received_at": clock.now(), "language": Language.BULGARIAN}

    @admin.display(description=_("rights"))
    def rights_display(self, obj):
        return ", ".join(str(r.get_right_display()) for r in obj.requested_rights.all())

    @admin.display(description=_("due"), ordering="due_date")
    def due(self, obj):
        return date_format(obj.due_date, "SHORT_DATE_FORMAT")

    @admin.display(description=_("received"), ordering="received_at")
    def received_date(self, obj):
        return date_format(obj.received_date, "SHORT_DATE_FORMAT")

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj):
        text = capfirst(obj.get_status_display())
        return format_html('<span class="state state--{}">{}</span>', obj.status, text)

    @admin.display(description=_("days left"), ordering="due_date")
    def days_left(self, obj):
        if not obj.is_open:
            return "—"
        if obj.paused_since is not None:
            # The clock stands still while the requester's answer is awaited (Art. 12(6)).
            return format_html('<span class="days days--paused">{}</span>', _("paused"))
        today = clock.today()
        days, css = (obj.due_date - today).days, urgency(obj.due_date, today)
        if css == "overdue":
            text = ngettext("%(days)d day overdue", "%(days)d days overdue", -days) % {
                "days": -days
            }
        else:
            text = ngettext("%(days)d day", "%(days)d days", days) % {"days": days}
        return format_html('<span class="days days--{}">{}</span>', css, text)

    @admin.display(description=_("email confirmed"))
    def confirmed(self, obj):
        # A request with no address (by post, in person) confirms nothing and claims nothing.
        if not obj.requester_email:
            return "—"
        return _boolean_icon(obj.email_confirmed_at is not None)

    @admin.display(description=_("replies"))
    def replies(self, obj):
        count = len(getattr(obj, "unread", ()))
        if not count:
            return ""
        text = ngettext("%(count)d unread", "%(count)d unread", count) % {"count": count}
        return format_html('<span class="unread-badge">{}</span>', text)

    @admin.display(description=_("the controller's own target"))
    def internal_target(self, obj):
        # A read-only callable is shown as str(): the date is formatted here, in the page's
        # language.
        return date_format(obj.internal_target) if obj.internal_target else "—"

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
            **services.requester_data(data),
            channel=data["channel"],
            received_at=data["received_at"],
            entered_by=request.user,
        )
        # The admin's "added" message and redirect read obj: give it what the service stored
        # (the reference generated for the empty form is not the saved one).
        for field in obj._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        # The service stored the rights with the request.
        return

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("dashboard/", view(self.dashboard_view), name="requests_app_dashboard"),
            path("export.csv", view(self.export_view), name="requests_app_export"),
            path("<int:object_id>/act/<str:move>/", view(self.act_view), name="requests_app_act"),
            path(
                "<int:object_id>/files/<str:public_id>/",
                view(self.document_view),
                name="requests_app_document",
            ),
            path("<int:object_id>/write/", view(self.write_view), name="requests_app_write"),
            path(
                "<int:object_id>/messages/<str:public_id>/letter/",
                view(self.letter_make_view),
                name="requests_app_letter_make",
            ),
            path(
                "<int:object_id>/messages/<str:public_id>/letter.pdf",
                view(self.letter_view),
                name="requests_app_letter",
            ),
            path(
                "<int:object_id>/messages/<str:public_id>/dispatch/",
                view(self.dispatch_view),
                name="requests_app_letter_dispatch",
            ),
            path(
                "<int:object_id>/audit.csv", view(self.audit_export_view), name="requests_app_audit"
            ),
            path("<int:object_id>/art15/", view(self.art15_view), name="requests_app_art15"),
            path(
                "<int:object_id>/art15.pdf",
                view(self.art15_pdf_view),
                name="requests_app_art15_pdf",
            ),
            *super().get_urls(),
        ]

    def _request_or_404(self, request, object_id, action=Action.VIEW):
        dsr = self.get_queryset(request).filter(pk=object_id).first()
        if dsr is None:
            raise Http404
        if not permissions.can(request.user, action, dsr.controller):
            raise PermissionDenied
        return dsr

    def export_view(self, request):
        """The register as filtered in the list, as CSV (streamed)."""
        changelist = self.get_changelist_instance(request)
        queryset = changelist.get_queryset(request).select_related("controller", "assignee")
        return csv_response("requests.csv", export_rows(queryset))

    def audit_export_view(self, request, object_id):
        dsr = self._request_or_404(request, object_id)
        return csv_response(f"{dsr.reference}.csv", audit_rows(dsr))

    def _pack_or_404(self, request, object_id):
        dsr = self._request_or_404(request, object_id)
        pack = AccessPack.objects.filter(request=dsr).select_related("document").first()
        if pack is None:
            raise Http404
        return dsr, pack

    def art15_view(self, request, object_id):
        """The Art. 15 letter the requester got, made again from the register and the choices
        stored with it, and what was chosen."""
        dsr, pack = self._pack_or_404(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "dsr": dsr,
            "pack": pack,
            # The letter is in the requester's language, whatever the admin's.
            "letter": mark_safe(access_pack_html(pack)),  # noqa: S308 - rendered by our template
            "title": _("Art. 15 information for %(reference)s") % {"reference": dsr.reference},
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/requests_app/art15.html", context)

    def art15_pdf_view(self, request, object_id):
        """The PDF as generated and released (never generated again), opened on the record."""
        _dsr, pack = self._pack_or_404(request, object_id)
        if pack.document is None:  # deleted by the retention of released documents
            raise Http404
        return self.document_view(request, object_id, pack.document.public_id)

    def dashboard_view(self, request):
        controllers = controllers_for(request.user, Action.VIEW).order_by("legal_name")
        chosen = request.GET.get("controller")
        scoped = controllers.filter(pk=chosen) if chosen and chosen.isdigit() else controllers
        context = {
            **self.admin_site.each_context(request),
            **dashboard_context(scoped),
            # Tiles other apps contribute (the breaches' 72-hour clock).
            "tiles": contributions.dashboard_tiles(scoped, clock.now()),
            "title": _("Requests dashboard"),
            "controllers": controllers,
            "chosen": int(chosen) if chosen and chosen.isdigit() else None,
            # Each tile, bar and figure leads to the list filtered the same way.
            "list_url": reverse("admin:requests_app_datasubjectrequest_changelist"),
            "scope": f"&controller__id__exact={chosen}" if chosen and chosen.isdigit() else "",
            **worker_context(scoped),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/requests_app/dashboard.html", context)
