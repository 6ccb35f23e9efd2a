from django.urls import path, register_converter

from . import views


class VersionNumber:
    regex = "[1-9][0-9]{0,5}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(VersionNumber, "version")

app_name = "policies"

urlpatterns = [
    path("", views.policy_current, name="current"),
    path("v<version:number>/", views.policy_version, name="version"),
    path("v<version:number>.pdf", views.policy_pdf, name="pdf"),
    path("history/", views.policy_history, name="history"),
    path("diff/<version:a>/<version:b>/", views.policy_diff, name="diff"),
    path("feed/", views.PolicyFeed(), name="feed"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/<str:token>/", views.subscription_confirm, name="subscription_confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
