from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("priorities", views.PriorityViewSet, basename="priority")

urlpatterns = router.urls
