import django_filters
from django.db.models import CharField, Func, Q, Value

from .choices import OrganisationKind
from .forms import NamedErrorsMixin
from .models import Organisation, Region
from .widgets import DateField


class PortalFilterSet(django_filters.FilterSet):
    """Every list's filters: their form speaks as every project form does
    (`NamedErrorsMixin`), so a filter given an answer it does not take says which and
    what it takes ("Select a region from the list"), never Django's own words."""

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (NamedErrorsMixin, form_class), {})


class DateBoxesFilter(django_filters.Filter):
    """A date typed in the GOV.UK day, month and year boxes, for a page's filters (the
    API takes ISO 8601)."""

    field_class = DateField


class OrganisationFilterSet(PortalFilterSet):
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
