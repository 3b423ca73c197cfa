from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from directory.access import require_role
from directory.api.base import RestrictedReadOnlyViewSet, RestrictedViewSetMixin

from .. import rules, selectors, services
from ..filtersets import ResultFilterSet, TargetFilterSet, TaskingRequestFilterSet
from ..models import Decision
from .serializers import (
    AlertSerializer,
    CapabilitySerializer,
    ChargeAgreementSerializer,
    ChargeSerializer,
    CheckSerializer,
    DecideSerializer,
    DecisionSerializer,
    OperationDecideSerializer,
    OperationSerializer,
    OutsidePrioritiesSerializer,
    ResolveSerializer,
    RespondSerializer,
    ResultSerializer,
    TargetSerializer,
    TaskingRequestSerializer,
)


class CapabilityViewSet(RestrictedReadOnlyViewSet):
    """The NCA's specialist capabilities partners may ask for (OP Annex E)."""

    serializer_class = CapabilitySerializer

    def get_queryset(self):
        return selectors.capability_list(user=self.request.user)


class TargetViewSet(
    RestrictedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Organised crime groups, individuals and vulnerabilities. New names and aliases are
    checked for overlaps with other organisations' records."""

    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet

    def get_queryset(self):
        return selectors.target_list(user=self.request.user).prefetch_related(
            "crime_types", "regions", "forces", "priorities"
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("marking_reason", None)  # a new target has no marking to lower
        serializer.instance = services.target_create(actor=self.request.user, **data)

    def perform_update(self, serializer):
        serializer.instance = services.target_update(
            actor=self.request.user, target=serializer.instance, **serializer.validated_data
        )


class TaskingRequestViewSet(
    RestrictedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Tasking and assistance requests, both ways. The requester's organisation is the
    caller's; each move answers 200 with the request, or 400/403 with the reason."""

    serializer_class = TaskingRequestSerializer
    filterset_class = TaskingRequestFilterSet

    def get_queryset(self):
        return selectors.request_answers(user=self.request.user)

    def perform_create(self, serializer):
        created = services.request_create(actor=self.request.user, **serializer.validated_data)
        # Read back as a list reads it, so that the answer has what is worked out (overdue).
        serializer.instance = self.get_queryset().get(pk=created.pk)

    def _done(self, request_obj):
        fresh = self.get_queryset().get(pk=request_obj.pk)
        return Response(self.get_serializer(fresh).data)

    def _move(self, service, **kwargs):
        return self._done(service(actor=self.request.user, request=self.get_object(), **kwargs))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._move(services.request_submit)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._move(services.request_withdraw)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        return self._move(services.request_assess)

    @extend_schema(request=DecideSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """The NCA decides: lead, support, coordinate or decline (OP §14)."""
        tasking_request = self.get_object()
        rules.check_may_answer(request.user, tasking_request)
        body = DecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.request_decide(
            actor=request.user, request=tasking_request, **body.service_arguments()
        )
        return self._done(tasking_request)

    @extend_schema(request=RespondSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        """A partner answers an NCA request: accept or decline (with a reason)."""
        tasking_request = self.get_object()
        rules.check_may_answer(request.user, tasking_request)
        body = RespondSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.request_respond(
            actor=request.user,
            request=tasking_request,
            accept=body.validated_data["answer"] == "accept",
            reason=body.validated_data["reason"],
        )
        return self._done(tasking_request)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._move(services.request_start)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._move(services.request_complete)

    @extend_schema(request=ChargeSerializer)
    @action(detail=True, methods=["post"], url_path="charge")
    def propose_charge(self, request, pk=None):
        """The tasking desk proposes a charge, by exception, with its reason (PCC §21,
        OP §10); a director approves it, then the partner's chief officer agrees it."""
        tasking_request = self.get_object()
        rules.check_may_propose_charge(request.user, tasking_request)
        body = ChargeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.charge_propose(actor=request.user, request=tasking_request, **body.validated_data)
        return self._done(tasking_request)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], url_path="charge/approve")
    def approve_charge(self, request, pk=None):
        """An NCA director or above approves the charge before the partner is asked."""
        tasking_request = self.get_object()
        services.charge_approve(actor=request.user, request=tasking_request)
        return self._done(tasking_request)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], url_path="charge/accept")
    def accept_charge(self, request, pk=None):
        """The partner's chief officer, or their delegate, agrees the approved charge."""
        tasking_request = self.get_object()
        services.charge_accept(actor=request.user, request=tasking_request)
        return self._done(tasking_request)


class ChargeViewSet(RestrictedReadOnlyViewSet):
    """Charges by exception: the NCA sees all within clearance, a partner its own once
    approved, a PCC office those agreed with the forces it governs (PCC §15, §21)."""

    serializer_class = ChargeAgreementSerializer

    def get_queryset(self):
        return selectors.charge_list(user=self.request.user)


class OperationViewSet(
    RestrictedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = OperationSerializer

    def get_queryset(self):
        return selectors.operation_detail(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.operation_create(
            actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=OperationDecideSerializer, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """A new entry in the operation's decision log (OP §18)."""
        operation = self.get_object()
        require_role(request.user, *rules.NCA_DECIDERS, doing="record the NCA's role in operations")
        body = OperationDecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision = services.operation_decide(
            actor=request.user, operation=operation, **body.service_arguments()
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OutsidePrioritiesSerializer, responses={201: OperationSerializer})
    @action(detail=True, methods=["post"], url_path="outside-priorities")
    def outside_priorities(self, request, pk=None):
        """The Director General decides to pursue the operation outside the NCA's
        priorities, with the reason and whether the Home Office was consulted (PCC Annex
        A ¶2). Once only: a second decision, or one on an operation that serves a
        priority in force, is a 400 naming `operation`."""
        operation = self.get_object()
        rules.check_may_decide_outside_priorities(request.user)
        body = OutsidePrioritiesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.outside_priorities_decide(
            actor=request.user, operation=operation, **body.validated_data
        )
        fresh = self.get_queryset().get(pk=operation.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ResultSerializer, responses={201: ResultSerializer})
    @action(detail=True, methods=["post"])
    def results(self, request, pk=None):
        """Record a result of the operation as it happens (PCC §9); 201 with the result."""
        operation = self.get_object()
        rules.check_may_record_result(request.user, operation)
        body = ResultSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        result = services.result_record(
            actor=request.user, operation=operation, **body.validated_data
        )
        return Response(ResultSerializer(result).data, status=status.HTTP_201_CREATED)


class ResultViewSet(RestrictedReadOnlyViewSet):
    """Operations' results, newest first (PCC §9, §14): those of the operations the
    caller may see, within their clearance. `?priority=` (a priority's code),
    `?region=` (a region's code), `?since=` (YYYY-MM-DD), `?kind=`, `?operation=`,
    `?force=`, `?nca_role=`."""

    serializer_class = ResultSerializer
    filterset_class = ResultFilterSet

    def get_queryset(self):
        return selectors.result_list(user=self.request.user)


class DecisionViewSet(RestrictedReadOnlyViewSet):
    """The decision logs: `?operation=` or `?request=`, in sequence."""

    serializer_class = DecisionSerializer
    queryset = Decision.objects.all()
    filterset_fields = ["operation", "request"]


class AlertViewSet(RestrictedReadOnlyViewSet):
    """Possible overlaps between organisations' records."""

    serializer_class = AlertSerializer

    def get_queryset(self):
        return selectors.alert_list(user=self.request.user)

    @extend_schema(request=ResolveSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        alert = self.get_object()
        body = ResolveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        alert = services.alert_resolve(actor=request.user, alert=alert, **body.validated_data)
        return Response(AlertSerializer(alert).data)


class DeconflictionCheckView(APIView):
    """Check names against other organisations' active targets and operations. Shows
    only what the caller may see: others' records as "held by" and whom to contact."""

    @extend_schema(
        request=CheckSerializer,
        responses=inline_serializer("DeconflictionResult", {"matches": serializers.ListField()}),
    )
    def post(self, request):
        body = CheckSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        matches = selectors.deconfliction_check(
            user=request.user, names=body.validated_data["names"]
        )
        return Response({"matches": matches})
