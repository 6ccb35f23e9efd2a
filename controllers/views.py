from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from policies.selectors import controller_has_public_policy

from .selectors import controller_get_public, controller_list_public


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "controllers/controller_list.html", {"controllers": controller_list_public()}
    )


@require_safe
def controller_detail(request: HttpRequest, slug: str) -> HttpResponse:
    controller = controller_get_public(slug=slug)
    has_policy = controller_has_public_policy(controller=controller)
    return render(
        request,
        "controllers/controller_detail.html",
        {"controller": controller, "has_policy": has_policy},
    )


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: 200 when the database answers a query, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def bench_bare(request: HttpRequest) -> HttpResponse:
    """Only mounted when BENCHMARK_VIEWS is set: the baseline the benchmarks compare against."""
    return HttpResponse("ok", content_type="text/plain")
