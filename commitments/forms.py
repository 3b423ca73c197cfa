import datetime

from django import forms
from django.core.exceptions import ValidationError

from directory.forms import NamedErrorsMixin
from directory.widgets import DateField

from .choices import ScopeKind, Status
from .models import CommitmentSettings

# The days the monitor reads: a day outside them is a mistake, not a question.
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)


def check_day(on: datetime.date | None) -> None:
    if on is not None and not FIRST_DAY <= on <= LAST_DAY:
        raise ValidationError(
            {"on": f"The day must be between {FIRST_DAY:%-d %B %Y} and {LAST_DAY:%-d %B %Y}."}
        )


class CommitmentFilterForm(NamedErrorsMixin, forms.Form):
    """The page's filters: the same as the API's `?on=`, `?status=` and `?scope=`."""

    on = DateField(label="On the day (optional)", required=False, what="the day")
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Status.choices]
    )
    scope = forms.ChoiceField(
        label="Scope", required=False, choices=[("", "Any scope"), *ScopeKind.choices]
    )

    def clean(self):
        cleaned = super().clean()
        try:
            check_day(cleaned.get("on"))
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class CommitmentSettingsForm(NamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = CommitmentSettings
        fields = ["due_soon_days", "circulation_days"]
        labels = {
            "due_soon_days": "Days before a commitment falls due that it reads as due soon",
            "circulation_days": (
                "Longest time a PCC body goes without a key intelligence report, in days"
            ),
        }
