"""The admin requires a second factor for every staff account (django-two-factor-auth)."""

from django.contrib import admin
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from two_factor.admin import AdminSiteOTPRequired
from two_factor.utils import default_device

from .single_line import SingleLineAdminMixin


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

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every admin registered here, the portal's and other packages' (django-otp's devices,
        # django-mailer's outbox, django-axes'), refuses control characters in one-line fields.
        admin_class = _single_line(admin_class or admin.ModelAdmin)
        admin_class.inlines = [_single_line(inline) for inline in admin_class.inlines]
        super().register(model_or_iterable, admin_class, **options)


def _single_line(admin_class):
    if issubclass(admin_class, SingleLineAdminMixin):
        return admin_class
    return type(admin_class.__name__, (SingleLineAdminMixin, admin_class), {})
