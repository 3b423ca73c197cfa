"""Every write of directed tasking and PCC engagement: `<entity>_<action>(*, actor, ...)`,
atomic, checked against the rules in rules.py, recorded in the activity feed; Celery and
e-mail only after commit."""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from activity.choices import EntryKind
from activity.services import activity_record
from directory.access import require_role
from directory.calendar import long_date
from directory.choices import NCA_KINDS, Marking, OrganisationKind, Role
from directory.models import GoverningBodyTerm, Organisation, User
from directory.rules import (
    check_exists_on,
    check_marking_change,
    check_marking_within_clearance,
    governing_body_on,
    highest_marking,
)
from notifications.choices import Kind
from notifications.services import notify

from . import rules
from .choices import (
    AttendanceStatus,
    Audience,
    DirectionAction,
    DirectionKind,
    EventKind,
    InformationRequestOutcome,
    InviteeCapacity,
    MeetingRequestAnswer,
    MeetingRequestStatus,
)
from .models import (
    Direction,
    DirectionEligibility,
    EngagementEvent,
    EngagementSettings,
    EventInvitation,
    InformationRequest,
    InformationRequestStep,
    IntelligenceReport,
    MeetingRequest,
    PccNotice,
    ReportCirculation,
    ReportReadReceipt,
    StandingInvitee,
)
from .selectors import current_pcc_bodies, region_participants

logger = logging.getLogger(__name__)


def _required(value: str, field: str, message: str) -> str:
    if not (value or "").strip():
        raise ValidationError({field: message})
    return value.strip()


# --- directions (PCC §6, §8, §20; OP §9, §11) ----------------------------------------


def _eligibility_rules():
    return DirectionEligibility.objects.prefetch_related("organisations")


def _governing_body_or_refuse(force, day: datetime.date):
    """The notice goes to whoever governs the force on the day (PCC §20; DOMAIN.md): a
    direction that owes a notice nobody could receive is not issued."""
    body = governing_body_on(force, day)
    if body is None:
        raise ValidationError(
            {
                "recipient_organisation": (
                    f"The directory records no body governing {force.name} on "
                    f"{long_date(day)}, so the notice the Director General owes "
                    "(PCC §20) could not be given: "
                    "correct the directory first."
                )
            }
        )
    return body


def _owe_notice(direction: Direction, *, force, governing_body) -> PccNotice:
    """The notice, delivered to the PCC office's inbox in the transaction of the
    direction: it exists, and its acknowledgement date runs, exactly when the direction
    does, whatever Redis or the worker are doing. Only its e-mail waits in the outbox."""
    marking, text = rules.pcc_notice_content(
        direction=direction, force=force, governing_body=governing_body
    )
    now = timezone.now()
    notice = PccNotice.objects.create(
        direction=direction,
        force=force,
        governing_body=governing_body,
        text=text,
        marking=marking,
        delivered_at=now,
        acknowledgement_due_on=rules.acknowledgement_due_on(
            timezone.localdate(now), EngagementSettings.current().acknowledgement_working_days
        ),
    )
    kind = direction.get_kind_display().lower()
    # Names and dates only, never what the direction says: the notice's text is marked.
    notify(
        _pcc_office_users(governing_body),
        kind=Kind.PCC_NOTICE,
        text=(
            f"The Director General of the National Crime Agency has given {governing_body} "
            f"notice of a {kind} concerning {force.name}. Read it and acknowledge it "
            f"by {long_date(notice.acknowledgement_due_on)}."
        ),
        link=notice.get_absolute_url(),
        subject=f"Notice of a {kind} concerning {force.name} ({notice.reference})",
    )
    return notice


def _record_direction(direction: Direction) -> None:
    verb = dict(DirectionAction.choices)[direction.action].lower()
    activity_record(
        kind=EntryKind.DIRECTION,
        summary=(
            f"{direction.get_kind_display()} {direction.root.reference} {verb}: "
            f"{direction.addressee}"
        ),
        detail=direction.summary,
        occurs_at=direction.issued_at,
        marking=direction.marking,
        source=direction,
        link=direction.get_absolute_url(),
        region=direction.recipient_organisation.region,
        recorded_by=direction.issued_by,
    )


@transaction.atomic
def direction_issue(
    *,
    actor,
    kind: str,
    recipient_organisation: Organisation,
    summary: str,
    voluntary_ground: str,
    voluntary_arrangements_failure: str,
    marking: str,
    secretary_of_state_consent_reference: str = "",
    related_request=None,
    conditions_basis: str = "",
    detail: str = "",
) -> Direction:
    """Issue a directed tasking or a direction to assist (PCC §20). Only the Director
    General issues one (OP §9); it records why voluntary arrangements failed (OP §9,
    PCC §6); its recipient must be one the rules in force allow (PCC §6, §8; OP §9,
    §11). A direction to a chief officer owes a notice to the body governing the force
    that day, created here, in the same transaction (PCC §20)."""
    rules.check_may_issue_directions(actor)
    if kind not in DirectionKind.values:
        raise ValidationError({"kind": "Choose a directed tasking or a direction to assist."})
    if recipient_organisation is None:
        raise ValidationError({"recipient_organisation": "Choose who is directed."})
    summary = _required(summary, "summary", "Summarise what the recipient is directed to do.")
    rules.check_voluntary_arrangements_failure(voluntary_arrangements_failure)
    check_marking_within_clearance(actor, marking)
    now = timezone.now()
    day = timezone.localdate(now)
    check_exists_on(recipient_organisation, day, field="recipient_organisation")
    rule = rules.check_direction_eligible(
        recipient=recipient_organisation,
        day=day,
        rules=_eligibility_rules(),
        consent_reference=secretary_of_state_consent_reference,
        conditions_basis=conditions_basis,
    )
    rules.check_voluntary_first(
        ground=voluntary_ground, request=related_request, recipient=recipient_organisation, now=now
    )
    body = _governing_body_or_refuse(recipient_organisation, day) if rule.pcc_notice_owed else None
    direction = Direction.objects.create(
        kind=kind,
        action=DirectionAction.ISSUE,
        recipient_organisation=recipient_organisation,
        eligibility=rule,
        summary=summary,
        detail=detail.strip(),
        voluntary_ground=voluntary_ground,
        voluntary_arrangements_failure=voluntary_arrangements_failure.strip(),
        related_request=related_request,
        secretary_of_state_consent_reference=secretary_of_state_consent_reference.strip(),
        conditions_basis=conditions_basis.strip(),
        marking=marking,
        issued_by=actor,
        issued_at=now,
    )
    if body is not None:
        _owe_notice(direction, force=recipient_organisation, governing_body=body)
    _record_direction(direction)
    return direction


def _lock_for_amendment(actor, direction: Direction) -> Direction:
    rules.check_may_issue_directions(actor)
    # Issued directions are append-only to the runtime role, by privilege (audit/grants.py):
    # without UPDATE there is no row lock, so amendments of one direction queue on a
    # transaction-scoped advisory lock instead.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext('engagement.direction'), %s)",
            [direction.pk % 2147483647],
        )
    locked = Direction.objects.select_related("eligibility", "recipient_organisation").get(
        pk=direction.pk
    )
    rules.check_may_amend(locked)
    return locked


@transaction.atomic
def direction_vary(
    *,
    actor,
    direction: Direction,
    summary: str,
    reason: str,
    marking: str | None = None,
    marking_reason: str = "",
    detail: str = "",
    secretary_of_state_consent_reference: str = "",
    conditions_basis: str = "",
) -> Direction:
    """Vary an issued direction by a new record linked to it. The recipient must still
    be one the rules allow that day, with consent where needed; the PCC is told. The
    variation carries the original's account of why voluntary arrangements failed, so
    marking it lower than the original is lowering a marking: only the issuing
    organisation does it, with a reason, kept in the variation (issue 9 §2)."""
    original = _lock_for_amendment(actor, direction)
    summary = _required(summary, "summary", "Summarise the direction as varied.")
    rules.check_amendment_reason(reason)
    marking = marking or original.marking
    check_marking_within_clearance(actor, marking)
    if check_marking_change(
        actor,
        record_organisation=original.issued_by.organisation,
        old=original.marking,
        new=marking,
        reason=marking_reason,
    ):
        reason = (
            f"{reason.strip()}\nMarking lowered from {Marking(original.marking).label} to "
            f"{Marking(marking).label}: {marking_reason.strip()}"
        )
    now = timezone.now()
    day = timezone.localdate(now)
    rule = rules.check_direction_eligible(
        recipient=original.recipient_organisation,
        day=day,
        rules=_eligibility_rules(),
        consent_reference=secretary_of_state_consent_reference,
        conditions_basis=conditions_basis,
    )
    return _amend(
        original,
        action=DirectionAction.VARIATION,
        rule=rule,
        actor=actor,
        now=now,
        summary=summary,
        detail=detail.strip(),
        reason=reason.strip(),
        marking=marking,
        secretary_of_state_consent_reference=secretary_of_state_consent_reference.strip(),
        conditions_basis=conditions_basis.strip(),
    )


@transaction.atomic
def direction_revoke(*, actor, direction: Direction, reason: str) -> Direction:
    """Revoke an issued direction by a new record linked to it; the PCC is told."""
    original = _lock_for_amendment(actor, direction)
    rules.check_amendment_reason(reason)
    return _amend(
        original,
        action=DirectionAction.REVOCATION,
        rule=original.eligibility,
        actor=actor,
        now=timezone.now(),
        summary=f"Revocation of {original.reference}: {original.summary}"[:300],
        reason=reason.strip(),
        marking=original.marking,
    )


def _amend(original: Direction, *, action, rule, actor, now, **values) -> Direction:
    day = timezone.localdate(now)
    force = original.recipient_organisation
    body = _governing_body_or_refuse(force, day) if rule.pcc_notice_owed else None
    amendment = Direction.objects.create(
        kind=original.kind,
        action=action,
        amends=original,
        recipient_organisation=force,
        eligibility=rule,
        voluntary_ground=original.voluntary_ground,
        voluntary_arrangements_failure=original.voluntary_arrangements_failure,
        related_request=original.related_request,
        issued_by=actor,
        issued_at=now,
        **values,
    )
    if body is not None:
        _owe_notice(amendment, force=force, governing_body=body)
    _record_direction(amendment)
    return amendment


# --- the notice's acknowledgement and escalation (PCC §20) -------------------------------


def _pcc_office_users(body):
    return User.objects.filter(organisation=body, roles__contains=[Role.PCC_OFFICE])


def _director_general_users():
    return User.objects.filter(
        organisation__kind=OrganisationKind.NCA, roles__contains=[Role.DIRECTOR_GENERAL]
    )


@transaction.atomic
def pcc_notice_acknowledge(*, actor, notice: PccNotice) -> PccNotice:
    """The PCC office acknowledges a notice delivered to it, once."""
    notice = PccNotice.objects.select_for_update().get(pk=notice.pk)
    rules.check_may_acknowledge(actor, notice)
    notice.acknowledged_at = timezone.now()
    notice.acknowledged_by = actor
    notice.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return notice


def notices_escalate_overdue(*, today: datetime.date | None = None) -> int:
    """Escalate every delivered notice not acknowledged within its working days to the
    Director General's office: on the NCA's dashboard at once, and by e-mail to the DG
    through the notification centre's outbox. Idempotent: a notice is escalated once."""
    today = today or timezone.localdate()
    candidates = PccNotice.objects.filter(
        delivered_at__isnull=False,
        acknowledged_at__isnull=True,
        escalated_at__isnull=True,
        acknowledgement_due_on__lt=today,
    ).values_list("pk", flat=True)
    escalated = 0
    for pk in list(candidates):
        with transaction.atomic():
            notice = (
                PccNotice.objects.select_for_update(skip_locked=True)
                .select_related("governing_body", "force")
                .filter(pk=pk, acknowledged_at__isnull=True, escalated_at__isnull=True)
                .first()
            )
            if notice is None or not rules.notice_is_overdue(
                due_on=notice.acknowledgement_due_on, today=today
            ):
                continue
            notice.escalated_at = timezone.now()
            notice.save(update_fields=["escalated_at"])
            due = long_date(notice.acknowledgement_due_on)
            notify(
                _director_general_users(),
                kind=Kind.PCC_NOTICE_OVERDUE,
                text=(
                    f"{notice.governing_body} has not acknowledged notice {notice.reference} "
                    f"concerning {notice.force.name}, due by {due}. It has been escalated to the "
                    "Director General's office."
                ),
                link=notice.get_absolute_url(),
                subject=f"Notice {notice.reference} to {notice.governing_body} not acknowledged",
            )
            activity_record(
                kind=EntryKind.DIRECTION,
                summary=(
                    f"Notice {notice.reference} to {notice.governing_body} not acknowledged by "
                    f"{long_date(notice.acknowledgement_due_on)}: escalated to the "
                    "Director General's office"
                ),
                occurs_at=notice.escalated_at,
                marking=notice.marking,
                urgent=True,
                source=notice,
                link=notice.get_absolute_url(),
                region=notice.force.region,
            )
            escalated += 1
    return escalated


# --- key intelligence reports (PCC §19) -------------------------------------------------


def _audience(*, audience: str, region, governing_bodies, day: datetime.date) -> list:
    current = current_pcc_bodies(day)
    if audience == Audience.ALL_PCC_BODIES:
        return list(current)
    if audience == Audience.REGION:
        if region is None:
            raise ValidationError({"region": "Choose the region whose PCCs receive the report."})
        in_region = GoverningBodyTerm.objects.on(day).filter(force__region=region)
        bodies = list(current.filter(pk__in=in_region.values("governing_body_id")))
        if not bodies:
            raise ValidationError({"region": f"No PCC body governs a force in {region} today."})
        return bodies
    if audience == Audience.CHOSEN:
        chosen = list(governing_bodies or [])
        if not chosen:
            raise ValidationError({"governing_bodies": "Choose at least one governing body."})
        current_ids = set(current.values_list("pk", flat=True))
        wrong = [body.name for body in chosen if body.pk not in current_ids]
        if wrong:
            raise ValidationError(
                {
                    "governing_bodies": (
                        f"Not a body governing a force today: {', '.join(wrong)}. Key reports "
                        "go to PCCs (PCC §19)."
                    )
                }
            )
        return chosen
    raise ValidationError({"audience": "Choose every PCC body, a region's, or chosen ones."})


@transaction.atomic
def intelligence_report_publish(
    *,
    actor,
    title: str,
    summary: str,
    marking: str,
    handling_instruction: str,
    source_evaluation: str,
    intelligence_assessment: str,
    handling_code: str,
    audience: str,
    handling_conditions: str = "",
    region=None,
    governing_bodies=(),
) -> IntelligenceReport:
    """Publish a key intelligence report to PCC bodies (PCC §19): marked, with a handling
    instruction and a 3x5x2 grading, to all of them, a region's or chosen ones."""
    rules.check_may_publish_reports(actor)
    title = _required(title, "title", "Give the report a title.")
    summary = _required(summary, "summary", "Write the report.")
    handling_instruction = _required(
        handling_instruction, "handling_instruction", "Say how the report is to be handled."
    )
    check_marking_within_clearance(actor, marking)
    rules.check_grading(
        source_evaluation=source_evaluation,
        intelligence_assessment=intelligence_assessment,
        handling_code=handling_code,
        handling_conditions=handling_conditions,
    )
    now = timezone.now()
    bodies = _audience(
        audience=audience,
        region=region,
        governing_bodies=governing_bodies,
        day=timezone.localdate(now),
    )
    report = IntelligenceReport.objects.create(
        title=title,
        summary=summary,
        marking=marking,
        handling_instruction=handling_instruction,
        handling_conditions=handling_conditions.strip(),
        source_evaluation=source_evaluation,
        intelligence_assessment=intelligence_assessment,
        handling_code=handling_code,
        audience=audience,
        region=region if audience == Audience.REGION else None,
        published_by=actor,
        published_at=now,
    )
    ReportCirculation.objects.bulk_create(
        ReportCirculation(report=report, governing_body=body, circulated_at=now) for body in bodies
    )
    notify(
        User.objects.filter(organisation__in=bodies, roles__contains=[Role.PCC_OFFICE]),
        kind=Kind.REPORT_CIRCULATED,
        text=f"The NCA has circulated a key intelligence report to your office: {title}"[:300],
        link=report.get_absolute_url(),
        marking=marking,
        subject="A key intelligence report for your office",
    )
    return report


def report_opened(*, reader, report: IntelligenceReport) -> None:
    """Record the first time a person outside the NCA opens a circulated report."""
    if reader.organisation.is_nca:
        return
    ReportReadReceipt.objects.get_or_create(
        report=report,
        reader=reader,
        defaults={"organisation": reader.organisation, "first_opened_at": timezone.now()},
    )


# --- requests for information from PCCs (PCC §19) -------------------------------------


def _timeline(request: InformationRequest, *, actor, note: str = "", at=None) -> None:
    InformationRequestStep.objects.create(
        request=request,
        status=request.status,
        actor=actor,
        at=at or timezone.now(),
        note=note,
        due_on=request.due_on,
    )


def _move(request: InformationRequest, transition: str) -> None:
    try:
        getattr(request, transition)()
    except TransitionNotAllowed:
        raise ValidationError(
            {"status": f"{request.reference} is {request.get_status_display().lower()}."}
        ) from None


def _lock(request: InformationRequest) -> InformationRequest:
    return (
        InformationRequest.objects.select_for_update().select_related("asked_by").get(pk=request.pk)
    )


@transaction.atomic
def information_request_submit(
    *,
    actor,
    subject: str,
    question: str,
    threat_area: str = "",
    needed_by: datetime.date | None = None,
    marking: str = Marking.OFFICIAL,
) -> InformationRequest:
    """A PCC office asks the NCA about threats in its area (PCC §19)."""
    rules.check_may_ask_for_information(actor)
    subject = _required(subject, "subject", "Say what the request is about.")
    question = _required(question, "question", "Ask your question.")
    check_marking_within_clearance(actor, marking)
    rules.check_needed_by(needed_by=needed_by, today=timezone.localdate())
    request = InformationRequest.objects.create(
        governing_body=actor.organisation,
        asked_by=actor,
        subject=subject,
        question=question,
        threat_area=threat_area,
        needed_by=needed_by,
        marking=marking,
    )
    _timeline(request, actor=actor, at=request.created_at)
    activity_record(
        kind=EntryKind.INTELLIGENCE_DEMAND,
        summary=f"{request.reference}: {actor.organisation} asks the NCA: {subject}",
        occurs_at=request.created_at,
        marking=marking,
        source=request,
        link=request.get_absolute_url(),
        organisation=actor.organisation,
        recorded_by=actor,
    )
    return request


@transaction.atomic
def information_request_consider(
    *, actor, request: InformationRequest, due_on: datetime.date | None, note: str = ""
) -> InformationRequest:
    """The NCA takes a request into consideration and sets the date it will answer by."""
    rules.check_may_handle_information_requests(actor)
    request = _lock(request)
    rules.check_due_on(due_on=due_on, today=timezone.localdate())
    _move(request, "consider")
    request.due_on = due_on
    request.save(update_fields=["status", "due_on"])
    _timeline(request, actor=actor, note=note.strip())
    return request


_OUTCOME_TRANSITION = {
    InformationRequestOutcome.ANSWERED: "answer",
    InformationRequestOutcome.ANSWERED_IN_PART: "answer_in_part",
    InformationRequestOutcome.DECLINED: "decline",
}


@transaction.atomic
def information_request_respond(
    *,
    actor,
    request: InformationRequest,
    outcome: str,
    response: str = "",
    reason: str = "",
    response_marking: str = Marking.OFFICIAL,
) -> InformationRequest:
    """Answer, answer in part or decline, case by case, with a reason (PCC §19)."""
    rules.check_may_handle_information_requests(actor)
    request = _lock(request)
    rules.check_response(outcome=outcome, response=response, reason=reason)
    if outcome != InformationRequestOutcome.DECLINED:
        check_marking_within_clearance(actor, response_marking, field="response_marking")
        rules.check_answer_readable(marking=response_marking, asker=request.asked_by)
    else:
        response_marking = ""
    _move(request, _OUTCOME_TRANSITION[outcome])
    request.response = response.strip()
    request.reason = reason.strip()
    request.response_marking = response_marking
    request.marking = highest_marking([request.marking, response_marking or Marking.OFFICIAL])
    request.closed_at = timezone.now()
    request.save(
        update_fields=["status", "response", "reason", "response_marking", "marking", "closed_at"]
    )
    _timeline(request, actor=actor, note=request.reason, at=request.closed_at)
    notify(
        _pcc_office_users(request.governing_body),
        kind=Kind.RFI_ANSWERED,
        text=(
            f"The NCA has {request.get_status_display().lower()} your request for information "
            f"{request.reference}: {request.subject}"
        )[:300],
        link=request.get_absolute_url(),
        marking=request.marking,
        subject=f"Your request for information {request.reference}",
    )
    return request


@transaction.atomic
def information_request_withdraw(
    *, actor, request: InformationRequest, note: str = ""
) -> InformationRequest:
    """A PCC office withdraws a request it no longer needs answered."""
    request = _lock(request)
    rules.check_may_withdraw(actor, request)
    _move(request, "withdraw")
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at"])
    _timeline(request, actor=actor, note=note.strip(), at=request.closed_at)
    return request


# --- engagement events (PCC §16-18) -----------------------------------------------------


def _invite(event: EngagementEvent, *, day: datetime.date) -> None:
    """Every PCC body, the National Policing leads and the ROCU heads (PCC §17)."""
    invitations = [
        EventInvitation(
            event=event,
            organisation=body,
            invitee_name=body.name,
            capacity=InviteeCapacity.PCC_BODY,
        )
        for body in current_pcc_bodies(day)
    ]
    invitations += [
        EventInvitation(
            event=event, invitee_name=lead.name, capacity=InviteeCapacity.NATIONAL_POLICING_LEAD
        )
        for lead in StandingInvitee.objects.filter(active=True)
    ]
    invitations += [
        EventInvitation(
            event=event,
            organisation=rocu,
            invitee_name=rocu.name,
            capacity=InviteeCapacity.ROCU_HEAD,
        )
        for rocu in Organisation.objects.filter(kind=OrganisationKind.ROCU)
    ]
    EventInvitation.objects.bulk_create(invitations)


def _engagement_day_for(*, key: str, endorsed_on: datetime.date) -> EngagementEvent | None:
    """The engagement day already set off by this endorsed version, or else by another
    endorsement in the same year (rules.engagement_day_owed)."""
    days = list(
        EngagementEvent.objects.filter(kind=EventKind.ENGAGEMENT_DAY).filter(
            Q(nsa_version_id=key) | Q(endorsed_on__year=endorsed_on.year)
        )
    )
    for day in days:
        if day.nsa_version_id == key:
            return day
    if not rules.engagement_day_owed(
        endorsed_on=endorsed_on, endorsements_with_a_day=[day.endorsed_on for day in days]
    ):
        return days[0]
    return None


def engagement_day_schedule(
    *,
    version_id,
    version: str = "",
    endorsed_on: datetime.date,
    actor=None,
) -> tuple[EngagementEvent, bool]:
    """Schedule the annual engagement day briefing PCCs on a National Strategic Assessment
    version the NSTCG has endorsed (PCC §17), inviting every PCC body, the National
    Policing leads and the ROCU heads. One engagement day per endorsed version and at most
    one a year, however often this runs: otherwise it returns the day already set."""
    key = str(version_id)
    existing = _engagement_day_for(key=key, endorsed_on=endorsed_on)
    if existing is not None:
        return existing, False
    settings_row = EngagementSettings.current()
    starts_on = rules.engagement_day_date(
        endorsed_on=endorsed_on, weeks_after=settings_row.engagement_day_weeks_after_endorsement
    )
    label = f" (version {version})" if version else ""
    try:
        with transaction.atomic():
            event = EngagementEvent.objects.create(
                kind=EventKind.ENGAGEMENT_DAY,
                title=f"NCA engagement day: the National Strategic Assessment{label}",
                starts_on=starts_on,
                nsa_version_id=key,
                nsa_version=version,
                endorsed_on=endorsed_on,
                notes=(
                    f"Pencilled in after the NSTCG endorsed the assessment on "
                    f"{long_date(endorsed_on)}. Confirm the date and the venue."
                ),
                created_by=actor,
            )
            _invite(event, day=endorsed_on)
            activity_record(
                kind=EntryKind.GOVERNANCE,
                summary=f"PCC engagement day on the National Strategic Assessment{label} planned",
                occurs_at=timezone.make_aware(
                    datetime.datetime.combine(starts_on, datetime.time(10, 0))
                ),
                marking=event.marking,
                source=event,
                link=event.get_absolute_url(),
                recorded_by=actor,
            )
    except IntegrityError:
        # Another run scheduled it first (the unique constraints per version and year).
        return _engagement_day_for(key=key, endorsed_on=endorsed_on), False
    return event, True


@transaction.atomic
def engagement_event_update(
    *, actor, event: EngagementEvent, starts_on: datetime.date, location: str = "", notes: str = ""
) -> EngagementEvent:
    """Confirm or move an event's date and venue."""
    require_role(actor, *rules.ENGAGEMENT_ORGANISERS, doing="organise engagement events")
    if starts_on is None:
        raise ValidationError({"starts_on": "Give the date of the event."})
    event = EngagementEvent.objects.select_for_update().get(pk=event.pk)
    event.starts_on = starts_on
    event.location = location.strip()
    event.notes = notes.strip()
    event.save(update_fields=["starts_on", "location", "notes"])
    return event


@transaction.atomic
def regional_meeting_record(
    *,
    actor,
    region,
    held_on: datetime.date,
    senior_officer,
    attendees,
    location: str = "",
    notes: str = "",
) -> EngagementEvent:
    """Record that the DG, DDG or a Director met a region's PCCs and chief officers
    (PCC §18), and who attended."""
    require_role(actor, *rules.MEETING_RECORDERS, doing="record regional meetings")
    if region is None:
        raise ValidationError({"region": "Choose the region."})
    if held_on is None:
        raise ValidationError({"held_on": "Give the date of the meeting."})
    rules.check_meeting_date(held_on=held_on, today=timezone.localdate())
    rules.check_senior_officer(senior_officer)
    participants = {o.pk: o for o in region_participants(region=region, day=held_on)}
    attendees = list(attendees or [])
    wrong = [o.name for o in attendees if o.pk not in participants]
    if wrong:
        raise ValidationError(
            {"attendees": f"Not a PCC body or force of the {region} region: {', '.join(wrong)}."}
        )
    if not any(o.kind == OrganisationKind.PCC_BODY for o in attendees):
        raise ValidationError(
            {"attendees": "A regional meeting is with the region's PCCs (PCC §18): name who came."}
        )
    event = EngagementEvent.objects.create(
        kind=EventKind.REGIONAL_MEETING,
        title=f"Regional meeting with the PCCs and chief officers of {region}",
        starts_on=held_on,
        region=region,
        senior_officer=senior_officer,
        location=location.strip(),
        notes=notes.strip(),
        created_by=actor,
    )
    now = timezone.now()
    EventInvitation.objects.bulk_create(
        EventInvitation(
            event=event,
            organisation=o,
            invitee_name=o.name,
            capacity=(
                InviteeCapacity.PCC_BODY
                if o.kind == OrganisationKind.PCC_BODY
                else InviteeCapacity.CHIEF_OFFICER
            ),
            status=AttendanceStatus.ATTENDED,
            updated_by=actor,
            updated_at=now,
        )
        for o in attendees
    )
    return event


@transaction.atomic
def invitation_reply(*, actor, invitation: EventInvitation, status: str) -> EventInvitation:
    """The invited organisation accepts or declines."""
    invitation = (
        EventInvitation.objects.select_for_update().select_related("event").get(pk=invitation.pk)
    )
    if invitation.organisation_id is None or invitation.organisation_id != actor.organisation_id:
        raise PermissionDenied("Only the organisation invited replies to its invitation.")
    if status not in (AttendanceStatus.ACCEPTED, AttendanceStatus.DECLINED):
        raise ValidationError({"status": "Accept or decline the invitation."})
    rules.check_reply(
        status=status, event_date=invitation.event.starts_on, today=timezone.localdate()
    )
    return _set_status(invitation, actor, status)


@transaction.atomic
def invitation_record_attendance(
    *, actor, invitation: EventInvitation, status: str
) -> EventInvitation:
    """The NCA records who attended (PCC §17)."""
    require_role(actor, *rules.ENGAGEMENT_ORGANISERS, doing="record attendance")
    invitation = (
        EventInvitation.objects.select_for_update().select_related("event").get(pk=invitation.pk)
    )
    if status not in (AttendanceStatus.ATTENDED, AttendanceStatus.ABSENT):
        raise ValidationError({"status": "Record whether they attended."})
    rules.check_reply(
        status=status, event_date=invitation.event.starts_on, today=timezone.localdate()
    )
    return _set_status(invitation, actor, status)


def invitation_update(*, actor, invitation: EventInvitation, status: str) -> EventInvitation:
    """One answer to an invitation, as the page and the API take it: whether they attended
    is the NCA's to record (PCC §17), acceptance or refusal the invited organisation's."""
    if status in (AttendanceStatus.ATTENDED, AttendanceStatus.ABSENT):
        return invitation_record_attendance(actor=actor, invitation=invitation, status=status)
    return invitation_reply(actor=actor, invitation=invitation, status=status)


def _set_status(invitation, actor, status):
    invitation.status = status
    invitation.updated_by = actor
    invitation.updated_at = timezone.now()
    invitation.save(update_fields=["status", "updated_by", "updated_at"])
    return invitation


# --- meetings as requested (PCC §18) ----------------------------------------------------


def _engagement_staff():
    return User.objects.filter(
        organisation__kind__in=NCA_KINDS,
        roles__overlap=list(rules.ENGAGEMENT_ORGANISERS),
        is_active=True,
    )


def _tell_the_pcc_office(request: MeetingRequest, text: str) -> None:
    notify(
        _pcc_office_users(request.governing_body),
        kind=Kind.MEETING_REQUEST_ANSWERED,
        text=text[:300],
        link=request.get_absolute_url(),
        subject=f"Your request for the NCA to attend a meeting ({request.reference})",
    )


@transaction.atomic
def meeting_request_submit(
    *, actor, meets_on: datetime.date | None, purpose: str, place: str
) -> MeetingRequest:
    """A PCC office asks the NCA to attend a meeting (PCC §18); the NCA's engagement staff
    are told."""
    rules.check_may_ask_for_meeting(actor)
    rules.check_meeting_request_date(meets_on=meets_on, today=timezone.localdate())
    purpose = _required(purpose, "purpose", "Say what the meeting is for.")
    place = _required(place, "place", "Say where the meeting is.")
    request = MeetingRequest.objects.create(
        governing_body=actor.organisation,
        asked_by=actor,
        meets_on=meets_on,
        purpose=purpose,
        place=place[:200],
    )
    notify(
        _engagement_staff(),
        kind=Kind.MEETING_REQUESTED,
        text=(
            f"{actor.organisation} asks the NCA to attend a meeting on {long_date(meets_on)} "
            f"at {request.place}."
        )[:300],
        link=request.get_absolute_url(),
        subject=f"A request to attend a meeting ({request.reference})",
    )
    return request


def _lock_meeting_request(request: MeetingRequest) -> MeetingRequest:
    return (
        MeetingRequest.objects.select_for_update()
        .select_related("governing_body")
        .get(pk=request.pk)
    )


@transaction.atomic
def meeting_request_answer(
    *, actor, request: MeetingRequest, answer: str, reason: str = ""
) -> MeetingRequest:
    """The NCA accepts a request to attend a meeting, or declines it with a reason
    (PCC §18); the PCC office is told."""
    rules.check_may_answer_meeting_requests(actor)
    request = _lock_meeting_request(request)
    rules.check_meeting_request_answer(
        status=request.status,
        answer=answer,
        reason=reason,
        meets_on=request.meets_on,
        today=timezone.localdate(),
    )
    accepted = answer == MeetingRequestAnswer.ACCEPT
    request.status = MeetingRequestStatus.ACCEPTED if accepted else MeetingRequestStatus.DECLINED
    request.answer_reason = reason.strip()
    request.answered_by, request.answered_at = actor, timezone.now()
    request.save(update_fields=["status", "answer_reason", "answered_by", "answered_at"])
    verb = "will attend" if accepted else "cannot attend"
    _tell_the_pcc_office(
        request, f"The NCA {verb} your meeting on {long_date(request.meets_on)} ({request.place})."
    )
    return request


@transaction.atomic
def meeting_request_record_attendance(
    *, actor, request: MeetingRequest, attended: bool, attended_by=None, note: str = ""
) -> MeetingRequest:
    """Record whether the NCA attended a meeting it accepted, and who went (PCC §18);
    the PCC office is told. A regional meeting with a senior officer is recorded
    separately (`regional_meeting_record`): attending a requested meeting does not count
    towards it."""
    rules.check_may_record_meeting_attendance(actor)
    request = _lock_meeting_request(request)
    rules.check_meeting_attendance(
        status=request.status,
        attended=attended,
        attended_by=attended_by,
        note=note,
        meets_on=request.meets_on,
        today=timezone.localdate(),
    )
    request.status = (
        MeetingRequestStatus.ATTENDED if attended else MeetingRequestStatus.NOT_ATTENDED
    )
    request.attended_by = attended_by if attended else None
    request.attendance_note = note.strip()
    request.attendance_recorded_by, request.attendance_recorded_at = actor, timezone.now()
    request.save(
        update_fields=[
            "status", "attended_by", "attendance_note", "attendance_recorded_by",
            "attendance_recorded_at",
        ]
    )  # fmt: skip
    outcome = "attended" if attended else "did not attend"
    _tell_the_pcc_office(
        request, f"The NCA {outcome} your meeting on {long_date(request.meets_on)}."
    )
    return request
