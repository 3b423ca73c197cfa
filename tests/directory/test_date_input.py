"""The one way to type a date: the GOV.UK day, month and year boxes (and a time box for a
moment), read into a date and shown back, with errors that name the field."""

import datetime
import re

import pytest
from django import forms
from django.utils import timezone

from directory.forms import NamedErrorsMixin, error_summary_items
from directory.widgets import DateField, DateTimeField


class MeetingForm(NamedErrorsMixin, forms.Form):
    held_on = DateField(label="Date of the meeting", what="the meeting's date")
    review_on = DateField(label="Review date", required=False)
    occurs_at = DateTimeField(label="When it happened", required=False)


def errors(**typed) -> dict:
    form = MeetingForm(typed)
    form.is_valid()
    return form.errors


def test_the_three_boxes_make_a_date():
    form = MeetingForm({"held_on_day": "27", "held_on_month": "3", "held_on_year": "2027"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == datetime.date(2027, 3, 27)
    assert form.cleaned_data["review_on"] is None


def test_the_boxes_and_the_time_make_a_london_moment():
    form = MeetingForm(
        {"held_on_day": "1", "held_on_month": "7", "held_on_year": "2027", "occurs_at_day": "1",
         "occurs_at_month": "7", "occurs_at_year": "2027", "occurs_at_time": "14:30"}
    )  # fmt: skip
    assert form.is_valid(), form.errors
    moment = form.cleaned_data["occurs_at"]
    assert timezone.localtime(moment).strftime("%Y-%m-%d %H:%M %Z") == "2027-07-01 14:30 BST"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({}, "Enter the meeting's date, for example 27 3 2027"),
        ({"held_on_day": "27", "held_on_year": "2027"}, "The meeting's date must include a month"),
        ({"held_on_month": "3"}, "The meeting's date must include a day and year"),
        ({"held_on_day": "30", "held_on_month": "2", "held_on_year": "2027"},
         "The meeting's date must be a real date"),
        ({"held_on_day": "x", "held_on_month": "2", "held_on_year": "2027"},
         "The meeting's date must be a real date"),
        ({"held_on_day": "3", "held_on_month": "2", "held_on_year": "27"},
         "The meeting's date must have a year of 4 numbers"),
    ],
)  # fmt: skip
def test_a_wrong_date_gets_one_message_naming_the_field(typed, message):
    assert errors(**typed)["held_on"] == [message]


def test_an_optional_date_is_named_from_its_label():
    found = errors(review_on_day="1", review_on_year="2027")
    assert found["review_on"] == ["The review date must include a month"]


ON_THE_CLOCK = "on the 24-hour clock, for example 14:30"


@pytest.mark.parametrize(
    ("time", "message"),
    [
        ("", "When it happened must include a time, for example 14:30"),
        ("25:00", f"When it happened must have a real time {ON_THE_CLOCK}"),
        ("half two", f"When it happened must have a real time {ON_THE_CLOCK}"),
    ],
)  # fmt: skip
def test_a_moment_needs_a_real_time(time, message):
    day = {"occurs_at_day": "1", "occurs_at_month": "7", "occurs_at_year": "2027"}
    assert errors(**day, occurs_at_time=time)["occurs_at"] == [message]


def test_only_the_missing_box_is_highlighted_and_every_box_of_an_unreal_date():
    missing_month = str(MeetingForm({"held_on_day": "27", "held_on_year": "2027"}))
    assert missing_month.count("govuk-input--error") == 1
    assert 'govuk-input--error" id="id_held_on_1"' in missing_month
    held = {"held_on_day": "1", "held_on_month": "7", "held_on_year": "2027"}
    no_time = str(
        MeetingForm(held | {"occurs_at_day": "1", "occurs_at_month": "7", "occurs_at_year": "2027"})
    )
    assert no_time.count("govuk-input--error") == 1
    assert 'govuk-input--error" id="id_occurs_at_3"' in no_time


def test_the_error_summary_links_to_the_date_field():
    form = MeetingForm({"held_on_day": "27", "held_on_year": "2027"})
    form.is_valid()
    assert {"href": "#id_held_on", "text": "The meeting's date must include a month"} in (
        error_summary_items(form)
    )


def test_a_stored_date_is_shown_back_in_its_boxes_and_a_wrong_one_as_typed():
    shown = str(MeetingForm(initial={"held_on": datetime.date(2027, 3, 27)})["held_on"])
    for name, value in (("held_on_day", 27), ("held_on_month", 3), ("held_on_year", 2027)):
        assert re.search(rf'name="{name}" [^>]*value="{value}"', shown)
    wrong = MeetingForm({"held_on_day": "31", "held_on_month": "4", "held_on_year": "2027"})
    wrong.is_valid()
    field = str(wrong)
    assert 'name="held_on_day" type="text" inputmode="numeric" maxlength="2" value="31"' in field
    assert field.count("govuk-input--error") == 3
    assert "The meeting&#x27;s date must be a real date" in field


def test_a_stored_moment_is_shown_in_london_time():
    moment = datetime.datetime(2027, 7, 1, 13, 30, tzinfo=datetime.UTC)
    shown = str(MeetingForm(initial={"occurs_at": moment})["occurs_at"])
    assert re.search(r'name="occurs_at_time" [^>]*value="14:30"', shown)
