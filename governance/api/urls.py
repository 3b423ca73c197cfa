from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("governance-groups", views.GovernanceGroupViewSet, basename="governance-group")
router.register("meetings", views.MeetingViewSet, basename="governance-meeting")
router.register("actions", views.ActionViewSet, basename="governance-action")
router.register("minutes", views.MinutesViewSet, basename="governance-minutes")
router.register("strategic-products", views.StrategicProductViewSet, basename="strategic-product")
router.register("product-versions", views.ProductVersionViewSet, basename="product-version")
router.register("submissions", views.SubmissionViewSet, basename="governance-submission")

urlpatterns = router.urls
