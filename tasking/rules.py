"""The domain rules of tasking and assistance, as plain functions.

Each cites its source: OP §n (the Operational Partners Commitment), PCC §n (the PCC
Commitment), DOMAIN.md.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone

from directory.access import has_role
from directory.choices import (
    FORCE_KINDS,
    NCA_KINDS,
    UNTASKED_KINDS,
    Marking,
    OrganisationKind,
    Role,
)
from directory.models import GoverningBodyTerm, Organisation
from directory.rules import (
    MARKING_ORDER,
    NAME_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    check_marking_within_clearance,
    region_on,
)
from priorities.rules import check_priorities_in_force as check_priorities_in_force

from .choices import (
    ASSET_RESULTS,
    GRADED_RESULTS,
    PEOPLE_RESULTS,
    CommitmentTest,
    Outcome,
    RequestDirection,
    ResultKind,
    Urgency,
)

Kind = OrganisationKind

# --- names -----------------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """A name as deconfliction compares it: accents and case removed, punctuation and
    spacing collapsed ("Ólafsson  Brothers" and "olafsson brothers" are one name)."""
    decomposed = unicodedata.normalize("NFKD", name)
    unaccented = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", unaccented.casefold()).strip()


def matching_name(name: str, generic_words) -> str:
    """A name as deconfliction matches it (OP Annex A: the NCA's deconfliction service):
    normalised, without the words common to many groups' names (`generic_words`, such as
    "the", "crew", "ocg"), so that "The Medway Crew" and "The Tyne Crew" are not alike
    for sharing "the crew". A name with nothing else but initials ("O. Family": too
    little to tell it from any other) is matched whole."""
    words = normalise_name(name).split()
    kept = [word for word in words if word not in generic_words]
    return " ".join(kept if len("".join(kept)) >= MATCHED_LETTERS_AT_LEAST else words)


# Fewer letters than this, once the generic words are left out, is not a name to match on.
MATCHED_LETTERS_AT_LEAST = 3


def check_generic_word(word: str) -> str:
    """A generic word is one word of letters or digits; returns it as matched."""
    normalised = normalise_name(word or "")
    if not normalised or " " in normalised:
        raise ValidationError({"word": "Enter one word, such as crew or brothers"})
    if len(normalised) > GENERIC_WORD_MAX_LENGTH:
        raise ValidationError(
            {"word": f"Enter a word of at most {GENERIC_WORD_MAX_LENGTH} characters"}
        )
    return normalised


GENERIC_WORD_MAX_LENGTH = 40


# At most this many aliases on a target, and names in one deconfliction check or one
# request: each is compared with every name held, so the cost of one write is bounded
# (issue 9 §4: one officer's 1,500-alias targets timed out every worker).
MAX_ALIASES = 50
MAX_NAMES_PER_CHECK = 50


def check_names(names, *, field: str, limit: int) -> None:
    """A target has at most MAX_ALIASES aliases; a request or a check names at most
    MAX_NAMES_PER_CHECK people or groups; each name is at most NAME_MAX_LENGTH long
    (issue 9 §4)."""
    if len(names) > limit:
        raise ValidationError({field: f"Give at most {limit} names here, not {len(names)}."})
    if any(len(name) > NAME_MAX_LENGTH for name in names):
        raise ValidationError({field: f"A name here is at most {NAME_MAX_LENGTH} characters long."})


def check_name_has_letters(name: str, *, what: str) -> None:
    """Deconfliction compares names once normalised (OP Annex A): a name of punctuation
    alone would match nothing, so `what` ("A target") needs a letter or digit in it."""
    if not normalise_name(name or ""):
        raise ValidationError({"name": f"{what} needs a name with at least one letter or digit."})


# --- who may do what -------------------------------------------------------------------

# Partners' officers who ask for or answer tasking (DOMAIN.md, "Who uses it").
PARTNER_REQUESTERS = (
    Role.ROCU_OFFICER,
    Role.FORCE_OFFICER,
    Role.CHIEF_OFFICER,
    Role.PARTNER_OFFICER,
)
NCA_REQUESTERS = (Role.TASKING_OFFICER, Role.ANALYST, Role.DIRECTOR, Role.ROCC)
# Who records the NCA's lead/support/coordinate decision: the tasking desk and the
# senior officers above it (OP §14, §17).
NCA_DECIDERS = (
    Role.TASKING_OFFICER,
    Role.DIRECTOR,
    Role.DEPUTY_DIRECTOR_GENERAL,
    Role.DIRECTOR_GENERAL,
)


def check_may_keep_generic_words(user) -> None:
    """The NCA provides deconfliction (OP Annex A): its tasking desk (tasking officers
    and those who run it) keeps the words deconfliction ignores."""
    if not (user.organisation.is_nca and has_role(user, *NCA_DECIDERS)):
        raise PermissionDenied("Only the NCA's tasking desk changes the words ignored in matching.")


def check_may_request(user) -> None:
    """Tasking runs both ways between the NCA and partners (OP §9, PCC §7): NCA
    officers and partners' operational officers ask; PCC offices do not."""
    roles = NCA_REQUESTERS if user.organisation.is_nca else PARTNER_REQUESTERS
    if not has_role(user, *roles):
        raise PermissionDenied("Your role does not make tasking or assistance requests.")


def check_may_act_for_requester(user, request) -> None:
    """Only the requesting organisation submits or withdraws its own request."""
    check_may_request(user)
    if user.organisation_id != request.requesting_organisation_id:
        raise PermissionDenied("Only the organisation that made this request may do this.")


def check_may_answer(user, request) -> None:
    """Who answers a request: for a request to the NCA, the NCA's tasking desk decides
    whether it leads, supports or coordinates (OP §14, §17); for an NCA request, the
    partner it is addressed to, or the ROCU or JBIU it goes through (OP §21-22)."""
    if request.direction == RequestDirection.TO_NCA:
        if not (user.organisation.is_nca and has_role(user, *NCA_DECIDERS)):
            raise PermissionDenied(
                "Only an NCA tasking officer or the NCA's senior officers decide on requests."
            )
        return
    recipients = {request.addressed_organisation_id, request.routed_via_id}
    if user.organisation_id not in recipients or not has_role(user, *PARTNER_REQUESTERS):
        raise PermissionDenied("Only the partner this request is addressed to may answer it.")


# --- routing (OP §21-23) ---------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    via: object | None  # the ROCU or JBIU, or None for direct
    reason: str


def direction_of(requesting_organisation) -> RequestDirection:
    return (
        RequestDirection.FROM_NCA
        if requesting_organisation.kind in NCA_KINDS
        else RequestDirection.TO_NCA
    )


def _not_routed(via, addressed, why: str) -> None:
    """An explicit route where none fits is refused, never silently replaced."""
    if via is not None:
        raise ValidationError(
            {"routed_via": f"{why} Leave “routed via” empty: {via.name} is not on its way."}
        )


def check_agency_reached_through_nca(*, requesting_organisation, addressed_organisation) -> None:
    """The NCA is the conduit between the forces and the security and intelligence
    agencies (OP §4): a request to an agency comes from the NCA, never straight from a
    force or another partner."""
    if addressed_organisation.kind != Kind.INTELLIGENCE_AGENCY:
        return
    if requesting_organisation.kind in NCA_KINDS:
        return
    raise ValidationError(
        {
            "addressed_organisation": (
                f"{requesting_organisation.name} cannot ask {addressed_organisation.name} "
                "directly: the NCA is the conduit to the security and intelligence agencies "
                "(OP §4). Address the request to the NCA, saying what you need from the agency."
            )
        }
    )


def route_request(
    *, requesting_organisation, addressed_organisation, via=None, direct_reason: str = ""
) -> Route:
    """Where a request goes, and why.

    A partner asks the NCA directly. The NCA reaches police capability in England and
    Wales primarily through the region's ROCU (OP §21): that is the route unless the
    request records why it goes to the force directly (urgency; the large forces and
    agencies of OP §24). Capability at the border goes through a JBIU (OP §22); in
    Scotland and Northern Ireland through Police Scotland and PSNI (OP footnote 13); other
    partners directly (OP §23). A route asked for that does not fit is refused, naming
    `routed_via`, never replaced by another.
    """
    addressed = addressed_organisation
    direct_reason = (direct_reason or "").strip()
    if len(direct_reason) > TEXT_MAX_LENGTH:
        raise ValidationError(
            {"direct_reason": f"Give the reason in no more than {TEXT_MAX_LENGTH:,} characters."}
        )
    goes_through_rocu = addressed.kind == Kind.TERRITORIAL_FORCE and addressed.rocu_id is not None
    if direct_reason and not goes_through_rocu:
        raise ValidationError(
            {
                "direct_reason": (
                    f"A request to {addressed.name} goes to it directly already: a reason to "
                    "go directly is only for a force otherwise reached through its ROCU."
                )
            }
        )
    check_agency_reached_through_nca(
        requesting_organisation=requesting_organisation, addressed_organisation=addressed
    )
    if direction_of(requesting_organisation) == RequestDirection.TO_NCA:
        if addressed.kind not in NCA_KINDS:
            raise ValidationError(
                {
                    "addressed_organisation": (
                        "A partner's request goes to the NCA or one of its commands."
                    )
                }
            )
        _not_routed(via, addressed, "A partner asks the NCA directly (OP §10, §25).")
        return Route(
            None, "A partner asks the NCA directly for support or a capability (OP §10, §25)."
        )
    if addressed.kind in NCA_KINDS or addressed.kind in UNTASKED_KINDS:
        raise ValidationError(
            {
                "addressed_organisation": (
                    f"{addressed.name} is not an operational partner the NCA tasks."
                )
            }
        )
    if goes_through_rocu:
        rocu = addressed.rocu
        if direct_reason:
            _not_routed(via, addressed, f"The request goes to {addressed.name} directly.")
            return Route(
                None,
                f"Sent to {addressed.name} directly rather than through {rocu.name} "
                f"(OP §21, §24): {direct_reason}",
            )
        if via is not None and via.pk != rocu.pk:
            raise ValidationError(
                {
                    "routed_via": (
                        f"{addressed.name} is reached through its ROCU, {rocu.name} (OP §21), "
                        f"not {via.name}. Leave “routed via” empty to send it through "
                        f"{rocu.name}, or give the reason it goes to {addressed.name} directly."
                    )
                }
            )
        return Route(
            rocu,
            f"The NCA reaches police capability in England and Wales through the region's ROCU, "
            f"{rocu.name} (OP §21).",
        )
    if addressed.reached_through_jbiu:
        if via is None or via.kind != Kind.JBIU:
            raise ValidationError(
                {
                    "routed_via": (
                        "Capability at the border is reached through a JBIU (OP §22): choose one."
                    )
                }
            )
        return Route(via, f"Capability at the border is reached through {via.name} (OP §22).")
    if addressed.kind == Kind.TERRITORIAL_FORCE:
        why = f"{addressed.name} belongs to no ROCU, so the NCA works with it directly (OP §23)."
    elif addressed.kind == Kind.ROCU:
        why = "Addressed to the ROCU itself, the regional tier (OP §21)."
    elif addressed.kind == Kind.JBIU:
        why = "Addressed to the JBIU itself, the gateway at the border (OP §22)."
    elif addressed.kind == Kind.INTELLIGENCE_AGENCY:
        why = (
            f"The NCA asks {addressed.name} itself, as the conduit between the forces and "
            "the security and intelligence agencies (OP §4)."
        )
    elif addressed.kind == Kind.DEVOLVED_FORCE:
        why = (
            f"In Scotland and Northern Ireland the NCA works through {addressed.name} "
            "(OP §21, footnote 13)."
        )
    else:
        why = f"The NCA works directly with {addressed.name} (OP §23)."
    _not_routed(via, addressed, why)
    return Route(None, why)


# --- response times --------------------------------------------------------------------


def response_due(
    *, submitted_at: datetime.datetime, urgency: Urgency, standards
) -> datetime.datetime:
    """Each urgency has a response deadline; the times are settings (ResponseStandard),
    since the documents set none. An immediate need for urgent action is itself one of
    the NCA's tests (OP §5)."""
    return submitted_at + standards[urgency]


# --- lead, support or coordinate (OP §5, §14-§17) -------------------------------------


@dataclass(frozen=True)
class Suggestion:
    outcome: Outcome
    reasons: list[str]


def suggest_outcome(*, tests: dict[str, bool], context: dict[str, bool]) -> Suggestion:
    """The portal's suggestion, with its reasons, from the four commitment tests (OP §5)
    and the context (OP Annex B: highest risk, several jurisdictions, international,
    sophistication). It only suggests: professional judgement decides (OP §17).

    - Lead: a Priority or High Priority target whose tackling is beyond partners'
      capability, or needs urgent action with specialist capability (OP §5, §14 "Lead").
    - Coordinate: several jurisdictions or agencies are involved and partners can act
      themselves: the NCA brings them together (OP §14 "Coordinate", §18 third example).
    - Support: specialist capability or urgent action is needed, and partners lead
      (OP §14 "Support").
    - Decline: none of the four tests is met; partners are best placed (OP §5, §16).
    """
    met = [CommitmentTest(name) for name in CommitmentTest.values if tests.get(name)]
    reasons = [f"Test met: {test.label} (OP §5)." for test in met]
    priority = tests.get(CommitmentTest.PRIORITY_TARGET, False)
    beyond = tests.get(CommitmentTest.BEYOND_PARTNER_CAPABILITY, False)
    specialist = tests.get(CommitmentTest.SPECIALIST_CAPABILITY, False)
    urgent = tests.get(CommitmentTest.URGENT_ACTION, False)
    spread = context.get("several_jurisdictions", False) or context.get("international", False)
    if context.get("highest_risk"):
        reasons.append("Among the highest risks, where the NCA focuses (OP §14, Risk).")
    if priority and (beyond or (urgent and specialist)):
        reasons.append("A prioritised target partners cannot reasonably tackle: the NCA leads.")
        return Suggestion(Outcome.LEAD, reasons)
    if beyond and (spread or context.get("highest_risk") or context.get("high_sophistication")):
        reasons.append(
            "Beyond partners, across jurisdictions or of the highest risk: the NCA leads."
        )
        return Suggestion(Outcome.LEAD, reasons)
    if spread and not beyond:
        reasons.append("Several jurisdictions or agencies that can act: the NCA coordinates.")
        return Suggestion(Outcome.COORDINATE, reasons)
    if met:
        reasons.append("Partners lead; the NCA provides specialist resources or services.")
        return Suggestion(Outcome.SUPPORT, reasons)
    reasons.append("None of the NCA's commitment tests is met: partners are best placed.")
    return Suggestion(Outcome.DECLINE, reasons)


def check_departure_explained(*, outcome: str, suggested: str, departure_reason: str) -> None:
    """The officer decides; when the decision departs from the suggestion, they say why
    (OP §17: professional judgement, recorded)."""
    if outcome != suggested and not departure_reason.strip():
        raise ValidationError(
            {
                "departure_reason": (
                    f"The portal suggested “{Outcome(suggested).label}”: say why you decided "
                    f"“{Outcome(outcome).label}” instead."
                )
            }
        )


def check_outcome_fits_subject(*, outcome: str, request=None, operation=None) -> None:
    """A request may be declined; an operation's decision is the NCA's role in it."""
    if outcome == Outcome.DECLINE and request is None:
        raise ValidationError(
            {"decision": "An operation's decision is lead, support or coordinate."}
        )
    if request is not None and request.direction != RequestDirection.TO_NCA:
        raise ValidationError(
            {
                "decision": (
                    "The NCA decides its role on requests made to it; "
                    "an NCA request is answered by the partner."
                )
            }
        )


# --- charging by exception (PCC §7, §21; OP §10) --------------------------------------

# Who approves a charge before the partner hears of it: an NCA director or above.
CHARGE_APPROVERS = (Role.DIRECTOR, Role.DEPUTY_DIRECTOR_GENERAL, Role.DIRECTOR_GENERAL)
# Who agrees a charge for the partner: its chief officer, or the delegate they name.
CHARGE_AGREERS = (Role.CHIEF_OFFICER, Role.CHARGE_DELEGATE)


def check_may_propose_charge(user, request) -> None:
    """The NCA does not charge for services to partners, or support to local and
    regional police, unless by exception and agreement (PCC §7, §21; OP §10): only the
    NCA's tasking desk proposes a charge, and only on a service it provides."""
    if not (user.organisation.is_nca and has_role(user, *NCA_DECIDERS)):
        raise PermissionDenied("Only the NCA's tasking desk proposes a charge.")
    if request.direction != RequestDirection.TO_NCA:
        raise ValidationError(
            {"terms": "Only a service the NCA provides to a partner can carry a charge."}
        )


def check_charge_is_an_exception(exception_reason: str) -> None:
    """A service to a partner is free; a charge is the exception, so it records why
    this one is exceptional (PCC §21, OP §10)."""
    reason = (exception_reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                "exception_reason": (
                    "Say why this service is an exception to the rule that services to "
                    "partners are free."
                )
            }
        )
    if len(reason) > TEXT_MAX_LENGTH:
        raise ValidationError(
            {"exception_reason": f"Say why in no more than {TEXT_MAX_LENGTH:,} characters."}
        )


def check_may_approve_charge(user, agreement) -> None:
    """A charge is an exception the NCA makes at a senior level: an NCA director or
    above approves it before it is proposed to the partner, and not the officer who
    proposed it (PCC §21, OP §10)."""
    if not (user.organisation.is_nca and has_role(user, *CHARGE_APPROVERS)):
        raise PermissionDenied("Only an NCA director or above approves a charge.")
    if agreement.approved:
        raise ValidationError({"charge": "The charge is already approved."})
    if agreement.proposed_by_id == user.pk:
        raise PermissionDenied("A director other than the one who proposed it approves a charge.")


def check_may_agree_charge(user, agreement) -> None:
    """A charge is by agreement: the requesting partner's chief officer, or the
    delegate they named, agrees it, once an NCA director has approved it (PCC §21;
    OP §10)."""
    request = agreement.request
    if user.organisation_id != request.requesting_organisation_id or not has_role(
        user, *CHARGE_AGREERS
    ):
        raise PermissionDenied(
            "Only the requesting partner's chief officer, or their delegate, agrees a charge."
        )
    if not agreement.approved:
        raise ValidationError({"charge": "No charge has been proposed to your organisation."})
    if agreement.agreed:
        raise ValidationError({"charge": "The charge is already agreed."})


def charge_forces_governed_by(governing_body, day: datetime.date | None = None):
    """The organisations whose agreed charges a PCC office sees (PCC §15, §21): the
    forces its body governs on `day`, and the ROCUs those forces belong to, since a
    force pays its share of its ROCU. A queryset of organisation ids."""
    day = day or timezone.localdate()
    forces = GoverningBodyTerm.objects.on(day).filter(governing_body=governing_body)
    return Organisation.objects.filter(
        Q(pk__in=forces.values("force_id")) | Q(member_forces__in=forces.values("force_id"))
    ).values("pk")


def charge_forces(organisation) -> list:
    """The forces whose governing bodies hear of a charge agreed by `organisation`
    (PCC §15, §21): the force itself, or every force of a ROCU."""
    if organisation.kind == Kind.ROCU:
        return list(organisation.member_forces.all())
    return [organisation] if organisation.kind in FORCE_KINDS else []


# --- the forces in a target's reach ----------------------------------------------------


def check_forces_are_forces(organisations) -> None:
    """A target touches regions and police forces (DOMAIN.md, "Targets")."""
    wrong = [o.name for o in organisations if o.kind not in FORCE_KINDS]
    if wrong:
        raise ValidationError({"forces": f"Not police forces: {', '.join(wrong)}."})


# --- results (PCC §9, §14; PCC Annex A) ---------------------------------------------------

# Who records an operation's results: the NCA's tasking officers, analysts and directors,
# and the operational officers of the partners that lead or support it.
NCA_RESULT_RECORDERS = (Role.TASKING_OFFICER, Role.ANALYST, Role.DIRECTOR)
# The bounds of a result's figures: more is a typing slip, not a result.
RESULT_PEOPLE_MAX = 10_000
RESULT_AMOUNT_MAX = Decimal("10000000000.00")  # £10bn


def organisations_taking_part(operation) -> set[int]:
    """The ids of the organisations leading or supporting `operation` (its supporters as
    prefetched or read)."""
    return {operation.lead_organisation_id} | {
        organisation.pk for organisation in operation.supporting_organisations.all()
    }


def check_may_record_result(user, operation) -> None:
    """An operation records its results as they happen (PCC §9): the NCA's tasking
    officers, analysts and directors on any operation they see; officers of the
    organisations that lead or support it on their own. A PCC office hears of results
    through its chief constable, and records none (PCC §15)."""
    if user.organisation.is_nca:
        if not has_role(user, *NCA_RESULT_RECORDERS):
            raise PermissionDenied(
                "Only NCA tasking officers, analysts and directors record results."
            )
        return
    if not has_role(user, *PARTNER_REQUESTERS):
        raise PermissionDenied("Your role does not record operations' results.")
    taking_part = organisations_taking_part(operation)
    if user.organisation_id not in taking_part:
        raise PermissionDenied(
            "Only the organisations leading or supporting this operation record its results."
        )


def check_result_figures(*, kind: str, people, amount, significance: str) -> None:
    """Each kind of result carries its own figure (PCC §9): criminal-justice outcomes
    the people arrested, charged or convicted; asset denial the pounds seized or
    restrained; prevention and other disruption how significant it was. A figure of
    another kind is refused, never dropped."""
    errors = {}
    given = {"people": people is not None, "amount": amount is not None,
             "significance": bool(significance)}  # fmt: skip
    if kind in PEOPLE_RESULTS:
        wanted = "people"
        if people is None or people < 1:
            errors["people"] = "Enter how many people: 1 or more."
        elif people > RESULT_PEOPLE_MAX:
            errors["people"] = f"Enter at most {RESULT_PEOPLE_MAX:,} people."
    elif kind in ASSET_RESULTS:
        wanted = "amount"
        if amount is None or amount <= 0:
            errors["amount"] = "Enter the amount in pounds, more than £0."
        elif amount > RESULT_AMOUNT_MAX:
            errors["amount"] = f"Enter an amount of at most £{RESULT_AMOUNT_MAX:,.0f}."
        elif amount != amount.quantize(Decimal("0.01")):
            errors["amount"] = "Enter the amount in pounds and pence, like 1250.50."
    elif kind in GRADED_RESULTS:
        wanted = "significance"
        if not significance:
            errors["significance"] = "Select how significant it was: major, moderate or minor."
    else:
        raise ValidationError({"kind": "Select the kind of result from the list."})
    label = ResultKind(kind).label.lower()
    for field, present in given.items():
        if present and field != wanted:
            errors[field] = f"Leave this empty: {label} carry {_FIGURE_WORDS[wanted]}."
    if errors:
        raise ValidationError(errors)


_FIGURE_WORDS = {
    "people": "a number of people",
    "amount": "an amount in pounds",
    "significance": "a significance",
}


def check_result_date(*, occurred_on: datetime.date, operation, today: datetime.date) -> None:
    """A result is recorded as it happens (PCC §9): on a day that has come, while the
    operation runs. Its start is the day the portal recorded it: a result from before
    belongs to the work before the operation, not to it."""
    if occurred_on > today:
        raise ValidationError({"occurred_on": "Enter a date that has come: today or before."})
    began = timezone.localdate(operation.created_at)
    if occurred_on < began:
        raise ValidationError(
            {"occurred_on": f"Enter a date on or after {began:%-d %B %Y}, when the "
             "operation began."}
        )  # fmt: skip


def check_result_priority(
    *, priority, occurred_on: datetime.date, served_codes, outside_priorities
) -> None:
    """A result serves one of the NCA's priorities (PCC §10; PCC Annex A): one in force
    on the day it happened, and one the operation serves (`served_codes`, any version of
    it). Without one, the operation must be one the DG decided the NCA pursues outside
    its priorities (`outside_priorities`, the decision or None; PCC Annex A ¶2)."""
    if priority is None:
        if outside_priorities is None:
            raise ValidationError(
                {"priority": "Select the priority it serves: only an operation the Director "
                 "General decided to pursue outside the priorities has results without one "
                 "(PCC Annex A ¶2)."}
            )  # fmt: skip
        return
    if not priority.covers(occurred_on):
        raise ValidationError(
            {"priority": f"“{priority}” was not in force on {occurred_on:%-d %B %Y}: "
             "select a priority in force on the day it happened."}
        )  # fmt: skip
    if priority.code not in set(served_codes):
        raise ValidationError(
            {"priority": f"The operation does not serve “{priority}”: select one of the "
             "priorities it serves."}
        )  # fmt: skip


def check_result_marking(user, *, marking: str, operation) -> None:
    """A result is marked within its recorder's clearance, and no lower than its
    operation: a result must not reveal an operation marked above it."""
    check_marking_within_clearance(user, marking)
    if MARKING_ORDER.index(marking) < MARKING_ORDER.index(operation.marking):
        raise ValidationError(
            {"marking": f"Mark it {Marking(operation.marking).label} or higher, as its "
             "operation is marked."}
        )  # fmt: skip


def check_result_owner(user, *, owner, operation) -> None:
    """Whose result it is: the organisation that leads the operation, one that supports
    it, or the NCA. Owners and the NCA's role count separately (PCC §14 "Results"), so
    a partner records only its own results; the NCA records anyone's."""
    taking_part = organisations_taking_part(operation)
    if owner.pk not in taking_part and owner.kind not in NCA_KINDS:
        raise ValidationError(
            {"owner": f"{owner.name} neither leads nor supports this operation: select the "
             "organisation whose result it is."}
        )  # fmt: skip
    if not user.organisation.is_nca and owner.pk != user.organisation_id:
        raise ValidationError(
            {"owner": "Record your own organisation's results; the NCA records others'."}
        )


def result_region(*, force, region, occurred_on: datetime.date):
    """Where a result happened: a police force's area, whose region is the force's on
    that day (its ROCU's, OP §21), or a region alone. Returns the region; a force that
    is not a police force, or a region other than the force's, is refused."""
    if force is None:
        return region
    if force.kind not in FORCE_KINDS:
        raise ValidationError({"force": f"{force.name} is not a police force."})
    force_region = region_on(force, occurred_on)
    if region is not None and force_region is not None and region.pk != force_region.pk:
        raise ValidationError(
            {"region": f"{force.name} was in {force_region} on {occurred_on:%-d %B %Y}: "
             "leave the region empty, or give that one."}
        )  # fmt: skip
    return force_region or region


# --- the priorities an operation serves (PCC Annex A) ----------------------------------


def serves_a_priority(operation, day: datetime.date) -> bool:
    """Whether the operation serves a priority in force on `day` (its priorities, as
    prefetched or read)."""
    return any(priority.covers(day) for priority in operation.priorities.all())


def outside_priorities_decided(operation) -> bool:
    """Whether the DG's decision to pursue it outside the priorities is recorded (a
    missing one-to-one row reads as an AttributeError)."""
    return hasattr(operation, "outside_priorities")


def check_operation_within_priorities(operation, *, day: datetime.date) -> None:
    """An operation serves at least one of the NCA's priorities in force on `day`, or the
    Director General has decided that it be pursued outside them (PCC Annex A ¶2)."""
    if serves_a_priority(operation, day) or outside_priorities_decided(operation):
        return
    raise ValidationError(
        {
            "priorities": (
                f"{operation} serves none of the NCA's priorities in force on "
                f"{day:%d %B %Y}, and the Director General has not decided to pursue it "
                "outside them (PCC Annex A)."
            )
        }
    )


def check_may_decide_outside_priorities(actor) -> None:
    """A decision to pursue an operation outside the NCA's priorities is the Director
    General's (PCC Annex A ¶2)."""
    if not (actor.organisation.is_nca and has_role(actor, Role.DIRECTOR_GENERAL)):
        raise PermissionDenied(
            "Only the Director General decides to pursue an operation outside the priorities."
        )


def check_outside_priorities_awaited(operation, *, day: datetime.date) -> None:
    """The decision is taken once, and only on an operation that serves no priority in
    force (PCC Annex A ¶2): one decided already, or serving a priority, is refused."""
    if outside_priorities_decided(operation):
        raise ValidationError(
            {
                "operation": (
                    f"The Director General has already decided to pursue {operation} outside "
                    "the priorities."
                )
            }
        )
    if serves_a_priority(operation, day):
        raise ValidationError(
            {"operation": (f"{operation} serves a priority in force: there is nothing to decide.")}
        )
