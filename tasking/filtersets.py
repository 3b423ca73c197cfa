import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from directory.choices import FORCE_KINDS
from directory.filtersets import DateBoxesFilter, PortalFilterSet
from directory.models import Organisation, Region
from priorities.choices import ThreatArea
from priorities.models import Priority as NcaPriority

from .choices import (
    NcaRole,
    Priority,
    RequestDirection,
    RequestStatus,
    ResultKind,
    TargetKind,
    Urgency,
)
from .models import OperationResult, TargetName, TaskingRequest
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


def priority_choices() -> list[tuple[str, str]]:
    """Each priority once, by its code, titled as its latest version is: a result is
    found by the priority it served, whichever version was in force on its day."""
    titles = {}
    for code, title in NcaPriority.objects.order_by("position", "code", "starts_on").values_list(
        "code", "title"
    ):
        titles[code] = title
    return list(titles.items())


class ResultFilterSet(PortalFilterSet):
    """One filterset for the results page and the API: by priority (its code), region
    (its code), the first day (`since`, ISO 8601 in the API), kind, operation, force and
    the NCA's role."""

    priority = django_filters.ChoiceFilter(
        field_name="priority__code", choices=priority_choices, label="Priority"
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), to_field_name="code", label="Region"
    )
    since = django_filters.DateFilter(
        field_name="occurred_on",
        lookup_expr="gte",
        label="Since",
        help_text="The first day: for example 2027-01-31.",
    )
    kind = django_filters.ChoiceFilter(choices=ResultKind.choices, label="Kind")
    operation = django_filters.NumberFilter(field_name="operation", label="Operation")
    force = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.filter(kind__in=FORCE_KINDS), label="Force"
    )
    nca_role = django_filters.ChoiceFilter(choices=NcaRole.choices, label="The NCA's role")

    class Meta:
        model = OperationResult
        fields = ["priority", "region", "since", "kind", "operation", "force", "nca_role"]


class ResultPageFilterSet(ResultFilterSet):
    """The results page's filters: the first day typed in the GOV.UK date boxes."""

    since = DateBoxesFilter(
        field_name="occurred_on",
        lookup_expr="gte",
        label="Since",
        help_text="The first day.",
        what="the first day",
    )
    operation = django_filters.NumberFilter(
        field_name="operation", label="Operation", widget=forms.HiddenInput
    )
