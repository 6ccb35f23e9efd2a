from django.urls import path

from . import views

urlpatterns = [
    path("hello/", views.hello),
    path("write/", views.durable_write),
    path("read/<str:token>/", views.indexed_read),
    path("form/", views.bare_form),
    path("form-check/", views.form_only),
]
