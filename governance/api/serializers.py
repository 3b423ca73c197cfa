from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from directory.api.base import ModelSerializer, TextField
from directory.api.schema import named_choice_field
from directory.choices import Marking
from directory.models import User
from directory.rules import TEXT_MAX_LENGTH
from governance.choices import (
    SUBMISSION_KINDS,
    ActionStatus,
    MinutesStatus,
    ProductKind,
    SubmissionStatus,
    VersionStatus,
)
from governance.models import (
    Action,
    Cadence,
    GovernanceGroup,
    Meeting,
    Minutes,
    ProductVersion,
    StrategicProduct,
    Submission,
)
from priorities.api.fields import priorities_field


class CadenceSerializer(ModelSerializer):
    description = serializers.CharField(source="describe", read_only=True)
    is_setting = serializers.BooleanField(
        read_only=True,
        help_text="True when the documents do not state it: the secretariat sets it.",
    )

    class Meta:
        model = Cadence
        fields = [
            "description",
            "unit",
            "interval",
            "anchor",
            "time_of_day",
            "duration_minutes",
            "working_days_only",
            "location",
            "stated_in",
            "is_setting",
        ]


class GovernanceGroupSerializer(ModelSerializer):
    region = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="The region's code; null for a national group."
    )
    cadence = CadenceSerializer(read_only=True)

    class Meta:
        model = GovernanceGroup
        fields = [
            "id",
            "code",
            "slug",
            "name",
            "level",
            "region",
            "parent",
            "chair_role",
            "chair_portal_role",
            "chair",
            "cadence",
            "purpose",
            "source",
        ]
        read_only_fields = fields


class MeetingSerializer(ModelSerializer):
    group_code = serializers.CharField(source="group.code", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    region = serializers.SlugRelatedField(
        source="group.region", slug_field="code", read_only=True, allow_null=True
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "group",
            "group_code",
            "group_name",
            "region",
            "starts_at",
            "ends_at",
            "status",
            "location",
            "chair",
            "chair_stand_in_reason",
            "url",
        ]
        # Named through the chair action (MeetingChairSerializer), never written here.
        read_only_fields = ["chair", "chair_stand_in_reason"]

    @extend_schema_field(serializers.CharField())
    def get_url(self, meeting) -> str:
        return meeting.get_absolute_url()


class MeetingChairSerializer(serializers.Serializer):
    """Who chairs one meeting. `chair` is a username (empty or null: the group's own
    chair); `stand_in_reason` is required when they do not hold the chair's post."""

    chair = serializers.CharField(allow_blank=True, allow_null=True, max_length=150)
    stand_in_reason = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=TEXT_MAX_LENGTH
    )

    def validate_chair(self, username):
        if not username:
            return None
        person = self.context["people"].filter(username=username.strip()).first()
        if person is None:
            raise serializers.ValidationError(
                f"No one you can see in the portal has the username “{username}”."
            )
        return person


class ActionSerializer(ModelSerializer):
    """An action from a meeting. On create, `meeting`, `description`, `owner` and
    `due_on` are required; on update the owner may change only `status`."""

    group = serializers.CharField(source="meeting.group.short_name", read_only=True)
    owner_name = serializers.CharField(source="owner.__str__", read_only=True)
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
    marking = serializers.ChoiceField(choices=Marking.choices, required=False)
    description = TextField(max_length=TEXT_MAX_LENGTH)
    marking_reason = TextField(
        max_length=TEXT_MAX_LENGTH,
        write_only=True,
        required=False,
        allow_blank=True,
        help_text="Why the marking is lowered; required to lower it (issue 9 §2).",
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "meeting",
            "group",
            "description",
            "owner",
            "owner_name",
            "due_on",
            "status",
            "marking",
            "marking_reason",
            "created_at",
            "completed_at",
        ]
        read_only_fields = ["created_at", "completed_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            # Only records the caller may see can be named: anything else is "not found".
            fields["meeting"].queryset = Meeting.objects.restrict(request.user, "view")
            fields["owner"].queryset = User.objects.restrict(request.user, "view").filter(
                is_active=True
            )
        if self.instance is not None:
            fields["meeting"].read_only = True
        return fields


VersionStatusField = named_choice_field("ProductVersionStatusEnum", VersionStatus.choices)
MinutesStatusField = named_choice_field("MinutesStatusEnum", MinutesStatus.choices)
SubmissionKindField = named_choice_field("SubmissionKindEnum", SUBMISSION_KINDS)
SubmissionStatusField = named_choice_field("SubmissionStatusEnum", SubmissionStatus.choices)
ProductKindField = named_choice_field("ProductKindEnum", ProductKind.choices)


def _text(**kwargs):
    kwargs.setdefault("max_length", TEXT_MAX_LENGTH)
    return TextField(**kwargs)


class ProductVersionSerializer(ModelSerializer):
    status = VersionStatusField(choices=VersionStatus.choices, read_only=True)
    priorities = priorities_field(
        read_only=True, help_text="The NCA priorities it sets out (PCC §11-12)."
    )

    class Meta:
        model = ProductVersion
        fields = [
            "id", "product", "number", "summary", "marking", "status", "prepared_at",
            "endorsed_at", "endorsed_on", "endorsed_by", "review_on", "priorities", "created_by",
            "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class StrategicProductSerializer(ModelSerializer):
    """A strategic product and the versions you may see (each is marked)."""

    kind = ProductKindField(choices=ProductKind.choices, read_only=True)
    group_code = serializers.CharField(source="group.code", read_only=True)
    region = serializers.SlugRelatedField(
        source="group.region", slug_field="code", read_only=True, allow_null=True
    )
    versions = ProductVersionSerializer(source="visible_versions", many=True, read_only=True)

    class Meta:
        model = StrategicProduct
        fields = ["id", "kind", "title", "group", "group_code", "region", "versions"]
        read_only_fields = fields


class ProductVersionCreateSerializer(serializers.Serializer):
    summary = _text()
    marking = serializers.ChoiceField(choices=Marking.choices)
    link = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="Where the document is kept (https://); files are uploaded on the page.",
    )
    priorities = priorities_field(
        default=list,
        help_text="The NCA priorities it sets out: ids of priorities in force "
        "(GET /api/priorities/).",
    )


class MeetingChoiceSerializer(serializers.Serializer):
    """A meeting, by its id; one you may not see answers like one that does not exist."""

    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.none())

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            fields["meeting"].queryset = Meeting.objects.restrict(request.user, "view")
        return fields


class EndorseSerializer(MeetingChoiceSerializer):
    review_on = serializers.DateField(help_text="When the endorsed version is to be reviewed.")


class MinutesSerializer(ModelSerializer):
    status = MinutesStatusField(choices=MinutesStatus.choices, read_only=True)

    class Meta:
        model = Minutes
        fields = [
            "id", "meeting", "text", "marking", "status", "approved_by", "approved_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class MinutesRecordSerializer(serializers.Serializer):
    text = _text()
    marking = serializers.ChoiceField(choices=Marking.choices)
    marking_reason = _text(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the marking is lowered; required to lower it (issue 9 §2).",
    )


class SubmissionSerializer(ModelSerializer):
    """What a group sends on from a meeting (OP Annex C). On create, `meeting`, `kind` and
    `title` are required."""

    kind = SubmissionKindField(choices=SUBMISSION_KINDS)
    status = SubmissionStatusField(choices=SubmissionStatus.choices, read_only=True)
    title = _text(max_length=200)
    detail = _text(required=False, allow_blank=True, default="")
    marking = serializers.ChoiceField(choices=Marking.choices, default=Marking.OFFICIAL)
    priority = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=1000
    )

    class Meta:
        model = Submission
        fields = [
            "id", "meeting", "kind", "title", "detail", "priority", "marking", "status",
            "recorded_by", "recorded_at",
        ]  # fmt: skip
        read_only_fields = ["status", "recorded_by", "recorded_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            fields["meeting"].queryset = Meeting.objects.restrict(request.user, "view")
        return fields
