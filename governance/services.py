"""Every write of the governance cycle: `<entity>_<action>(*, actor, ...)`, atomic, with
its side effects (signals, e-mail) only after the transaction commits.

The cycle's own jobs (planning, reminders, overdue actions, product reviews, the
morning DBM pack) are here too; Celery beat runs them through `governance/tasks.py`, and
each is safe to run twice, or twice at once.
"""

import datetime
import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from activity.choices import EntryKind
from activity.services import activity_record
from activity.signals import strategic_product_endorsed
from directory.access import has_role, require_role
from directory.choices import Marking, Role
from directory.history import marking_change
from directory.models import User
from notifications.choices import Kind
from notifications.services import notify

from . import documents, rules, selectors
from .choices import (
    LOGGABLE_ENTRY_KINDS,
    ActionStatus,
    AgendaItemKind,
    AgendaItemStatus,
    AttendanceStatus,
    CadenceUnit,
    DecisionOutcome,
    GroupCode,
    MeetingStatus,
    MinutesStatus,
    PackKind,
    VersionStatus,
)
from .models import (
    Action,
    ActionReminder,
    AgendaItem,
    Attendance,
    Cadence,
    CalendarToken,
    DbmPack,
    Decision,
    GovernanceGroup,
    Meeting,
    Membership,
    Minutes,
    MinutesRevision,
    Paper,
    ProductVersion,
    Submission,
    administers,
)
from .storage import UPLOAD_MAX_BYTES, content_matches

# One key for the planner's transaction-scoped advisory lock: two planners (two beat
# processes, or beat and the command) run one after the other, never interleaved.
PLANNING_LOCK = 0x6F7665726E  # "overn"
PLANNING_HORIZON_DAYS = 400
REMINDER_LEAD_DAYS = 3
PRODUCT_REVIEW_LEAD_DAYS = 30
PAPER_EXTENSIONS = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".txt": "text/plain",
    ".csv": "text/csv",
}
PAPER_MAX_BYTES = UPLOAD_MAX_BYTES


def planning_horizon(today: datetime.date) -> datetime.date:
    days = getattr(settings, "GOVERNANCE_PLANNING_HORIZON_DAYS", PLANNING_HORIZON_DAYS)
    return today + datetime.timedelta(days=days)


def _now(now):
    return now or timezone.now()


def _required(value: str, field: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: f"Enter {what}."})
    return value


def _require_secretariat(actor, doing: str) -> None:
    require_role(actor, Role.SECRETARIAT, doing=doing)


def _require_secretariat_or_chair(actor, meeting, doing: str) -> None:
    if not (administers(actor) or rules.is_chair(actor, meeting)):
        raise PermissionDenied(
            f"Only the governance secretariat or the meeting's chair may {doing}."
        )


def _mark_held(meeting: Meeting) -> None:
    """A meeting at which something was recorded took place."""
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])


def _notify(person, *, kind: str, text: str, link: str, subject: str) -> None:
    """A message in the portal and by e-mail, through the notification centre. `text`
    must already be free of detail marked above OFFICIAL (rules.safe_summary)."""
    notify([person], kind=kind, text=text[:300], link=link, subject=subject)


# --- Planning -----------------------------------------------------------------------------


@transaction.atomic
def meetings_plan(*, until: datetime.date, today: datetime.date | None = None, groups=None) -> int:
    """Create every group's meetings from its cadence, from `today` to `until` (both
    included), and say how many were new. One meeting per group per slot: the planner
    skips the slots it finds, and the unique constraint on (group, starts_at) with
    ON CONFLICT DO NOTHING makes a concurrent insert harmless; the advisory lock makes
    two planners take turns, so the count is exact."""
    today = today or timezone.localdate()
    if until < today:
        raise ValidationError({"until": f"Plan up to a day from {today:%-d %B %Y} on."})
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PLANNING_LOCK])
    cadences = Cadence.objects.select_related("group")
    if groups is not None:
        cadences = cadences.filter(group__in=groups)
    wanted = []
    for cadence in cadences:
        for starts_at in rules.meeting_slots(cadence, start=today, end=until):
            wanted.append(
                Meeting(
                    group=cadence.group,
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(minutes=cadence.duration_minutes),
                    location=cadence.location,
                    planned=True,
                )
            )
    if not wanted:
        return 0
    existing = set(
        Meeting.objects.filter(
            group__in={meeting.group_id for meeting in wanted},
            starts_at__gte=min(meeting.starts_at for meeting in wanted),
            starts_at__lte=max(meeting.starts_at for meeting in wanted),
        ).values_list("group_id", "starts_at")
    )
    new = [meeting for meeting in wanted if (meeting.group_id, meeting.starts_at) not in existing]
    Meeting.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    return len(new)


def next_meeting(group: GovernanceGroup, *, after: datetime.datetime) -> Meeting:
    """The group's next scheduled meeting after `after`, planning it if the cycle has
    not reached it yet."""
    upcoming = group.meetings.filter(status=MeetingStatus.SCHEDULED, starts_at__gt=after)
    meeting = upcoming.order_by("starts_at").first()
    if meeting is None:
        start = timezone.localdate(after)
        meetings_plan(until=planning_horizon(start), today=start, groups=[group])
        meeting = upcoming.order_by("starts_at").first()
    if meeting is None:
        raise ValidationError({"group": f"The {group.short_name} has no meeting planned."})
    return meeting


def _next_position(meeting: Meeting) -> int:
    top = meeting.agenda_items.aggregate(top=Max("position"))["top"]
    return 1 if top is None else top + 1


def _put_on_next_agenda(group, *, after, **identity_and_values) -> tuple[AgendaItem, bool]:
    """Put an item on the group's next agenda once: the identity (a submission, a
    product version and kind, an action) is unique per meeting."""
    meeting = next_meeting(group, after=after)
    identity = {
        key: identity_and_values.pop(key)
        for key in ("submission", "product_version", "action")
        if key in identity_and_values
    }
    if "product_version" in identity:
        identity["kind"] = identity_and_values.pop("kind")
    values = {**identity_and_values, "position": _next_position(meeting)}
    values["title"] = values["title"][:200]
    return AgendaItem.objects.get_or_create(meeting=meeting, **identity, defaults=values)


@transaction.atomic
def cadence_update(
    *,
    actor,
    cadence: Cadence,
    unit: str,
    interval: int,
    anchor: datetime.date,
    time_of_day: datetime.time,
    duration_minutes: int,
    working_days_only: bool,
    location: str = "",
    now: datetime.datetime | None = None,
) -> Cadence:
    """Change a cadence the documents leave to the secretariat. Scheduled meetings off
    the new slots are cancelled, their open items move to the next meeting, and the
    new slots are planned."""
    now = _now(now)
    _require_secretariat(actor, doing="change a group's cadence")
    rules.check_cadence_is_a_setting(cadence)
    if unit not in CadenceUnit.values:
        raise ValidationError({"unit": f"“{unit}” is not a unit: use day, week or month."})
    if not 1 <= int(interval) <= 24:
        raise ValidationError({"interval": "The interval is between 1 and 24."})
    if not 15 <= int(duration_minutes) <= 480:
        raise ValidationError(
            {"duration_minutes": "A meeting lasts between 15 minutes and 8 hours."}
        )
    cadence.unit, cadence.interval, cadence.anchor = unit, int(interval), anchor
    cadence.time_of_day, cadence.duration_minutes = time_of_day, int(duration_minutes)
    cadence.working_days_only, cadence.location = working_days_only, location.strip()
    cadence.save()

    today = timezone.localdate(now)
    slots = set(rules.meeting_slots(cadence, start=today, end=planning_horizon(today)))
    stale = [
        meeting
        for meeting in cadence.group.meetings.filter(
            status=MeetingStatus.SCHEDULED, planned=True, starts_at__gt=now
        )
        if meeting.starts_at not in slots
    ]
    for meeting in stale:
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancelled_reason = "The group's cadence changed."
        meeting.save(update_fields=["status", "cancelled_reason"])
    meetings_plan(until=planning_horizon(today), today=today, groups=[cadence.group])
    for meeting in stale:
        _move_open_items(meeting, after=now)
    return cadence


def _move_open_items(meeting: Meeting, *, after) -> int:
    """Move a cancelled meeting's items not yet taken to the group's next meeting after
    `after` (an item that meeting already has stays where it was)."""
    items = list(meeting.agenda_items.filter(status=AgendaItemStatus.OPEN))
    if not items:
        return 0
    target = next_meeting(meeting.group, after=after)
    moved = 0
    for item in items:
        identity = {}
        if item.submission_id:
            identity = {"submission": item.submission_id}
        elif item.product_version_id:
            identity = {"product_version": item.product_version_id, "kind": item.kind}
        elif item.action_id:
            identity = {"action": item.action_id}
        if identity and target.agenda_items.filter(**identity).exists():
            continue
        item.meeting, item.position = target, _next_position(target)
        item.save(update_fields=["meeting", "position"])
        moved += 1
    return moved


# --- Members and chairs -------------------------------------------------------------------


@transaction.atomic
def membership_add(*, actor, group: GovernanceGroup, person) -> Membership:
    _require_secretariat(actor, doing="change a group's members")
    if not person.is_active:
        raise ValidationError({"person": f"{person} no longer has an active account."})
    membership, created = Membership.objects.get_or_create(group=group, person=person)
    if not created:
        raise ValidationError(
            {"person": f"{person} is already a member of the {group.short_name}."}
        )
    return membership


@transaction.atomic
def membership_remove(*, actor, group: GovernanceGroup, person) -> None:
    _require_secretariat(actor, doing="change a group's members")
    deleted, _ = Membership.objects.filter(group=group, person=person).delete()
    if not deleted:
        raise ValidationError({"person": f"{person} is not a member of the {group.short_name}."})


@transaction.atomic
def group_set_chair(*, actor, group: GovernanceGroup, chair) -> GovernanceGroup:
    """Name the person who chairs a group. Where the documents give the chair a portal
    role (the DG chairs the NSTCG, the DDG the NTTCG: OP Annex C ¶1-2), the person holds
    it."""
    _require_secretariat(actor, doing="name a group's chair")
    if chair is not None:
        if not chair.is_active:
            raise ValidationError({"chair": f"{chair} no longer has an active account."})
        role = group.chair_portal_role
        if role and role not in chair.roles:
            raise ValidationError(
                {
                    "chair": (
                        f"The {group.short_name} is chaired by the {group.chair_role} "
                        f"({group.source}); {chair} is not the {Role(role).label}."
                    )
                }
            )
    group.chair = chair
    group.save(update_fields=["chair"])
    return group


# --- Meetings: agenda, papers, attendance, cancellation -----------------------------------


@transaction.atomic
def agenda_item_add(
    *, actor, meeting: Meeting, title: str, description: str = "", marking: str = Marking.OFFICIAL
) -> AgendaItem:
    _require_secretariat(actor, doing="add to a meeting's agenda")
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"title": "This meeting was cancelled: nothing can be added to it."})
    title = _required(title, "title", "the item's title")
    rules.check_marking_within_clearance(actor, marking)
    return AgendaItem.objects.create(
        meeting=meeting,
        position=_next_position(meeting),
        title=title[:200],
        description=description.strip(),
        marking=marking,
        added_by=actor,
    )


def _check_upload(upload) -> str:
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in PAPER_EXTENSIONS:
        allowed = ", ".join(sorted(PAPER_EXTENSIONS))
        raise ValidationError({"file": f"Upload a file of one of these types: {allowed}."})
    if upload.size > PAPER_MAX_BYTES:
        raise ValidationError({"file": "The file must be smaller than 20 MB."})
    if upload.size == 0:
        raise ValidationError({"file": "The file is empty."})
    if not content_matches(upload, suffix):
        raise ValidationError(
            {"file": f"The file's content is not a {suffix} file: upload the document itself."}
        )
    return PAPER_EXTENSIONS[suffix]


@transaction.atomic
def paper_add(
    *,
    actor,
    title: str,
    marking: str,
    agenda_item: AgendaItem | None = None,
    product_version: ProductVersion | None = None,
    upload=None,
    link: str = "",
) -> Paper:
    """Attach a paper: an uploaded file (kept in storage, served only through an access
    check) or a link to where the paper is kept. A paper is marked, at no more than the
    uploader's clearance."""
    _require_secretariat(actor, doing="attach papers")
    title = _required(title, "title", "the paper's title")
    rules.check_marking_within_clearance(actor, marking)
    link = (link or "").strip()
    if bool(upload) == bool(link):
        raise ValidationError({"file": "Choose a file to upload, or give a link, but not both."})
    if link and not link.startswith("https://"):
        raise ValidationError({"link": "Give a link that starts with https://."})
    paper = Paper(
        agenda_item=agenda_item,
        product_version=product_version,
        title=title[:200],
        link=link,
        marking=marking,
        added_by=actor,
    )
    if upload:
        paper.content_type = _check_upload(upload)
        paper.original_name = PurePath(upload.name).name[:200]
        # A random name: the uploader's file name is kept only as data.
        stored_name = f"{secrets.token_hex(16)}{PurePath(upload.name).suffix.lower()}"
        paper.file.save(stored_name, upload, save=False)
    paper.save()
    return paper


@transaction.atomic
def attendance_record(
    *, actor, meeting: Meeting, present, apologies=(), now: datetime.datetime | None = None
) -> list[Attendance]:
    """Who came: each member (and the chair) present, with apologies, or absent."""
    _require_secretariat(actor, doing="record attendance")
    rules.check_meeting_takes_records(meeting, now=_now(now), doing="record attendance")
    expected = {
        membership.person_id: membership.person
        for membership in meeting.group.memberships.select_related("person")
    }
    for chair in (meeting.chair, meeting.group.chair):
        if chair is not None:
            expected[chair.pk] = chair
    present_ids = {person.pk for person in present}
    apology_ids = {person.pk for person in apologies}
    for field, ids in (("present", present_ids), ("apologies", apology_ids)):
        strangers = ids - set(expected)
        if strangers:
            names = ", ".join(str(p) for p in User.objects.filter(pk__in=strangers))
            raise ValidationError(
                {field: f"Not a member of the {meeting.group.short_name}: {names}."}
            )
    if not present_ids:
        raise ValidationError({"present": "Tick the people who were present."})
    both = present_ids & apology_ids
    if both:
        raise ValidationError(
            {"apologies": "Someone cannot be both present and sending apologies."}
        )
    records = []
    for person_id in expected:
        status = (
            AttendanceStatus.PRESENT
            if person_id in present_ids
            else AttendanceStatus.APOLOGIES
            if person_id in apology_ids
            else AttendanceStatus.ABSENT
        )
        record, _ = Attendance.objects.update_or_create(
            meeting=meeting, person_id=person_id, defaults={"status": status}
        )
        records.append(record)
    _mark_held(meeting)
    return records


@transaction.atomic
def meeting_cancel(
    *, actor, meeting: Meeting, reason: str, now: datetime.datetime | None = None
) -> Meeting:
    """Cancel a meeting that has not started; what was on its agenda moves to the next."""
    now = _now(now)
    _require_secretariat(actor, doing="cancel meetings")
    rules.check_meeting_can_be_cancelled(meeting, now=now)
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_reason = _required(reason, "reason", "why the meeting is cancelled")
    meeting.save(update_fields=["status", "cancelled_reason"])
    _move_open_items(meeting, after=meeting.starts_at)
    return meeting


# --- Minutes ------------------------------------------------------------------------------


@transaction.atomic
def minutes_save(
    *,
    actor,
    meeting: Meeting,
    text: str,
    marking: str,
    marking_reason: str = "",
    now: datetime.datetime | None = None,
) -> Minutes:
    """The secretariat drafts the minutes; attendees amend them while circulated; once
    approved, nothing changes them (the database refuses too). Only the group's host
    organisation lowers their marking, with a reason (issue 9 §2)."""
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    rules.check_may_draft_minutes(actor, minutes)
    rules.check_meeting_takes_records(meeting, now=_now(now), doing="minute it")
    text = _required(text, "text", "the minutes")
    rules.check_marking_within_clearance(actor, marking)
    if minutes is None:
        minutes = Minutes.objects.create(meeting=meeting, text=text, marking=marking)
        note = "Drafted"
    else:
        if marking != minutes.marking and not has_role(actor, Role.SECRETARIAT):
            raise ValidationError({"marking": "Only the secretariat changes the minutes' marking."})
        with marking_change(
            actor=actor,
            record_organisation=meeting.group.host_organisation,
            old=minutes.marking,
            new=marking,
            reason=marking_reason,
        ):
            minutes.text, minutes.marking = text, marking
            minutes.save(update_fields=["text", "marking", "updated_at"])
        note = "Amended" if minutes.status == MinutesStatus.CIRCULATED else "Redrafted"
    MinutesRevision.objects.create(
        minutes=minutes, text=text, marking=marking, author=actor, note=note
    )
    _mark_held(meeting)
    return minutes


@transaction.atomic
def minutes_circulate(*, actor, meeting: Meeting) -> Minutes:
    """Send the draft to the attendees (and the chair) for their amendments."""
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    rules.check_may_circulate_minutes(actor, minutes)
    minutes.status = MinutesStatus.CIRCULATED
    minutes.save(update_fields=["status", "updated_at"])
    readers = {
        attendance.person
        for attendance in meeting.attendances.filter(
            status=AttendanceStatus.PRESENT
        ).select_related("person")
    }
    for chair in (meeting.chair, meeting.group.chair):
        if chair is not None:
            readers.add(chair)
    for person in readers:
        _notify(
            person,
            kind=Kind.MINUTES_CIRCULATED,
            text=f"The draft minutes of the {meeting} are ready for your amendments.",
            link=meeting.get_absolute_url(),
            subject="minutes to review",
        )
    return minutes


@transaction.atomic
def minutes_approve(*, actor, meeting: Meeting, now: datetime.datetime | None = None) -> Minutes:
    """The chair approves the minutes; from then on they are frozen."""
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    rules.check_may_approve_minutes(actor, meeting, minutes)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_by, minutes.approved_at = actor, _now(now)
    minutes.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return minutes


# --- Decisions, actions and what flows between groups -------------------------------------


def _feed_entry(group, *, summary, marking, occurs_at, source, link, actor) -> None:
    activity_record(
        kind=EntryKind.GOVERNANCE,
        summary=summary,
        occurs_at=occurs_at,
        marking=marking,
        source=source,
        link=link,
        organisation=group.host_organisation,
        region=group.region,
        recorded_by=actor,
    )


@transaction.atomic
def decision_record(
    *,
    actor,
    meeting: Meeting,
    text: str,
    marking: str = Marking.OFFICIAL,
    agenda_item: AgendaItem | None = None,
    outcome: str = "",
    now: datetime.datetime | None = None,
) -> Decision:
    """Record a decision taken at the meeting. A decision on another group's
    recommendation says whether it is approved (OP Annex C ¶2)."""
    now = _now(now)
    _require_secretariat_or_chair(actor, meeting, doing="record decisions")
    rules.check_meeting_takes_records(meeting, now=now, doing="record its decisions")
    text = _required(text, "text", "the decision")
    rules.check_marking_within_clearance(actor, marking)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "Choose an item on this meeting's agenda."})
    submission = agenda_item.submission if agenda_item is not None else None
    if outcome and outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": f"“{outcome}” is not an outcome."})
    if outcome and submission is None:
        raise ValidationError(
            {
                "outcome": (
                    "Only a decision on another group's recommendation or report has an outcome."
                )
            }
        )
    if submission is not None and submission.kind == "recommendation" and not outcome:
        raise ValidationError(
            {"outcome": "Say whether the recommendation is approved (OP Annex C ¶2)."}
        )
    decision = Decision.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        text=text,
        outcome=outcome,
        marking=marking,
        recorded_by=actor,
    )
    if agenda_item is not None and agenda_item.status != AgendaItemStatus.TAKEN:
        agenda_item.status = AgendaItemStatus.TAKEN
        agenda_item.save(update_fields=["status"])
    if submission is not None and outcome:
        submission.status = outcome
        submission.save(update_fields=["status"])
    _feed_entry(
        meeting.group,
        summary=f"{meeting.group.short_name} decided: {text}",
        marking=marking,
        occurs_at=min(now, meeting.ends_at),
        source=decision,
        link=meeting.get_absolute_url(),
        actor=actor,
    )
    _mark_held(meeting)
    return decision


@transaction.atomic
def submission_record(
    *,
    actor,
    meeting: Meeting,
    kind: str,
    title: str,
    detail: str = "",
    priority: int | None = None,
    marking: str = Marking.OFFICIAL,
    now: datetime.datetime | None = None,
) -> Submission:
    """Record what a group sends on: NTIG's prioritised recommendations to the NTTCG, an
    RTIG's to its RTTCG, a DMM's report to the DBM, NSIG's work to the NSTCG, an SGG's
    activity to the NTTCG (OP Annex C ¶1-3). It goes onto each receiving group's next
    agenda at once."""
    now = _now(now)
    _require_secretariat(actor, doing="record what a group sends to another")
    rules.check_meeting_takes_records(meeting, now=now, doing="record what it sends on")
    feeds = list(meeting.group.feeds_out.select_related("target"))
    rules.check_group_sends(meeting.group, kind, feeds)
    title = _required(title, "title", "a title")
    rules.check_marking_within_clearance(actor, marking)
    if priority is not None and priority < 1:
        raise ValidationError({"priority": "Priorities start at 1."})
    submission = Submission.objects.create(
        meeting=meeting,
        kind=kind,
        title=title[:200],
        detail=detail.strip(),
        priority=priority,
        marking=marking,
        recorded_by=actor,
    )
    prefix = f"{meeting.group.short_name}"
    if priority is not None:
        prefix += f" priority {priority}"
    for feed in feeds:
        if feed.kind == kind:
            _put_on_next_agenda(
                feed.target,
                after=now,
                submission=submission,
                kind=AgendaItemKind(kind),
                title=f"{prefix}: {title}",
                description=detail.strip(),
                marking=marking,
            )
    _mark_held(meeting)
    return submission


def _action_options(actor, meeting, owner, due_on, marking, description) -> None:
    _required(description, "description", "what is to be done")
    if owner is None:
        raise ValidationError({"owner": "Choose who owns the action."})
    if not User.objects.restrict(actor, "view").filter(pk=owner.pk).exists():
        raise ValidationError({"owner": "Choose someone you can find in the portal."})
    if due_on is None:
        raise ValidationError({"due_on": "Enter the date the action is due."})
    rules.check_due_date(due_on, meeting)
    rules.check_marking_within_clearance(actor, marking)
    rules.check_owner_may_see(owner, marking)


@transaction.atomic
def action_create(
    *,
    actor,
    meeting: Meeting,
    description: str,
    owner,
    due_on: datetime.date | None,
    marking: str = Marking.OFFICIAL,
    decision: Decision | None = None,
    now: datetime.datetime | None = None,
) -> Action:
    """Record an action from a meeting: one owner, a due date, open until done."""
    now = _now(now)
    _require_secretariat_or_chair(actor, meeting, doing="record actions")
    rules.check_meeting_takes_records(meeting, now=now, doing="record its actions")
    _action_options(actor, meeting, owner, due_on, marking, description)
    if decision is not None and decision.meeting_id != meeting.pk:
        raise ValidationError({"decision": "Choose a decision of this meeting."})
    action = Action.objects.create(
        meeting=meeting,
        decision=decision,
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        marking=marking,
        created_by=actor,
    )
    _mark_held(meeting)
    what = rules.safe_summary(
        marking, f"“{action.description[:120]}”", f"an action marked {Marking(marking).label}"
    )
    _notify(
        owner,
        kind=Kind.ACTION_GIVEN,
        text=f"The {meeting.group.short_name} gave you {what}, due {due_on:%-d %B %Y}.",
        link=action.get_absolute_url(),
        subject="a new action for you",
    )
    return action


@transaction.atomic
def action_update(
    *,
    actor,
    action: Action,
    marking_reason: str = "",
    now: datetime.datetime | None = None,
    **changes,
) -> Action:
    """Change an action. The secretariat and the meeting's chair change anything; the
    owner changes only its status, marking it done or reopening it. Only the group's host
    organisation lowers its marking, with a reason (issue 9 §2)."""
    action = Action.objects.select_for_update().select_related("meeting__group").get(pk=action.pk)
    marked = action.marking
    manages = administers(actor) or rules.is_chair(actor, action.meeting)
    if not manages and action.owner_id != actor.pk:
        raise PermissionDenied(
            "Only the governance secretariat, the meeting's chair or the action's owner "
            "may change it."
        )
    unknown = set(changes) - {"status", "description", "owner", "due_on", "marking"}
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "This cannot be changed."})
    if set(changes) - {"status"} and not manages:
        raise PermissionDenied(
            "The owner of an action changes its status; only the governance secretariat or "
            "the meeting's chair changes the rest."
        )
    if "status" in changes:
        rules.check_action_status_change(action, changes["status"], by_owner_only=not manages)
    new_owner = "owner" in changes and changes["owner"] != action.owner
    for field in ("description", "owner", "due_on", "marking"):
        if field in changes:
            setattr(action, field, changes[field])
    if set(changes) - {"status"}:
        _action_options(
            actor, action.meeting, action.owner, action.due_on, action.marking, action.description
        )
        action.description = action.description.strip()
    if "status" in changes and changes["status"] != action.status:
        action.status = changes["status"]
        action.completed_at = _now(now) if action.status == ActionStatus.DONE else None
    with marking_change(
        actor=actor,
        record_organisation=action.meeting.group.host_organisation,
        old=marked,
        new=action.marking,
        reason=marking_reason,
    ):
        action.save()
    if new_owner:
        what = rules.safe_summary(
            action.marking,
            f"“{action.description[:120]}”",
            f"an action marked {Marking(action.marking).label}",
        )
        _notify(
            action.owner,
            kind=Kind.ACTION_GIVEN,
            text=f"You now own {what}, due {action.due_on:%-d %B %Y}.",
            link=action.get_absolute_url(),
            subject="an action for you",
        )
    return action


# --- Strategic products -------------------------------------------------------------------


@transaction.atomic
def product_version_create(
    *,
    actor,
    product,
    summary: str,
    marking: str,
    upload=None,
    link: str = "",
    now: datetime.datetime | None = None,
) -> ProductVersion:
    """A new draft of a product, with its document; it goes onto the agenda of the group
    that takes it next: the NSIG for the products it develops (OP Annex C ¶1), otherwise
    the group that endorses it."""
    now = _now(now)
    _require_secretariat(actor, doing="add a version of a strategic product")
    summary = _required(summary, "summary", "a summary of this version")
    rules.check_marking_within_clearance(actor, marking)
    type(product).objects.select_for_update().get(pk=product.pk)
    top = product.versions.aggregate(top=Max("number"))["top"] or 0
    version = ProductVersion.objects.create(
        product=product, number=top + 1, summary=summary, marking=marking, created_by=actor
    )
    if upload or link:
        paper_add(
            actor=actor,
            title=f"{product.title}, version {version.number}",
            marking=marking,
            product_version=version,
            upload=upload,
            link=link,
        )
    if product.kind in rules.PREPARED_THROUGH:
        code, _ = rules.PREPARED_THROUGH[product.kind]
        preparer = GovernanceGroup.objects.get(code=code, region=None)
        kind, title = AgendaItemKind.FOR_PREPARATION, f"To develop: {version}"
        group = preparer
    else:
        kind, title, group = (
            AgendaItemKind.FOR_ENDORSEMENT,
            f"For endorsement: {version}",
            product.group,
        )
    _put_on_next_agenda(
        group, after=now, product_version=version, kind=kind, title=title,
        description=summary, marking=marking,
    )  # fmt: skip
    return version


@transaction.atomic
def product_version_prepare(
    *, actor, version: ProductVersion, meeting: Meeting, now: datetime.datetime | None = None
) -> ProductVersion:
    """The NSIG has developed a draft of the NSA, the National Control Strategy or the
    National Intelligence Requirement: it goes to the NSTCG's next agenda to be set (OP
    Annex C ¶1)."""
    now = _now(now)
    _require_secretariat(actor, doing="send a product on for endorsement")
    version = (
        ProductVersion.objects.select_for_update()
        .select_related("product__group")
        .get(pk=version.pk)
    )
    rules.check_group_may_prepare(version.product.kind, meeting.group)
    rules.check_meeting_takes_records(meeting, now=now, doing="send a product on from it")
    if version.status != VersionStatus.DRAFT:
        raise ValidationError({"meeting": "Only a draft is sent on for endorsement."})
    if version.prepared_at_id is not None:
        raise ValidationError(
            {"meeting": f"This draft was already sent on from {version.prepared_at}."}
        )
    version.prepared_at = meeting
    version.save(update_fields=["prepared_at"])
    meeting.agenda_items.filter(product_version=version).update(status=AgendaItemStatus.TAKEN)
    _put_on_next_agenda(
        version.product.group, after=now, product_version=version,
        kind=AgendaItemKind.FOR_ENDORSEMENT, title=f"For endorsement: {version}",
        description=version.summary, marking=version.marking,
    )  # fmt: skip
    _mark_held(meeting)
    return version


@transaction.atomic
def product_version_endorse(
    *,
    actor,
    version: ProductVersion,
    meeting: Meeting,
    review_on: datetime.date | None,
    now: datetime.datetime | None = None,
) -> ProductVersion:
    """The group endorses a product version at one of its meetings, with a date to review
    it. Which group endorses which product is a rule (rules.ENDORSED_BY). The previous
    endorsed version is superseded; the endorsement goes into the activity feed and on
    to the groups this one feeds; the NSTCG's endorsement of the NSA sets off the PCC
    engagement day (PCC §17), by a signal sent once the endorsement has committed."""
    now = _now(now)
    version = (
        ProductVersion.objects.select_for_update()
        .select_related("product__group")
        .get(pk=version.pk)
    )
    product = version.product
    _require_secretariat_or_chair(actor, meeting, doing="record an endorsement")
    rules.check_group_may_endorse(product.kind, meeting.group)
    if meeting.group_id != product.group_id:
        raise ValidationError(
            {
                "meeting": (
                    f"This is the {product.group.short_name}'s product: endorse it at one "
                    "of its meetings."
                )
            }
        )
    if product.kind in rules.PREPARED_THROUGH and version.prepared_at_id is None:
        code, paragraph = rules.PREPARED_THROUGH[product.kind]
        raise ValidationError(
            {
                "meeting": (
                    f"The {product.get_kind_display()} is developed through the {code} "
                    f"before it is set ({paragraph})."
                )
            }
        )
    rules.check_meeting_takes_records(meeting, now=now, doing="endorse a product at it")
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            {
                "meeting": (
                    f"Version {version.number} is already {version.get_status_display().lower()}."
                )
            }
        )
    if review_on is None:
        raise ValidationError({"review_on": "Enter the date this version is to be reviewed."})
    endorsed_on = timezone.localdate(meeting.starts_at)
    rules.check_review_date(review_on, endorsed_on)
    product.versions.filter(status=VersionStatus.ENDORSED).update(status=VersionStatus.SUPERSEDED)
    version.status = VersionStatus.ENDORSED
    version.endorsed_at, version.endorsed_on, version.endorsed_by = meeting, endorsed_on, actor
    version.review_on = review_on
    version.save()
    meeting.agenda_items.filter(product_version=version).update(status=AgendaItemStatus.TAKEN)
    _feed_entry(
        meeting.group,
        summary=(
            f"The {meeting.group.short_name} endorsed the {product.title}, version {version.number}"
        ),
        marking=version.marking,
        occurs_at=min(now, meeting.ends_at),
        source=version,
        link=product.get_absolute_url(),
        actor=actor,
    )
    for feed in meeting.group.feeds_out.filter(kind="product").select_related("target"):
        if feed.product_kinds and product.kind not in feed.product_kinds:
            continue
        _put_on_next_agenda(
            feed.target, after=now, product_version=version,
            kind=AgendaItemKind.FOR_INFORMATION,
            title=f"{meeting.group.short_name} endorsed: {version}",
            description=version.summary, marking=version.marking,
        )  # fmt: skip
    _mark_held(meeting)
    if rules.sets_off_engagement_day(product.kind, meeting.group):
        details = {
            "product_kind": product.kind,
            "group_code": meeting.group.code,
            "product_id": product.pk,
            "version": version.number,
            "endorsed_on": endorsed_on,
            "actor": actor,
        }
        transaction.on_commit(
            lambda: strategic_product_endorsed.send(sender=ProductVersion, **details)
        )
    return version


@transaction.atomic
def products_review_due(*, now: datetime.datetime | None = None) -> int:
    """Put each endorsed product whose review date is near onto its group's next agenda:
    the groups set *and review* their products (OP Annex C ¶1). Once per meeting."""
    now = _now(now)
    horizon = timezone.localdate(now) + datetime.timedelta(days=PRODUCT_REVIEW_LEAD_DAYS)
    added = 0
    due = ProductVersion.objects.filter(status=VersionStatus.ENDORSED, review_on__lte=horizon)
    for version in due.select_related("product__group"):
        if version.agenda_items.filter(
            kind=AgendaItemKind.PRODUCT_REVIEW, status=AgendaItemStatus.OPEN
        ).exists():
            continue
        _, created = _put_on_next_agenda(
            version.product.group, after=now, product_version=version,
            kind=AgendaItemKind.PRODUCT_REVIEW,
            title=f"Due for review on {version.review_on:%-d %B %Y}: {version}",
            description=version.summary, marking=version.marking,
        )  # fmt: skip
        added += created
    return added


# --- The cycle's daily jobs ---------------------------------------------------------------


@transaction.atomic
def actions_carry_overdue(*, now: datetime.datetime | None = None) -> int:
    """Put each overdue open action onto its group's next agenda, once per meeting: an
    action still overdue after that meeting goes onto the one after."""
    now = _now(now)
    today = timezone.localdate(now)
    added = 0
    overdue = Action.objects.filter(status=ActionStatus.OPEN, due_on__lt=today)
    for action in overdue.select_related("meeting__group", "owner"):
        group = action.meeting.group
        if action.agenda_items.filter(
            meeting__status=MeetingStatus.SCHEDULED, meeting__starts_at__gt=now
        ).exists():
            continue
        _, created = _put_on_next_agenda(
            group,
            after=now,
            action=action,
            kind=AgendaItemKind.OVERDUE_ACTION,
            title=(
                f"Overdue action ({action.owner}, due {action.due_on:%-d %B %Y}): "
                f"{action.description}"
            ),
            description=action.description,
            marking=action.marking,
        )
        added += created
    return added


@transaction.atomic
def action_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind each owner of an open action as it comes due and when it is overdue: in
    the portal and by e-mail, each reminder once however often this runs."""
    today = today or timezone.localdate()
    lead = getattr(settings, "GOVERNANCE_REMINDER_LEAD_DAYS", REMINDER_LEAD_DAYS)
    sent = 0
    candidates = Action.objects.filter(
        status=ActionStatus.OPEN, due_on__lte=today + datetime.timedelta(days=lead)
    ).select_related("owner", "meeting__group")
    for action in candidates:
        kind = rules.reminder_due(action, today=today, lead_days=lead)
        if kind is None:
            continue
        _, created = ActionReminder.objects.get_or_create(action=action, kind=kind)
        if not created:
            continue
        what = rules.safe_summary(
            action.marking,
            f"“{action.description[:120]}”",
            f"An action marked {Marking(action.marking).label}",
        )
        when = "was due" if kind == "overdue" else "is due"
        _notify(
            action.owner,
            kind=Kind.ACTION_DUE,
            text=(
                f"{what} from the {action.meeting.group.short_name} {when} on "
                f"{action.due_on:%-d %B %Y}."
            ),
            link=action.get_absolute_url(),
            subject="an action is overdue" if kind == "overdue" else "an action is due soon",
        )
        sent += 1
    return sent


# --- The Daily Briefing Meeting pack ------------------------------------------------------


def _dbm_meeting_on(day: datetime.date) -> Meeting | None:
    return (
        Meeting.objects.filter(group__code=GroupCode.DBM, starts_at__date=day)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
        .first()
    )


@transaction.atomic
def dbm_pack_build(*, actor=None, now: datetime.datetime | None = None) -> DbmPack:
    """Build a pack for the national DBM as at `now`. Built each morning by beat (once
    a day however often it runs) and on demand. What a reader sees in it is read for
    them from the restricted activity feed (governance.selectors.dbm_pack_contents)."""
    now = _now(now)
    day = timezone.localdate(now)
    if actor is None:
        pack, _ = DbmPack.objects.get_or_create(
            day=day,
            kind=PackKind.MORNING,
            defaults={"as_at": now, "meeting": _dbm_meeting_on(day)},
        )
        return pack
    if DbmPack.access_scope(actor, "view") is None:
        raise PermissionDenied("Only the NCA and members of the daily meetings build DBM packs.")
    return DbmPack.objects.create(
        day=day, kind=PackKind.ON_DEMAND, as_at=now, meeting=_dbm_meeting_on(day), built_by=actor
    )


def dbm_pack_render_for_members(pack: DbmPack) -> int:
    """Render ahead of the meeting the PDF each member of the DBM and the DMMs will open,
    each read for them through the restricted feed. Readers who see the same entries
    share one rendering; anyone else's is rendered when they first ask."""
    members = User.objects.filter(
        is_active=True,
        governance_memberships__group__code__in=[GroupCode.DBM, GroupCode.DMM],
    ).distinct()
    rendered = set()
    for member in members.select_related("organisation"):
        contents = selectors.dbm_pack_contents(user=member, pack=pack)
        if contents.signature not in rendered:
            documents.dbm_pack_pdf(contents)
            rendered.add(contents.signature)
    return len(rendered)


@transaction.atomic
def activity_log(
    *,
    actor,
    kind: str,
    summary: str,
    occurs_at: datetime.datetime | None,
    marking: str,
    urgent: bool = False,
    detail: str = "",
    now: datetime.datetime | None = None,
):
    """Log a significant event, planned operational activity or an urgent demand into
    the activity feed, for the daily meetings and the DBM (OP Annex C ¶3)."""
    now = _now(now)
    daily = selectors.daily_management_memberships(actor)
    rules.check_may_log_to_feed(actor, is_daily_member=daily.exists())
    kinds = dict(LOGGABLE_ENTRY_KINDS)
    if kind not in kinds:
        raise ValidationError({"kind": f"Choose one of: {', '.join(kinds.values()).lower()}."})
    summary = _required(summary, "summary", "a summary")
    if occurs_at is None:
        raise ValidationError({"occurs_at": "Enter when it happened or is planned for."})
    if kind == EntryKind.SIGNIFICANT_EVENT and occurs_at > now + datetime.timedelta(hours=1):
        raise ValidationError(
            {"occurs_at": "A significant event has happened: enter a time in the past."}
        )
    if kind == EntryKind.PLANNED_OPERATION and occurs_at < now - datetime.timedelta(hours=1):
        raise ValidationError(
            {"occurs_at": "Planned activity is in the future: enter a time to come."}
        )
    if abs(occurs_at - now) > datetime.timedelta(days=366):
        raise ValidationError({"occurs_at": "Enter a time within a year of today."})
    rules.check_marking_within_clearance(actor, marking)
    membership = daily.first()
    region = membership.group.region if membership else actor.organisation.region
    return activity_record(
        kind=kind,
        summary=summary,
        detail=detail.strip(),
        occurs_at=occurs_at,
        marking=marking,
        urgent=urgent,
        organisation=actor.organisation,
        region=region,
        recorded_by=actor,
    )


# --- Calendar feeds -----------------------------------------------------------------------


@transaction.atomic
def calendar_token_issue(*, user) -> str:
    """A new secret address for the user's calendar feed; any earlier one stops working."""
    token = secrets.token_urlsafe(32)
    CalendarToken.objects.update_or_create(
        user=user, defaults={"digest": CalendarToken.digest_of(token), "last_used_at": None}
    )
    return token


@transaction.atomic
def calendar_token_revoke(*, user) -> bool:
    deleted, _ = CalendarToken.objects.filter(user=user).delete()
    return bool(deleted)
