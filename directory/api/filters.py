"""How the API reads a list's filters: the app's filterset, as for the HTML list, and
stricter about what a client sends (a form leaves a filter blank to mean "any"; a
client leaves it out)."""

import django_filters
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

BOOLEANS = {"true", "false"}


class StrictFilterBackend(DjangoFilterBackend):
    """A filter sent blank, a yes/no filter sent anything but `true` or `false`, and a
    number filter on a whole-number field sent a fraction are refused (400, naming the
    filter) rather than ignored or answered with nothing."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            errors = {
                name: [problem]
                for name, flt in filterset.filters.items()
                if name in request.query_params
                and (problem := _problem(flt, request.query_params.getlist(name), queryset))
            }
            if errors:
                raise ValidationError(errors)
        return filterset


def _problem(flt, values, queryset) -> str | None:
    for value in values:
        if value.strip() == "":
            return "Give a value, or leave this filter out."
        if isinstance(flt, django_filters.BooleanFilter) and value not in BOOLEANS:
            return "Give true or false."
        if isinstance(flt, django_filters.NumberFilter) and _whole(flt, queryset):
            try:
                int(value)
            except ValueError:
                return "Give a whole number."
    return None


def _whole(flt, queryset) -> bool:
    """Whether the filter's field holds whole numbers (an integer or a record's id)."""
    try:
        field = queryset.model._meta.get_field(flt.field_name)
    except FieldDoesNotExist:  # a path through relations: not a plain field
        return False
    if field.is_relation:
        field = field.target_field
    return isinstance(field, models.IntegerField | models.AutoField)
