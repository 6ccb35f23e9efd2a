"""ASGI entry point; production servers set DJANGO_SETTINGS_MODULE themselves."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdpr_portal.settings.production")

application = get_asgi_application()
