"""Every write to the activity feed."""

import datetime

from django.db import models

from directory.choices import Marking

from .choices import EntryKind
from .models import ActivityEntry


def activity_record(
    *,
    kind: EntryKind,
    summary: str,
    occurs_at: datetime.datetime,
    marking: Marking,
    source: models.Model | None = None,
    link: str = "",
    organisation=None,
    region=None,
    urgent: bool = False,
    detail: str = "",
    recorded_by=None,
) -> ActivityEntry:
    """Write one entry. Call it inside the transaction of the change it reports, so
    that the feed never shows something that did not happen."""
    return ActivityEntry.objects.create(
        kind=kind,
        summary=summary[:300],
        detail=detail,
        occurs_at=occurs_at,
        marking=marking,
        urgent=urgent,
        organisation=organisation,
        region=region,
        source_type=source._meta.label_lower if source is not None else "",
        source_id=str(source.pk) if source is not None else "",
        link=link,
        recorded_by=recorded_by,
    )
