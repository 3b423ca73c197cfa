"""The API's shapes. Input serializers only parse: the services apply the rules and
name them when they refuse (400), exactly as the HTML forms show them."""

from rest_framework import serializers

from directory.api.base import ModelSerializer, TextField, bounded_many
from directory.api.schema import named_choice_field
from directory.choices import Marking
from directory.models import Organisation, Region, User
from directory.rules import NAME_MAX_LENGTH, TEXT_MAX_LENGTH
from priorities.choices import ThreatArea

from ..choices import (
    AttendanceStatus,
    Audience,
    DirectionKind,
    EventKind,
    HandlingCode,
    InformationRequestOutcome,
    InformationRequestStatus,
    IntelligenceAssessment,
    MeetingRequestAnswer,
    MeetingRequestStatus,
    SourceEvaluation,
    VoluntaryGround,
)
from ..models import (
    Direction,
    EngagementEvent,
    EventInvitation,
    InformationRequest,
    InformationRequestStep,
    IntelligenceReport,
    MeetingRequest,
    PccNotice,
)


def _text(**kwargs):
    kwargs.setdefault("max_length", TEXT_MAX_LENGTH)
    return TextField(required=False, allow_blank=True, default="", **kwargs)


DirectionKindField = named_choice_field("DirectionKindEnum", DirectionKind.choices)
EventKindField = named_choice_field("EngagementEventKindEnum", EventKind.choices)
AudienceField = named_choice_field("ReportAudienceEnum", Audience.choices)
RequestStatusField = named_choice_field(
    "InformationRequestStatusEnum", InformationRequestStatus.choices
)
AnswerMarkingField = named_choice_field("AnswerMarkingEnum", Marking.choices)


class DirectionSerializer(ModelSerializer):
    reference = serializers.CharField(read_only=True)
    addressee = serializers.CharField(read_only=True)
    eligibility = serializers.SlugRelatedField(slug_field="code", read_only=True)
    legal_basis = serializers.CharField(source="eligibility.legal_basis", read_only=True)
    kind = DirectionKindField(choices=DirectionKind.choices, read_only=True)
    pcc_notice = serializers.SerializerMethodField(help_text="The notice it owes, if any.")
    revoked = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = Direction
        fields = [
            "id", "reference", "kind", "action", "amends", "recipient_organisation", "addressee",
            "eligibility", "legal_basis", "summary", "detail", "voluntary_ground",
            "voluntary_arrangements_failure",
            "related_request", "secretary_of_state_consent_reference", "conditions_basis",
            "reason", "marking", "issued_by", "issued_at", "pcc_notice", "revoked",
        ]  # fmt: skip
        read_only_fields = fields

    def get_pcc_notice(self, direction) -> int | None:
        notice = getattr(direction, "pcc_notice", None)
        return notice.pk if notice else None


class DirectionCreateSerializer(serializers.Serializer):
    kind = DirectionKindField(choices=DirectionKind.choices)
    recipient_organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    summary = _text(max_length=300)
    detail = _text()
    voluntary_ground = serializers.ChoiceField(
        choices=VoluntaryGround.choices, help_text="Why voluntary arrangements failed."
    )
    voluntary_arrangements_failure = _text()
    secretary_of_state_consent_reference = _text(max_length=120)
    conditions_basis = _text()
    related_request = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, default=None, max_length=40,
        help_text="The id (or TR- reference) of the voluntary request that failed.",
    )  # fmt: skip
    marking = serializers.ChoiceField(choices=Marking.choices)


class DirectionVarySerializer(serializers.Serializer):
    summary = _text(max_length=300)
    detail = _text()
    reason = _text()
    marking = serializers.ChoiceField(choices=Marking.choices, required=False, allow_null=True)
    marking_reason = _text(help_text="Why the marking is lowered; required to lower it.")
    secretary_of_state_consent_reference = _text(max_length=120)
    conditions_basis = _text()


class DirectionRevokeSerializer(serializers.Serializer):
    reason = _text()


class PccNoticeSerializer(ModelSerializer):
    reference = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = PccNotice
        fields = [
            "id", "reference", "direction", "force", "governing_body", "text", "marking",
            "created_at", "delivered_at", "acknowledgement_due_on", "acknowledged_at",
            "acknowledged_by", "escalated_at", "status",
        ]  # fmt: skip
        read_only_fields = fields


class IntelligenceReportSerializer(ModelSerializer):
    reference = serializers.CharField(read_only=True)
    grading = serializers.CharField(read_only=True)
    audience = AudienceField(choices=Audience.choices, read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = IntelligenceReport
        fields = [
            "id", "reference", "title", "summary", "marking", "handling_instruction",
            "handling_conditions", "source_evaluation", "intelligence_assessment",
            "handling_code", "grading", "audience", "region", "published_by", "published_at",
        ]  # fmt: skip
        read_only_fields = fields


class IntelligenceReportForNcaSerializer(IntelligenceReportSerializer):
    """What the NCA sees besides: who the report went to and who has opened it."""

    governing_bodies = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    read_receipts = serializers.SerializerMethodField()

    class Meta(IntelligenceReportSerializer.Meta):
        fields = [*IntelligenceReportSerializer.Meta.fields, "governing_bodies", "read_receipts"]
        read_only_fields = fields

    def get_read_receipts(self, report) -> list[dict]:
        return [
            {
                "reader": receipt.reader_id,
                "organisation": receipt.organisation_id,
                "first_opened_at": receipt.first_opened_at,
            }
            for receipt in report.read_receipts.all()
        ]


class IntelligenceReportCreateSerializer(serializers.Serializer):
    title = _text(max_length=NAME_MAX_LENGTH)
    summary = _text()
    marking = serializers.ChoiceField(choices=Marking.choices)
    handling_instruction = _text()
    handling_conditions = _text()
    source_evaluation = serializers.ChoiceField(choices=SourceEvaluation.choices)
    intelligence_assessment = serializers.ChoiceField(choices=IntelligenceAssessment.choices)
    handling_code = serializers.ChoiceField(choices=HandlingCode.choices)
    audience = AudienceField(choices=Audience.choices)
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), required=False, allow_null=True
    )
    governing_bodies = bounded_many(
        serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all()), required=False
    )


class TimelineSerializer(ModelSerializer):
    actor = serializers.CharField(
        source="actor_as_seen",
        read_only=True,
        help_text="Who took the step: their name if the directory shows them to you, "
        "else their organisation.",
    )
    status = RequestStatusField(choices=InformationRequestStatus.choices, read_only=True)

    class Meta:
        model = InformationRequestStep
        fields = ["status", "actor", "at", "note", "due_on"]
        read_only_fields = fields


class InformationRequestSerializer(ModelSerializer):
    reference = serializers.CharField(read_only=True)
    status = RequestStatusField(choices=InformationRequestStatus.choices, read_only=True)
    response_marking = serializers.CharField(
        read_only=True, help_text="The answer's marking; empty until answered."
    )
    timeline = TimelineSerializer(many=True, read_only=True)

    class Meta:
        model = InformationRequest
        fields = [
            "id", "reference", "governing_body", "asked_by", "subject", "question",
            "threat_area", "needed_by", "status", "due_on", "response", "reason",
            "response_marking", "marking", "created_at", "closed_at", "timeline",
        ]  # fmt: skip
        read_only_fields = fields


class InformationRequestCreateSerializer(serializers.Serializer):
    subject = _text(max_length=NAME_MAX_LENGTH)
    question = _text()
    threat_area = serializers.ChoiceField(
        choices=ThreatArea.choices, required=False, allow_blank=True, default=""
    )
    needed_by = serializers.DateField(required=False, allow_null=True, default=None)
    marking = serializers.ChoiceField(choices=Marking.choices, default=Marking.OFFICIAL)


class InformationRequestConsiderSerializer(serializers.Serializer):
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = _text()


class InformationRequestRespondSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=InformationRequestOutcome.choices)
    response = _text()
    reason = _text()
    response_marking = AnswerMarkingField(choices=Marking.choices, default=Marking.OFFICIAL)


class InformationRequestWithdrawSerializer(serializers.Serializer):
    note = _text()


class InvitationSerializer(ModelSerializer):
    class Meta:
        model = EventInvitation
        fields = ["id", "organisation", "invitee_name", "capacity", "status"]


class EngagementEventSerializer(ModelSerializer):
    kind = EventKindField(choices=EventKind.choices, read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    invitations = InvitationSerializer(many=True, read_only=True)

    class Meta:
        model = EngagementEvent
        fields = [
            "id", "kind", "title", "starts_on", "location", "region", "senior_officer",
            "nsa_version_id", "nsa_version", "endorsed_on", "marking", "invitations",
        ]  # fmt: skip
        read_only_fields = fields


InvitationStatusField = named_choice_field("InvitationAnswerEnum", AttendanceStatus.choices)


class InvitationAnswerSerializer(serializers.Serializer):
    status = InvitationStatusField(
        choices=AttendanceStatus.choices,
        help_text=(
            "The invited organisation accepts or declines before the event; the NCA records "
            "whether it attended on or after the day."
        ),
    )


class RegionalMeetingSerializer(serializers.Serializer):
    """A regional meeting the DG, DDG or a Director held with a region's PCCs and chief
    officers (PCC §18)."""

    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    held_on = serializers.DateField()
    senior_officer = serializers.PrimaryKeyRelatedField(queryset=User.objects.none())
    attendees = bounded_many(
        serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all()),
        help_text="The PCC bodies and forces of the region who attended.",
    )
    location = _text(max_length=200)
    notes = _text()

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            # Only people the caller may see can be named: anyone else is "not found".
            fields["senior_officer"].queryset = User.objects.restrict(request.user, "view")
        return fields


MeetingRequestStatusField = named_choice_field(
    "MeetingRequestStatusEnum", MeetingRequestStatus.choices
)


class MeetingRequestSerializer(ModelSerializer):
    reference = serializers.CharField(read_only=True)
    status = MeetingRequestStatusField(choices=MeetingRequestStatus.choices, read_only=True)

    class Meta:
        model = MeetingRequest
        fields = [
            "id", "reference", "governing_body", "asked_by", "meets_on", "purpose", "place",
            "status", "answer_reason", "answered_by", "answered_at", "attended_by",
            "attendance_note", "attendance_recorded_at", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class MeetingRequestCreateSerializer(serializers.Serializer):
    meets_on = serializers.DateField(help_text="The day of the meeting.")
    purpose = _text()
    place = _text(max_length=200)


class MeetingRequestAnswerSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=MeetingRequestAnswer.choices)
    reason = _text(help_text="Why the NCA cannot attend; required to decline (PCC §18).")


class MeetingAttendanceSerializer(serializers.Serializer):
    attended = serializers.BooleanField()
    attended_by = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The NCA officer who attended; required when the NCA attended.",
    )
    note = _text(help_text="Why the NCA did not attend; required when it did not.")

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            fields["attended_by"].queryset = User.objects.restrict(request.user, "view")
        return fields
