"""Portal-wide response headers and the answer when the database is out of reach."""

import logging
import re
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class PermissionsPolicyMiddleware:
    """No page of the portal uses the camera, the microphone, location or payment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def database_unavailable(exception: Exception) -> HttpResponse:
    """The styled 503 with Retry-After. Rendered without the request: the context processors
    would ask the database. The exception's text can hold connection details, never request
    data: only its type is logged."""
    logger.error("database unavailable: %s", type(exception).__name__)
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "120"
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
            return database_unavailable(exception)
        return None


class RejectNullBytesMiddleware:
    """A NUL byte can be typed into an address or a query but never stored by PostgreSQL: such a
    request gets a plain 400 instead of reaching a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "").lower():
            return render(request, "400.html", status=400)
        return self.get_response(request)


def too_large(request) -> HttpResponse:
    """The styled answer to a body past the app's limits (MAX_REQUEST_BODY_BYTES,
    DATA_UPLOAD_MAX_MEMORY_SIZE, DATA_UPLOAD_MAX_NUMBER_FILES/FIELDS): what the limits are,
    that nothing was recorded, and the way back to the form, in the visitor's language."""
    return render(
        request,
        "413.html",
        {
            "max_bytes": settings.MAX_REQUEST_BODY_BYTES,
            "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
            "back": request.path,
        },
        status=413,
    )


class RequestSizeLimitMiddleware:
    """A body larger than MAX_REQUEST_BODY_BYTES is refused before a byte of it is read (Django's
    own limits leave out uploaded files, which would be spooled to disk whatever their size).
    The reverse proxy should refuse them earlier still; this holds without one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return too_large(request)
        return self.get_response(request)


class RedactSecretsFilter(logging.Filter):
    """Status tokens and signed links are credentials: a logged URL shows them as “…”."""

    PATTERN = re.compile(r"(/requests/|/subscribe/|/unsubscribe/|/confirm/)[^/\s]{16,}")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.PATTERN.sub(r"\1…", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


class SessionActivityMiddleware:
    """Staff sessions end after SESSION_COOKIE_AGE without a request. Instead of rewriting the
    session on every request, activity is recorded at most once a minute, which renews the
    session's expiry: three queries fewer per admin page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        # Without a session cookie there is no one to record, and asking for the user would
        # load the session and mark every anonymous page `Vary: Cookie`.
        if session is not None and session.session_key and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get("_active", 0) >= 60:
                session["_active"] = now
        return self.get_response(request)
