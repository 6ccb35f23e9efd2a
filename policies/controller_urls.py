from django.urls import path

from . import controller_views

# The namespace names what the pages show: the register's controllers.
app_name = "controllers"

urlpatterns = [
    path("", controller_views.home, name="home"),
    path("<slug:slug>/", controller_views.controller_detail, name="detail"),
]
