from django.urls import path

from . import views

app_name = "controllers"

urlpatterns = [
    path("", views.home, name="home"),
]
