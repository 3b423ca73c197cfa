"""The one way to type a date in the portal: the GOV.UK date input (day, month and year
boxes), and for a moment in time the same boxes and a time box ("14:30"). Every date and
date-and-time field of every form uses `DateField` or `DateTimeField` from here; the API
keeps ISO 8601."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

_PARTS = ("day", "month", "year")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
EXAMPLE = "27 3 2027"


class DateInput(forms.MultiWidget):
    """Day, month and year boxes, named `<name>_day`, `<name>_month`, `<name>_year`."""

    template_name = "forms/date_input.html"
    with_time = False

    def __init__(self, attrs=None):
        boxes = {
            "day": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 2}),
            "month": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 2}),
            "year": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4}),
        }
        if self.with_time:
            boxes["time"] = forms.TextInput(attrs={"maxlength": 5, "spellcheck": "false"})
        super().__init__(boxes, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return [local.day, local.month, local.year, f"{local:%H:%M}"]
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None] * len(self.widgets)


class DateTimeInput(DateInput):
    """The date boxes and a time box ("HH:MM", 24-hour clock, London time)."""

    with_time = True


def boxes_in_error(errors) -> list[str]:
    """Which boxes a date field's errors are about, to highlight only those: the missing
    month, the short year; every box otherwise (an unreal date, a service's refusal)."""
    boxes = set()
    for error in errors.as_data():
        boxes |= set((error.params or {}).get("boxes", (*_PARTS, "time")))
    return sorted(boxes)


class DateField(forms.Field):
    """A date typed in the three boxes. Its messages name the field as GOV.UK does:
    "Enter the due date, for example 27 3 2027", "The due date must include a month",
    "The due date must be a real date". `what` is how the messages name it ("the due
    date"); by default, "the" and the label."""

    widget = DateInput
    hint = f"For example, {EXAMPLE}"

    def __init__(self, *, what: str | None = None, **kwargs):
        self.what = what
        given = kwargs.get("help_text")
        kwargs["help_text"] = f"{given} {self.hint}" if given else self.hint
        super().__init__(**kwargs)

    def named(self, what: str) -> None:
        """Called by NamedErrorsMixin, before validation, with how its label names the
        field in a sentence ("the review date"), unless `what` was given."""
        self.what = self.what or what
        self.error_messages["required"] = f"Enter {self.what}, for example {EXAMPLE}"

    def _sentence(self, rest: str) -> str:
        what = self.what or "the date"
        return f"{what[:1].upper()}{what[1:]} {rest}"

    def to_python(self, value):
        parts = [str(part or "").strip() for part in (value or [])[:3]]
        parts += [""] * (3 - len(parts))
        if not any(parts):
            return None
        missing = [name for name, part in zip(_PARTS, parts, strict=True) if not part]
        if missing:
            raise ValidationError(
                self._sentence(f"must include a {' and '.join(missing)}"),
                code="incomplete",
                params={"boxes": missing},
            )
        if not all(part.isdigit() for part in parts):
            raise ValidationError(self._sentence("must be a real date"), code="invalid")
        day, month, year = parts
        if len(year) != 4:
            raise ValidationError(
                self._sentence("must have a year of 4 numbers"),
                code="invalid",
                params={"boxes": ["year"]},
            )
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(self._sentence("must be a real date"), code="invalid") from None


class DateTimeField(DateField):
    """A moment typed as a date in the three boxes and a time ("14:30"), in London time."""

    widget = DateTimeInput
    hint = f"For example, {EXAMPLE} and 14:30 (London time, 24-hour clock)"

    def to_python(self, value):
        value = list(value or [])
        day = super().to_python(value[:3])
        time = str((value[3] if len(value) > 3 else None) or "").strip()
        if day is None:
            if time:
                raise ValidationError(
                    self._sentence("must include a date"),
                    code="incomplete",
                    params={"boxes": list(_PARTS)},
                )
            return None
        if not time:
            raise ValidationError(
                self._sentence("must include a time, for example 14:30"),
                code="incomplete",
                params={"boxes": ["time"]},
            )
        match = _TIME.match(time)
        hour, minute = (int(match[1]), int(match[2])) if match else (99, 99)
        if hour > 23 or minute > 59:
            raise ValidationError(
                self._sentence("must have a real time on the 24-hour clock, for example 14:30"),
                code="invalid",
                params={"boxes": ["time"]},
            )
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
