"""The public pages of the register's controllers: the list and a controller's page, which links
to its published policy (hence here, above the register, not in `controllers`)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from controllers.selectors import controller_get_public, controller_list_public

from .selectors import controller_policy_versions


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "controllers/controller_list.html", {"controllers": controller_list_public()}
    )


@require_safe
def controller_detail(request: HttpRequest, slug: str) -> HttpResponse:
    controller = controller_get_public(slug=slug)
    return render(
        request,
        "controllers/controller_detail.html",
        {"controller": controller, "policy": controller_policy_versions(controller=controller)},
    )
