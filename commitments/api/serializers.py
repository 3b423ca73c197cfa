from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from directory.api.schema import named_choice_field

from ..choices import ScopeKind, Status
from ..forms import check_day

StatusField = named_choice_field("CommitmentStatus", Status.choices)
ScopeKindField = named_choice_field("CommitmentScopeKind", ScopeKind.choices)


class CommitmentQuerySerializer(serializers.Serializer):
    """`?on=YYYY-MM-DD` (default today), `?status=`, `?scope=` (its kind)."""

    on = serializers.DateField(required=False, help_text="The day to read; today if not given.")
    status = StatusField(choices=Status.choices, required=False)
    scope = ScopeKindField(choices=ScopeKind.choices, required=False)

    def to_internal_value(self, data):
        blank = [name for name in self.fields if name in data and not str(data[name]).strip()]
        if blank:
            raise serializers.ValidationError(
                {name: ["Give a value, or leave this filter out."] for name in blank}
            )
        return super().to_internal_value(data)

    def validate_on(self, value):
        try:
            check_day(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict["on"]) from error
        return value


class ScopeSerializer(serializers.Serializer):
    """National, a region, or a governing body."""

    kind = ScopeKindField(choices=ScopeKind.choices, source="scope_kind")
    id = serializers.IntegerField(
        source="scope_id", help_text="The region's or governing body's id; 0 when national."
    )
    name = serializers.CharField(source="scope_name")


class EvidenceSerializer(serializers.Serializer):
    label = serializers.CharField()
    link = serializers.CharField(help_text="The record's page in the portal.")


class CommitmentSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField(source="commitment.title")
    source = serializers.CharField(source="commitment.source", help_text="The paragraph.")
    scope = ScopeSerializer(source="*")
    status = StatusField(choices=Status.choices)
    due_on = serializers.DateField(allow_null=True)
    evidence = EvidenceSerializer(many=True, help_text="Only records the caller may see.")
    note = serializers.CharField(allow_blank=True)
