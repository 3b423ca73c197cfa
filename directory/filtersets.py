import django_filters
from django.db.models import CharField, Func, Q, Value

from .choices import OrganisationKind
from .models import Organisation, Region


class OrganisationFilterSet(django_filters.FilterSet):
    """One filterset for the directory page and the API."""

    search = django_filters.CharFilter(method="filter_search", label="Name")
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, label="Kind")
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), to_field_name="code", label="Region"
    )

    class Meta:
        model = Organisation
        fields = ["search", "kind", "region"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        former_names = Func(
            "former_names", Value(" "), function="array_to_string", output_field=CharField()
        )
        return queryset.alias(former=former_names).filter(
            Q(name__icontains=value) | Q(short_name__iexact=value) | Q(former__icontains=value)
        )
