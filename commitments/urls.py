from django.urls import path

from . import views

app_name = "commitments"
urlpatterns = [
    path("", views.index, name="index"),
    path("settings/", views.settings_edit, name="settings"),
]
