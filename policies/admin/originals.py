"""The admin page on which compliance staff import the policy a controller already publishes:
its own page and its own form (never nested in the version's change form)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from controllers.models import Controller
from gdpr_portal import permissions
from gdpr_portal.permissions import Action

from .. import services
from ..forms import ImportOriginalForm

# Service errors that name no form field belong to the text (empty, unreadable, wrong format).
FIELD_OF = {"stated_date_precision": "stated_date", "__all__": "text"}


class ImportOriginalMixin:
    """Adds `import/` to the policy versions' admin."""

    def get_urls(self):
        urls = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_original_view),
                name="policies_policyversion_import",
            )
        ]
        return urls + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_import": permissions.may_act_on_any(request.user, Action.PUBLISH_POLICY),
        }
        return super().changelist_view(request, extra_context)

    def import_original_view(self, request):
        if not permissions.may_act_on_any(request.user, Action.PUBLISH_POLICY):
            raise PermissionDenied
        controllers = permissions.filter_queryset(
            Controller.objects.order_by("legal_name"),
            request.user,
            Action.PUBLISH_POLICY,
            path="",
        )
        form = ImportOriginalForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            controllers=controllers,
            initial={"format": "text", "language": "bg"},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            stated, precision = data["stated_date"]
            try:
                version = services.policy_import_original(
                    controller=data["controller"],
                    text=data["text"],
                    format=data["format"],
                    language=data["language"],
                    stated_date=stated,
                    precision=precision,
                    actor=request.user,
                    title=data["title"],
                )
            except ValidationError as error:
                for field, problems in _by_field(error).items():
                    for problem in problems:
                        form.add_error(FIELD_OF.get(field, field), problem)
            else:
                self.message_user(
                    request,
                    _("Version %(number)d is published as the controller published it.")
                    % {"number": version.number},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:policies_policyversion_change", args=[version.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import the policy a controller already publishes"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/policies/import_original.html", context)


def _by_field(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        known = {"stated_date", "stated_date_precision", "title", "language"}
        out: dict[str, list[str]] = {}
        for field, problems in error.message_dict.items():
            out.setdefault(field if field in known else "__all__", []).extend(problems)
        return out
    return {"__all__": error.messages}
