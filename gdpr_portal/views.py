"""The platform's own endpoints: health for load balancers and monitoring, and the answer to an
error while the database is out of reach."""

import sys

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.defaults import bad_request as django_bad_request
from django.views.defaults import server_error as django_server_error

from .middleware import database_unavailable, too_large
from .worker import heartbeat_age, worker_stale


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and a worker has beaten within WORKER_STALE_SECONDS; 503
    with the reason when not. `?scope=web` asks about the app server alone (the load balancer's
    question: a stopped worker is no reason to take the web servers out of rotation)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        age = heartbeat_age()
    except DatabaseError:
        return JsonResponse(
            {"status": "unavailable", "database": "down", "reason": "database unreachable"},
            status=503,
        )
    body = {"status": "ok", "database": "up"}
    if request.GET.get("scope") == "web":
        return JsonResponse(body)
    body["worker_heartbeat_age"] = None if age is None else round(age)
    if worker_stale(age):
        reason = "no worker has ever run" if age is None else f"worker silent for {round(age)} s"
        return JsonResponse({**body, "status": "unavailable", "reason": reason}, status=503)
    return JsonResponse(body)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. An error raised by a middleware (the session's, authentication's, django-axes')
    while the database is down never reaches DatabaseUnavailableMiddleware.process_exception:
    Django turns it into a 500 on the spot. It is still being handled here, so it is known."""
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        return database_unavailable(exception)
    return django_server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400. Django's body limits raise while the form is read (by the CSRF check, before
    any view): their answer is the page that states the limits, not a bare 400."""
    if isinstance(exception, RequestDataTooBig | TooManyFilesSent | TooManyFieldsSent):
        return too_large(request)
    return django_bad_request(request, exception)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the portal's own page, in the visitor's language, saying that the form
    was not accepted and nothing was recorded, why that usually happens (cookies off, a page
    left open too long, a form opened in another tab), and the way back to the form. Django's
    reason is for developers and names no person: it is not shown."""
    return render(request, "403_csrf.html", {"back": request.path}, status=403)
