from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = _("Handling requests")

    def ready(self):
        # The moves register themselves in requests_app.moves.MOVES as their services load.
        from . import disposal, workflow  # noqa: F401

        # What the portal keeps of requests, and how the retention sweep purges it.
        disposal.register()
