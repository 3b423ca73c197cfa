"""The governance pages' forms. They check the shape of what is typed; the rules are the
services' (governance/services/), whose errors come back onto the same fields."""

from django import forms
from django.core.exceptions import ValidationError

from directory.forms import NamedErrorsMixin, marking_field, marking_reason_field
from directory.rules import TEXT_MAX_LENGTH
from directory.widgets import DateField, DateTimeField
from priorities.forms import priorities_field

from .choices import LOGGABLE_ENTRY_KINDS, ActionStatus, CadenceUnit, DecisionOutcome


class PersonField(forms.CharField):
    """A person, by username, among the people the user may see."""

    def __init__(self, *, people, **kwargs):
        self.people = people
        kwargs.setdefault("max_length", 150)
        super().__init__(**kwargs)
        self.widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        person = self.people.filter(username=value.strip()).first()
        if person is None:
            raise ValidationError(f"No one you can see in the portal has the username “{value}”")
        return person


class CadenceForm(NamedErrorsMixin, forms.Form):
    unit = forms.ChoiceField(label="Unit", choices=CadenceUnit.choices, widget=forms.RadioSelect)
    interval = forms.IntegerField(
        label="Every how many units",
        min_value=1,
        max_value=24,
        error_messages={"required": "Enter how many units apart the meetings are"},
    )
    anchor = DateField(
        label="A date the group meets",
        help_text="The other meetings follow from it.",
        what="a date the group meets",
    )
    time_of_day = forms.TimeField(
        label="Time (Europe/London)",
        widget=forms.TimeInput(
            attrs={"class": "govuk-input--width-5", "spellcheck": "false"}, format="%H:%M"
        ),
        help_text="On the 24-hour clock, for example 10:00.",
        error_messages={"required": "Enter the time", "invalid": "Enter a time such as 10:00"},
    )
    duration_minutes = forms.IntegerField(label="Length in minutes", min_value=15, max_value=480)
    working_days_only = forms.BooleanField(
        label="Only on working days (weekends and bank holidays move to the next working day)",
        required=False,
    )
    location = forms.CharField(label="Where", max_length=200, required=False)


class MemberForm(NamedErrorsMixin, forms.Form):
    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = PersonField(
            people=people,
            label="Username of the person to add",
            error_messages={"required": "Enter the username of the person to add"},
        )


class RemoveMemberForm(NamedErrorsMixin, forms.Form):
    """The "Remove" button beside a member: which of the people listed to remove."""

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove"] = forms.ModelChoiceField(
            queryset=people,
            label="Member to remove",
            error_messages={"invalid_choice": "Choose a member of the group to remove."},
        )


class ChairForm(NamedErrorsMixin, forms.Form):
    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"] = PersonField(
            people=people,
            label="Username of the chair",
            required=False,
            help_text="Leave empty when nobody is named.",
        )


class MeetingChairForm(NamedErrorsMixin, forms.Form):
    """Who chairs one meeting: the holder of the chair's post, or a stand-in with the
    reason (the service decides which, OP Annex C)."""

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"] = PersonField(
            people=people,
            label="Username of the person chairing this meeting",
            required=False,
            help_text="Leave empty for the group's own chair.",
        )
        self.fields["stand_in_reason"] = forms.CharField(
            label="Why they stand in as chair",
            max_length=TEXT_MAX_LENGTH,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=(
                "Only when they do not hold the post that chairs the group, for example "
                "a deputy while the Director General is away."
            ),
        )


class AgendaItemForm(NamedErrorsMixin, forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the item's title"}
    )
    description = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label="Description", widget=forms.Textarea, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["marking"] = marking_field(user)


class PaperForm(NamedErrorsMixin, forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the paper's title"}
    )
    file = forms.FileField(
        label="Upload a file",
        required=False,
        widget=forms.FileInput(attrs={"class": "govuk-file-upload"}),
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, text or CSV, under 20 MB.",
    )
    link = forms.URLField(
        max_length=500,
        label="Or give a link to it",
        required=False,
        assume_scheme="https",
        help_text="A https:// address where the paper is kept.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["marking"] = marking_field(user)


class AttendanceForm(NamedErrorsMixin, forms.Form):
    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(person.pk), f"{person} ({person.organisation})") for person in people]
        self.people = {str(person.pk): person for person in people}
        self.fields["present"] = forms.MultipleChoiceField(
            label="Present", choices=choices, required=False, widget=forms.CheckboxSelectMultiple
        )
        self.fields["apologies"] = forms.MultipleChoiceField(
            label="Sent apologies",
            choices=choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="Anyone neither present nor sending apologies is recorded as absent.",
        )

    def chosen(self, name):
        return [self.people[pk] for pk in self.cleaned_data[name]]


class MinutesForm(NamedErrorsMixin, forms.Form):
    text = forms.CharField(
        label="Minutes",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": "Enter the minutes"},
    )

    def __init__(self, *args, user, changing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["marking"] = marking_field(user)
        if changing:
            self.fields["marking_reason"] = marking_reason_field()


class CancelForm(NamedErrorsMixin, forms.Form):
    reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label="Why is the meeting cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the meeting is cancelled"},
    )


class DecisionForm(NamedErrorsMixin, forms.Form):
    text = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label="Decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the decision"},
    )

    def __init__(self, *args, user, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {str(item.pk): item for item in items}
        self.fields["agenda_item"] = forms.ChoiceField(
            label="Agenda item",
            choices=[("", "Not about one item"), *((str(i.pk), i.title) for i in items)],
            required=False,
        )
        self.fields["outcome"] = forms.ChoiceField(
            label="Outcome, for another group's recommendation or report",
            choices=[("", "No outcome"), *DecisionOutcome.choices],
            required=False,
            widget=forms.RadioSelect,
        )
        self.fields["marking"] = marking_field(user)

    def agenda_item(self):
        return self.items.get(self.cleaned_data["agenda_item"])


class ActionForm(NamedErrorsMixin, forms.Form):
    description = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label="What is to be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what is to be done"},
    )

    def __init__(self, *args, user, members, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(person.pk): person for person in members}
        self.fields["owner"] = forms.ChoiceField(
            label="Owner",
            choices=[("", "Choose a member"), *((pk, str(p)) for pk, p in self.members.items())],
            required=False,
        )
        self.fields["other_owner"] = PersonField(
            people=people,
            label="Or the username of someone who is not a member",
            required=False,
        )
        self.fields["due_on"] = DateField(label="Due date", what="the due date")
        self.fields["marking"] = marking_field(user)

    def clean(self):
        cleaned = super().clean()
        member = self.members.get(cleaned.get("owner") or "")
        other = cleaned.get("other_owner")
        if member and other:
            self.add_error("other_owner", "Choose a member or give a username, not both")
        elif not member and not other and "other_owner" not in self.errors:
            self.add_error("owner", "Choose who owns the action")
        cleaned["owner_person"] = member or other
        return cleaned


class ActionStatusForm(NamedErrorsMixin, forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect
    )


class ActionChangeForm(NamedErrorsMixin, forms.Form):
    description = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label="What is to be done",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due_on = DateField(label="Due date", what="the due date")


class SubmissionForm(NamedErrorsMixin, forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    detail = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label="Detail",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    priority = forms.IntegerField(
        label="Priority (1 comes first)",
        min_value=1,
        required=False,
        help_text="For prioritised recommendations.",
    )

    def __init__(self, *args, user, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label="What is it", choices=kinds, widget=forms.RadioSelect
        )
        self.fields["marking"] = marking_field(user)
        self.order_fields(["kind", "title", "detail", "priority", "marking"])


class ProductVersionForm(NamedErrorsMixin, forms.Form):
    summary = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label="Summary of this version",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a summary of this version"},
    )
    file = forms.FileField(
        label="The document",
        required=False,
        widget=forms.FileInput(attrs={"class": "govuk-file-upload"}),
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, text or CSV, under 20 MB.",
    )
    link = forms.URLField(
        label="Or a link to it", max_length=500, required=False, assume_scheme="https"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priorities"] = priorities_field(
            label="Priorities it sets out",
            hint="A control strategy sets out its work against them.",
        )
        self.fields["marking"] = marking_field(user)


class MeetingChoiceForm(NamedErrorsMixin, forms.Form):
    """Choose the meeting at which something was done."""

    def __init__(self, *args, meetings, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {str(meeting.pk): meeting for meeting in meetings}
        self.fields["meeting"] = forms.ChoiceField(
            label=label,
            choices=[("", "Choose a meeting"), *((pk, str(m)) for pk, m in self.meetings.items())],
            error_messages={"required": "Choose the meeting"},
        )

    def meeting(self):
        return self.meetings[self.cleaned_data["meeting"]]


class EndorseForm(MeetingChoiceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, label="The meeting that endorsed it", **kwargs)
        self.fields["review_on"] = DateField(
            label="Review date", help_text="When the group is to review it.", what="the review date"
        )


class LogActivityForm(NamedErrorsMixin, forms.Form):
    summary = forms.CharField(
        label="Summary", max_length=300, error_messages={"required": "Enter a summary"}
    )
    detail = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label="Detail",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    occurs_at = DateTimeField(
        label="When it happened, or is planned for",
        what="when it happened or is planned for",
    )
    urgent = forms.BooleanField(label="Urgent", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label="What are you logging",
            choices=LOGGABLE_ENTRY_KINDS,
            widget=forms.RadioSelect,
            error_messages={"required": "Choose what you are logging"},
        )
        self.fields["marking"] = marking_field(user)
        self.order_fields(["kind", "summary", "detail", "occurs_at", "urgent", "marking"])


class CalendarForm(NamedErrorsMixin, forms.Form):
    do = forms.ChoiceField(
        label="What to do with your calendar address",
        choices=[("issue", "Make a new address"), ("revoke", "Stop the address working")],
        error_messages={"invalid_choice": "Choose what to do with your calendar address."},
    )
