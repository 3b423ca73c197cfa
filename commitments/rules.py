"""Who sees a commitment and who answers for it (issue 13 §3), as plain functions."""

from directory.access import has_role, require_role
from directory.choices import Role

from .catalogue import Entry
from .choices import ScopeKind


def sees(user, entry: Entry) -> bool:
    """NCA staff see every commitment; anyone else the national ones, their own region's
    and, for a PCC office, its own body's (PCC §15: what the PCC needs about its force)."""
    if user.organisation.is_nca:
        return True
    if entry.scope_kind == ScopeKind.NATIONAL:
        return True
    if entry.scope_kind == ScopeKind.REGION:
        return entry.scope_id == user.organisation.region_id
    return has_role(user, Role.PCC_OFFICE) and entry.scope_id == user.organisation_id


def owns(user, entry: Entry) -> bool:
    """Who is told when it is at risk: the NCA's holders of its owning roles (the
    secretariat for the groups' cadences, with the group's chair; the DG's office for
    engagement, PCC §16-18; analysts for reports, PCC §19; tasking officers for requests,
    OP §5), and for a notice, the PCC office it was given to (PCC §20)."""
    commitment = entry.commitment
    if commitment.owned_by_body:
        return has_role(user, Role.PCC_OFFICE) and user.organisation_id == entry.scope_id
    if entry.chair_id is not None and entry.chair_id == user.pk:
        return True
    return user.organisation.is_nca and has_role(user, *commitment.owner_roles)


def check_may_change_settings(user) -> None:
    """The governance secretariat or a portal administrator sets the due-soon window and
    the period of circulating reports to PCCs (PCC §19), which the documents leave open."""
    require_role(user, Role.SECRETARIAT, Role.ADMIN, doing="change the commitments' settings")
