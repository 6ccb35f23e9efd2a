"""Root URLs: Bulgarian at the root paths, English under /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from two_factor.urls import urlpatterns as two_factor_urls

from controllers import views as controller_views
from controllers.admin_site import PortalAdminSite
from requests_app import views as request_views

# Every staff account signs in with a second factor.
admin.site.__class__ = PortalAdminSite

urlpatterns = [
    path("healthz", controller_views.healthz, name="healthz"),
]

if settings.BENCHMARK_VIEWS:
    # The yardstick of bench/scale.py: the cheapest Django view the same server can serve.
    urlpatterns.append(path("bench/bare/", controller_views.bench_bare))
    urlpatterns.append(path("bench/form/", request_views.bench_form_only))

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include(two_factor_urls)),
    path("<slug:slug>/privacy/", include("policies.urls")),
    path("", include("requests_app.urls")),
    path("", include("controllers.urls")),
    prefix_default_language=False,
)
