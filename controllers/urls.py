from django.urls import path

from . import views

app_name = "controllers"

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:slug>/", views.controller_detail, name="detail"),
]
