"""Every write of tasking: `<entity>_<action>(*, actor, ...)`, atomic, audited (pghistory
records each row change with the request's context), with the activity feed written in
the same transaction."""

import datetime
from decimal import Decimal
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_fsm import can_proceed

from activity.choices import EntryKind
from activity.services import activity_record
from directory.access import has_role, require_role
from directory.choices import NCA_KINDS, Marking, Role
from directory.history import marking_change
from directory.models import GoverningBodyTerm, Organisation, User
from directory.queueing import enqueue
from directory.rules import (
    check_exists_on,
    check_marking_within_clearance,
    highest_marking,
    markings_visible_to,
)
from notifications.choices import Kind as NoticeKind
from notifications.services import notifications_settled, notify

from . import rules
from .choices import (
    UNDECIDED_STATUSES,
    CommitmentTest,
    NcaRole,
    Outcome,
    RequestDirection,
    RequestStatus,
    Urgency,
)
from .deconfliction import find_matches, generic_words, names_rematch
from .models import (
    TARGET_WRITERS,
    ChargeAgreement,
    Decision,
    DeconflictionAlert,
    GenericWord,
    NameRematch,
    Operation,
    OperationResult,
    OutsidePriorities,
    ResponseStandard,
    Target,
    TargetName,
    TaskingRequest,
)

# --- the words deconfliction ignores --------------------------------------------------


@transaction.atomic
def generic_word_add(*, actor, word: str) -> GenericWord:
    """Deconfliction ignores `word` from now on; the names holding it are matched again
    by the worker, after commit (`_rematch_after_commit`)."""
    rules.check_may_keep_generic_words(actor)
    word = rules.check_generic_word(word)
    if GenericWord.objects.filter(word=word).exists():
        raise ValidationError({"word": f"“{word}” is already ignored when matching"})
    added = GenericWord.objects.create(word=word)
    _rematch_after_commit(word)
    return added


@transaction.atomic
def generic_word_remove(*, actor, word: GenericWord) -> None:
    """Deconfliction matches on `word` again; the names holding it are matched again by
    the worker, after commit (`_rematch_after_commit`)."""
    rules.check_may_keep_generic_words(actor)
    GenericWord.objects.filter(pk=word.pk).delete()
    _rematch_after_commit(word.word)


def _rematch_after_commit(word: str) -> None:
    """Matching a quarter of a million names again takes seconds: the change commits at
    once with its NameRematch, which the worker does after commit or, if Redis or the
    worker is down, the beat sweep (name_rematches_run_pending) does later."""
    rematch = NameRematch.objects.create(word=word)
    transaction.on_commit(partial(enqueue_name_rematch, rematch.pk))


def enqueue_name_rematch(rematch_id: int) -> None:
    from .tasks import rematch_names

    enqueue(rematch_names, [(rematch_id,)], otherwise="the sweep matches the names again")


# One key, with the NameRematch's id, for the session's advisory lock held while it runs.
REMATCH_LOCK = "tasking.name_rematch"


def name_rematch_run(*, rematch_id: int) -> int:
    """Match again the names holding the word of NameRematch `rematch_id`, once: a
    second run, even at the same time, finds it done or held and does nothing. The
    batches commit one by one (deconfliction.names_rematch), so the lock is the
    session's, released when it ends, and a worker that dies leaves the rest to the
    sweep. Returns how many names changed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s), %s)", [REMATCH_LOCK, rematch_id])
        if not cursor.fetchone()[0]:
            return 0
    try:
        rematch = NameRematch.objects.filter(pk=rematch_id, done_at__isnull=True).first()
        if rematch is None:
            return 0
        changed = names_rematch([rematch.word])
        NameRematch.objects.filter(pk=rematch_id).update(done_at=timezone.now())
        return changed
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_unlock(hashtext(%s), %s)", [REMATCH_LOCK, rematch_id]
            )


def name_rematches_run_pending() -> int:
    """The sweep: every change of the generic words whose names are not yet matched
    again, whatever happened to its task (Redis or the worker down, a worker that died
    part-way). Returns how many names changed."""
    pending = NameRematch.objects.filter(done_at__isnull=True).values_list("pk", flat=True)
    return sum(name_rematch_run(rematch_id=rematch_id) for rematch_id in list(pending))


# --- targets ---------------------------------------------------------------------------


def _check_may_write_targets(actor) -> None:
    require_role(actor, *TARGET_WRITERS, doing="record targets and operations")


def _responsible(actor, organisation):
    """A partner records its own targets; the NCA may record one for any partner."""
    if organisation is None or organisation.pk == actor.organisation_id:
        return actor.organisation
    if not actor.organisation.is_nca:
        raise ValidationError(
            {"responsible_organisation": "You can only record targets for your own organisation."}
        )
    return organisation


def _set_names(target, name: str, aliases: list[str]) -> list[str]:
    """Make the target's names exactly its name and aliases; return the names that are new."""
    rules.check_names(aliases, field="aliases", limit=rules.MAX_ALIASES)
    wanted = {rules.normalise_name(name): (name, True)}
    for alias in aliases:
        normalised = rules.normalise_name(alias)
        if not normalised:
            raise ValidationError({"aliases": "An alias needs at least one letter or digit."})
        wanted.setdefault(normalised, (alias.strip(), False))
    existing = {row.normalised: row for row in target.names.all()}
    TargetName.objects.filter(target=target).exclude(normalised__in=wanted).delete()
    added = []
    generic = generic_words()
    for normalised, (text, _) in wanted.items():
        row = existing.get(normalised)
        if row is None:
            TargetName.objects.create(
                target=target,
                name=text,
                normalised=normalised,
                matching=rules.matching_name(text, generic),
                primary=False,
            )
            added.append(text)
        elif row.name != text:
            row.name = text
            row.save(update_fields=["name"])
    # The primary flag moves last, so that "one primary name per target" always holds.
    TargetName.objects.filter(target=target, primary=True).exclude(
        normalised=rules.normalise_name(name)
    ).update(primary=False)
    TargetName.objects.filter(target=target, normalised=rules.normalise_name(name)).update(
        primary=True
    )
    return added


def _set_priorities(record, priorities, *, day: datetime.date) -> None:
    """Make `priorities` the ones `record` serves. Each newly chosen one is in force on
    `day` (PCC Annex A); one it already served stays, so that what it served is kept as it
    was on its day."""
    held = set(record.priorities.values_list("pk", flat=True)) if record.pk else set()
    rules.check_priorities_in_force([p for p in priorities if p.pk not in held], day)
    record.priorities.set(priorities)


TARGET_FIELDS = (
    "kind", "priority", "threat_areas", "international", "sophistication", "pursue", "prevent",
    "protect", "prepare", "marking", "active",
)  # fmt: skip


@transaction.atomic
def target_create(
    *,
    actor,
    name: str,
    aliases: list[str] = (),
    responsible_organisation=None,
    crime_types=(),
    regions=(),
    forces=(),
    priorities=(),
    **fields,
) -> Target:
    _check_may_write_targets(actor)
    rules.check_name_has_letters(name, what="A target")
    rules.check_forces_are_forces(forces)
    rules.check_priorities_in_force(priorities, timezone.localdate())
    check_marking_within_clearance(actor, fields.get("marking", Marking.OFFICIAL))
    target = Target(
        name=name.strip(),
        responsible_organisation=_responsible(actor, responsible_organisation),
        created_by=actor,
        **{key: value for key, value in fields.items() if key in TARGET_FIELDS},
    )
    target.full_clean(exclude=["created_by"])
    target.save()
    target.crime_types.set(crime_types)
    target.regions.set(regions)
    target.forces.set(forces)
    target.priorities.set(priorities)
    new_names = _set_names(target, target.name, list(aliases))
    _raise_alerts_for_target(target, new_names)
    return target


@transaction.atomic
def target_update(
    *,
    actor,
    target: Target,
    aliases=None,
    crime_types=None,
    regions=None,
    forces=None,
    priorities=None,
    marking_reason: str = "",
    **fields,
) -> Target:
    """Change a target; a new name or alias is checked for overlaps (deconfliction).
    Only its responsible organisation lowers its marking, with a reason (issue 9 §2)."""
    target = Target.objects.restrict(actor, "change").select_for_update().get(pk=target.pk)
    with marking_change(
        actor=actor,
        record_organisation=target.responsible_organisation,
        old=target.marking,
        new=fields.get("marking", target.marking),
        reason=marking_reason,
    ):
        if "responsible_organisation" in fields:
            target.responsible_organisation = _responsible(
                actor, fields.pop("responsible_organisation")
            )
        name = fields.pop("name", target.name)
        rules.check_name_has_letters(name, what="A target")
        target.name = name.strip()
        for key, value in fields.items():
            if key in TARGET_FIELDS:
                setattr(target, key, value)
        target.full_clean(exclude=["created_by"])
        target.save()
        if crime_types is not None:
            target.crime_types.set(crime_types)
        if regions is not None:
            target.regions.set(regions)
        if forces is not None:
            rules.check_forces_are_forces(forces)
            target.forces.set(forces)
        if priorities is not None:
            _set_priorities(target, priorities, day=timezone.localdate())
        current_aliases = aliases if aliases is not None else target.aliases
        new_names = _set_names(target, target.name, list(current_aliases))
    _raise_alerts_for_target(target, new_names)
    return target


def _raise_alerts_for_target(target: Target, names: list[str]) -> None:
    if not names:
        return
    for match in find_matches(names, exclude_target_ids=[target.pk]):
        if match.organisation_id == target.responsible_organisation_id:
            continue
        _alert(
            raised={"raised_by_target": target},
            raised_name=match.searched,
            raising_organisation_id=target.responsible_organisation_id,
            raising_marking=target.marking,
            raising_owners=lambda: _record_owners(
                target.created_by, target.responsible_organisation_id
            ),
            raising_record="your target",
            match=match,
        )


def _alert(
    *,
    raised,
    raised_name,
    raising_organisation_id,
    raising_marking,
    raising_owners,
    raising_record: str,
    match,
) -> None:
    """One alert per pair of records; its two owners are told once, when it is raised.
    `raising_owners` is called only then, so that a known overlap costs no lookup."""
    alert, created = DeconflictionAlert.objects.get_or_create(
        **raised,
        matched_target_id=match.target_id,
        matched_operation_id=match.operation_id,
        defaults={
            "raised_name": raised_name,
            "raising_organisation_id": raising_organisation_id,
            "matched_name": match.name,
            "matched_organisation_id": match.organisation_id,
            "similarity": match.similarity,
            "marking": highest_marking([raising_marking, match.marking]),
        },
    )
    if created:
        _tell_owners_of_overlap(
            alert, raising_owners=raising_owners(), raising_record=raising_record, match=match
        )


@transaction.atomic
def alert_resolve(*, actor, alert: DeconflictionAlert, resolution: str) -> DeconflictionAlert:
    """Either owner, or the NCA, records how a possible overlap was settled."""
    alert = (
        DeconflictionAlert.objects.restrict(actor, "change").select_for_update().get(pk=alert.pk)
    )
    if not resolution.strip():
        raise ValidationError({"resolution": "Say how the possible overlap was settled."})
    if alert.resolved_at is not None:
        raise ValidationError({"resolution": "This possible overlap is already resolved."})
    alert.status = "resolved"
    alert.resolution = resolution.strip()
    alert.resolved_by = actor
    alert.resolved_at = timezone.now()
    alert.save()
    return alert


# --- operations ------------------------------------------------------------------------


@transaction.atomic
def operation_create(
    *,
    actor,
    target: Target,
    name: str,
    lead_organisation,
    supporting_organisations=(),
    priorities=(),
    marking=Marking.OFFICIAL,
) -> Operation:
    """An operation against a target, serving the NCA's priorities it names. One that
    serves none in force awaits the Director General's decision to pursue it outside
    them, and the DG is told (PCC Annex A ¶2)."""
    _check_may_write_targets(actor)
    if not Target.objects.restrict(actor).filter(pk=target.pk).exists():
        raise ValidationError({"target": "No such target."})
    if not actor.organisation.is_nca and lead_organisation.pk != actor.organisation_id:
        raise ValidationError({"lead_organisation": "A partner records operations it leads."})
    rules.check_name_has_letters(name, what="An operation")
    check_marking_within_clearance(actor, marking)
    today = timezone.localdate()
    rules.check_priorities_in_force(priorities, today)
    operation = Operation(
        name=name.strip(),
        normalised=rules.normalise_name(name),
        matching=rules.matching_name(name, generic_words()),
        target=target,
        lead_organisation=lead_organisation,
        marking=marking,
    )
    operation.full_clean()
    operation.save()
    operation.supporting_organisations.set(supporting_organisations)
    operation.priorities.set(priorities)
    if not rules.serves_a_priority(operation, today):
        _tell_director_general_outside_priorities(operation)
    for match in find_matches([operation.name], exclude_operation_ids=[operation.pk]):
        if match.organisation_id != lead_organisation.pk and match.target_id != target.pk:
            _alert(
                raised={"raised_by_target": target},
                raised_name=operation.name,
                raising_organisation_id=lead_organisation.pk,
                raising_marking=operation.marking,
                raising_owners=lambda: _record_owners(actor, lead_organisation.pk),
                raising_record="your operation",
                match=match,
            )
    return operation


# --- results (PCC §9, §14) ----------------------------------------------------------------


@transaction.atomic
def result_record(
    *,
    actor,
    operation: Operation,
    kind: str,
    occurred_on: datetime.date,
    summary: str,
    marking: str = Marking.OFFICIAL,
    priority=None,
    people: int | None = None,
    amount: Decimal | None = None,
    significance: str = "",
    owner: Organisation | None = None,
    nca_role: str = "",
    force: Organisation | None = None,
    region=None,
) -> OperationResult:
    """A result of `operation`, recorded as it happens (PCC §9): its kind and figure,
    the priority it serves, whose it is and the NCA's part in it (lead, support or
    coordinate; the operation's role unless said otherwise). Written to the activity
    feed as a significant event, with its marking, for the Daily Briefing Meeting."""
    operation = (
        Operation.objects.restrict(actor)
        .select_for_update(of=("self",))
        .prefetch_related("supporting_organisations", "priorities")
        .get(pk=operation.pk)
    )
    rules.check_may_record_result(actor, operation)
    owner = owner or actor.organisation
    nca_role = nca_role or operation.nca_role
    errors: dict[str, list[str]] = {}

    def ask(check):
        try:
            return check()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)

    ask(
        lambda: rules.check_result_figures(
            kind=kind, people=people, amount=amount, significance=significance
        )
    )
    ask(
        lambda: rules.check_result_date(
            occurred_on=occurred_on, operation=operation, today=timezone.localdate()
        )
    )
    ask(
        lambda: rules.check_result_priority(
            priority=priority,
            occurred_on=occurred_on,
            served_codes={served.code for served in operation.priorities.all()},
            outside_priorities=OutsidePriorities.objects.filter(operation=operation).first(),
        )
    )
    ask(lambda: rules.check_result_marking(actor, marking=marking, operation=operation))
    ask(lambda: rules.check_result_owner(actor, owner=owner, operation=operation))
    region = ask(lambda: rules.result_region(force=force, region=region, occurred_on=occurred_on))
    if not nca_role:
        errors.setdefault("nca_role", []).append(
            "Select how the NCA took part: lead, support or coordinate."
        )
    if not (summary or "").strip():
        errors.setdefault("summary", []).append("Enter what happened.")
    if errors:
        raise ValidationError(errors)
    result = OperationResult(
        operation=operation,
        kind=kind,
        occurred_on=occurred_on,
        summary=summary.strip(),
        marking=marking,
        priority=priority,
        people=people,
        amount=amount,
        significance=significance or "",
        owner=owner,
        nca_role=nca_role,
        force=force,
        region=region,
        recorded_by=actor,
    )
    result.full_clean(exclude=["recorded_by"])
    result.save()
    activity_record(
        kind=EntryKind.SIGNIFICANT_EVENT,
        summary=f"{result.get_kind_display()}: {operation}: {result.summary}",
        occurs_at=_result_time(occurred_on),
        marking=marking,
        source=result,
        link=result.get_absolute_url(),
        organisation=owner,
        region=region,
        recorded_by=actor,
    )
    return result


def _result_time(day: datetime.date) -> datetime.datetime:
    """When a result dated `day` counts as having happened in the feed: now if today,
    else the end of that day, so that yesterday evening's arrest recorded this morning
    is among the Daily Briefing Meeting's events of the previous 24 hours (OP Annex C)."""
    now = timezone.now()
    end = timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))
    return min(now, end)


def _tell_director_general_outside_priorities(operation: Operation) -> None:
    """The Director General hears of an operation that serves none of the priorities:
    the decision to pursue it outside them is theirs (PCC Annex A ¶2)."""
    directors_general = [
        person
        for person in User.objects.filter(
            is_active=True,
            organisation__kind__in=NCA_KINDS,
            roles__contains=[Role.DIRECTOR_GENERAL],
        )
        if operation.marking in markings_visible_to(person)
    ]
    notify(
        directors_general,
        kind=NoticeKind.OUTSIDE_PRIORITIES,
        text=f"{operation} serves none of the NCA's priorities: it awaits your decision.",
        link=reverse("tasking:operation-outside-priorities", args=[operation.pk]),
        marking=operation.marking,
        subject="An operation outside the priorities awaits your decision",
    )


@transaction.atomic
def outside_priorities_decide(
    *,
    actor,
    operation: Operation,
    reason: str,
    home_office_consulted: bool,
    decided_on: datetime.date | None = None,
) -> OutsidePriorities:
    """The Director General decides that the NCA pursue an operation outside its
    priorities, recording why and whether the Home Office was consulted (PCC Annex A
    ¶2). Taken once; it cannot be undone."""
    rules.check_may_decide_outside_priorities(actor)
    operation = Operation.objects.restrict(actor).select_for_update().get(pk=operation.pk)
    today = timezone.localdate()
    rules.check_outside_priorities_awaited(operation, day=today)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Say why the operation is pursued outside the priorities."}
        )
    decided_on = decided_on or today
    if decided_on > today:
        raise ValidationError({"decided_on": "The decision cannot be dated in the future."})
    if decided_on < timezone.localdate(operation.created_at):
        raise ValidationError(
            {"decided_on": "The decision cannot be dated before the operation was recorded."}
        )
    decision = OutsidePriorities(
        operation=operation,
        reason=reason,
        home_office_consulted=home_office_consulted,
        decided_by=actor,
        decided_on=decided_on,
    )
    decision.full_clean()
    decision.save()
    notifications_settled(
        kind=NoticeKind.OUTSIDE_PRIORITIES,
        link=reverse("tasking:operation-outside-priorities", args=[operation.pk]),
    )
    activity_record(
        kind=EntryKind.DECISION,
        summary=f"Pursued outside the NCA's priorities: {operation}",
        detail=reason,
        occurs_at=timezone.now(),
        marking=operation.marking,
        source=decision,
        link=operation.get_absolute_url(),
        organisation=operation.lead_organisation,
        recorded_by=actor,
    )
    return decision


# --- requests --------------------------------------------------------------------------


def _check_linked_records(actor, *, target, operation) -> None:
    """A request may name only a target or operation its maker can see."""
    if target is not None and not Target.objects.restrict(actor).filter(pk=target.pk).exists():
        raise ValidationError({"target": "No such target."})
    if operation is not None:
        if not Operation.objects.restrict(actor).filter(pk=operation.pk).exists():
            raise ValidationError({"operation": "No such operation."})
        if target is not None and operation.target_id != target.pk:
            raise ValidationError({"operation": "This operation is against another target."})


@transaction.atomic
def request_create(
    *,
    actor,
    addressed_organisation: Organisation,
    summary: str,
    how_this_assists: str,
    urgency: str = Urgency.ROUTINE,
    capabilities=(),
    target=None,
    operation=None,
    subject_names=(),
    marking: str = Marking.OFFICIAL,
    routed_via=None,
    direct_reason: str = "",
    priorities=(),
) -> TaskingRequest:
    """A draft request, routed as the documents say (OP §21-24): through the force's ROCU
    unless it records why it goes to the force directly. The priorities it serves are
    the requester's suggestion, which the tasking desk confirms when it decides."""
    rules.check_may_request(actor)
    if not (how_this_assists or "").strip():
        raise ValidationError(
            {"how_this_assists": "Say how the help asked for would assist: it is required."}
        )
    _check_linked_records(actor, target=target, operation=operation)
    check_marking_within_clearance(actor, marking)
    rules.check_names(subject_names, field="subject_names", limit=rules.MAX_NAMES_PER_CHECK)
    today = timezone.localdate()
    rules.check_priorities_in_force(priorities, today)
    check_exists_on(addressed_organisation, today, field="addressed_organisation")
    check_exists_on(routed_via, today, field="routed_via")
    route = rules.route_request(
        requesting_organisation=actor.organisation,
        addressed_organisation=addressed_organisation,
        via=routed_via,
        direct_reason=direct_reason,
    )
    request = TaskingRequest(
        direction=rules.direction_of(actor.organisation),
        requester=actor,
        requesting_organisation=actor.organisation,
        addressed_organisation=addressed_organisation,
        routed_via=route.via,
        routing_reason=route.reason,
        summary=(summary or "").strip(),
        how_this_assists=how_this_assists.strip(),
        urgency=urgency,
        target=target,
        operation=operation or None,
        subject_names=[name.strip() for name in subject_names if name.strip()],
        marking=marking,
    )
    request.full_clean(exclude=["requester", "status"])
    request.save()
    request.capabilities.set(capabilities)
    request.priorities.set(priorities)
    return request


def _locked(actor, request) -> TaskingRequest:
    """The request, locked for this transaction, if the actor may see it (else 404)."""
    return (
        TaskingRequest.objects.restrict(actor)
        .select_for_update(of=("self",))
        .select_related("requester", "requesting_organisation", "addressed_organisation", "target")
        .get(pk=request.pk)
    )


def _move(request, transition: str, verb: str) -> None:
    """Make a move the request's state allows, or refuse naming the state."""
    move = getattr(request, transition)
    if not can_proceed(move):
        state = request.get_status_display().lower()
        raise ValidationError({"status": f"A request that is {state} cannot be {verb}."})
    move()


@transaction.atomic
def request_submit(*, actor, request: TaskingRequest) -> TaskingRequest:
    request = _locked(actor, request)
    rules.check_may_act_for_requester(actor, request)
    now = timezone.now()
    check_exists_on(
        request.addressed_organisation, timezone.localdate(now), field="addressed_organisation"
    )
    _move(request, "submit", "submitted")
    standards = {s.urgency: s.respond_within for s in ResponseStandard.objects.all()}
    request.submitted_at = now
    request.due_at = rules.response_due(
        submitted_at=now, urgency=request.urgency, standards=standards
    )
    request.save()
    activity_record(
        kind=EntryKind.REQUEST,
        summary=f"{request.reference} from {request.requesting_organisation}: {request.summary}",
        occurs_at=now,
        marking=request.marking,
        source=request,
        link=request.get_absolute_url(),
        organisation=request.requesting_organisation,
        region=request.requesting_organisation.region,
        urgent=request.urgency != Urgency.ROUTINE,
        recorded_by=actor,
    )
    _tell_desk_of_arrival(request)
    _raise_alerts_for_request(request)
    return request


def _raise_alerts_for_request(request: TaskingRequest) -> None:
    names = list(request.subject_names)
    if request.target_id:
        names += [row.name for row in request.target.names.all()]
    exclude = [request.target_id] if request.target_id else []
    for match in find_matches(names, exclude_target_ids=exclude):
        if match.organisation_id == request.requesting_organisation_id:
            continue
        _alert(
            raised={"raised_by_request": request},
            raised_name=match.searched,
            raising_organisation_id=request.requesting_organisation_id,
            raising_marking=request.marking,
            raising_owners=lambda: [request.requester],
            raising_record=f"your request {request.reference}",
            match=match,
        )


@transaction.atomic
def request_withdraw(*, actor, request: TaskingRequest) -> TaskingRequest:
    """The requester may withdraw a request until it is decided."""
    request = _locked(actor, request)
    rules.check_may_act_for_requester(actor, request)
    _move(request, "withdraw", "withdrawn")
    request.save()
    return request


@transaction.atomic
def request_assess(*, actor, request: TaskingRequest) -> TaskingRequest:
    request = _locked(actor, request)
    rules.check_may_answer(actor, request)
    _move(request, "assess", "taken under assessment")
    request.save()
    _tell_requester(
        request,
        actor=actor,
        kind=NoticeKind.REQUEST_ASSESSED,
        text=lambda reader: f"The NCA is assessing your request {request.reference}.",
        subject=f"{request.reference} is being assessed",
    )
    return request


# What the requester is told of each outcome.
DECIDED_SAYS = {
    Outcome.LEAD: "the NCA leads",
    Outcome.SUPPORT: "the NCA supports",
    Outcome.COORDINATE: "the NCA coordinates",
    Outcome.DECLINE: "the NCA declines it",
}


@transaction.atomic
def request_decide(
    *,
    actor,
    request: TaskingRequest,
    outcome: str,
    rationale: str,
    tests: dict[str, bool],
    context: dict | None = None,
    evidence: dict[str, str] | None = None,
    notes: dict[str, str] | None = None,
    departure_reason: str = "",
    decision_maker=None,
    decided_at: datetime.datetime | None = None,
    priorities=None,
) -> TaskingRequest:
    """The NCA decides whether it leads, supports or coordinates, or declines (OP §14),
    and confirms the priorities the request serves (PCC Annex A): `priorities` replaces
    the requester's suggestion; None keeps it."""
    request = _locked(actor, request)
    rules.check_may_answer(actor, request)
    rules.check_outcome_fits_subject(outcome=outcome, request=request)
    if not can_proceed(request.accept):
        state = request.get_status_display().lower()
        raise ValidationError({"status": f"A request that is {state} cannot be decided."})
    operation = request.operation
    lead = None
    if outcome == Outcome.LEAD:
        lead = actor.organisation
    elif outcome != Outcome.DECLINE:
        lead = operation.lead_organisation if operation else request.requesting_organisation
    decision = _decision_record(
        actor=actor,
        request=request,
        operation=operation,
        outcome=outcome,
        lead_organisation=lead,
        rationale=rationale,
        tests=tests,
        context=context or {},
        evidence=evidence or {},
        notes=notes or {},
        departure_reason=departure_reason,
        decision_maker=decision_maker,
        decided_at=decided_at,
        marking=request.marking,
    )
    if priorities is not None:
        _set_priorities(request, priorities, day=timezone.localdate())
    if outcome == Outcome.DECLINE:
        request.decline()
        request.response_reason = rationale.strip()
        request.nca_role = ""
    else:
        request.accept()
        request.nca_role = outcome
    request.decided_at = decision.decided_at
    request.save()
    _tell_requester(
        request,
        actor=actor,
        kind=NoticeKind.REQUEST_DECIDED,
        text=lambda reader: (
            f"Your request {request.reference} is decided: {DECIDED_SAYS[outcome]}."
        ),
        subject=f"{request.reference} is decided",
    )
    return request


def _decision_record(
    *,
    actor,
    outcome,
    rationale,
    tests,
    context,
    evidence,
    notes,
    departure_reason,
    decision_maker,
    decided_at,
    marking,
    request=None,
    operation=None,
    lead_organisation=None,
) -> Decision:
    if outcome not in Outcome.values:
        raise ValidationError(
            {"decision": f"“{outcome}” is not lead, support, coordinate or decline."}
        )
    if not (rationale or "").strip():
        raise ValidationError({"rationale": "Record the rationale for the decision."})
    missing = [name for name in CommitmentTest.values if name not in tests]
    if missing:
        message = "Answer each of the NCA's commitment tests (OP §5); missing: "
        raise ValidationError({"tests": message + ", ".join(missing) + "."})
    decision_maker = decision_maker or actor
    if not (decision_maker.organisation.is_nca and has_role(decision_maker, *rules.NCA_DECIDERS)):
        raise ValidationError(
            {"decision_maker": "The decision-maker is an NCA officer who decides on tasking."}
        )
    decided_at = decided_at or timezone.now()
    if decided_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"decided_at": "A decision cannot be made in the future."})
    suggestion = rules.suggest_outcome(tests=tests, context=context)
    rules.check_departure_explained(
        outcome=outcome, suggested=suggestion.outcome, departure_reason=departure_reason
    )
    # The log is numbered per operation where there is one, else per request; the lock
    # on the subject serialises concurrent decisions.
    if operation is not None:
        Operation.objects.select_for_update().filter(pk=operation.pk).exists()
        previous = Decision.objects.filter(operation=operation)
    else:
        previous = Decision.objects.filter(request=request, operation__isnull=True)
    last = previous.order_by("-sequence").first()
    decision = Decision.objects.create(
        request=request,
        operation=operation,
        sequence=last.sequence + 1 if last else 1,
        outcome=outcome,
        lead_organisation=lead_organisation,
        **{name: bool(tests[name]) for name in CommitmentTest.values},
        **{f"{name}_evidence": evidence.get(name, "") for name in CommitmentTest.values},
        **{key: bool(context.get(key)) for key in CONTEXT_FLAGS},
        partner_statutory_duties=context.get("partner_statutory_duties", ""),
        **{key: notes.get(key, "") for key in DECISION_NOTES},
        suggested_outcome=suggestion.outcome,
        suggestion_reasons=suggestion.reasons,
        departure_reason=departure_reason.strip() if outcome != suggestion.outcome else "",
        rationale=rationale.strip(),
        decision_maker=decision_maker,
        decided_at=decided_at,
        recorded_by=actor,
        supersedes=last,
        marking=marking,
    )
    if operation is not None and outcome != Outcome.DECLINE:
        operation.nca_role = outcome
        previous_lead = operation.lead_organisation
        if lead_organisation is not None and lead_organisation != previous_lead:
            operation.lead_organisation = lead_organisation
            # The lead moves on; the former lead stays with the operation in support
            # (OP §18: "continuing intelligence and enforcement support from forces").
            if not previous_lead.is_nca:
                operation.supporting_organisations.add(previous_lead)
        operation.save(update_fields=["nca_role", "lead_organisation"])
    subject = operation or request
    activity_record(
        kind=EntryKind.DECISION,
        summary=f"{decision.get_outcome_display()}: {subject}",
        detail=decision.rationale,
        occurs_at=decided_at,
        marking=marking,
        source=decision,
        link=subject.get_absolute_url(),
        organisation=lead_organisation or (request.requesting_organisation if request else None),
        recorded_by=actor,
    )
    return decision


CONTEXT_FLAGS = ("highest_risk", "several_jurisdictions", "international", "high_sophistication")
DECISION_NOTES = (
    "risk", "response", "results", "ndm_information", "ndm_assessment",
    "ndm_powers_and_policy", "ndm_options", "ndm_action_and_review",
)  # fmt: skip


@transaction.atomic
def operation_decide(
    *,
    actor,
    operation: Operation,
    outcome: str,
    lead_organisation,
    rationale: str,
    tests: dict[str, bool],
    context: dict | None = None,
    evidence: dict | None = None,
    notes: dict | None = None,
    departure_reason: str = "",
    decision_maker=None,
    decided_at=None,
) -> Decision:
    """A new entry in an operation's decision log: the NCA's role can change over the
    life of an operation, and so can who leads it (OP §18)."""
    require_role(actor, *rules.NCA_DECIDERS, doing="record the NCA's role in an operation")
    if not actor.organisation.is_nca:
        raise PermissionDenied("Only the NCA records its role in an operation.")
    operation = Operation.objects.restrict(actor).select_for_update().get(pk=operation.pk)
    rules.check_outcome_fits_subject(outcome=outcome, operation=operation)
    if outcome == Outcome.LEAD and not lead_organisation.is_nca:
        raise ValidationError({"lead_organisation": "When the NCA leads, the lead is the NCA."})
    if outcome != Outcome.LEAD and lead_organisation.is_nca:
        raise ValidationError(
            {"lead_organisation": "When the NCA supports or coordinates, a partner leads."}
        )
    return _decision_record(
        actor=actor,
        operation=operation,
        outcome=outcome,
        lead_organisation=lead_organisation,
        rationale=rationale,
        tests=tests,
        context=context or {},
        evidence=evidence or {},
        notes=notes or {},
        departure_reason=departure_reason,
        decision_maker=decision_maker,
        decided_at=decided_at,
        marking=operation.marking,
    )


@transaction.atomic
def request_respond(
    *, actor, request: TaskingRequest, accept: bool, reason: str = ""
) -> TaskingRequest:
    """A partner answers an NCA request: voluntary, based on shared priorities (OP §9)."""
    request = _locked(actor, request)
    rules.check_may_answer(actor, request)
    if request.direction != RequestDirection.FROM_NCA:
        raise ValidationError({"decision": "A request to the NCA is decided by the NCA."})
    if not accept and not reason.strip():
        raise ValidationError({"reason": "Say why the request is declined."})
    _move(request, "accept" if accept else "decline", "answered")
    request.response_reason = reason.strip()
    request.nca_role = NcaRole.LEAD if accept else ""
    request.decided_at = timezone.now()
    request.save()
    answer = "accepted" if accept else "declined"
    _tell_requester(
        request,
        actor=actor,
        kind=NoticeKind.REQUEST_ANSWERED,
        text=lambda reader: (
            f"{_shown(reader, actor.organisation)} {answer} your request {request.reference}."
        ),
        subject=f"{request.reference} is {answer}",
    )
    return request


@transaction.atomic
def request_start(*, actor, request: TaskingRequest) -> TaskingRequest:
    request = _locked(actor, request)
    rules.check_may_answer(actor, request)
    _move(request, "start", "started")
    request.save()
    return request


@transaction.atomic
def request_complete(*, actor, request: TaskingRequest) -> TaskingRequest:
    request = _locked(actor, request)
    rules.check_may_answer(actor, request)
    _move(request, "complete", "completed")
    request.completed_at = timezone.now()
    request.save()
    return request


# --- charges ---------------------------------------------------------------------------
# A service to a partner is free unless, by exception, a charge is agreed (PCC §7, §21;
# OP §10): the tasking desk proposes it with its reason, a director approves it, the
# partner's chief officer agrees it, and the PCC office of the force is told.


def _locked_charge(request: TaskingRequest) -> ChargeAgreement:
    agreement = (
        ChargeAgreement.objects.select_for_update(of=("self",))
        .select_related("request")
        .filter(request=request)
        .first()
    )
    if agreement is None:
        raise ValidationError({"charge": "No charge has been proposed: the service is free."})
    return agreement


@transaction.atomic
def charge_propose(
    *, actor, request: TaskingRequest, terms: str, exception_reason: str
) -> ChargeAgreement:
    """The tasking desk proposes a charge, saying why it is an exception; it goes to
    the NCA's directors for approval, not yet to the partner."""
    request = _locked(actor, request)
    rules.check_may_propose_charge(actor, request)
    if request.status not in (
        *UNDECIDED_STATUSES,
        RequestStatus.ACCEPTED,
        RequestStatus.IN_PROGRESS,
    ):
        raise ValidationError({"terms": "A charge is agreed before the work is finished."})
    if not (terms or "").strip():
        raise ValidationError({"terms": "Set out the charge and what it covers."})
    rules.check_charge_is_an_exception(exception_reason)
    if ChargeAgreement.objects.filter(request=request).exists():
        raise ValidationError({"terms": "A charge has already been proposed for this request."})
    agreement = ChargeAgreement.objects.create(
        request=request,
        terms=terms.strip(),
        exception_reason=exception_reason.strip(),
        proposed_by=actor,
    )
    approvers = [
        person
        for person in User.objects.filter(
            is_active=True,
            organisation__kind__in=NCA_KINDS,
            roles__overlap=list(rules.CHARGE_APPROVERS),
        ).exclude(pk=actor.pk)
        if request.marking in markings_visible_to(person)
    ]
    notify(
        approvers,
        kind=NoticeKind.CHARGE_TO_APPROVE,
        text=f"A charge on {request.reference} waits for a director's approval.",
        link=request.get_absolute_url(),
        marking=request.marking,
        subject=f"A charge on {request.reference} waits for approval",
    )
    return agreement


@transaction.atomic
def charge_approve(*, actor, request: TaskingRequest) -> ChargeAgreement:
    """A director or above approves the charge: only now is it proposed to the
    partner, whose chief officer (or their delegate) agrees it."""
    request = _locked(actor, request)
    agreement = _locked_charge(request)
    rules.check_may_approve_charge(actor, agreement)
    agreement.approved_by = actor
    agreement.approved_at = timezone.now()
    agreement.save(update_fields=["approved_by", "approved_at"])
    agreers = User.objects.filter(
        is_active=True,
        organisation=request.requesting_organisation_id,
        roles__overlap=list(rules.CHARGE_AGREERS),
    )
    readers = [
        person
        for person in {*agreers, request.requester}
        if request.marking in markings_visible_to(person)
    ]
    _tell(
        readers,
        kind=NoticeKind.REQUEST_CHARGED,
        text=lambda reader: (
            f"{_shown(reader, actor.organisation)} proposes a charge on your request "
            f"{request.reference}: it is charged only if your chief officer agrees."
        ),
        link=request.get_absolute_url(),
        marking=request.marking,
        subject=f"A charge is proposed on {request.reference}",
    )
    return agreement


@transaction.atomic
def charge_accept(*, actor, request: TaskingRequest) -> ChargeAgreement:
    """The partner's chief officer, or their delegate, agrees the approved charge; the
    PCC office of each force it touches is told, at OFFICIAL (PCC §15, §21)."""
    request = _locked(actor, request)
    agreement = _locked_charge(request)
    rules.check_may_agree_charge(actor, agreement)
    agreement.accepted_by = actor
    agreement.accepted_at = timezone.now()
    agreement.save(update_fields=["accepted_by", "accepted_at"])
    _tell_requester(
        request,
        actor=actor,
        kind=NoticeKind.REQUEST_CHARGED,
        text=lambda reader: f"The charge on your request {request.reference} is agreed.",
        subject=f"The charge on {request.reference} is agreed",
    )
    bodies = GoverningBodyTerm.objects.on(timezone.localdate()).filter(
        force__in=[force.pk for force in rules.charge_forces(request.requesting_organisation)]
    )
    pcc_offices = User.objects.filter(
        is_active=True,
        organisation__in=bodies.values("governing_body_id"),
        roles__contains=[Role.PCC_OFFICE],
    )
    notify(
        pcc_offices,
        kind=NoticeKind.CHARGE_AGREED,
        text=(
            f"The NCA and {request.requesting_organisation.name} agreed a charge for a "
            "service, by exception."
        ),
        link=reverse("tasking:charges"),
        marking=Marking.OFFICIAL,
        subject="A charge is agreed with a force you govern",
    )
    return agreement


# --- telling people --------------------------------------------------------------------
# Each change above tells the people it concerns through the notification centre, in its
# own transaction: the message exists exactly when the change does. A message names a
# request by its reference and an organisation only as the reader's directory shows it;
# it never carries a record's details (summary, names, terms), and it carries the
# record's marking, so the centre shows even that much only to a reader cleared for it.


def _shown(reader, organisation) -> str:
    """An organisation's name, if the reader's directory shows it to them."""
    if Organisation.objects.restrict(reader).filter(pk=organisation.pk).exists():
        return organisation.name
    return "Another organisation"


def _tell(readers, *, text, **message) -> None:
    """Tell each reader, in the words `text(reader)` chooses for them."""
    by_text: dict[str, list] = {}
    for reader in readers:
        by_text.setdefault(text(reader), []).append(reader)
    for words, group in by_text.items():
        notify(group, text=words, **message)


def _tell_requester(request: TaskingRequest, *, actor, kind: str, text, subject: str) -> None:
    """The person who made a request, and only them, hears what became of it; never of
    their own move."""
    if request.requester_id == actor.pk:
        return
    _tell(
        [request.requester],
        kind=kind,
        text=text,
        link=request.get_absolute_url(),
        marking=request.marking,
        subject=subject,
    )


def _tell_desk_of_arrival(request: TaskingRequest) -> None:
    """A request to the NCA reaches its tasking desk: the active NCA officers who decide
    on requests (rules.NCA_DECIDERS), those cleared to open it; an urgent or immediate
    one as a kind of its own, which the centre e-mails at once."""
    if request.direction != RequestDirection.TO_NCA:
        return
    desk = [
        person
        for person in User.objects.filter(
            is_active=True,
            organisation__kind__in=NCA_KINDS,
            roles__overlap=list(rules.NCA_DECIDERS),
        )
        if request.marking in markings_visible_to(person)
    ]
    urgent = request.urgency != Urgency.ROUTINE
    urgency = Urgency(request.urgency).label.lower()
    _tell(
        desk,
        kind=NoticeKind.REQUEST_ARRIVED_URGENT if urgent else NoticeKind.REQUEST_ARRIVED,
        text=lambda reader: (
            f"{'An' if urgent else 'A'} {urgency} request, {request.reference}, arrived from "
            f"{_shown(reader, request.requesting_organisation)}."
        ),
        link=request.get_absolute_url(),
        marking=request.marking,
        subject=f"{request.reference} arrived" + (f" ({urgency})" if urgent else ""),
    )


def _record_owners(person, organisation_id: int) -> list:
    """Who answers for a record: the person who made it, while they are active in the
    organisation it belongs to; otherwise (they left, or the NCA recorded it for a
    partner) that organisation's active officers who may write its records."""
    if person.is_active and person.organisation_id == organisation_id:
        return [person]
    return list(
        User.objects.filter(
            organisation=organisation_id, is_active=True, roles__overlap=list(TARGET_WRITERS)
        )
    )


def _tell_owners_of_overlap(alert, *, raising_owners, raising_record: str, match) -> None:
    """Both owners of a possible overlap hear of it once, when it is raised, each about
    their own record and only by the other side's organisation, never the other record
    (as the alert's page and API show it). Whom to contact is on the alert."""
    if match.target_id:
        target = Target.objects.select_related("created_by").get(pk=match.target_id)
        matched_owners = _record_owners(target.created_by, target.responsible_organisation_id)
        matched_record = "your target"
    else:
        operation = Operation.objects.select_related("target__created_by").get(
            pk=match.operation_id
        )
        matched_owners = _record_owners(operation.target.created_by, operation.lead_organisation_id)
        matched_record = "your operation"
    organisations = Organisation.objects.in_bulk(
        [alert.raising_organisation_id, alert.matched_organisation_id]
    )
    sides = (
        (raising_owners, raising_record, organisations[alert.matched_organisation_id]),
        (matched_owners, matched_record, organisations[alert.raising_organisation_id]),
    )
    for owners, record, other in sides:
        _tell(
            owners,
            kind=NoticeKind.DECONFLICTION_OVERLAP,
            text=lambda reader, record=record, other=other: (
                f"Possible overlap: {record} may overlap with a record held by "
                f"{_shown(reader, other)}. The alert says whom to contact."
            ),
            link=alert.get_absolute_url(),
            marking=alert.marking,
            subject="A possible overlap with another organisation",
        )
