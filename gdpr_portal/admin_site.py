"""The admin requires a second factor for every staff account (django-two-factor-auth)."""

from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from two_factor.admin import AdminSiteOTPRequired
from two_factor.utils import default_device


class PortalAdminSite(AdminSiteOTPRequired):
    site_header = _("GDPR Portal")
    site_title = _("GDPR Portal")

    def login(self, request, extra_context=None):
        # Signed in with a password but no device yet: set one up first (TOTP, with recovery
        # codes); otherwise the two-factor login asks for the code.
        if request.user.is_authenticated and default_device(request.user) is None:
            return redirect("two_factor:setup")
        return super().login(request, extra_context)

    def get_app_list(self, request, app_label=None):
        """The sidebar and the index in the staff member's language: django-axes, django-mailer
        and django-otp name their apps and models in English only, without marking them for
        translation, so their names are looked up in our catalogue here
        (gdpr_portal/locale_overrides.py lists them)."""
        apps = super().get_app_list(request, app_label)
        for app in apps:
            app["name"] = gettext(app["name"])
            for model in app["models"]:
                model["name"] = gettext(str(model["name"]))
        return apps
