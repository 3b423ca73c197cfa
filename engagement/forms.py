"""HTML forms: they shape the input; the services apply the rules, and their errors come
back onto the form's fields (`directory.pages`)."""

from django import forms

from directory.forms import MarkingField, NamedErrorsMixin, marking_reason_field, offer_markings
from directory.models import Organisation, Region, User
from directory.rules import TEXT_MAX_LENGTH, markings_visible_to
from directory.widgets import DateField
from priorities.choices import ThreatArea

from . import selectors
from .choices import (
    Audience,
    DirectionKind,
    HandlingCode,
    InformationRequestOutcome,
    IntelligenceAssessment,
    MeetingRequestAnswer,
    SourceEvaluation,
    VoluntaryGround,
)

TEXTAREA = forms.Textarea(attrs={"rows": 4})


def _optional_text(label, help_text="", widget=TEXTAREA):
    # Not required here: the service refuses an empty value with the rule it breaks.
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        widget=widget,
        max_length=TEXT_MAX_LENGTH,
    )


class UserForm(NamedErrorsMixin, forms.Form):
    """A form filled in by `user`: its marking fields offer only the markings up to
    their clearance."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_markings(self, user)


class DirectionForm(UserForm):
    kind = forms.ChoiceField(
        label="Kind of direction",
        choices=DirectionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a directed tasking or a direction to assist"},
    )
    recipient_organisation = forms.ModelChoiceField(
        label="Who is directed",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={
            "required": "Choose who is directed",
            "invalid_choice": "Choose an organisation the Director General may direct today",
        },
    )
    summary = forms.CharField(
        label="What the recipient is directed to do",
        max_length=300,
        error_messages={"required": "Say what the recipient is directed to do"},
    )
    detail = _optional_text("Further detail")
    voluntary_ground = forms.ChoiceField(
        label="Why voluntary arrangements failed",
        choices=VoluntaryGround.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why voluntary arrangements failed"},
    )
    voluntary_arrangements_failure = _optional_text(
        "Why voluntary arrangements could not be made, or not in time",
        "A direction is a last resort.",
    )
    related_request = forms.CharField(
        label="The voluntary request that failed (optional)",
        max_length=40,
        help_text="Its reference, for example TR-000123.",
        required=False,
    )
    secretary_of_state_consent_reference = forms.CharField(
        label="Reference of the Secretary of State for Transport's consent",
        max_length=120,
        help_text="Only for a direction to the Chief Constable of British Transport Police.",
        required=False,
    )
    conditions_basis = _optional_text(
        "Why the rule's conditions are met",
        "Only where the rule has conditions, such as a direction to the Director of the "
        "Serious Fraud Office.",
    )
    marking = MarkingField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_organisation"].queryset = selectors.directable_organisations()


class VaryDirectionForm(UserForm):
    summary = forms.CharField(
        label="The direction as varied",
        max_length=300,
        error_messages={"required": "Say what the direction now requires"},
    )
    detail = _optional_text("Further detail")
    reason = _optional_text("Why it is varied", "The PCC is told.")
    secretary_of_state_consent_reference = DirectionForm.base_fields[
        "secretary_of_state_consent_reference"
    ]
    conditions_basis = DirectionForm.base_fields["conditions_basis"]
    marking = MarkingField()
    marking_reason = marking_reason_field()


class RevokeDirectionForm(UserForm):
    reason = _optional_text("Why it is revoked", "The PCC is told.")


class IntelligenceReportForm(UserForm):
    title = forms.CharField(max_length=200, error_messages={"required": "Give the report a title"})
    summary = forms.CharField(
        label="Report",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Write the report"},
    )
    marking = MarkingField()
    handling_instruction = forms.CharField(
        label="Handling instruction",
        max_length=TEXT_MAX_LENGTH,
        widget=TEXTAREA,
        error_messages={
            "required": "Enter the handling instruction: how the report is to be handled"
        },
    )
    source_evaluation = forms.ChoiceField(
        label="Source evaluation",
        choices=SourceEvaluation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Grade the source 1, 2 or 3"},
    )
    intelligence_assessment = forms.ChoiceField(
        label="Intelligence assessment",
        choices=IntelligenceAssessment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Assess the intelligence A to D"},
    )
    handling_code = forms.ChoiceField(
        label="Handling code",
        choices=HandlingCode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose handling code P or C"},
    )
    handling_conditions = _optional_text("Conditions on sharing", "For handling code C.")
    audience = forms.ChoiceField(
        label="Circulate to",
        choices=Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the report is circulated to"},
    )
    region = forms.ModelChoiceField(
        label="Region (if circulating to a region's PCCs)",
        queryset=Region.objects.all(),
        required=False,
        empty_label="Choose a region",
    )
    governing_bodies = forms.ModelMultipleChoiceField(
        label="Governing bodies (if circulating to chosen ones)",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, governing_bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if governing_bodies is not None:
            self.fields["governing_bodies"].queryset = governing_bodies


class InformationRequestForm(UserForm):
    subject = forms.CharField(
        max_length=200, error_messages={"required": "Enter the subject: what your request is about"}
    )
    question = forms.CharField(
        label="What you would like to know",
        max_length=TEXT_MAX_LENGTH,
        help_text="About threats from serious and organised crime in your area.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what you would like to know"},
    )
    threat_area = forms.ChoiceField(
        label="Threat area (optional)",
        choices=[("", "Not specified"), *ThreatArea.choices],
        required=False,
    )
    needed_by = DateField(label="Needed by (optional)", required=False, what="the date needed by")
    marking = MarkingField(label="Protective marking of your question")


class ConsiderInformationRequestForm(UserForm):
    due_on = DateField(
        label="The NCA will answer by", required=False, what="the date the NCA will answer by"
    )
    note = _optional_text("Note for the PCC office (optional)")


class RespondInformationRequestForm(UserForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=InformationRequestOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select an outcome: answer, answer in part or decline"},
    )
    response = _optional_text("Answer", widget=forms.Textarea(attrs={"rows": 6}))
    reason = _optional_text("Reason", "Required when answering in part or declining.")
    response_marking = MarkingField(
        label="Protective marking of the answer",
        help_text="Up to what the person who asked can read.",
        error_messages={
            "invalid_choice": "Select a protective marking the person who asked can read"
        },
    )

    def __init__(self, *args, asker, **kwargs):
        super().__init__(*args, **kwargs)
        readable = set(markings_visible_to(asker))
        field = self.fields["response_marking"]
        field.choices = [(value, label) for value, label in field.choices if value in readable]


class WithdrawInformationRequestForm(UserForm):
    note = _optional_text("Why you withdraw it (optional)")


class RegionalMeetingForm(NamedErrorsMixin, forms.Form):
    held_on = DateField(label="Date of the meeting", what="the meeting's date")
    senior_officer = forms.ModelChoiceField(
        label="Senior NCA officer who attended",
        help_text="The Director General, the Deputy Director General or a Director.",
        queryset=User.objects.none(),
        empty_label="Choose who attended",
        error_messages={"required": "Choose the senior NCA officer who attended"},
    )
    attendees = forms.ModelMultipleChoiceField(
        label="PCC bodies and forces who attended",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    location = forms.CharField(label="Where (optional)", max_length=200, required=False)
    notes = _optional_text("Notes (optional)")

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["senior_officer"].queryset = selectors.senior_officers()
        self.fields["attendees"].queryset = selectors.region_participants(region=region)


class EventForm(NamedErrorsMixin, forms.Form):
    starts_on = DateField(label="Date", what="the date of the event")
    location = forms.CharField(label="Venue", max_length=200, required=False)
    notes = _optional_text("Notes")


class MeetingRequestForm(NamedErrorsMixin, forms.Form):
    meets_on = DateField(label="Date of the meeting", what="the meeting's date")
    purpose = forms.CharField(
        label="What the meeting is for",
        max_length=TEXT_MAX_LENGTH,
        widget=TEXTAREA,
        error_messages={"required": "Enter what the meeting is for"},
    )
    place = forms.CharField(
        label="Where the meeting is",
        max_length=200,
        error_messages={"required": "Enter where the meeting is"},
    )


class AnswerMeetingRequestForm(NamedErrorsMixin, forms.Form):
    answer = forms.ChoiceField(
        label="Will the NCA attend?",
        choices=MeetingRequestAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the NCA will attend"},
    )
    reason = _optional_text("Reason", "Required to decline: the PCC office reads it.")


class MeetingAttendanceForm(NamedErrorsMixin, forms.Form):
    attended = forms.TypedChoiceField(
        label="Did the NCA attend?",
        choices=[("yes", "Yes, the NCA attended"), ("no", "No, the NCA did not attend")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the NCA attended"},
    )
    attended_by = forms.ModelChoiceField(
        label="Who attended for the NCA",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose who attended",
    )
    note = _optional_text("Note", "Required when the NCA did not attend: say why.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended_by"].queryset = selectors.nca_officers()
