"""The domain rules of directed tasking and PCC engagement, as plain functions.

Each cites its source: PCC §n (the PCC Commitment), OP §n (the Operational Partners
Commitment), DOMAIN.md. Models and services call them; API and HTML views never repeat
them.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from directory.access import require_role
from directory.calendar import add_working_days, long_date, next_working_day
from directory.choices import Marking, OrganisationKind, Role
from directory.rules import MARKING_ORDER, markings_visible_to, name_on
from tasking.choices import OPEN_STATUSES as OPEN_TASKING_STATUSES
from tasking.choices import RequestDirection, RequestStatus

from .choices import (
    AttendanceStatus,
    HandlingCode,
    InformationRequestOutcome,
    IntelligenceAssessment,
    MeetingRequestAnswer,
    MeetingRequestStatus,
    VoluntaryGround,
)

# --- who does what ---------------------------------------------------------------------

# The Director General's office: who reads directions and the notices they owe
# (PCC §16, §20; OP §9). Only the Director General issues one.
DIRECTION_READERS = (
    Role.DIRECTOR_GENERAL,
    Role.DEPUTY_DIRECTOR_GENERAL,
    Role.DIRECTOR,
    Role.TASKING_OFFICER,
)
DIRECTION_ISSUERS = (Role.DIRECTOR_GENERAL,)
# NCA analysts publish the key intelligence reports circulated to PCCs (PCC §19).
REPORT_PUBLISHERS = (Role.ANALYST,)
# The NCA's analysts and tasking officers consider PCCs' requests for information (PCC §19).
INFORMATION_REQUEST_HANDLERS = (Role.ANALYST, Role.TASKING_OFFICER)
# The DG, DDG or a Director attends the regional meetings (PCC §18).
SENIOR_OFFICERS = (Role.DIRECTOR_GENERAL, Role.DEPUTY_DIRECTOR_GENERAL, Role.DIRECTOR)
# Who organises engagement: the DG, supported by Corporate Affairs (PCC §16), the senior
# officers who attend, and the governance secretariat.
ENGAGEMENT_ORGANISERS = (*SENIOR_OFFICERS, Role.SECRETARIAT)
# Who records that a regional meeting took place: the organisers and the ROCC, the
# NCA's conduit in the region (PCC §18).
MEETING_RECORDERS = (*ENGAGEMENT_ORGANISERS, Role.ROCC)


def _require(user, roles, *, doing: str, nca_only: bool = True) -> None:
    require_role(user, *roles, doing=doing)
    if nca_only and not user.organisation.is_nca:
        raise PermissionDenied(f"Only the NCA's officers {doing}.")


def check_may_issue_directions(user) -> None:
    """Only the Director General issues, varies or revokes a direction (OP §9, PCC §20)."""
    _require(user, DIRECTION_ISSUERS, doing="issue, vary or revoke a direction")


def check_may_publish_reports(user) -> None:
    """NCA analysts circulate key intelligence reports to PCCs (PCC §19)."""
    _require(user, REPORT_PUBLISHERS, doing="publish intelligence reports to PCCs")


def check_may_handle_information_requests(user) -> None:
    """NCA analysts and tasking officers consider PCCs' requests (PCC §19)."""
    _require(user, INFORMATION_REQUEST_HANDLERS, doing="consider requests for information")


def check_may_ask_for_information(user) -> None:
    """A PCC office asks the NCA about threats in its area (PCC §19)."""
    require_role(user, Role.PCC_OFFICE, doing="ask the NCA for information")
    if user.organisation.kind != OrganisationKind.PCC_BODY:
        raise PermissionDenied("Only a PCC office asks the NCA for information.")


# --- who may be directed (PCC §6, §8, §20; OP §9, §11) --------------------------------


def check_direction_eligible(
    *,
    recipient,
    day: datetime.date,
    rules: Iterable,
    consent_reference: str = "",
    conditions_basis: str = "",
):
    """The rule under which the Director General may direct `recipient` on `day`, or a
    ValidationError naming the rule that refuses.

    The Act lets the DG direct, when satisfactory voluntary arrangements cannot be made
    or not in time, the chief officer of an England and Wales police force, or the chief
    constable of British Transport Police with the consent of the Secretary of State for
    Transport (PCC §6; OP §9); by policy, under a separate protocol, Border Force officers
    and other Home Office officials with border, immigration and customs functions
    (PCC §8; OP §11). Nobody else: not Police Scotland, PSNI, the Island forces, CNC,
    MDP or other agencies (DOMAIN.md, "Directed tasking").

    The rules themselves are data (`DirectionEligibility`), each with its legal basis and
    the dates it applies between, so that a change of the law is a change of data
    (DOMAIN.md, "Changes since the documents"). A rule naming organisations is preferred
    to one naming only a kind of organisation. A rule may need the Secretary of State for
    Transport's consent, recorded by its reference, or conditions the DG records as met.
    """
    in_force = [rule for rule in rules if rule.in_force_on(day)]
    covering = sorted(
        (rule for rule in in_force if rule.covers(recipient)),
        key=lambda rule: not rule.is_specific,
    )
    if not covering:
        allowed = "; ".join(f"{rule.description} ({rule.legal_basis})" for rule in in_force)
        raise ValidationError(
            {
                "recipient_organisation": (
                    f"The Director General may not direct {recipient.name} "
                    f"({recipient.get_kind_display()}) on {long_date(day)}. "
                    f"A direction may be given only to: {allowed or 'nobody'} "
                    "(PCC §6, §8; OP §9, §11)."
                )
            }
        )
    rule = covering[0]
    addressee = rule.addressee_for(recipient)
    if rule.requires_transport_secretary_consent and not consent_reference.strip():
        raise ValidationError(
            {
                "secretary_of_state_consent_reference": (
                    f"A direction to {addressee} needs the consent of the Secretary of State "
                    f"for Transport ({rule.legal_basis}; PCC §6, OP §9): record the reference "
                    "of the consent."
                )
            }
        )
    if consent_reference.strip() and not rule.requires_transport_secretary_consent:
        raise ValidationError(
            {
                "secretary_of_state_consent_reference": (
                    f"A direction to {addressee} does not need the Secretary of State for "
                    "Transport's consent: only one to the Chief Constable of British Transport "
                    "Police does (PCC §6, OP §9). Leave the reference empty."
                )
            }
        )
    if rule.conditions and not conditions_basis.strip():
        raise ValidationError(
            {
                "conditions_basis": (
                    f"A direction to {addressee} may be given only if {rule.conditions} "
                    f"({rule.legal_basis}): record why that is so."
                )
            }
        )
    return rule


def check_cited_eligibility_unchanged(
    *,
    changed: Iterable[str],
    was_open: bool,
    effective_to: datetime.date | None,
    last_issued_on: datetime.date | None,
) -> None:
    """A direction eligibility rule a direction has cited is never edited in place.

    A direction is issued under the law of its day (PCC §6, §8; OP §9, §11), and the rule
    it cites is that law as the portal held it: editing the rule would rewrite what every
    direction under it was issued under. A change of the law is a new rule with the date
    it applies from (DOMAIN.md, "Changes since the documents"); the cited rule may only be
    ended, once, and not before the last direction issued under it (issue 9 §1).
    `last_issued_on` is None for a rule no direction has cited: it may be corrected.
    The database refuses the same edits (`cited_eligibility_rules_are_never_edited`).
    """
    if last_issued_on is None:
        return
    edited = sorted(set(changed) - {"effective_to"})
    if edited:
        raise ValidationError(
            {
                edited[0]: (
                    "A direction has been issued under this rule, so it is never edited: "
                    "a change of the law is a new rule with the date it applies from."
                )
            }
        )
    if "effective_to" not in changed:
        return
    if not was_open:
        raise ValidationError(
            {
                "effective_to": (
                    "This rule has already ended and a direction was issued under it: "
                    "its dates are not changed. A change of the law is a new rule."
                )
            }
        )
    if effective_to is None or effective_to < last_issued_on:
        raise ValidationError(
            {
                "effective_to": (
                    "A rule a direction was issued under cannot end before that direction: "
                    f"end it on or after {long_date(last_issued_on)}."
                )
            }
        )


def check_voluntary_arrangements_failure(reason: str) -> None:
    """A direction is a last resort: it is given only when satisfactory voluntary
    arrangements cannot be made, or cannot be made in time (OP §9, PCC §6)."""
    if not reason.strip():
        raise ValidationError(
            {
                "voluntary_arrangements_failure": (
                    "A direction is a last resort: record why satisfactory voluntary "
                    "arrangements could not be made, or could not be made in time "
                    "(OP §9, PCC §6)."
                )
            }
        )


def _failed(request, now: datetime.datetime) -> bool:
    """A voluntary request failed when it was declined or withdrawn, or was left
    unanswered past its deadline."""
    if request.status in (RequestStatus.DECLINED, RequestStatus.WITHDRAWN):
        return True
    return request.status in OPEN_TASKING_STATUSES and bool(request.due_at and request.due_at < now)


def _addressed_to(request, recipient) -> bool:
    """The request went to the recipient, was routed through it, or went to the ROCU of
    the recipient's force: the channel OP §21 prescribes for a request to a force."""
    return recipient.pk in {request.addressed_organisation_id, request.routed_via_id} or (
        recipient.rocu_id is not None and request.addressed_organisation_id == recipient.rocu_id
    )


def check_voluntary_first(*, ground: str, request, recipient, now: datetime.datetime) -> None:
    """A direction is a last resort (OP §9, PCC §6): given only when satisfactory voluntary
    arrangements could not be made (the request was refused), could not be made in time,
    or there was no time to ask. A cited request is one the NCA made to the recipient (or
    through its ROCU or JBIU, OP §21-22) and it failed: declined, withdrawn, or unanswered
    past its deadline. An accepted or still open request is no ground for a direction."""
    if ground not in VoluntaryGround.values:
        raise ValidationError(
            {
                "voluntary_ground": (
                    "Choose why voluntary arrangements failed: the request was refused, they "
                    "could not be made in time, or there was no time to ask (OP §9, PCC §6)."
                )
            }
        )
    if request is None:
        if ground == VoluntaryGround.REFUSED:
            raise ValidationError(
                {"related_request": "Give the reference of the voluntary request that was refused."}
            )
        return
    if request.direction != RequestDirection.FROM_NCA or not _addressed_to(request, recipient):
        raise ValidationError(
            {
                "related_request": (
                    f"{request.reference} is not a voluntary request the NCA made to "
                    f"{recipient.name}, through it or through its ROCU: a direction cites only "
                    "the voluntary request to its recipient that failed (OP §9, PCC §6)."
                )
            }
        )
    if not _failed(request, now):
        raise ValidationError(
            {
                "related_request": (
                    f"{request.reference} is {request.get_status_display().lower()}: a "
                    "direction cites only a voluntary request that failed, declined, withdrawn "
                    "or unanswered past its deadline (OP §9, PCC §6)."
                )
            }
        )
    if ground == VoluntaryGround.REFUSED and request.status != RequestStatus.DECLINED:
        raise ValidationError(
            {
                "voluntary_ground": (
                    f"{request.reference} was not refused: it is "
                    f"{request.get_status_display().lower()}. Choose the ground that fits."
                )
            }
        )


def check_may_amend(direction) -> None:
    """A direction is varied or revoked by a new record linked to the one issued; a
    revoked direction is not changed again."""
    if direction.action != "issue":
        raise ValidationError(
            {"direction": f"Vary or revoke the direction issued, {direction.amends.reference}."}
        )
    if any(amendment.action == "revocation" for amendment in direction.amendments.all()):
        raise ValidationError(
            {"direction": f"{direction.reference} has been revoked; it cannot be changed."}
        )


def check_may_withdraw(user, request) -> None:
    """A PCC office withdraws its own request for information, while it is open."""
    check_may_ask_for_information(user)
    if request.governing_body_id != user.organisation_id:
        raise PermissionDenied("Only the office that asked may withdraw the request.")


def check_amendment_reason(reason: str) -> None:
    if not reason.strip():
        raise ValidationError(
            {"reason": "Say why the direction is varied or revoked: the PCC is told (PCC §20)."}
        )


# --- what the PCC is told (PCC §20) -----------------------------------------------------

# Every PCC office user may be vetted no higher than BPSS, which sees up to
# OFFICIAL-SENSITIVE: a notice marked above that could go unread.
NOTICE_CEILING = Marking.OFFICIAL_SENSITIVE


def pcc_notice_content(*, direction, force, governing_body) -> tuple[str, str]:
    """The marking and words of the notice the DG owes the governing body of a force
    whose chief officer was directed (PCC §20).

    The notice must be readable by the PCC office, so it is never marked above
    OFFICIAL-SENSITIVE: the terms of a direction marked higher stay with the NCA and the
    chief officer, who briefs the PCC (PCC §15), and the notice says so.
    """
    verb = {
        "issue": "issued",
        "variation": "varied",
        "revocation": "revoked",
    }[direction.action]
    root = direction.root
    kind = direction.get_kind_display().lower()
    # Bodies are named as they were named on the day (a PCC renamed a PFCC, a renamed
    # police area), not as the directory names them today.
    day = timezone.localdate(direction.issued_at)
    body_name, force_name = name_on(governing_body, day), name_on(force, day)
    lines = [
        f"The Director General of the National Crime Agency has {verb} a {kind} "
        f"({root.reference}) to {direction.addressee} on {long_date(day)}.",
        f"This notice is given to {body_name} as the body governing {force_name}, "
        "as the NCA has committed to tell the body governing a force of every direction "
        "to its chief officer.",
    ]
    within = MARKING_ORDER.index(direction.marking) <= MARKING_ORDER.index(NOTICE_CEILING)
    if within:
        lines.append(f"Summary: {direction.summary}")
        if direction.reason:
            lines.append(f"Reason: {direction.reason}")
        marking = direction.marking
    else:
        lines.append(
            f"The direction is marked {Marking(direction.marking).label}; its terms are not "
            f"in this notice. The chief officer of {force_name} can brief you."
        )
        marking = Marking.OFFICIAL
    return marking, "\n\n".join(lines)


# --- the acknowledgement of notices (working days: directory/calendar.py) ----------


def acknowledgement_due_on(delivered_on: datetime.date, working_days: int) -> datetime.date:
    """A PCC office has `working_days` whole working days after the day a notice reaches
    it to acknowledge it; after the last, the notice is escalated to the Director
    General's office. A notice delivered on a Thursday before Easter with two working
    days is due on the Wednesday after. The number is a setting (DOMAIN.md)."""
    return add_working_days(delivered_on, working_days)


def notice_is_overdue(*, due_on: datetime.date | None, today: datetime.date) -> bool:
    return due_on is not None and today > due_on


def check_may_acknowledge(user, notice) -> None:
    """A notice is acknowledged once, by the PCC office it was delivered to (PCC §20)."""
    require_role(user, Role.PCC_OFFICE, doing="acknowledge a notice")
    if notice.governing_body_id != user.organisation_id:
        raise PermissionDenied("Only the office the notice was given to acknowledges it.")
    if notice.acknowledged_at is not None:
        who = notice.acknowledged_by or "the PCC office"
        raise ValidationError(
            {
                "acknowledged_at": (
                    f"{notice.reference} was already acknowledged by {who} on "
                    f"{long_date(timezone.localdate(notice.acknowledged_at))}."
                )
            }
        )
    if notice.delivered_at is None:
        raise ValidationError({"delivered_at": f"{notice.reference} has not been delivered yet."})


# --- key intelligence reports (PCC §19) -------------------------------------------------


def check_grading(
    *,
    source_evaluation: str,
    intelligence_assessment: str,
    handling_code: str,
    handling_conditions: str,
) -> None:
    """The 3x5x2 grading of a key intelligence report circulated to PCCs (PCC §19).

    - Handling code C means sharing is permitted only subject to conditions: they must
      be recorded, so that a PCC office knows what it may do with the report.
    - Handling code P carries no conditions: a report that needs some is graded C.
    - Intelligence suspected to be false (E) is not circulated to PCCs as a key report:
      it would not give them a shared understanding of the threats (PCC §19).
    """
    if handling_code == HandlingCode.CONDITIONS and not handling_conditions.strip():
        raise ValidationError(
            {
                "handling_conditions": (
                    "Handling code C permits sharing only subject to conditions: record them."
                )
            }
        )
    if handling_code == HandlingCode.PERMITTED and handling_conditions.strip():
        raise ValidationError(
            {
                "handling_conditions": (
                    "Handling code P carries no conditions: grade the report C if sharing it "
                    "is subject to these conditions."
                )
            }
        )
    if intelligence_assessment == IntelligenceAssessment.SUSPECTED_FALSE:
        raise ValidationError(
            {
                "intelligence_assessment": (
                    "Intelligence assessed E (suspected to be false) is not circulated to "
                    "PCCs as a key intelligence report (PCC §19)."
                )
            }
        )
    if source_evaluation not in {"1", "2", "3"}:
        raise ValidationError({"source_evaluation": "Grade the source 1, 2 or 3."})


# --- requests for information (PCC §19) -------------------------------------------------


def check_needed_by(*, needed_by: datetime.date | None, today: datetime.date) -> None:
    """A PCC office may say when it needs an answer (PCC §19): a day still to come."""
    if needed_by is not None and needed_by < today:
        raise ValidationError({"needed_by": "The date you need an answer by cannot be past."})


def check_due_on(*, due_on: datetime.date | None, today: datetime.date) -> None:
    """The NCA sets the date it will answer by when it takes a request into
    consideration; it cannot be in the past."""
    if due_on is None:
        raise ValidationError({"due_on": "Set the date the NCA will answer by."})
    if due_on < today:
        raise ValidationError({"due_on": "The date the NCA will answer by cannot be in the past."})


def check_response(*, outcome: str, response: str, reason: str) -> None:
    """Each request is considered case by case (PCC §19): an answer says what it
    answers; answering in part or declining says why."""
    if outcome not in InformationRequestOutcome.values:
        raise ValidationError({"outcome": "Answer, answer in part or decline."})
    if outcome != InformationRequestOutcome.DECLINED and not response.strip():
        raise ValidationError({"response": "Write the answer the PCC office will read."})
    if outcome != InformationRequestOutcome.ANSWERED and not reason.strip():
        label = InformationRequestOutcome(outcome).label.lower()
        raise ValidationError(
            {"reason": f"Say why the NCA chose to {label}: the PCC office sees the reason."}
        )


def check_answer_readable(*, marking: str, asker) -> None:
    """An answer the PCC office that asked could not read would not answer it: its
    marking stays within the clearance of the person who asked."""
    if marking not in markings_visible_to(asker):
        raise ValidationError(
            {
                "response_marking": (
                    f"{asker} is cleared {asker.get_clearance_display()}, which reads up to "
                    f"{Marking(markings_visible_to(asker)[-1]).label}: mark "
                    "the answer no higher, or decline in part and say why."
                )
            }
        )


# --- engagement events (PCC §16-18) -----------------------------------------------------


def engagement_day_date(*, endorsed_on: datetime.date, weeks_after: int) -> datetime.date:
    """When the engagement day that briefs PCCs on a newly endorsed National Strategic
    Assessment is first pencilled in (PCC §17): a setting's number of weeks after the
    endorsement, on a working day."""
    return next_working_day(endorsed_on + datetime.timedelta(weeks=weeks_after))


def engagement_day_owed(
    *, endorsed_on: datetime.date, endorsements_with_a_day: list[datetime.date]
) -> bool:
    """The NCA holds an annual engagement day on the National Strategic Assessment once the
    NSTCG has endorsed it (PCC §17): each endorsed version sets one off, but a year has at
    most one, so a version endorsed in a year that already has its day is briefed there."""
    return all(day.year != endorsed_on.year for day in endorsements_with_a_day if day)


REGIONAL_MEETING_INTERVAL_MONTHS = 12


def regional_meeting_overdue(*, last_met_on: datetime.date | None, today: datetime.date) -> bool:
    """The DG, DDG or a Director meets each region's PCCs and chief officers at least once
    a year (PCC §18): a region with no such meeting in the last twelve months is flagged."""
    if last_met_on is None:
        return True
    year_ago = _months_before(today, REGIONAL_MEETING_INTERVAL_MONTHS)
    return last_met_on < year_ago


def _months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def check_senior_officer(user) -> None:
    """A regional meeting counts when the DG, DDG or a Director attends it (PCC §18)."""
    if user is None or not user.organisation.is_nca or not set(SENIOR_OFFICERS) & set(user.roles):
        raise ValidationError(
            {
                "senior_officer": (
                    "The NCA's commitment is that the Director General, the Deputy Director "
                    "General or a Director attends (PCC §18): choose one of them."
                )
            }
        )


def check_meeting_date(*, held_on: datetime.date, today: datetime.date) -> None:
    if held_on > today:
        raise ValidationError({"held_on": "Record a meeting once it has taken place."})


def check_reply(*, status: str, event_date: datetime.date, today: datetime.date) -> None:
    """An invited organisation accepts or declines before the event; the NCA records who
    attended on or after the day (PCC §17: it tracks who attends)."""
    if status in (AttendanceStatus.ACCEPTED, AttendanceStatus.DECLINED) and today > event_date:
        raise ValidationError({"status": "The event has taken place: replies are closed."})
    if status in (AttendanceStatus.ATTENDED, AttendanceStatus.ABSENT) and today < event_date:
        raise ValidationError({"status": "Record attendance on or after the day of the event."})


# --- meetings as requested (PCC §18) ----------------------------------------------------


def check_may_ask_for_meeting(user) -> None:
    """A PCC office asks the NCA to attend a meeting (PCC §18)."""
    require_role(user, Role.PCC_OFFICE, doing="ask the NCA to attend a meeting")
    if user.organisation.kind != OrganisationKind.PCC_BODY:
        raise PermissionDenied("Only a PCC office asks the NCA to attend a meeting.")


def check_may_answer_meeting_requests(user) -> None:
    """The NCA's engagement staff, who organise its engagement with PCCs (the DG,
    supported by Corporate Affairs, PCC §16; the senior officers; the secretariat), answer
    a PCC office's request to attend a meeting (PCC §18)."""
    _require(user, ENGAGEMENT_ORGANISERS, doing="answer requests to attend meetings")


def check_may_record_meeting_attendance(user) -> None:
    """The engagement staff and the ROCC, the NCA's conduit in the region (PCC §18),
    record whether the NCA attended a meeting it was asked to."""
    _require(user, MEETING_RECORDERS, doing="record the NCA's attendance at meetings")


def check_meeting_request_date(*, meets_on: datetime.date | None, today: datetime.date) -> None:
    """A request to attend a meeting is for a meeting still to come."""
    if meets_on is None:
        raise ValidationError({"meets_on": "Enter the date of the meeting."})
    if meets_on < today:
        raise ValidationError(
            {"meets_on": "The meeting's date is past: ask the NCA for a meeting still to come."}
        )


def check_meeting_request_answer(
    *, status: str, answer: str, reason: str, meets_on: datetime.date, today: datetime.date
) -> None:
    """The NCA actively supports, and when possible attends, meetings as requested
    (PCC §18): it answers each request once, before the meeting, and when it declines it
    says why, for the PCC office to read."""
    if answer not in MeetingRequestAnswer.values:
        raise ValidationError({"answer": "Accept the request or decline it."})
    if status != MeetingRequestStatus.REQUESTED:
        label = MeetingRequestStatus(status).label.lower()
        raise ValidationError({"answer": f"This request has already been answered: {label}."})
    if meets_on < today:
        raise ValidationError(
            {"answer": "The meeting has taken place: record whether the NCA attended instead."}
        )
    if answer == MeetingRequestAnswer.DECLINE and not reason.strip():
        raise ValidationError(
            {
                "reason": (
                    "Say why the NCA cannot attend: it attends meetings as requested when "
                    "it can, and the PCC office reads the reason (PCC §18)."
                )
            }
        )


def check_meeting_attendance(
    *,
    status: str,
    attended: bool,
    attended_by,
    note: str,
    meets_on: datetime.date,
    today: datetime.date,
) -> None:
    """Whether the NCA attended is recorded once, for a request it accepted, on or after
    the day of the meeting: who attended, an NCA officer, or why nobody did (PCC §18)."""
    if status != MeetingRequestStatus.ACCEPTED:
        label = MeetingRequestStatus(status).label.lower()
        raise ValidationError(
            {"attended": f"Attendance is recorded for an accepted request; this one is {label}."}
        )
    if meets_on > today:
        raise ValidationError({"attended": "Record attendance on or after the day of the meeting."})
    if attended and (attended_by is None or not attended_by.organisation.is_nca):
        raise ValidationError({"attended_by": "Choose the NCA officer who attended."})
    if not attended and not note.strip():
        raise ValidationError(
            {"note": "Say why the NCA did not attend a meeting it had accepted (PCC §18)."}
        )


# --- what the NCA is doing in a force's area (PCC §15) ---------------------------------

# How far back the briefing pack and the PCC office's summary look at the NCA's work.
FORCE_ACTIVITY_PERIOD = datetime.timedelta(days=365)


def force_summary_marking() -> str:
    """Chief constables and the NCA make sure PCCs can access the information they need
    (PCC §15): the chief officer's pack holds what the chief may see, to brief from; the
    PCC office itself reads a summary of OFFICIAL records only, whatever its vetting,
    so that nothing reaches a PCC office that the chief officer has not chosen to brief."""
    return Marking.OFFICIAL


def check_may_read_force_summary(user) -> None:
    """Only a PCC office reads the summary of the NCA's work in the forces its body
    governs (PCC §15)."""
    require_role(user, Role.PCC_OFFICE, doing="read the summary of the NCA's work in a force")
    if user.organisation.kind != OrganisationKind.PCC_BODY:
        raise PermissionDenied("Only a PCC office reads this summary.")
