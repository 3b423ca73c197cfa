"""Every read of the commitments for a reader: the commitments that concern them, with
evidence bounded by what they may see (directory/access.py `restrict`)."""

import datetime
from collections import defaultdict

from django.utils import timezone

from .catalogue import Day, Entry, measure_all
from .models import CommitmentSettings
from .rules import sees


def day_of(on: datetime.date | None = None) -> Day:
    row = CommitmentSettings.current()
    return Day(
        on=on or timezone.localdate(),
        due_soon_days=row.due_soon_days,
        circulation_days=row.circulation_days,
    )


def commitments_for(
    *, user, on: datetime.date | None = None, status: str = "", scope: str = ""
) -> list[Entry]:
    """The commitments `user` sees on the day (default today), with only the evidence
    they may open: one query per kind of record named, whatever the number of rows."""
    entries = [
        entry
        for entry in measure_all(day_of(on))
        if sees(user, entry)
        and (not status or entry.status == status)
        and (not scope or entry.scope_kind == scope)
    ]
    _bound_evidence(user, entries)
    return entries


def _bound_evidence(user, entries: list[Entry]) -> None:
    named = defaultdict(set)
    for entry in entries:
        for evidence in entry.evidence:
            named[evidence.model].add(evidence.pk)
    visible = {
        (model, pk)
        for model, pks in named.items()
        for pk in model.objects.restrict(user, "view")
        .filter(pk__in=pks)
        .values_list("pk", flat=True)
    }
    for entry in entries:
        entry.evidence = [e for e in entry.evidence if (e.model, e.pk) in visible]
