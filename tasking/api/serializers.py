from django.utils import timezone
from rest_framework import serializers

from directory.api.base import FullUpdateSerializerMixin, ModelSerializer, TextField, bounded_many
from directory.api.schema import named_choice_field
from directory.choices import Marking
from directory.models import Organisation, Region
from directory.rules import NAME_MAX_LENGTH, TEXT_MAX_LENGTH
from priorities.api.fields import priorities_field
from priorities.choices import ThreatArea
from priorities.models import Priority as NcaPriority

from .. import rules
from ..choices import (
    CommitmentTest,
    NcaRole,
    Outcome,
    Priority,
    ResultKind,
    Significance,
    Sophistication,
    TargetKind,
    Urgency,
)
from ..models import (
    Capability,
    ChargeAgreement,
    CrimeType,
    Decision,
    DeconflictionAlert,
    Operation,
    OperationResult,
    OutsidePriorities,
    Target,
    TaskingRequest,
)


class RestrictedRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record the caller may see; any other answers like one that does not
    exist ("Invalid pk")."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(queryset=model.objects.none(), **kwargs)

    def get_queryset(self):
        return self.model.objects.restrict(self.context["request"].user)


class CapabilitySerializer(ModelSerializer):
    owning_command_name = serializers.CharField(source="owning_command.name", read_only=True)

    class Meta:
        model = Capability
        fields = [
            "id",
            "code",
            "name",
            "category",
            "owning_command",
            "owning_command_name",
            "description",
        ]
        read_only_fields = fields


def _text(**kwargs):
    return TextField(max_length=TEXT_MAX_LENGTH, **kwargs)


def _names(**kwargs):
    return serializers.ListField(child=TextField(max_length=NAME_MAX_LENGTH), **kwargs)


class TargetSerializer(FullUpdateSerializerMixin, ModelSerializer):
    """A target. PUT replaces it whole: every field is required, `marking` and `aliases`
    included, so nothing is lowered or cleared by being left out; PATCH changes only what
    it names. Lowering the marking needs `marking_reason` (issue 9 §2)."""

    optional_on_update = ("marking_reason",)

    aliases = _names(required=False, default=list, max_length=rules.MAX_ALIASES)
    threat_areas = serializers.ListField(
        child=serializers.ChoiceField(choices=ThreatArea.choices),
        required=False,
        default=list,
        max_length=len(ThreatArea.choices),
    )
    crime_types = bounded_many(
        serializers.PrimaryKeyRelatedField(queryset=CrimeType.objects.all()),
        required=False,
        default=list,
    )
    regions = bounded_many(
        serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all()),
        required=False,
        default=list,
    )
    forces = bounded_many(
        serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all()),
        required=False,
        default=list,
    )
    responsible_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False
    )
    priorities = priorities_field(default=list)
    kind = serializers.ChoiceField(choices=TargetKind.choices)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NONE)
    sophistication = serializers.ChoiceField(choices=Sophistication.choices, required=False)
    marking = serializers.ChoiceField(choices=Marking.choices, default=Marking.OFFICIAL)
    marking_reason = _text(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text="Why the marking is lowered; required to lower it.",
    )
    pursue = _text(required=False, allow_blank=True)
    prevent = _text(required=False, allow_blank=True)
    protect = _text(required=False, allow_blank=True)
    prepare = _text(required=False, allow_blank=True)

    class Meta:
        model = Target
        fields = [
            "id", "name", "kind", "priority", "aliases", "marking", "threat_areas",
            "crime_types", "regions", "forces", "priorities", "international", "sophistication",
            "responsible_organisation", "pursue", "prevent", "protect", "prepare", "active",
            "marking_reason", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]


class TaskingRequestSerializer(ModelSerializer):
    reference = serializers.CharField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    charge = serializers.SerializerMethodField()
    addressed_organisation = RestrictedRelatedField(Organisation)
    routed_via = RestrictedRelatedField(Organisation, required=False, allow_null=True)
    capabilities = bounded_many(
        RestrictedRelatedField(Capability), required=False, gathered_as="capability_ids"
    )
    priorities = priorities_field(default=list, gathered_as="priorities_shown")
    target = RestrictedRelatedField(Target, required=False, allow_null=True)
    operation = RestrictedRelatedField(Operation, required=False, allow_null=True)
    subject_names = _names(required=False, default=list, max_length=rules.MAX_NAMES_PER_CHECK)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.ROUTINE)
    marking = serializers.ChoiceField(choices=Marking.choices, default=Marking.OFFICIAL)
    how_this_assists = _text(
        error_messages={"blank": "Say how the help asked for would assist: it is required."}
    )
    direct_reason = TextField(
        max_length=TEXT_MAX_LENGTH,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="Why a request to a police force goes to it directly, not through its ROCU.",
    )

    class Meta:
        model = TaskingRequest
        fields = [
            "id", "reference", "direction", "status", "nca_role", "requesting_organisation",
            "addressed_organisation", "routed_via", "direct_reason", "routing_reason", "summary",
            "how_this_assists", "urgency", "capabilities", "priorities", "target", "operation",
            "subject_names", "marking", "response_reason", "charge", "created_at",
            "submitted_at", "due_at", "overdue", "decided_at", "completed_at",
        ]  # fmt: skip
        read_only_fields = [
            "direction", "status", "nca_role", "requesting_organisation", "routing_reason",
            "response_reason", "created_at", "submitted_at", "due_at", "decided_at",
            "completed_at",
        ]  # fmt: skip

    def get_charge(self, request) -> dict:
        """ "no_charge" unless, by exception, a charge is agreed (PCC §21, OP §10); on
        the way, one the reader may see is "awaiting_approval" by an NCA director, then
        "proposed" to the partner's chief officer."""
        agreement = getattr(request, "charge_agreement", None)
        if agreement is None:
            return {"status": "no_charge", "terms": "", "exception_reason": ""}
        return {
            "status": charge_status(agreement),
            "terms": agreement.terms,
            "exception_reason": agreement.exception_reason,
        }


def charge_status(agreement) -> str:
    if agreement.agreed:
        return "agreed"
    return "proposed" if agreement.approved else "awaiting_approval"


class TestsSerializer(serializers.Serializer):
    """The four commitment tests (OP §5); each must be answered."""

    priority_target = serializers.BooleanField()
    specialist_capability = serializers.BooleanField()
    urgent_action = serializers.BooleanField()
    beyond_partner_capability = serializers.BooleanField()


class ContextSerializer(serializers.Serializer):
    highest_risk = serializers.BooleanField(default=False)
    several_jurisdictions = serializers.BooleanField(default=False)
    international = serializers.BooleanField(default=False)
    high_sophistication = serializers.BooleanField(default=False)
    partner_statutory_duties = _text(default="", allow_blank=True)


class NotesSerializer(serializers.Serializer):
    risk = _text(default="", allow_blank=True)
    response = _text(default="", allow_blank=True)
    results = _text(default="", allow_blank=True)
    ndm_information = _text(default="", allow_blank=True)
    ndm_assessment = _text(default="", allow_blank=True)
    ndm_powers_and_policy = _text(default="", allow_blank=True)
    ndm_options = _text(default="", allow_blank=True)
    ndm_action_and_review = _text(default="", allow_blank=True)


class EvidenceSerializer(serializers.Serializer):
    priority_target = _text(default="", allow_blank=True)
    specialist_capability = _text(default="", allow_blank=True)
    urgent_action = _text(default="", allow_blank=True)
    beyond_partner_capability = _text(default="", allow_blank=True)


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Outcome.choices)
    rationale = _text()
    tests = TestsSerializer()
    context = ContextSerializer(required=False, default=dict)
    evidence = EvidenceSerializer(required=False, default=dict)
    notes = NotesSerializer(required=False, default=dict)
    departure_reason = _text(required=False, default="", allow_blank=True)
    decided_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    priorities = priorities_field(
        help_text="The priorities the request serves, as the desk confirms them (ids of "
        "priorities in force); left out, the requester's suggestion stands."
    )

    def service_arguments(self) -> dict:
        data = self.validated_data
        if "priorities" in data:
            return {**self._arguments(data), "priorities": data["priorities"]}
        return self._arguments(data)

    def _arguments(self, data) -> dict:
        return {
            "outcome": data["decision"],
            "rationale": data["rationale"],
            "tests": dict(data["tests"]),
            "context": dict(data["context"]),
            "evidence": dict(data["evidence"]),
            "notes": dict(data["notes"]),
            "departure_reason": data["departure_reason"],
            "decided_at": data["decided_at"],
        }


class OperationDecideSerializer(DecideSerializer):
    lead_organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    priorities = None  # an operation's priorities are its own, not its decision's

    def service_arguments(self) -> dict:
        return {
            **super().service_arguments(),
            "lead_organisation": self.validated_data["lead_organisation"],
        }


class RespondSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")])
    reason = _text(required=False, default="", allow_blank=True)


class ChargeSerializer(serializers.Serializer):
    terms = _text()
    exception_reason = _text(
        required=False,
        default="",
        allow_blank=True,
        help_text="Why this service is an exception to the rule that services are free.",
    )


class ChargeAgreementSerializer(ModelSerializer):
    """A charge by exception, as its reader may see it (PCC §21, OP §10)."""

    reference = serializers.CharField(source="request.reference", read_only=True)
    partner = serializers.CharField(source="request.requesting_organisation.name", read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = ChargeAgreement
        fields = [
            "id", "reference", "partner", "terms", "exception_reason", "status", "proposed_at",
            "approved_at", "accepted_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_status(self, agreement) -> str:
        return charge_status(agreement)


class DecisionSerializer(ModelSerializer):
    tests = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id", "request", "operation", "sequence", "outcome", "lead_organisation", "tests",
            "suggested_outcome", "suggestion_reasons", "departure_reason", "rationale",
            "decision_maker", "decided_at", "recorded_by", "recorded_at", "supersedes", "marking",
        ]  # fmt: skip
        read_only_fields = fields

    def get_tests(self, decision) -> dict:
        return {name: getattr(decision, name) for name in CommitmentTest.values}


class OutsidePrioritiesSerializer(ModelSerializer):
    """The Director General's decision to pursue an operation outside the NCA's
    priorities (PCC Annex A ¶2)."""

    reason = _text()
    decided_on = serializers.DateField(
        required=False, help_text="The day it was decided; today if left out."
    )

    class Meta:
        model = OutsidePriorities
        fields = ["operation", "reason", "home_office_consulted", "decided_on", "recorded_at"]
        read_only_fields = ["operation", "recorded_at"]


class OperationSerializer(ModelSerializer):
    target = RestrictedRelatedField(Target)
    lead_organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    supporting_organisations = bounded_many(
        serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all()),
        required=False,
        default=list,
    )
    priorities = priorities_field(
        default=list,
        help_text="Which of the NCA's priorities it serves (ids of priorities in force). "
        "Serving none, it awaits the Director General's decision to pursue it outside them.",
    )
    marking = serializers.ChoiceField(choices=Marking.choices, default=Marking.OFFICIAL)
    outside_priorities = OutsidePrioritiesSerializer(read_only=True, allow_null=True)
    awaits_outside_priorities_decision = serializers.SerializerMethodField()

    class Meta:
        model = Operation
        fields = [
            "id", "name", "target", "lead_organisation", "supporting_organisations", "nca_role",
            "priorities", "outside_priorities", "awaits_outside_priorities_decision", "active",
            "marking", "created_at",
        ]  # fmt: skip
        read_only_fields = ["nca_role", "active", "created_at"]

    def get_awaits_outside_priorities_decision(self, operation) -> bool:
        """Serving no priority in force today, it waits for the Director General's
        decision to pursue it outside them (PCC Annex A ¶2)."""
        return not (
            rules.serves_a_priority(operation, timezone.localdate())
            or rules.outside_priorities_decided(operation)
        )


class AlertSerializer(ModelSerializer):
    """Both owners see the alert; each sees the other side's record only by its owner."""

    class Meta:
        model = DeconflictionAlert
        fields = [
            "id", "raising_organisation", "matched_organisation", "similarity", "marking",
            "status", "created_at", "resolved_at", "resolution",
        ]  # fmt: skip
        read_only_fields = fields


class ResolveSerializer(serializers.Serializer):
    resolution = _text()


class CheckSerializer(serializers.Serializer):
    names = _names(allow_empty=False, max_length=rules.MAX_NAMES_PER_CHECK)


ResultKindField = named_choice_field("ResultKindEnum", ResultKind.choices)
# Blank for the kinds that carry another figure.
SIGNIFICANCE_OR_NONE = [("", "None"), *Significance.choices]
SignificanceField = named_choice_field("SignificanceEnum", SIGNIFICANCE_OR_NONE)
NcaRoleField = named_choice_field("ResultNcaRoleEnum", NcaRole.choices)


class ResultSerializer(ModelSerializer):
    """A result of an operation (PCC §9): `kind` with its figure (`people` for arrests,
    charges and convictions; `amount` in pounds for assets seized or restrained;
    `significance` for prevention and other disruption, and nothing else), the
    `priority` it serves (a priority's id, in force on `occurred_on`), whose it is
    (`owner`: the recorder's organisation unless given) and `nca_role`, the NCA's part
    in it (the operation's role unless given). `force` is where it happened, whose
    region that day is `region`; or give a region alone (its code)."""

    kind = ResultKindField(choices=ResultKind.choices)
    summary = TextField(max_length=300)
    marking = serializers.ChoiceField(choices=Marking.choices, default=Marking.OFFICIAL)
    priority = serializers.PrimaryKeyRelatedField(
        queryset=NcaPriority.objects.all(), required=False, allow_null=True, default=None
    )
    priority_code = serializers.CharField(source="priority.code", read_only=True, default="")
    people = serializers.IntegerField(
        required=False, allow_null=True, default=None, max_value=rules.RESULT_PEOPLE_MAX
    )
    amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        max_value=rules.RESULT_AMOUNT_MAX,
        help_text="In pounds, with pence: for example 1250.50.",
    )
    significance = SignificanceField(
        choices=Significance.choices, required=False, allow_blank=True, default=""
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True, default=None
    )
    nca_role = NcaRoleField(choices=NcaRole.choices, required=False, allow_blank=True, default="")
    force = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True, default=None
    )
    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )

    class Meta:
        model = OperationResult
        fields = [
            "id", "operation", "kind", "occurred_on", "summary", "marking", "priority",
            "priority_code", "people", "amount", "significance", "owner", "nca_role", "force",
            "region", "recorded_by", "recorded_at",
        ]  # fmt: skip
        read_only_fields = ["operation", "recorded_by", "recorded_at"]
