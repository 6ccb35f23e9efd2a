"""The admin requires a second factor for every staff account (django-two-factor-auth)."""

from django.shortcuts import redirect
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
