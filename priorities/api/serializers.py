from rest_framework import serializers

from directory.api.base import ModelSerializer
from directory.api.schema import named_choice_field

from ..choices import PriorityKind, ThreatArea
from ..models import Priority

PriorityKindField = named_choice_field("PriorityKindEnum", PriorityKind.choices)


class PrioritySerializer(ModelSerializer):
    kind = PriorityKindField(choices=PriorityKind.choices, read_only=True)
    threat_areas = serializers.ListField(
        child=serializers.ChoiceField(choices=ThreatArea.choices), read_only=True
    )
    valid_from = serializers.DateField(source="starts_on", read_only=True)
    valid_to = serializers.DateField(source="ends_on", read_only=True, allow_null=True)

    class Meta:
        model = Priority
        fields = [
            "id",
            "code",
            "version",
            "kind",
            "title",
            "description",
            "threat_areas",
            "set_by",
            "source",
            "valid_from",
            "valid_to",
        ]
        read_only_fields = fields
