from django.urls import path

from . import views

app_name = "delivery"

urlpatterns = [
    path("requests/", views.requests_and_decisions, name="requests"),
]
