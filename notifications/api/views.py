from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from directory.api.base import RestrictedReadOnlyViewSet
from notifications import selectors, services
from notifications.models import Notification

from .serializers import NotificationSerializer

UNREAD = OpenApiParameter(
    "unread", OpenApiTypes.BOOL, description="Only the notifications not yet read."
)


@extend_schema_view(list=extend_schema(parameters=[UNREAD]))
class NotificationViewSet(RestrictedReadOnlyViewSet):
    """The signed-in person's own notifications, newest first; another person's does not
    exist here. Mark one read with POST …/read/."""

    queryset = Notification.objects.all()
    serializer_class = NotificationSerializer

    def get_queryset(self):
        unread = self.request.query_params.get("unread", "false").lower()
        if unread not in {"true", "false"}:
            raise ValidationError({"unread": "Give true or false."})
        return selectors.notification_list(user=self.request.user, unread=unread == "true")

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = services.notification_mark_read(
            actor=request.user, notification=self.get_object()
        )
        return Response(self.get_serializer(notification).data)
