from django.urls import path

from . import views

app_name = "requests_app"

urlpatterns = [
    path("<slug:slug>/requests/new/", views.request_new, name="new"),
    # Before the status page: "find" is never a token (tokens are long and random).
    path("requests/find/", views.requests_find, name="find"),
    path("requests/<str:token>/", views.request_status, name="status"),
    path("requests/<str:token>/receipt/", views.request_receipt, name="receipt"),
    path("requests/<str:token>/confirm/<str:signed>/", views.request_confirm, name="confirm"),
    path("requests/<str:token>/resend/", views.request_resend, name="resend"),
    path("requests/<str:token>/reply/", views.request_reply, name="reply"),
    path("requests/<str:token>/files/<str:document>/", views.message_file, name="message_file"),
    path(
        "requests/<str:token>/documents/<str:document>/",
        views.document_download,
        name="document",
    ),
]
