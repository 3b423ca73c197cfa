"""Actions from meetings: recorded, changed, reminded of, and carried onto the next
agenda when overdue."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from directory.choices import Marking
from directory.history import marking_change
from directory.models import User
from directory.rules import check_marking_within_clearance
from notifications.choices import Kind

from .. import rules
from ..choices import ActionStatus, AgendaItemKind, MeetingStatus
from ..models import Action, ActionReminder, Decision, Meeting
from .common import _mark_held, _notify, _now, _required
from .planning import _put_on_next_agenda

REMINDER_LEAD_DAYS = 3


def _action_options(actor, meeting, owner, due_on, marking, description) -> None:
    _required(description, "description", "what is to be done")
    if owner is None:
        raise ValidationError({"owner": "Choose who owns the action."})
    if not User.objects.restrict(actor, "view").filter(pk=owner.pk).exists():
        raise ValidationError({"owner": "Choose someone you can find in the portal."})
    if due_on is None:
        raise ValidationError({"due_on": "Enter the date the action is due."})
    rules.check_due_date(due_on, meeting)
    check_marking_within_clearance(actor, marking)
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
    rules.check_may_record_at(actor, meeting, doing="record actions")
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
    rules.check_may_change_action(actor, action)
    manages = rules.may_record_at(actor, action.meeting)
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
