"""Policies and their versions in the admin: drafts, the compliance check, publishing."""

from contextvars import ContextVar

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from controllers.admin_scoping import ControllerScopedAdmin, ScopedTabularInline
from gdpr_portal import clock, permissions
from gdpr_portal.pdf import render_pdf
from gdpr_portal.permissions import Action

from .. import services
from ..compliance import counts, has_errors
from ..forms import PolicyVersionForm, PublishForm, WithdrawForm
from ..models import (
    Policy,
    PolicySection,
    PolicyVersion,
)
from ..rendering import render_document_html
from ..selectors import policy_version_findings
from ..snapshot import version_snapshot
from ..stated_dates import stated_date_text
from .originals import ImportOriginalMixin

_list_snapshots: ContextVar[dict | None] = ContextVar("list_snapshots", default=None)


class PolicySectionInline(ScopedTabularInline):
    model = PolicySection
    parent_controller_path = "policy__controller"
    change_action = Action.PUBLISH_POLICY
    extra = 1
    fields = ["position", "topic", "title", "body"]

    def _may(self, request, action, obj):
        # Sections of a published version are frozen with it.
        if obj is not None and action != Action.VIEW and not obj.is_draft:
            return False
        return super()._may(request, action, obj)


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ImportOriginalMixin, ControllerScopedAdmin):
    controller_path = "policy__controller"
    change_list_template = "admin/policies/policyversion/change_list.html"
    change_action = Action.PUBLISH_POLICY
    list_display = [
        "__str__",
        "number",
        "language",
        "status",
        "origin",
        "effective_date",
        "published_at",
        "publisher",
        "findings_badge",
    ]
    list_filter = [
        ("policy__controller", admin.RelatedOnlyFieldListFilter),
        "status",
        "origin",
        "language",
    ]
    search_fields = ["title", "change_summary", "policy__controller__legal_name"]
    list_select_related = ["policy__controller", "publisher"]
    inlines = [PolicySectionInline]
    actions = ["new_draft_from"]
    readonly_fields = [
        "number",
        "status",
        "author",
        "publisher",
        "published_at",
        "override_reason",
        "warnings_reason",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
        "compliance",
        "previews",
        "origin",
        "stated",
    ]
    form = PolicyVersionForm
    change_form_template = "admin/policies/policyversion/change_form.html"

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Published versions are a public record: never deleted in bulk.
        actions.pop("delete_selected", None)
        if not permissions.may_act_on_any(request.user, Action.PUBLISH_POLICY):
            actions.pop("new_draft_from", None)
        return actions

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["policy", "language", "title", "effective_date", "change_summary"]
        return [
            "previews",
            "compliance",
            "title",
            "effective_date",
            "change_summary",
            "number",
            "language",
            "status",
            "origin",
            "stated",
            "author",
            "publisher",
            "published_at",
            *(["override_reason"] if obj.override_reason else []),
            *(["warnings_reason"] if obj.warnings_reason else []),
            *(
                ["withdrawn_at", "withdrawn_by", "withdrawal_reason"]
                if obj.status == PolicyVersion.Status.WITHDRAWN
                else []
            ),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_withdraw"] = (
            obj is not None
            and obj.status == PolicyVersion.Status.PUBLISHED
            and permissions.can(request.user, Action.PUBLISH_POLICY, obj.policy.controller)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None:
            fields.append("language")
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "policy":
            kwargs["queryset"] = permissions.filter_queryset(
                Policy.objects.select_related("controller"),
                request.user,
                Action.PUBLISH_POLICY,
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        created = services.policy_version_create_draft(
            policy=obj.policy,
            author=request.user,
            language=obj.language,
            title=obj.title,
            effective_date=obj.effective_date,
            change_summary=obj.change_summary,
        )
        obj.pk = created.pk
        obj.number = created.number
        obj._state.adding = False

    @admin.display(description=_("date stated by the controller"))
    def stated(self, obj):
        if obj is None or not obj.is_imported:
            return "—"
        return stated_date_text(obj.stated_date, obj.stated_date_precision)

    @admin.display(description=_("compliance check"))
    def compliance(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        findings = policy_version_findings(version=obj)
        return render_to_string("admin/policies/_findings.html", {"findings": findings})

    @admin.display(description=_("findings"))
    def findings_badge(self, obj):
        found = counts(policy_version_findings(version=obj, snapshots=_list_snapshots.get()))
        return render_to_string("admin/policies/_findings_badge.html", {"counts": found})

    def changelist_view(self, request, extra_context=None):
        # One register snapshot per controller for the whole list page, never shared between
        # requests (the admin object is).
        token = _list_snapshots.set({})
        try:
            response = super().changelist_view(request, extra_context)
            if hasattr(response, "render"):
                response.render()
            return response
        finally:
            _list_snapshots.reset(token)

    @admin.display(description=_("preview"))
    def previews(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return render_to_string(
            "admin/policies/_previews.html",
            {"version": obj, "opts": self.model._meta},
        )

    @admin.action(description=_("Create a new draft from the selected version"))
    def new_draft_from(self, request, queryset):
        for source in queryset.select_related("policy__controller"):
            if not permissions.can(request.user, Action.PUBLISH_POLICY, source.policy.controller):
                continue
            draft = services.policy_version_create_draft(
                policy=source.policy,
                author=request.user,
                language=source.language,
                title=source.title,
                effective_date=clock.today(),
                copy_sections_from=source,
            )
            self.message_user(
                request,
                _("Draft version %(number)d created.") % {"number": draft.number},
                messages.SUCCESS,
            )

    def get_urls(self):
        urls = [
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_html),
                name="policies_policyversion_preview",
            ),
            path(
                "<int:object_id>/preview.pdf",
                self.admin_site.admin_view(self.preview_pdf),
                name="policies_policyversion_preview_pdf",
            ),
            path(
                "<int:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="policies_policyversion_publish",
            ),
            path(
                "<int:object_id>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name="policies_policyversion_withdraw",
            ),
        ]
        return urls + super().get_urls()

    def _version_or_404(self, request, object_id, action=Action.VIEW):
        version = self.get_queryset(request).filter(pk=object_id).first()
        if version is None:
            raise Http404
        if not permissions.can(request.user, action, version.policy.controller):
            raise PermissionDenied
        return version

    def _draft_html(self, version):
        if not version.is_draft:
            return version.html
        with translation.override(version.language):
            url = reverse("requests_app:new", args=[version.policy.controller.slug])
        return render_document_html(
            snapshot=version_snapshot(version), version=version, request_url=url
        )

    def preview_html(self, request, object_id):
        version = self._version_or_404(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview of %(version)s") % {"version": version},
            "version": version,
            "document": mark_safe(self._draft_html(version)),  # noqa: S308 - sanitised render
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/policies/preview.html", context)

    def preview_pdf(self, request, object_id):
        version = self._version_or_404(request, object_id)
        if version.is_draft:
            data = render_pdf(
                html=self._draft_html(version), title=version.title, language=version.language
            )
        else:
            data = version.pdf.read()
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="preview-{version.pdf_filename()}"'
        return response

    def publish_view(self, request, object_id):
        version = self._version_or_404(request, object_id, Action.PUBLISH_POLICY)
        change_url = reverse("admin:policies_policyversion_change", args=[version.pk])
        if not version.is_draft:
            self.message_user(request, _("Only a draft can be published."), messages.ERROR)
            return redirect(change_url)
        findings = services.policy_version_check(version=version)
        form = PublishForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.policy_publish(
                    version=version,
                    publisher=request.user,
                    warnings_reason=form.cleaned_data["warnings_reason"],
                )
            except services.PublishRefused as refused:
                form.add_error(None if refused.blocked else "warnings_reason", str(refused))
            except ValidationError as refused:
                # The effective date has passed since the draft was written: change it first.
                form.add_error(None, refused.messages)
            else:
                self.message_user(
                    request,
                    _("Version %(number)d is published.") % {"number": version.number},
                    messages.SUCCESS,
                )
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Publish %(version)s") % {"version": version},
            "version": version,
            "findings": [f.as_dict() for f in findings],
            "has_errors": has_errors(findings),
            "has_warnings": bool(findings) and not has_errors(findings),
            "form": form,
            "opts": self.model._meta,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/policies/publish.html", context)

    def withdraw_view(self, request, object_id):
        """Its own page and form (a form cannot sit inside the admin's change form)."""
        version = self._version_or_404(request, object_id, Action.PUBLISH_POLICY)
        change_url = reverse("admin:policies_policyversion_change", args=[version.pk])
        if version.status != PolicyVersion.Status.PUBLISHED:
            self.message_user(
                request, _("Only a published version can be withdrawn."), messages.ERROR
            )
            return redirect(change_url)
        form = WithdrawForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.policy_version_withdraw(
                    version=version, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as refused:
                form.add_error("reason", refused.messages)
            else:
                self.message_user(
                    request,
                    _("Version %(number)d is withdrawn.") % {"number": version.number},
                    messages.SUCCESS,
                )
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Withdraw %(version)s") % {"version": version},
            "version": version,
            "form": form,
            "opts": self.model._meta,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/policies/withdraw.html", context)
