"""Who may read the figures of the portal's work. Each rule cites its source: OP §n (the
Operational Partners Commitment), PCC §n (the PCC Commitment)."""

from django.core.exceptions import PermissionDenied

from directory.access import has_role
from directory.choices import Role

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
