from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BreachesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "breaches"
    verbose_name = _("Breaches and the record of processing")

    def ready(self) -> None:
        # The daily digest and the dashboard (requests_app) show the 72-hour clock through the
        # platform's contribution points; requests_app never imports this app.
        from . import contributions  # noqa: F401
