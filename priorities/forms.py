"""The priorities as a choice on a form: GOV.UK checkboxes grouped strategic and
operational, offering the priorities in force on the day."""

import datetime

from django import forms
from django.utils import timezone

from .choices import PriorityKind
from .models import Priority

PRIORITIES_HINT = "Which of the NCA's priorities this serves"
GROUPS = {
    PriorityKind.STRATEGIC: "Strategic priorities",
    PriorityKind.OPERATIONAL: "Operational priorities",
}


def priorities_field(
    *, on: datetime.date | None = None, label="Priorities it serves", hint: str = ""
):
    """The priorities in force on `on` (today), as checkboxes grouped by kind; none need
    be chosen. It cleans to the chosen Priority rows: any version, so that one no longer
    in force is refused by the rule (rules.check_priorities_in_force) in its words, as
    the API refuses it. `hint` adds to the hint."""
    in_force = list(Priority.objects.in_force(on or timezone.localdate()))
    field = forms.ModelMultipleChoiceField(
        queryset=Priority.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=label,
        help_text=f"{PRIORITIES_HINT}. {hint}".strip() if hint else PRIORITIES_HINT,
    )
    field.widget.choices = [
        (group, [(priority.pk, priority.title) for priority in in_force if priority.kind == kind])
        for kind, group in GROUPS.items()
    ]
    return field
