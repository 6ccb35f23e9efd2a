from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ControllersConfig(AppConfig):
    name = "controllers"
    verbose_name = _("Controllers")

    def ready(self):
        from . import checks  # noqa: F401  (registers the portal's system checks)
