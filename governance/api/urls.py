from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("governance-groups", views.GovernanceGroupViewSet, basename="governance-group")
router.register("meetings", views.MeetingViewSet, basename="governance-meeting")
router.register("actions", views.ActionViewSet, basename="governance-action")

urlpatterns = router.urls
