"""The filters of the delivery pages, in the GOV.UK style, every answer bounded."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from directory.calendar import long_date
from directory.charts import EARLIEST
from directory.forms import NamedErrorsMixin
from directory.widgets import DateField

from .figures import QUARTER, YEAR, ReportingPeriod

# The Key Performance Questions are first dated from the financial year 2015 to 2016.
FIRST_REPORTING_YEAR = 2015


class DayForm(NamedErrorsMixin, forms.Form):
    """The day whose priorities the page shows: today when empty, never in the future."""

    on = DateField(label="Priorities in force on", required=False, what="the day")

    def __init__(self, data=None, *, today: datetime.date):
        self.today = today
        super().__init__(data)

    def clean_on(self):
        day = self.cleaned_data.get("on") or self.today
        if day > self.today:
            raise ValidationError("The day must be today or in the past")
        if day < EARLIEST:
            raise ValidationError(f"The day must be on or after {long_date(EARLIEST)}")
        return day


class ReportingPeriodForm(NamedErrorsMixin, forms.Form):
    """A quarter or a year of the financial year, which must have begun by today.
    Empty, it is the last full quarter."""

    length = forms.ChoiceField(
        label="Answer for",
        choices=[(QUARTER, "A quarter"), (YEAR, "A financial year")],
        widget=forms.RadioSelect,
        required=False,
    )
    year = forms.IntegerField(
        label="Financial year starting in April of",
        help_text="For example, 2025 for April 2025 to March 2026",
        min_value=FIRST_REPORTING_YEAR,
        max_value=2100,
        required=False,
    )
    quarter = forms.TypedChoiceField(
        label="Quarter",
        choices=[
            ("", "Select one"),
            (1, "1: April to June"),
            (2, "2: July to September"),
            (3, "3: October to December"),
            (4, "4: January to March"),
        ],
        coerce=int,
        required=False,
        help_text="For a quarter only; the last full quarter when left empty",
    )

    def __init__(self, data=None, *, today: datetime.date):
        self.today = today
        super().__init__(data)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        default = ReportingPeriod.last_full_quarter(today=self.today)
        length = data.get("length") or QUARTER
        year = data.get("year") or default.year
        if length == YEAR:
            period = ReportingPeriod(YEAR, year)
        else:
            period = ReportingPeriod(QUARTER, year, data.get("quarter") or default.quarter)
        if period.starts > self.today:
            raise ValidationError({"year": "Choose a period that has begun"})
        data["period"] = period
        return data
