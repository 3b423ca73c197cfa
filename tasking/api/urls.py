from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("targets", views.TargetViewSet, basename="target")
router.register("capabilities", views.CapabilityViewSet, basename="capability")
router.register("tasking-requests", views.TaskingRequestViewSet, basename="tasking-request")
router.register("operations", views.OperationViewSet, basename="operation")
router.register("charges", views.ChargeViewSet, basename="charge")
router.register("results", views.ResultViewSet, basename="result")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("deconfliction/alerts", views.AlertViewSet, basename="deconfliction-alert")

urlpatterns = [
    path(
        "deconfliction/check/", views.DeconflictionCheckView.as_view(), name="deconfliction-check"
    ),
    *router.urls,
]
