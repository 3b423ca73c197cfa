from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from directory.api.base import RestrictedReadOnlyViewSet, RestrictedViewSetMixin
from governance import rules, selectors, services
from governance.filtersets import ActionFilterSet, GroupFilterSet, MeetingFilterSet
from governance.models import Action, GovernanceGroup, Meeting

from .serializers import (
    ActionSerializer,
    GovernanceGroupSerializer,
    MeetingChairSerializer,
    MeetingSerializer,
)


class GovernanceGroupViewSet(RestrictedReadOnlyViewSet):
    """The national and regional tasking and coordination groups (OP Annex C), with who
    chairs each and how often it meets. Regional groups share a code and differ by region."""

    queryset = GovernanceGroup.objects.select_related("region", "cadence")
    serializer_class = GovernanceGroupSerializer
    filterset_class = GroupFilterSet


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("group", str, description="A group's code, e.g. NTTCG."),
            OpenApiParameter("start_after", str, description="ISO 8601: starts at or after."),
            OpenApiParameter("start_before", str, description="ISO 8601: starts before."),
        ]
    )
)
class MeetingViewSet(RestrictedReadOnlyViewSet):
    """The groups' meetings you may see: the NCA sees all; others those of the groups they
    belong to and, for a ROCU's people, their region's groups."""

    queryset = Meeting.objects.select_related("group__region").order_by("starts_at", "id")
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet

    @extend_schema(request=MeetingChairSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def chair(self, request, pk=None):
        """Name who chairs the meeting: the holder of the group's chair post, or a
        stand-in with the reason (OP Annex C). The secretariat only."""
        meeting = self.get_object()
        rules.check_administers(request.user, doing="name a meeting's chair")
        people = selectors.people_choices(user=request.user)
        body = MeetingChairSerializer(data=request.data, context={"people": people})
        body.is_valid(raise_exception=True)
        meeting = services.meeting_set_chair(
            actor=request.user, meeting=meeting, **body.validated_data
        )
        return Response(MeetingSerializer(meeting).data)


class ActionViewSet(
    RestrictedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Actions from meetings. The secretariat and a meeting's chair create and change
    them; an action's owner changes its status (PATCH `{"status": "done"}`). Who may do
    what is the service's to decide (governance.rules `may_record_at`): a refusal is a
    403, a field the service refuses a 400 naming it."""

    queryset = Action.objects.select_related("meeting__group__region", "owner").order_by(
        "due_on", "id"
    )
    serializer_class = ActionSerializer
    filterset_class = ActionFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        action = services.action_create(
            actor=request.user,
            meeting=data["meeting"],
            description=data.get("description", ""),
            owner=data.get("owner"),
            due_on=data.get("due_on"),
            marking=data.get("marking", "official"),
        )
        return Response(self.get_serializer(action).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        action = self.get_object()
        serializer = self.get_serializer(action, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        action = services.action_update(
            actor=request.user, action=action, **serializer.validated_data
        )
        return Response(self.get_serializer(action).data)
