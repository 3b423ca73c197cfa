"""Every write of the commitments monitor: telling owners of commitments at risk, and
its settings."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from directory.calendar import long_date
from directory.choices import NCA_KINDS, Role
from directory.models import User
from notifications.choices import Kind
from notifications.services import notify

from .catalogue import Entry, measure_all
from .choices import AT_RISK, Status
from .models import CommitmentAlert, CommitmentSettings
from .rules import check_may_change_settings, owns
from .selectors import day_of


def commitments_alert(*, on: datetime.date | None = None) -> int:
    """Tell the owners of each commitment due soon or missed on the day, through the
    notification centre, once per commitment, scope, due date and status: run twice, it
    tells once. Returns how many commitments were told of."""
    day = day_of(on)
    at_risk = [entry for entry in measure_all(day) if entry.status in AT_RISK]
    if not at_risk:
        return 0
    roles = {role for entry in at_risk for role in entry.commitment.owner_roles}
    bodies = {entry.scope_id for entry in at_risk if entry.commitment.owned_by_body}
    chairs = {entry.chair_id for entry in at_risk if entry.chair_id}
    candidates = list(
        User.objects.filter(is_active=True)
        .filter(
            Q(organisation__kind__in=NCA_KINDS, roles__overlap=sorted(roles))
            | Q(organisation__in=bodies, roles__contains=[Role.PCC_OFFICE])
            | Q(pk__in=chairs)
        )
        .select_related("organisation")
    )
    return sum(
        _alert(entry, [person for person in candidates if owns(person, entry)], on=day.on)
        for entry in at_risk
    )


@transaction.atomic
def _alert(entry: Entry, owners: list, *, on: datetime.date) -> int:
    alert, created = CommitmentAlert.objects.get_or_create(
        code=entry.code,
        scope_kind=entry.scope_kind,
        scope_id=entry.scope_id,
        due_on=entry.due_on,
        status=entry.status,
        defaults={
            "title": entry.commitment.title,
            "scope_name": entry.scope_name,
            "seen_on": on,
        },
    )
    alert.owner_ids = sorted(person.pk for person in owners)
    alert.seen_on = on
    alert.save(update_fields=["owner_ids", "seen_on"])
    if not created:  # told already, by an earlier run
        return 0
    notify(owners, kind=Kind.COMMITMENT_AT_RISK, text=_text(entry), link=_link(entry))
    return 1


def _text(entry: Entry) -> str:
    where = "" if entry.scope_kind == "national" else f" ({entry.scope_name})"
    if entry.due_on is None:
        said = "has never been kept"
    elif entry.status == Status.MISSED:
        said = f"was due on {long_date(entry.due_on)} and is missed"
    else:
        said = f"falls due on {long_date(entry.due_on)}"
    return f"{entry.commitment.title}{where} {said} ({entry.commitment.source})."[:300]


def _link(entry: Entry) -> str:
    return f"{reverse('commitments:index')}?scope={entry.scope_kind}"


@transaction.atomic
def commitment_settings_update(
    *, actor, due_soon_days: int, circulation_days: int
) -> CommitmentSettings:
    check_may_change_settings(actor)
    CommitmentSettings.objects.get_or_create(pk=1)
    row = CommitmentSettings.objects.select_for_update().get(pk=1)
    row.due_soon_days, row.circulation_days = due_soon_days, circulation_days
    row.full_clean()
    row.save(update_fields=["due_soon_days", "circulation_days"])
    return row
