import django_filters
from django.utils import timezone

from directory.filtersets import PortalFilterSet

from .choices import PriorityKind, ThreatArea
from .models import Priority


class PriorityFilterSet(PortalFilterSet):
    """The priorities in force on a day (today unless `on` says otherwise), of a kind or
    naming a threat area."""

    on = django_filters.DateFilter(
        method="filter_on", label="In force on", help_text="A date: for example 2027-01-31."
    )
    code = django_filters.CharFilter(label="Code", max_length=60)
    kind = django_filters.ChoiceFilter(choices=PriorityKind.choices, label="Kind")
    threat_area = django_filters.ChoiceFilter(
        choices=ThreatArea.choices, method="filter_threat_area", label="Threat area"
    )

    class Meta:
        model = Priority
        fields = ["on", "code", "kind", "threat_area"]

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("on"):
            queryset = queryset.in_force(timezone.localdate())
        return queryset

    def filter_on(self, queryset, name, value):
        return queryset.in_force(value)

    def filter_threat_area(self, queryset, name, value):
        return queryset.filter(threat_areas__contains=[value])
