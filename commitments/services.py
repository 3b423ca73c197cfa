"""Every write of the commitments monitor: telling owners of commitments at risk."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from directory.calendar import long_date
from directory.choices import NCA_KINDS, Role
from directory.models import User
from notifications.choices import Kind
from notifications.services import notify

from .catalogue import Entry, measure_all
from .choices import AT_RISK, Status
from .models import CommitmentAlert
from .rules import owns
from .selectors import day_of


def commitments_alert(*, on: datetime.date | None = None) -> int:
    """Tell the owners of each commitment due soon or missed on the day, through the
    notification centre, once per commitment, scope, due date and status: run twice, it
    tells once. Returns how many commitments were told of."""
    at_risk = [entry for entry in measure_all(day_of(on)) if entry.status in AT_RISK]
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
        _alert(entry, [person for person in candidates if owns(person, entry)]) for entry in at_risk
    )


def _alert(entry: Entry, owners: list) -> int:
    try:
        with transaction.atomic():
            CommitmentAlert.objects.create(
                code=entry.code,
                scope_kind=entry.scope_kind,
                scope_id=entry.scope_id,
                due_on=entry.due_on,
                status=entry.status,
                told=len(owners),
            )
            notify(owners, kind=Kind.COMMITMENT_AT_RISK, text=_text(entry), link=_link(entry))
    except IntegrityError:  # told already, by this job's earlier run
        return 0
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
