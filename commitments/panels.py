"""The commitments' part of the home page (see directory/home.py): those due soon or
missed that the person answers for, as the daily job last found them (services.py),
so that the home page does not measure every commitment on each visit."""

import datetime

from django.urls import reverse

from directory.access import has_role
from directory.choices import Role
from directory.home import Glance, Need

from .catalogue import CATALOGUE
from .choices import Status
from .models import CommitmentAlert

OWNING_ROLES = {role for commitment in CATALOGUE for role in commitment.owner_roles}
SHOWN = 5


def _may_own(user) -> bool:
    if has_role(user, Role.PCC_OFFICE):
        return True
    return user.organisation.is_nca and has_role(user, *OWNING_ROLES)


def needs(user, *, today) -> list[Need]:
    if not _may_own(user):
        return []
    # Found at risk by today's run, or yesterday's before today's has run.
    current = CommitmentAlert.objects.filter(
        owner_ids__contains=[user.pk], seen_on__gte=today - datetime.timedelta(days=1)
    ).order_by("-status", "due_on", "pk")[:SHOWN]  # missed first
    return [
        Need(
            alert.title if alert.scope_kind == "national" else f"{alert.title}: {alert.scope_name}",
            "Missed: a commitment you answer for"
            if alert.status == Status.MISSED
            else "Due soon: a commitment you answer for",
            f"{reverse('commitments:index')}?scope={alert.scope_kind}",
            due_on=alert.due_on,
        )
        for alert in current
    ]


def at_a_glance(user, *, today) -> list[Glance]:
    return []
