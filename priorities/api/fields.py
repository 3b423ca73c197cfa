"""The priorities a record serves, as the API takes and gives them: written as a list
of priority ids, read as each priority's id, code and title."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from directory.api.base import bounded_many

from ..models import Priority
from ..selectors import SHOWN

# More priorities than the documents set (PCC Annex A) on one record is a mistake.
MAX_PRIORITIES = 20


class PriorityField(serializers.PrimaryKeyRelatedField):
    """One priority: its id when written, its id, code and title when read."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Priority.objects.all(), **kwargs)

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        return {name: getattr(value, attribute) for name, attribute in SHOWN.items()}


def priorities_field(**kwargs):
    """The priorities a record serves: at most MAX_PRIORITIES ids, none by default."""
    kwargs.setdefault("required", False)
    kwargs.setdefault(
        "help_text",
        "Which of the NCA's priorities this serves: the ids of priorities in force "
        "(GET /api/priorities/).",
    )
    return bounded_many(PriorityField(), max_length=MAX_PRIORITIES, **kwargs)


class PriorityFieldSchema(OpenApiSerializerFieldExtension):
    """An integer id in a request body; the id, code and title in a response."""

    target_class = PriorityField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return {"type": "integer"}
        return {
            "type": "object",
            "properties": {
                "id": {"type": "integer", "readOnly": True},
                "code": {"type": "string", "readOnly": True},
                "title": {"type": "string", "readOnly": True},
            },
            "required": ["id", "code", "title"],
        }
