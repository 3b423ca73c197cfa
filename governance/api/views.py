"""The governance API: the same permission entry point and the same services as the
pages (governance/services), so that every rule holds the same whichever way it is
reached. A record the caller may not see answers 404; a role that may not act, 403; a
rule the input breaks, 400 naming the field."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from directory.api.base import RestrictedReadOnlyViewSet, RestrictedViewSetMixin
from governance import rules, selectors, services
from governance.filtersets import ActionFilterSet, GroupFilterSet, MeetingFilterSet
from governance.models import Action, GovernanceGroup, Meeting, Minutes, ProductVersion, Submission

from .serializers import (
    ActionSerializer,
    EndorseSerializer,
    GovernanceGroupSerializer,
    MeetingChairSerializer,
    MeetingChoiceSerializer,
    MeetingSerializer,
    MinutesRecordSerializer,
    MinutesSerializer,
    ProductVersionCreateSerializer,
    ProductVersionSerializer,
    StrategicProductSerializer,
    SubmissionSerializer,
)


def _input(serializer_class, request):
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


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
    belong to and, for a ROCU's people, their region's groups. A meeting's minutes are
    drafted by the secretariat, amended by its attendees while circulated, and approved
    by its chair (governance.rules `check_may_draft_minutes`, `check_may_circulate_minutes`,
    `check_may_approve_minutes`)."""

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

    def _minutes(self, minutes, code=status.HTTP_200_OK):
        return Response(MinutesSerializer(minutes).data, status=code)

    @extend_schema(request=MinutesRecordSerializer, responses={200: MinutesSerializer})
    @action(detail=True, methods=["post"], url_path="minutes")
    def minutes_record(self, request, pk=None):
        """Draft the minutes (the secretariat), or amend them while circulated (an
        attendee or the chair)."""
        meeting = self.get_object()
        rules.check_may_draft_minutes(request.user, Minutes.objects.filter(meeting=meeting).first())
        data = _input(MinutesRecordSerializer, request)
        return self._minutes(services.minutes_save(actor=request.user, meeting=meeting, **data))

    @extend_schema(request=None, responses={200: MinutesSerializer})
    @action(detail=True, methods=["post"], url_path="minutes/circulate")
    def minutes_circulate(self, request, pk=None):
        meeting = self.get_object()
        return self._minutes(services.minutes_circulate(actor=request.user, meeting=meeting))

    @extend_schema(request=None, responses={200: MinutesSerializer})
    @action(detail=True, methods=["post"], url_path="minutes/approve")
    def minutes_approve(self, request, pk=None):
        meeting = self.get_object()
        return self._minutes(services.minutes_approve(actor=request.user, meeting=meeting))


class MinutesViewSet(RestrictedReadOnlyViewSet):
    """The minutes you may read: approved minutes with their meeting; drafts the
    secretariat's and the chair's; circulated minutes the attendees' too."""

    queryset = Minutes.objects.select_related("meeting").order_by("-meeting__starts_at", "id")
    serializer_class = MinutesSerializer
    filterset_fields = ["meeting"]


class StrategicProductViewSet(RestrictedReadOnlyViewSet):
    """The strategic products of the groups (OP Annex C ¶1), with the versions you may
    see. The secretariat adds versions; the group that develops a product sends a draft on,
    and the group that sets it endorses it, at one of their meetings."""

    serializer_class = StrategicProductSerializer

    def get_queryset(self):
        return selectors.product_list(user=self.request.user).order_by("pk")

    @extend_schema(
        request=ProductVersionCreateSerializer, responses={201: ProductVersionSerializer}
    )
    @action(detail=True, methods=["post"])
    def versions(self, request, pk=None):
        product = self.get_object()
        rules.check_administers(request.user, doing="add a version of a strategic product")
        version = services.product_version_create(
            actor=request.user, product=product, **_input(ProductVersionCreateSerializer, request)
        )
        return Response(ProductVersionSerializer(version).data, status=status.HTTP_201_CREATED)


class ProductVersionViewSet(RestrictedReadOnlyViewSet):
    """The versions of the strategic products you may see, each within your clearance."""

    queryset = ProductVersion.objects.order_by("product", "-number")
    serializer_class = ProductVersionSerializer
    filterset_fields = ["product", "status"]

    @extend_schema(request=MeetingChoiceSerializer, responses={200: ProductVersionSerializer})
    @action(detail=True, methods=["post"])
    def prepare(self, request, pk=None):
        """The NSIG has developed the draft at `meeting`: it goes on to the NSTCG."""
        version = self.get_object()
        rules.check_administers(request.user, doing="send a product on for endorsement")
        data = _input(MeetingChoiceSerializer, request)
        version = services.product_version_prepare(
            actor=request.user, version=version, meeting=data["meeting"]
        )
        return Response(ProductVersionSerializer(version).data)

    @extend_schema(request=EndorseSerializer, responses={200: ProductVersionSerializer})
    @action(detail=True, methods=["post"])
    def endorse(self, request, pk=None):
        """The product's group endorses the version at `meeting`, to be reviewed on
        `review_on`."""
        version = self.get_object()
        meetings = selectors.endorsement_meetings(user=request.user, version=version)
        rules.check_may_record_at_one_of(request.user, meetings, doing="record endorsements")
        data = _input(EndorseSerializer, request)
        version = services.product_version_endorse(actor=request.user, version=version, **data)
        return Response(ProductVersionSerializer(version).data)


class SubmissionViewSet(
    RestrictedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """What the groups send on from their meetings (OP Annex C): recommendations, reports
    and activity. The secretariat records them; each goes onto the receiving groups'
    next agendas."""

    queryset = Submission.objects.select_related("meeting").order_by("-recorded_at", "id")
    serializer_class = SubmissionSerializer
    filterset_fields = ["meeting", "kind"]

    def create(self, request, *args, **kwargs):
        rules.check_administers(request.user, doing="record what a group sends to another")
        data = _input(SubmissionSerializer, request)
        submission = services.submission_record(actor=request.user, **data)
        return Response(self.get_serializer(submission).data, status=status.HTTP_201_CREATED)


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
