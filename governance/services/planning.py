"""The cycle's calendar: meetings planned from each group's cadence (OP Annex C ¶1-3),
the next meeting found or planned, items put on its agenda, a cadence changed."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from .. import rules
from ..choices import AgendaItemStatus, CadenceUnit, MeetingStatus
from ..models import AgendaItem, Cadence, GovernanceGroup, Meeting
from .common import _now

# One key for the planner's transaction-scoped advisory lock: two planners (two beat
# processes, or beat and the command) run one after the other, never interleaved.
PLANNING_LOCK = 0x6F7665726E  # "overn"


PLANNING_HORIZON_DAYS = 400


def planning_horizon(today: datetime.date) -> datetime.date:
    days = getattr(settings, "GOVERNANCE_PLANNING_HORIZON_DAYS", PLANNING_HORIZON_DAYS)
    return today + datetime.timedelta(days=days)


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
            if not cadence.group.exists_on(timezone.localdate(starts_at)):
                continue  # a group the structure has ended, or not yet begun
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
    rules.check_administers(actor, doing="change a group's cadence")
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
