"""Domain rules of the directory, as plain functions.

Each rule cites where it comes from: DOMAIN.md and the paragraphs of the two source
documents (PCC §n: the PCC Commitment, OP §n: the Operational Partners Commitment).
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from .choices import (
    FORCE_KINDS,
    NCA_KINDS,
    Clearance,
    Marking,
    OrganisationKind,
    Role,
)

Kind = OrganisationKind

# Which organisations each role belongs to (DOMAIN.md, "Who uses it").
ROLE_ORGANISATION_KINDS: dict[str, frozenset[str]] = {
    # The DG and DDG lead the NCA itself (PCC §3, §16; OP Annex C).
    Role.DIRECTOR_GENERAL: frozenset({Kind.NCA}),
    Role.DEPUTY_DIRECTOR_GENERAL: frozenset({Kind.NCA}),
    Role.DIRECTOR: NCA_KINDS,
    Role.TASKING_OFFICER: NCA_KINDS,
    Role.ANALYST: NCA_KINDS,
    Role.SECRETARIAT: NCA_KINDS,
    # ROCCs are NCA senior managers posted to a ROCU (PCC §9, §18; OP §7).
    Role.ROCC: NCA_KINDS,
    Role.ROCU_OFFICER: frozenset({Kind.ROCU}),
    Role.FORCE_OFFICER: FORCE_KINDS,
    Role.CHIEF_OFFICER: FORCE_KINDS | {Kind.LAW_ENFORCEMENT_AGENCY},
    # The chief officer's delegate who agrees a charge for them (PCC §21, OP §10), granted
    # by an administrator with the reason; a ROCU, which has no chief officer of its own,
    # agrees through the delegate its forces name.
    Role.CHARGE_DELEGATE: FORCE_KINDS | {Kind.LAW_ENFORCEMENT_AGENCY, Kind.ROCU},
    # Other operational partners: agencies, border units, forces (OP §4, §21-23).
    Role.PARTNER_OFFICER: FORCE_KINDS | {Kind.LAW_ENFORCEMENT_AGENCY, Kind.JBIU},
    Role.PCC_OFFICE: frozenset({Kind.PCC_BODY}),
    Role.ADMIN: NCA_KINDS,
}


def check_role_fits_organisation(role: str, organisation) -> None:
    """A role must fit the organisation its holder belongs to.

    DOMAIN.md "Who uses it": NCA roles belong to the NCA or its commands, ROCU officers
    to a ROCU, PCC offices to a PCC governing body, chief officers to a force or agency;
    a ROCC is an NCA senior manager posted to a ROCU (PCC §18, OP §7).
    """
    if role not in Role.values:
        raise ValidationError(
            {"roles": f"“{role}” is not a role. Roles: {', '.join(Role.values)}."}
        )
    allowed = ROLE_ORGANISATION_KINDS[role]
    if organisation.kind not in allowed:
        kinds = ", ".join(sorted(Kind(kind).label for kind in allowed))
        raise ValidationError(
            {
                "roles": (
                    f"The role {Role(role).label} does not fit {organisation.name} "
                    f"({organisation.get_kind_display()}): it belongs to {kinds}."
                )
            }
        )


def check_rocc_posting(roles: list[str], posted_to) -> None:
    """A ROCC is posted to one ROCU, the NCA's conduit to it and its forces (PCC §18)."""
    if Role.ROCC in roles:
        if posted_to is None:
            raise ValidationError({"posted_to": "A ROCC must be posted to a ROCU (PCC §18)."})
        if posted_to.kind != Kind.ROCU:
            raise ValidationError(
                {"posted_to": f"A ROCC is posted to a ROCU; {posted_to.name} is not one."}
            )
    elif posted_to is not None:
        raise ValidationError({"posted_to": "Only a ROCC is posted to a ROCU (PCC §18)."})


# Government Security Classifications: the highest marking each vetting level may see.
CLEARANCE_CEILING: dict[str, str] = {
    Clearance.BPSS: Marking.OFFICIAL_SENSITIVE,
    Clearance.CTC: Marking.OFFICIAL_SENSITIVE,
    Clearance.SC: Marking.SECRET,
    Clearance.DV: Marking.TOP_SECRET,
}
MARKING_ORDER: list[str] = list(Marking.values)


def markings_within_clearance(clearance: str) -> list[str]:
    """The markings a holder of `clearance` may see.

    BPSS and CTC see up to OFFICIAL-SENSITIVE, SC up to SECRET, DV up to TOP SECRET.
    A record above that does not exist for the user.
    """
    ceiling = MARKING_ORDER.index(CLEARANCE_CEILING[clearance])
    return MARKING_ORDER[: ceiling + 1]


def clearance_in_force(user, today: datetime.date | None = None) -> bool:
    """A clearance holds until its review date; past it, the person sees nothing above
    OFFICIAL until it is renewed, and their API tokens end (issue 9 §3, "Clearances
    expire")."""
    return (today or timezone.localdate()) <= user.clearance_review_on


def markings_visible_to(user, today: datetime.date | None = None) -> list[str]:
    """The markings `user` may see today: their clearance's while it is in force, only
    OFFICIAL once its review date has passed (`clearance_in_force`)."""
    if not clearance_in_force(user, today):
        return [Marking.OFFICIAL]
    return markings_within_clearance(user.clearance)


def highest_marking(markings) -> str:
    """The marking of a page or pack is the highest of what it holds."""
    return max(markings, key=MARKING_ORDER.index, default=Marking.OFFICIAL)


def marking_is_sensitive(marking: str) -> bool:
    """Reads of records marked OFFICIAL-SENSITIVE or above are logged."""
    return MARKING_ORDER.index(marking) >= MARKING_ORDER.index(Marking.OFFICIAL_SENSITIVE)


def governing_body_on(force, day: datetime.date):
    """The body that governs `force` on `day`, or None.

    The notice a direction owes goes to whoever governs the force on the day it is
    issued (PCC §20; DOMAIN.md "Changes since the documents"): mayors have taken over
    PCC functions in several areas, and PCCs are to be abolished from May 2028.
    """
    term = next((term for term in force.governance_terms.all() if term.covers(day)), None)
    return term.governing_body if term else None


def rocu_on(force, day: datetime.date):
    """The ROCU `force` belonged to on `day`, or None (OP §21). Kent Police was in the
    south-east collaboration when the source documents were written and is in ERSOU now:
    the answer depends on the day. Routing today reads `Organisation.rocu`, which the
    reference data keeps equal to `rocu_on(force, today)`."""
    membership = next((m for m in force.rocu_memberships.all() if m.covers(day)), None)
    return membership.rocu if membership else None


def region_on(force, day: datetime.date):
    """The region `force` was in on `day`: its ROCU's region that day (regions follow
    the ROCU, OP §21: Kent Police was in the south-east until it joined ERSOU), or its
    own where it belonged to none."""
    rocu = rocu_on(force, day)
    return rocu.region if rocu is not None and rocu.region_id else force.region


def name_on(organisation, day: datetime.date) -> str:
    """The name `organisation` bore on `day`: a PCC renamed when it took on fire
    governance is named in a notice of before the change as it was then named."""
    for former in sorted(organisation.dated_names.all(), key=lambda former: former.ends_on):
        if day <= former.ends_on and (former.starts_on is None or former.starts_on <= day):
            return former.name
    return organisation.name


def check_exists_on(organisation, day: datetime.date, *, field: str) -> None:
    """Nobody is asked, routed through or directed after the last day the organisation
    exists, or before its first (`Organisation.exists_on`, the reference data's dates):
    an office abolished when a mayor took over its functions is kept for history and
    addressed by no new record (DOMAIN.md "Changes since the documents"; issue 12 §8)."""
    if organisation is None or organisation.exists_on(day):
        return
    if organisation.valid_to is not None and organisation.valid_to < day:
        when = f"ceased to exist after {organisation.valid_to:%-d %B %Y}"
    else:
        when = f"exists only from {organisation.valid_from:%-d %B %Y}"
    raise ValidationError(
        {field: f"{organisation.name} {when}: choose an organisation that exists today."}
    )


def check_marking_within_clearance(user, marking: str, field: str = "marking") -> None:
    """A user marks a record no higher than their own clearance lets them see: a record
    above it would not exist for its own author."""
    if marking not in MARKING_ORDER:
        raise ValidationError({field: f"“{marking}” is not a protective marking."})
    if marking not in markings_visible_to(user):
        if not clearance_in_force(user):
            message = (
                f"Your clearance was due for review on {user.clearance_review_on:%d %B %Y}: "
                "until it is renewed you mark records OFFICIAL only."
            )
        else:
            ceiling = Marking(CLEARANCE_CEILING[user.clearance]).label
            message = (
                f"Your clearance lets you mark records up to {ceiling}, "
                f"not {Marking(marking).label}."
            )
        raise ValidationError({field: message})


# --- granting roles and clearances (issue 9 §1) -------------------------------------------

# The roles that lead the NCA (PCC §3, §16; OP §9: only the DG issues a direction) and the
# highest vetting level: granting either needs a second administrator's approval.
SENIOR_ROLES = frozenset({Role.DIRECTOR_GENERAL, Role.DEPUTY_DIRECTOR_GENERAL})


def check_not_own_grant(actor, subject) -> None:
    """Nobody changes their own roles or clearance (issue 9 §1): an administrator who
    could would hold every power the portal has."""
    if actor is not None and actor.pk == subject.pk:
        raise ValidationError(
            {
                "subject": (
                    "You may not change your own roles or clearance: ask another administrator."
                )
            }
        )


def grant_needs_second_person(*, previous_roles, previous_clearance, roles, clearance) -> bool:
    """A grant that adds the Director General's or the Deputy Director General's role,
    or raises a clearance to DV, needs a second administrator's approval (issue 9 §1)."""
    adds_senior_role = bool((set(roles) - set(previous_roles)) & SENIOR_ROLES)
    raises_to_dv = clearance == Clearance.DV and previous_clearance != Clearance.DV
    return adds_senior_role or raises_to_dv


def check_second_person(approver, grant) -> None:
    """The second person who approves or refuses a grant is a portal administrator who
    neither asked for it nor receives it (issue 9 §1)."""
    if approver is None or Role.ADMIN not in approver.roles or not approver.is_active:
        raise ValidationError({"decided_by": "Only a portal administrator approves a grant."})
    if approver.pk == grant.subject_id:
        raise ValidationError({"decided_by": "Nobody approves a grant of their own roles."})
    if approver.pk == grant.requested_by_id:
        raise ValidationError(
            {"decided_by": "A second administrator approves it, not the one who asked for it."}
        )


def marking_lowered(old: str, new: str) -> bool:
    return MARKING_ORDER.index(new) < MARKING_ORDER.index(old)


def check_marking_change(
    actor, *, record_organisation, old: str, new: str, reason: str = "", field: str = "marking"
) -> bool:
    """A record's marking never slips (issue 9 §2). Raising it is always allowed, up to
    the writer's own clearance; lowering it is a deliberate act: only the organisation
    the record comes from lowers it, and only with a reason, which its history keeps.

    Returns True when the change lowers the marking.
    """
    check_marking_within_clearance(actor, new, field)
    if not marking_lowered(old, new):
        return False
    if actor.organisation_id != record_organisation.pk:
        raise ValidationError(
            {
                field: (
                    f"Only {record_organisation.name}, whose record this is, may lower its "
                    f"marking from {Marking(old).label} to {Marking(new).label}."
                )
            }
        )
    if not (reason or "").strip():
        raise ValidationError(
            {
                "marking_reason": (
                    f"Say why the marking is lowered from {Marking(old).label} to "
                    f"{Marking(new).label}: lowering a marking needs a reason."
                )
            }
        )
    return True


# What one person may put in one write (issue 9 §4: no one user can exhaust the portal).
# Names and titles, free text, and the items of any list a person sends.
NAME_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 10_000
LIST_MAX_ITEMS = 50
