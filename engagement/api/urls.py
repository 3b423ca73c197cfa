from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("directions", views.DirectionViewSet, basename="direction")
router.register("pcc-notices", views.PccNoticeViewSet, basename="pcc-notice")
router.register(
    "intelligence-reports", views.IntelligenceReportViewSet, basename="intelligence-report"
)
router.register(
    "information-requests", views.InformationRequestViewSet, basename="information-request"
)
router.register("meeting-requests", views.MeetingRequestViewSet, basename="meeting-request")
router.register("engagement-events", views.EngagementEventViewSet, basename="engagement-event")

urlpatterns = router.urls
