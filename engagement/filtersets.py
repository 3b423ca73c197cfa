"""One filterset per list, for the HTML page and the API alike."""

import django_filters

from directory.filtersets import PortalFilterSet

from .choices import (
    DirectionAction,
    DirectionKind,
    EventKind,
    InformationRequestStatus,
    MeetingRequestStatus,
)
from .models import (
    Direction,
    EngagementEvent,
    InformationRequest,
    IntelligenceReport,
    MeetingRequest,
    PccNotice,
)

NOTICE_STATUSES = [
    ("awaiting_delivery", "Awaiting delivery"),
    ("awaiting_acknowledgement", "Awaiting acknowledgement"),
    ("escalated", "Escalated, not acknowledged"),
    ("acknowledged", "Acknowledged"),
]


class DirectionFilterSet(PortalFilterSet):
    kind = django_filters.ChoiceFilter(choices=DirectionKind.choices, label="Kind")
    action = django_filters.ChoiceFilter(choices=DirectionAction.choices, label="Record")

    class Meta:
        model = Direction
        fields = ["kind", "action"]


class PccNoticeFilterSet(PortalFilterSet):
    status = django_filters.ChoiceFilter(
        choices=NOTICE_STATUSES, method="filter_status", label="Status"
    )

    class Meta:
        model = PccNotice
        fields = ["status"]

    def filter_status(self, queryset, name, value):
        return {
            "awaiting_delivery": queryset.filter(delivered_at__isnull=True),
            "awaiting_acknowledgement": queryset.filter(
                delivered_at__isnull=False, acknowledged_at__isnull=True, escalated_at__isnull=True
            ),
            "escalated": queryset.filter(escalated_at__isnull=False, acknowledged_at__isnull=True),
            "acknowledged": queryset.filter(acknowledged_at__isnull=False),
        }.get(value, queryset)


class IntelligenceReportFilterSet(PortalFilterSet):
    search = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Title")

    class Meta:
        model = IntelligenceReport
        fields = ["search"]


class InformationRequestFilterSet(PortalFilterSet):
    status = django_filters.ChoiceFilter(choices=InformationRequestStatus.choices, label="Status")

    class Meta:
        model = InformationRequest
        fields = ["status"]


class EventFilterSet(PortalFilterSet):
    kind = django_filters.ChoiceFilter(choices=EventKind.choices, label="Kind")

    class Meta:
        model = EngagementEvent
        fields = ["kind"]


class MeetingRequestFilterSet(PortalFilterSet):
    status = django_filters.ChoiceFilter(
        choices=MeetingRequestStatus.choices, label="Status", empty_label="Any status"
    )

    class Meta:
        model = MeetingRequest
        fields = ["status"]
