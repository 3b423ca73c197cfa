"""Reads of the activity feed for a user: restricted to what they may see."""

import datetime

from .models import ActivityEntry


def activity_between(*, user, start: datetime.datetime, end: datetime.datetime):
    return (
        ActivityEntry.objects.restrict(user, "view")
        .filter(occurs_at__gte=start, occurs_at__lt=end)
        .select_related("organisation", "region")
    )
