from django.urls import path

from . import views

urlpatterns = [path("commitments/", views.CommitmentListView.as_view(), name="commitment-list")]
