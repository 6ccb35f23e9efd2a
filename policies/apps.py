from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Processing and policies")

    def ready(self):
        from . import disposal

        disposal.register()
