from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.organisation_list, name="organisations"),
    path("regions/", views.regions, name="regions"),
    path("<int:pk>/", views.organisation_detail, name="organisation"),
    path(
        "people/<int:pk>/second-factor/reset/",
        views.second_factor_reset,
        name="second-factor-reset",
    ),
]
