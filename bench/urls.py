from django.urls import path

from . import views

urlpatterns = [
    path("bare/", views.bare),
    path("form/", views.form_only),
]
