from django.urls import path

from . import views

app_name = "delivery"

urlpatterns = [
    path("requests/", views.requests_and_decisions, name="requests"),
    path("priorities/", views.priorities, name="priorities"),
    path("priorities/<slug:code>/", views.priority, name="priority"),
    path("performance-questions/", views.performance_questions, name="performance_questions"),
    path("force-area/", views.force_area, name="force_area"),
]
