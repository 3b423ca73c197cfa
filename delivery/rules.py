"""Who may read the figures of the portal's work. Each rule cites its source: OP §n (the
Operational Partners Commitment), PCC §n (the PCC Commitment)."""

from django.core.exceptions import PermissionDenied

from directory.access import has_role
from directory.choices import FORCE_KINDS, Role

# The partners' officers who task the NCA and are tasked by it (OP §9, §21-23).
PARTNER_READERS = (
    Role.ROCU_OFFICER,
    Role.FORCE_OFFICER,
    Role.CHIEF_OFFICER,
    Role.CHARGE_DELEGATE,
    Role.PARTNER_OFFICER,
)


def check_may_read_request_figures(user) -> None:
    """NCA staff and the partners' officers read the figures of the requests and
    decisions they may see, which are the NCA's and the partners' work both ways
    (OP §9, §14, §21-23). A PCC office reads its force's through its Chief Constable and
    its own pages (PCC §15), not this one."""
    if user.organisation.is_nca or has_role(user, *PARTNER_READERS):
        return
    raise PermissionDenied("Only NCA staff and partners' officers may read these figures.")


def check_may_read_results(user) -> None:
    """The activity and results against the NCA's priorities and the answers to its Key
    Performance Questions are read by the same people as the requests' figures, each
    counting the results of the operations they may see (PCC §9-11, §14, OP §14)."""
    check_may_read_request_figures(user)


def check_may_read_force_area(user) -> None:
    """A force's chief officer, and its officers, read what the NCA does in the force's
    area, to brief their PCC from (PCC §15); a PCC office reads its OFFICIAL summary
    instead (engagement/rules.py check_may_read_force_summary)."""
    if user.organisation.kind in FORCE_KINDS and has_role(
        user, Role.CHIEF_OFFICER, Role.FORCE_OFFICER
    ):
        return
    raise PermissionDenied("Only a force's chief officer and its officers read this page.")
