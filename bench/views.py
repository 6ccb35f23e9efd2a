"""The benchmark's yardsticks (bench/scale.py), mounted only when BENCHMARK_VIEWS is set (never
in production: `check --deploy` warns)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from requests_app.forms import RequestForm


def bare(request: HttpRequest) -> HttpResponse:
    """The cheapest Django view the same server can serve."""
    return HttpResponse("ok", content_type="text/plain")


@require_POST
def form_only(request: HttpRequest) -> HttpResponse:
    """The request form checked (CSRF, every field, the anti-bot time) and answered with a
    redirect, nothing stored: set beside the real POST, it shows what storing costs and what the
    framework costs."""
    form = RequestForm(request.POST, request.FILES)
    if not form.is_valid():
        return HttpResponse(status=400)
    return redirect("/bench/bare/")
