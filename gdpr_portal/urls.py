"""Root URLs: Bulgarian at the root paths, English under /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from two_factor.urls import urlpatterns as two_factor_urls

from .account import confirm_password
from .views import healthz

# Errors raised by a middleware while the database is down answer 503, not 500.
handler500 = "gdpr_portal.views.server_error"
# A body past the app's size limits answers the page that states them.
handler400 = "gdpr_portal.views.bad_request"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
]

if settings.BENCHMARK_VIEWS:
    # The yardsticks of bench/scale.py (never in production: `check --deploy` warns).
    urlpatterns.append(path("bench/", include("bench.urls")))

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include(two_factor_urls)),
    path("account/confirm-password/", confirm_password, name="confirm_password"),
    path("<slug:slug>/privacy/", include("policies.urls")),
    path("", include("requests_app.urls")),
    path("", include("policies.controller_urls")),
    prefix_default_language=False,
)
