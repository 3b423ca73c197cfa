"""Base classes every API view of the portal builds on."""

from django.db import models
from django.db.models.base import ModelBase
from rest_framework import serializers, viewsets
from rest_framework.fields import empty

from directory.access import get_visible_or_404, is_marked
from directory.rules import LIST_MAX_ITEMS
from directory.signals import records_listed

ACTION_FOR_METHOD = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "view",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class RestrictedViewSetMixin:
    """Reads go through the one permission entry point (`restrict`): a record the
    caller may not see answers 404, exactly like one that does not exist; a record they
    may see but not change or delete answers 403."""

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, "view")

    def get_object(self):
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        queryset = self.filter_queryset(self.get_queryset())
        obj = get_visible_or_404(
            self.request,
            queryset,
            action=ACTION_FOR_METHOD.get(self.request.method, "view"),
            **{self.lookup_field: self.kwargs[lookup_url_kwarg]},
        )
        self.check_object_permissions(self.request, obj)
        return obj

    def get_serializer(self, *args, **kwargs):
        """Every list and search answers through here with `many=True`: the marked
        records it returns are written to the access log, in one entry per response
        (issue 9 §5), from the same rows the serializer is given."""
        if kwargs.get("many") and args:
            rows = list(args[0])
            # The rows' own model, not get_queryset()'s: building a list's queryset again
            # only to name its model costs more than the rest of the check. (A list of
            # plain values names no model, and has no marking to log.)
            model = type(rows[0]) if rows else None
            if isinstance(model, ModelBase) and is_marked(model):
                records_listed.send(
                    sender=model, user=self.request.user, rows=rows, request=self.request
                )
            args = (rows, *args[1:])
        return super().get_serializer(*args, **kwargs)


class RestrictedReadOnlyViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class FullUpdateSerializerMixin:
    """A full update (PUT) replaces the record whole (issue 9 §2): every writable field
    must be sent, so a missing one is a 400 naming it, never a default written over the
    record (a marking lowered to OFFICIAL, aliases cleared). A partial update (PATCH)
    changes only the fields it names. Fields listed in `optional_on_update` (a reason
    for a change, say) are not part of the record and stay optional."""

    optional_on_update: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not self.partial:
            for name, field in fields.items():
                if not field.read_only and name not in self.optional_on_update:
                    field.required = True
                    field.default = empty
        return fields


class BoundedManyRelatedField(serializers.ManyRelatedField):
    """A list of related records, at most `max_length` of them (issue 9 §4: every list
    a person sends is bounded). DRF bounds ListField but not many related fields."""

    default_error_messages = {
        "max_length": "Give at most {max_length} here, not {length}.",
    }

    def __init__(self, *, max_length: int = LIST_MAX_ITEMS, gathered_as: str = "", **kwargs):
        self.max_length = max_length
        self.gathered_as = gathered_as
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        # A list's query may have gathered the related records already as they are shown
        # (an annotation named `gathered_as`): read them from the row, with no manager or
        # query of their own.
        if self.gathered_as and hasattr(instance, self.gathered_as):
            return Gathered(getattr(instance, self.gathered_as))
        return super().get_attribute(instance)

    def to_representation(self, iterable):
        if isinstance(iterable, Gathered):
            return list(iterable)
        return super().to_representation(iterable)

    def to_internal_value(self, data):
        if isinstance(data, list | tuple) and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length, length=len(data))
        return super().to_internal_value(data)


class Gathered(list):
    """Related records as a response shows them, gathered by the list's own query."""


def bounded_many(child_relation, *, max_length: int = LIST_MAX_ITEMS, **kwargs):
    """`many=True` for `child_relation`, with at most `max_length` items; `gathered_as`
    names an annotation holding them as shown, when the query gathers them."""
    return BoundedManyRelatedField(child_relation=child_relation, max_length=max_length, **kwargs)


class TextField(serializers.CharField):
    """Text, and only text: DRF's CharField takes a number and keeps its digits, so a
    client's mistake (a number where a name belongs) would be stored, not refused."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ModelSerializer(serializers.ModelSerializer):
    """A model's serializer whose text fields take text only (see TextField)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: TextField,
        models.TextField: TextField,
    }
