from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The platform under the domain apps: permission policy, page cache, middleware, formats,
    rate limits, PDF rendering and the clock (docs/architecture.md)."""

    name = "gdpr_portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import (
            account,  # noqa: F401  (signing in counts as typing the password)
            checks,  # noqa: F401  (registers the portal's system checks)
        )


class PortalAdminConfig(admin_apps.AdminConfig):
    """The admin site, set the documented way: every staff account signs in with a second
    factor (gdpr_portal/admin_site.py)."""

    default = False  # named in INSTALLED_APPS by its path; PortalConfig is the package's default
    default_site = "gdpr_portal.admin_site.PortalAdminSite"
