"""Portal-wide response headers and the answer when the database is out of reach."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.shortcuts import render

logger = logging.getLogger(__name__)


class PermissionsPolicyMiddleware:
    """No page of the portal uses the camera, the microphone, location or payment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """With the database out of reach, a clear 503 page instead of an error: every write runs in
    a transaction, so nothing was half-stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            # The exception's text can hold connection details, never request data: log the type.
            logger.error("database unavailable: %s", type(exception).__name__)
            response = render(request, "503.html", status=503)
            response["Retry-After"] = "120"
            return response
        return None
