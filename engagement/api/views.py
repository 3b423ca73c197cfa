"""The API: the same permission entry point and the same services as the pages. A
record the caller may not see answers 404; a role that may not act, 403; a rule the
input breaks, 400 naming the field and the rule."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from directory.access import require_role
from directory.api.base import RestrictedReadOnlyViewSet, RestrictedViewSetMixin

from .. import rules, selectors, services
from ..filtersets import (
    DirectionFilterSet,
    EventFilterSet,
    InformationRequestFilterSet,
    IntelligenceReportFilterSet,
    MeetingRequestFilterSet,
    PccNoticeFilterSet,
)
from ..models import EventInvitation
from .serializers import (
    DirectionCreateSerializer,
    DirectionRevokeSerializer,
    DirectionSerializer,
    DirectionVarySerializer,
    EngagementEventSerializer,
    InformationRequestConsiderSerializer,
    InformationRequestCreateSerializer,
    InformationRequestRespondSerializer,
    InformationRequestSerializer,
    InformationRequestWithdrawSerializer,
    IntelligenceReportCreateSerializer,
    IntelligenceReportForNcaSerializer,
    IntelligenceReportSerializer,
    InvitationAnswerSerializer,
    MeetingAttendanceSerializer,
    MeetingRequestAnswerSerializer,
    MeetingRequestCreateSerializer,
    MeetingRequestSerializer,
    PccNoticeSerializer,
    RegionalMeetingSerializer,
)


def _input(serializer_class, request):
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class CreateViewSet(RestrictedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    pass


class DirectionViewSet(CreateViewSet):
    """Statutory directions (PCC §6, §20; OP §9, §11). The Director General, the DDG,
    Directors and tasking officers read every direction within their clearance; the
    chief officer of the organisation directed reads those to it. Only the Director
    General issues, varies or revokes one; an issued direction is never edited."""

    queryset = selectors.directions()
    serializer_class = DirectionSerializer
    filterset_class = DirectionFilterSet

    @extend_schema(request=DirectionCreateSerializer, responses={201: DirectionSerializer})
    def create(self, request, *args, **kwargs):
        rules.check_may_issue_directions(request.user)
        data = _input(DirectionCreateSerializer, request)
        related = selectors.tasking_request_for(
            user=request.user, reference=data.pop("related_request")
        )
        direction = services.direction_issue(actor=request.user, related_request=related, **data)
        return Response(self._show(direction), status=status.HTTP_201_CREATED)

    @extend_schema(request=DirectionVarySerializer, responses={201: DirectionSerializer})
    @action(detail=True, methods=["post"])
    def vary(self, request, pk=None):
        rules.check_may_issue_directions(request.user)
        direction = self.get_object()
        data = _input(DirectionVarySerializer, request)
        amendment = services.direction_vary(actor=request.user, direction=direction, **data)
        return Response(self._show(amendment), status=status.HTTP_201_CREATED)

    @extend_schema(request=DirectionRevokeSerializer, responses={201: DirectionSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        rules.check_may_issue_directions(request.user)
        direction = self.get_object()
        data = _input(DirectionRevokeSerializer, request)
        amendment = services.direction_revoke(actor=request.user, direction=direction, **data)
        return Response(self._show(amendment), status=status.HTTP_201_CREATED)

    def _show(self, direction):
        return DirectionSerializer(self.get_queryset().get(pk=direction.pk)).data


class PccNoticeViewSet(RestrictedReadOnlyViewSet):
    """Notices to the bodies governing forces whose chief officers were directed
    (PCC §20). A PCC office sees its own body's once delivered, and acknowledges them."""

    queryset = selectors.notices()
    serializer_class = PccNoticeSerializer
    filterset_class = PccNoticeFilterSet

    @extend_schema(request=None, responses=PccNoticeSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        notice = services.pcc_notice_acknowledge(actor=request.user, notice=self.get_object())
        return Response(PccNoticeSerializer(self.get_queryset().get(pk=notice.pk)).data)


class IntelligenceReportViewSet(CreateViewSet):
    """Key intelligence reports circulated to PCCs (PCC §19). A PCC office sees only those
    circulated to it, within its clearance; opening one records a read receipt, which the
    NCA sees."""

    queryset = selectors.reports()
    filterset_class = IntelligenceReportFilterSet

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.user.organisation.is_nca:
            queryset = queryset.prefetch_related("read_receipts", "governing_bodies")
        return queryset

    def get_serializer_class(self):
        if self.request.user.is_authenticated and self.request.user.organisation.is_nca:
            return IntelligenceReportForNcaSerializer
        return IntelligenceReportSerializer

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        services.report_opened(reader=request.user, report=report)
        return Response(self.get_serializer(report).data)

    @extend_schema(
        request=IntelligenceReportCreateSerializer, responses={201: IntelligenceReportSerializer}
    )
    def create(self, request, *args, **kwargs):
        rules.check_may_publish_reports(request.user)
        report = services.intelligence_report_publish(
            actor=request.user, **_input(IntelligenceReportCreateSerializer, request)
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=report.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class InformationRequestViewSet(CreateViewSet):
    """PCCs' requests for information on threats in their areas (PCC §19): a PCC office
    asks and may withdraw; NCA analysts and tasking officers consider, then answer,
    answer in part or decline with a reason. Both sides see the timeline."""

    queryset = selectors.information_requests()
    serializer_class = InformationRequestSerializer
    filterset_class = InformationRequestFilterSet

    def get_queryset(self):
        steps = selectors.timeline_steps(user=self.request.user)
        return super().get_queryset().prefetch_related(Prefetch("timeline", queryset=steps))

    def _show(self, rfi, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=rfi.pk)).data, status=code)

    @extend_schema(
        request=InformationRequestCreateSerializer, responses={201: InformationRequestSerializer}
    )
    def create(self, request, *args, **kwargs):
        rules.check_may_ask_for_information(request.user)
        rfi = services.information_request_submit(
            actor=request.user, **_input(InformationRequestCreateSerializer, request)
        )
        return self._show(rfi, status.HTTP_201_CREATED)

    @extend_schema(request=InformationRequestConsiderSerializer)
    @action(detail=True, methods=["post"])
    def consider(self, request, pk=None):
        rfi = self.get_object()
        rules.check_may_handle_information_requests(request.user)
        data = _input(InformationRequestConsiderSerializer, request)
        return self._show(
            services.information_request_consider(actor=request.user, request=rfi, **data)
        )

    @extend_schema(request=InformationRequestRespondSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        rfi = self.get_object()
        rules.check_may_handle_information_requests(request.user)
        data = _input(InformationRequestRespondSerializer, request)
        return self._show(
            services.information_request_respond(actor=request.user, request=rfi, **data)
        )

    @extend_schema(request=InformationRequestWithdrawSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        rfi = self.get_object()
        rules.check_may_ask_for_information(request.user)
        data = _input(InformationRequestWithdrawSerializer, request)
        return self._show(
            services.information_request_withdraw(actor=request.user, request=rfi, **data)
        )


class EngagementEventViewSet(RestrictedReadOnlyViewSet):
    """The engagement days and regional meetings (PCC §17, §18): the NCA sees them all;
    an organisation those it is invited to. The NCA's organisers and the ROCCs record a
    regional meeting; an invited organisation answers its invitation, and the organisers
    record who attended."""

    queryset = selectors.events().prefetch_related(
        Prefetch("invitations", queryset=EventInvitation.objects.all())
    )
    serializer_class = EngagementEventSerializer
    filterset_class = EventFilterSet

    def _show(self, event, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=event.pk)).data, status=code)

    @extend_schema(request=RegionalMeetingSerializer, responses={201: EngagementEventSerializer})
    @action(detail=False, methods=["post"], url_path="regional-meetings")
    def regional_meeting(self, request):
        """Record that the DG, DDG or a Director met a region's PCCs and chief officers,
        and who attended (PCC §18)."""
        require_role(request.user, *rules.MEETING_RECORDERS, doing="record regional meetings")
        event = services.regional_meeting_record(
            actor=request.user, **_input(RegionalMeetingSerializer, request)
        )
        return self._show(event, status.HTTP_201_CREATED)

    @extend_schema(request=InvitationAnswerSerializer, responses={200: EngagementEventSerializer})
    @action(detail=True, methods=["post"], url_path=r"invitations/(?P<invitation_pk>[0-9]+)")
    def invitation(self, request, pk=None, invitation_pk=None):
        """Accept or decline the invitation to your organisation; or, for the NCA's
        organisers, record whether the invitee attended."""
        event = self.get_object()
        invitation = get_object_or_404(EventInvitation, pk=invitation_pk, event=event)
        data = _input(InvitationAnswerSerializer, request)
        services.invitation_update(actor=request.user, invitation=invitation, **data)
        return self._show(event)


class MeetingRequestViewSet(CreateViewSet):
    """A PCC office's requests that the NCA attend a meeting (PCC §18): the office asks;
    the NCA's engagement staff accept, or decline with a reason; they or the ROCC record
    whether the NCA attended. Both sides are told at each step."""

    serializer_class = MeetingRequestSerializer
    filterset_class = MeetingRequestFilterSet

    def get_queryset(self):
        return selectors.meeting_request_list(user=self.request.user)

    def _show(self, meeting_request, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=meeting_request.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    @extend_schema(
        request=MeetingRequestCreateSerializer, responses={201: MeetingRequestSerializer}
    )
    def create(self, request, *args, **kwargs):
        rules.check_may_ask_for_meeting(request.user)
        meeting_request = services.meeting_request_submit(
            actor=request.user, **_input(MeetingRequestCreateSerializer, request)
        )
        return self._show(meeting_request, status.HTTP_201_CREATED)

    @extend_schema(request=MeetingRequestAnswerSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        meeting_request = self.get_object()
        rules.check_may_answer_meeting_requests(request.user)
        data = _input(MeetingRequestAnswerSerializer, request)
        return self._show(
            services.meeting_request_answer(actor=request.user, request=meeting_request, **data)
        )

    @extend_schema(request=MeetingAttendanceSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        meeting_request = self.get_object()
        rules.check_may_record_meeting_attendance(request.user)
        data = _input(MeetingAttendanceSerializer, request)
        return self._show(
            services.meeting_request_record_attendance(
                actor=request.user, request=meeting_request, **data
            )
        )
