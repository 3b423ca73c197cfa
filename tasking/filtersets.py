import django_filters
from django.db.models import Exists, OuterRef

from directory.filtersets import PortalFilterSet
from directory.models import Region
from priorities.choices import ThreatArea

from .choices import Priority, RequestDirection, RequestStatus, TargetKind, Urgency
from .models import TargetName, TaskingRequest
from .rules import normalise_name
from .selectors import RECENTLY_DECIDED, recently_decided


class TargetFilterSet(PortalFilterSet):
    """One filterset for the targets page and the API."""

    search = django_filters.CharFilter(method="filter_search", label="Name or alias")
    kind = django_filters.ChoiceFilter(choices=TargetKind.choices, label="Kind")
    priority = django_filters.ChoiceFilter(choices=Priority.choices, label="Priority")
    threat_area = django_filters.ChoiceFilter(
        choices=ThreatArea.choices, method="filter_threat_area", label="Threat area"
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), to_field_name="code", label="Region", field_name="regions"
    )

    def filter_search(self, queryset, name, value):
        wanted = normalise_name(value)
        if not wanted:
            return queryset
        # LIKE on the normalised names uses their trigram index.
        names = TargetName.objects.filter(target=OuterRef("pk"), normalised__contains=wanted)
        return queryset.filter(Exists(names))

    def filter_threat_area(self, queryset, name, value):
        return queryset.filter(threat_areas__contains=[value])


class TaskingRequestFilterSet(PortalFilterSet):
    """One filterset for the requests page and the API."""

    search = django_filters.CharFilter(method="filter_search", label="Reference or summary")
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices, label="Status")
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices, label="Urgency")
    direction = django_filters.ChoiceFilter(choices=RequestDirection.choices, label="Direction")
    overdue = django_filters.BooleanFilter(label="Overdue only", method="filter_overdue")
    recently_decided = django_filters.BooleanFilter(
        label=f"Decided by the NCA in the last {RECENTLY_DECIDED.days} days",
        method="filter_recently_decided",
    )

    class Meta:
        model = TaskingRequest
        fields = ["search", "status", "urgency", "direction", "overdue", "recently_decided"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        pk = TaskingRequest.id_from_reference(value)
        if pk is not None:
            return queryset.filter(pk=pk)
        return queryset.filter(summary__icontains=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue=True) if value else queryset

    def filter_recently_decided(self, queryset, name, value):
        return queryset.filter(recently_decided()) if value else queryset
