"""The admin requires a second factor for every staff account (django-two-factor-auth)."""

from django.shortcuts import redirect
from django_otp import devices_for_user
from two_factor.admin import AdminSiteOTPRequired


class PortalAdminSite(AdminSiteOTPRequired):
    def login(self, request, extra_context=None):
        # Signed in with a password but no device yet: set one up first (TOTP, with recovery
        # codes); otherwise the two-factor login asks for the code.
        if request.user.is_authenticated and not any(devices_for_user(request.user)):
            return redirect("two_factor:setup")
        return super().login(request, extra_context)
