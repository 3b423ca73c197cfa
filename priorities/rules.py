"""The rules about the priorities a record serves (PCC Annex A)."""

import datetime

from django.core.exceptions import ValidationError


def check_priorities_in_force(priorities, day: datetime.date, *, field: str = "priorities"):
    """A target, request, operation or control strategy serves the priorities in force on
    its day (PCC Annex A): a version that has ended, or not yet started, is refused,
    naming `field`."""
    stale = [priority for priority in priorities if not priority.covers(day)]
    if stale:
        titles = "; ".join(f"“{priority.title}” ({priority.period()})" for priority in stale)
        raise ValidationError(
            {field: f"Choose priorities in force on {day:%d %B %Y}. Not in force then: {titles}."}
        )
