from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = _("Data-subject requests")

    def ready(self):
        from . import disposal

        disposal.register()
