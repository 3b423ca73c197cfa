"""The commitments' part of the home page (see directory/home.py): those due soon or
missed that the person answers for."""

from django.urls import reverse

from directory.access import has_role
from directory.choices import Role
from directory.home import Glance, Need

from . import selectors
from .catalogue import CATALOGUE
from .choices import Status

OWNING_ROLES = {role for commitment in CATALOGUE for role in commitment.owner_roles}
SHOWN = 5


def _may_own(user) -> bool:
    """Only those whose roles own a commitment are measured for: the home page of
    everyone else asks nothing of the commitments."""
    if has_role(user, Role.PCC_OFFICE):
        return True
    return user.organisation.is_nca and has_role(user, *OWNING_ROLES)


def needs(user, *, today) -> list[Need]:
    if not _may_own(user):
        return []
    found = []
    for entry in selectors.commitments_owned(user=user, on=today)[:SHOWN]:
        where = "" if entry.scope_kind == "national" else f": {entry.scope_name}"
        reason = "Missed" if entry.status == Status.MISSED else "Due soon"
        found.append(
            Need(
                f"{entry.commitment.title}{where}",
                f"{reason}, a commitment you answer for ({entry.commitment.source})",
                f"{reverse('commitments:index')}?scope={entry.scope_kind}",
                due_on=entry.due_on,
            )
        )
    return found


def at_a_glance(user, *, today) -> list[Glance]:
    return []
