"""The directory's part of the home page (see directory/home.py): the ROCU a ROCC is
posted to and the forces a PCC office governs. Nothing here falls due."""

from django.template.defaultfilters import pluralize

from . import selectors
from .access import has_role
from .choices import Role
from .home import Glance, Need


def needs(user, *, today) -> list[Need]:
    return []


def at_a_glance(user, *, today) -> list[Glance]:
    found = []
    if has_role(user, Role.ROCC) and user.posted_to_id:
        rocu = selectors.posting_of(user=user)
        if rocu:
            count = rocu.force_count
            label = f"force{pluralize(count)} in your ROCU, {rocu.name}"
            found.append(Glance(label, count, rocu.get_absolute_url()))
    if has_role(user, Role.PCC_OFFICE):
        count = selectors.forces_governed_by(user=user, body=user.organisation).count()
        label = f"force{pluralize(count)} governed by your office"
        found.append(Glance(label, count, user.organisation.get_absolute_url()))
    return found
