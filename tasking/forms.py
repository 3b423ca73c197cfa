"""Browser forms of tasking. They shape input; the services hold every rule."""

from django import forms
from django.db.models import Q

from directory.choices import FORCE_KINDS, NCA_KINDS, UNTASKED_KINDS, OrganisationKind
from directory.forms import NamedErrorsMixin, marking_field, marking_reason_field
from directory.models import Organisation, Region
from directory.rules import NAME_MAX_LENGTH, TEXT_MAX_LENGTH
from directory.widgets import DateField, DateTimeField
from priorities.choices import ThreatArea
from priorities.forms import priorities_field
from priorities.models import Priority as NcaPriority

from .choices import (
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
from .models import Capability, CrimeType, Decision, Operation, OutsidePriorities, Target
from .rules import GENERIC_WORD_MAX_LENGTH, MAX_ALIASES, RESULT_AMOUNT_MAX, RESULT_PEOPLE_MAX
from .services import CONTEXT_FLAGS, DECISION_NOTES

# A list of names typed one per line: at most MAX_ALIASES of them, each a name's length.
NAMES_MAX_LENGTH = MAX_ALIASES * (NAME_MAX_LENGTH + 2)


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class GenericWordForm(NamedErrorsMixin, forms.Form):
    word = forms.CharField(
        label="Word to ignore when matching names",
        help_text="One word common to many groups' names, such as crew or syndicate.",
        max_length=GENERIC_WORD_MAX_LENGTH,
        error_messages={"required": "Enter the word to ignore"},
    )


class RequestForm(NamedErrorsMixin, forms.Form):
    addressed_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Who are you asking?",
        error_messages={
            "required": "Select who you are asking",
            "invalid_choice": "Select who you are asking from the list",
        },
    )
    routed_via = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label="Joint Border Intelligence Unit",
        help_text="For capability at the border: the JBIU the request goes through.",
    )
    summary = forms.CharField(
        max_length=300,
        label="What do you need?",
        error_messages={"required": "Enter what you need: what the request is about"},
    )
    direct_reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Why it goes to the force directly (optional)",
        help_text="A request to a police force goes through its ROCU unless you say why not, "
        "for example urgency.",
    )
    how_this_assists = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="How would this help assist?",
        help_text="Say what the help would let you achieve. Required.",
        error_messages={"required": "Say how the help asked for would assist"},
    )
    urgency = forms.ChoiceField(
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        initial=Urgency.ROUTINE,
        help_text="Immediate means an immediate need for urgent action.",
    )
    capabilities = forms.ModelMultipleChoiceField(
        queryset=Capability.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="NCA capabilities asked for",
    )
    target = forms.ModelChoiceField(queryset=Target.objects.none(), required=False)
    operation = forms.ModelChoiceField(queryset=Operation.objects.none(), required=False)
    subject_names = forms.CharField(
        max_length=NAMES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Names of people or groups involved",
        help_text="One per line. They are checked against other organisations' records.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        visible = Organisation.objects.restrict(user).existing_on()
        if user.organisation.is_nca:
            self.fields["addressed_organisation"].queryset = visible.exclude(
                kind__in=[*NCA_KINDS, *UNTASKED_KINDS]
            )
            self.fields["routed_via"].queryset = visible.filter(kind=OrganisationKind.JBIU)
        else:
            self.fields["addressed_organisation"].queryset = visible.filter(kind__in=NCA_KINDS)
            del self.fields["routed_via"]
            del self.fields["direct_reason"]
        self.fields["capabilities"].queryset = Capability.objects.restrict(user)
        self.fields["target"].queryset = Target.objects.restrict(user).filter(active=True)
        self.fields["operation"].queryset = Operation.objects.restrict(user).filter(active=True)
        self.fields["priorities"] = priorities_field(
            hint="If you know: the NCA's tasking desk confirms them when it decides."
        )
        self.fields["marking"] = marking_field(user)

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["subject_names"] = lines(data["subject_names"])
        return data


class DecisionForm(NamedErrorsMixin, forms.Form):
    """The decision, with the tests, context, Risk/Response/Results and NDM stages."""

    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect, label="Decision")
    rationale = forms.CharField(
        max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )
    departure_reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="If you depart from the portal's suggestion, why?",
    )
    decision_maker = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        help_text="Leave blank if it is you.",
    )
    decided_at = DateTimeField(
        required=False,
        label="When was it decided?",
        help_text="Leave blank for now.",
        what="when it was decided",
    )

    def __init__(self, *args, deciders, outcomes=None, suggesting=False, **kwargs):
        super().__init__(*args, **kwargs)
        if suggesting:  # asking for the suggestion before deciding: nothing else is needed yet
            for name in ("outcome", "rationale"):
                self.fields[name].required = False
        if outcomes is not None:
            self.fields["outcome"].choices = [(o, Outcome(o).label) for o in outcomes]
        self.fields["decision_maker"].queryset = deciders
        for test in CommitmentTest:
            self.fields[test.value] = forms.BooleanField(required=False, label=test.label)
            self.fields[f"{test.value}_evidence"] = forms.CharField(
                max_length=TEXT_MAX_LENGTH,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                label="Evidence",
            )
        labels = {
            "highest_risk": "Among the highest risks",
            "several_jurisdictions": "Several jurisdictions",
            "international": "International",
            "high_sophistication": "High criminal sophistication",
        }
        for flag in CONTEXT_FLAGS:
            self.fields[flag] = forms.BooleanField(required=False, label=labels[flag])
        self.fields["partner_statutory_duties"] = forms.CharField(
            max_length=TEXT_MAX_LENGTH,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            label="The partner's statutory duties",
        )
        for note in DECISION_NOTES:
            self.fields[note] = forms.CharField(
                max_length=TEXT_MAX_LENGTH,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                label=Decision._meta.get_field(note).verbose_name.capitalize(),
            )

    def tests(self) -> dict[str, bool]:
        return {test: self.cleaned_data.get(test, False) for test in CommitmentTest.values}

    def context(self) -> dict:
        context = {flag: self.cleaned_data.get(flag, False) for flag in CONTEXT_FLAGS}
        context["partner_statutory_duties"] = self.cleaned_data.get("partner_statutory_duties", "")
        return context

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "outcome": data["outcome"],
            "rationale": data["rationale"],
            "tests": self.tests(),
            "context": self.context(),
            "evidence": {t: data.get(f"{t}_evidence", "") for t in CommitmentTest.values},
            "notes": {note: data.get(note, "") for note in DECISION_NOTES},
            "departure_reason": data.get("departure_reason", ""),
            "decision_maker": data.get("decision_maker"),
            "decided_at": data.get("decided_at"),
        }


class RequestDecisionForm(DecisionForm):
    """The desk's decision on a request, confirming the priorities it serves (the
    requester's suggestion, shown ticked)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priorities"] = priorities_field(
            hint="The requester's suggestion is ticked: confirm or change it."
        )

    def service_arguments(self) -> dict:
        return {**super().service_arguments(), "priorities": self.cleaned_data["priorities"]}


class OperationDecisionForm(DecisionForm):
    lead_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Who leads after this decision?",
        error_messages={"required": "Select who leads after this decision"},
    )

    def __init__(self, *args, user, suggesting=False, **kwargs):
        super().__init__(*args, outcomes=NcaRole.values, suggesting=suggesting, **kwargs)
        self.fields["lead_organisation"].required = not suggesting
        self.fields["lead_organisation"].queryset = (
            Organisation.objects.restrict(user)
            .exclude(kind=OrganisationKind.PCC_BODY)
            .exclude(kind=OrganisationKind.NCA_COMMAND)
        )

    def service_arguments(self) -> dict:
        return {
            **super().service_arguments(),
            "lead_organisation": self.cleaned_data["lead_organisation"],
        }


class RespondForm(NamedErrorsMixin, forms.Form):
    answer = forms.ChoiceField(
        choices=[("accept", "Accept"), ("decline", "Decline")], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Required to decline.",
    )


class ChargeForm(NamedErrorsMixin, forms.Form):
    terms = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="The charge and what it covers",
        help_text="The PCC office of the force reads this once it is agreed: write it at OFFICIAL.",
    )
    exception_reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why this service is an exception",
        help_text="Services to partners are free unless, by exception, a charge is agreed.",
    )


class TargetForm(NamedErrorsMixin, forms.Form):
    name = forms.CharField(max_length=NAME_MAX_LENGTH)
    aliases = forms.CharField(
        max_length=NAMES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One per line.",
    )
    kind = forms.ChoiceField(choices=TargetKind.choices, widget=forms.RadioSelect)
    priority = forms.ChoiceField(choices=Priority.choices, widget=forms.RadioSelect)
    threat_areas = forms.MultipleChoiceField(
        choices=ThreatArea.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    crime_types = forms.ModelMultipleChoiceField(
        queryset=CrimeType.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    international = forms.BooleanField(required=False, label="Has an international dimension")
    sophistication = forms.ChoiceField(choices=Sophistication.choices, widget=forms.RadioSelect)
    pursue = forms.CharField(
        max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    prevent = forms.CharField(
        max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    protect = forms.CharField(
        max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    prepare = forms.CharField(
        max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, user, changing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priorities"] = priorities_field()
        self.fields["marking"] = marking_field(user)
        if changing:
            self.fields["marking_reason"] = marking_reason_field()

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["aliases"] = lines(data["aliases"])
        return data


class OperationForm(NamedErrorsMixin, forms.Form):
    name = forms.CharField(max_length=120, help_text="For example, Operation Gatehouse.")
    lead_organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())
    supporting_organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        help_text="Hold Ctrl (or Command) to choose more than one.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.restrict(user).exclude(
            Q(kind=OrganisationKind.PCC_BODY) | Q(kind=OrganisationKind.NCA_COMMAND)
        )
        self.fields["supporting_organisations"].queryset = organisations
        if not user.organisation.is_nca:
            organisations = organisations.filter(pk=user.organisation_id)
        self.fields["lead_organisation"].queryset = organisations
        self.fields["priorities"] = priorities_field(
            hint="An operation that serves none waits for the Director General's decision "
            "to pursue it outside them."
        )
        self.fields["marking"] = marking_field(user)


class OutsidePrioritiesForm(NamedErrorsMixin, forms.Form):
    """The Director General's decision to pursue an operation outside the priorities."""

    reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why is the operation pursued outside the priorities?",
        error_messages={"required": "Enter why the operation is pursued outside the priorities"},
    )
    home_office_consulted = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        label="Was the Home Office consulted?",
        error_messages={"required": "Select whether the Home Office was consulted"},
    )
    decided_on = DateField(
        required=False,
        label="When was it decided?",
        help_text="Today, unless it was decided earlier.",
        what="when it was decided",
    )


class ResolveForm(NamedErrorsMixin, forms.Form):
    resolution = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="How was the possible overlap settled?",
        error_messages={"required": "Enter how the possible overlap was settled"},
    )


class ResultForm(NamedErrorsMixin, forms.Form):
    """A result of an operation. Each kind carries one figure: every figure is shown,
    each with its hint, and the service refuses one given for another kind."""

    kind = forms.ChoiceField(
        choices=ResultKind.choices, widget=forms.RadioSelect, label="Kind of result"
    )
    people = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=RESULT_PEOPLE_MAX,
        label="Number of people (optional)",
        help_text="For arrests, charges and convictions only: how many people.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
    )
    amount = forms.DecimalField(
        required=False,
        max_digits=14,
        decimal_places=2,
        max_value=RESULT_AMOUNT_MAX,
        label="Amount in pounds (optional)",
        help_text="For assets seized or restrained only: for example 1250.50.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
    )
    significance = forms.ChoiceField(
        choices=Significance.choices,
        required=False,
        widget=forms.RadioSelect,
        label="Significance (optional)",
        help_text="For prevention and other disruption only: how much it set the group back.",
    )
    occurred_on = DateField(label="When did it happen?")
    summary = forms.CharField(max_length=300, label="What happened?")
    priority = forms.ModelChoiceField(
        queryset=NcaPriority.objects.none(),
        required=False,
        label="Which priority does it serve?",
        help_text="One of the priorities the operation serves, in force on the day.",
    )
    owner = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Whose result is it?",
        help_text="The organisation that achieved it: the lead, a supporting organisation "
        "or the NCA.",
    )
    nca_role = forms.ChoiceField(
        choices=NcaRole.choices,
        widget=forms.RadioSelect,
        label="How did the NCA take part in it?",
    )
    force = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label="Police force area (optional)",
        help_text="Where it happened. Its region is then the force's on that day.",
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        required=False,
        label="Region (optional)",
        help_text="Where it happened, when not in one force's area.",
    )

    def __init__(self, *args, user, operation, **kwargs):
        super().__init__(*args, **kwargs)
        served = [priority.code for priority in operation.priorities.all()]
        self.fields["priority"].queryset = NcaPriority.objects.filter(code__in=served)
        if OutsidePriorities.objects.filter(operation=operation).exists():
            self.fields["priority"].empty_label = "None: pursued outside the priorities"
        else:
            self.fields["priority"].required = True
        if user.organisation.is_nca:
            self.fields["owner"].queryset = Organisation.objects.filter(
                Q(pk=operation.lead_organisation_id)
                | Q(operations_supported=operation)
                | Q(pk=user.organisation_id)
            ).distinct()
        else:
            del self.fields["owner"]
        self.fields["force"].queryset = Organisation.objects.existing_on().filter(
            kind__in=FORCE_KINDS
        )
        self.fields["nca_role"].initial = operation.nca_role or None
        self.fields["marking"] = marking_field(user, initial=operation.marking)
