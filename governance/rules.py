"""The rules of the governance cycle, as plain functions.

Each cites where it comes from: OP Annex C (The NCA Commitment to Working in Partnership
with UK Operational Partners, "National and Regional Tasking and Coordination"), the same
text in PCC Annex B, and DOMAIN.md. Paragraph numbers are those of the annex (¶1 the two
strategic groups, ¶2 the four tactical groups and the SGGs, ¶3 the daily meetings).
"""

import calendar
import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError

from activity.choices import EntryKind
from directory.access import has_role, require_role
from directory.calendar import is_working_day, next_working_day
from directory.choices import FORCE_KINDS, Marking, Role
from directory.rules import TEXT_MAX_LENGTH, markings_visible_to

from .choices import (
    ActionStatus,
    CadenceUnit,
    ChairFrom,
    GroupCode,
    MeetingStatus,
    MinutesStatus,
    PackSection,
    ProductKind,
    ReminderKind,
)
from .models import ADMINISTERS, administers

LONDON = ZoneInfo("Europe/London")

# --- Strategic products: who endorses what ------------------------------------------------

# Which group sets, agrees or endorses each product, and which develops it first, are
# data (governance/reference/structure.yaml, on each StrategicProduct with where the
# documents say so): a change of who endorses what is an edit of that file, with history.


def check_group_may_endorse(product, group) -> None:
    """Only the group the structure names endorses a product (`product.group`): the
    NSTCG the NSA, National Control Strategy and National Intelligence Requirement; an
    RSTCG its region's assessments and control strategy; the NTIG the National Tactical
    Assessment; an RTIG its Regional Tactical Assessment and Harm Reduction Strategy; an
    SGG its Strategic Action Plan (OP Annex C ¶1-2; PCC Annex B ¶1-2)."""
    endorser = product.group
    if group.code != endorser.code:
        raise ValidationError(
            {
                "meeting": (
                    f"The {product.get_kind_display()} is endorsed by the {endorser.code}, "
                    f"not the {group.code} ({product.endorsed_in})."
                )
            }
        )
    if group.pk != endorser.pk:
        raise ValidationError(
            {
                "meeting": (
                    f"This is the {endorser.short_name}'s product: endorse it at one of its "
                    f"meetings ({product.endorsed_in})."
                )
            }
        )


def check_group_may_prepare(product, group) -> None:
    """A product the structure has developed through another group first
    (`product.prepared_through`: the NSIG for the NSA, National Control Strategy and
    National Intelligence Requirement, OP Annex C ¶1) is sent on from that group's
    meetings only."""
    preparer = product.prepared_through
    if preparer is None:
        raise ValidationError(
            {
                "meeting": (
                    f"The {product.get_kind_display()} is not prepared through another group: "
                    f"put it straight to the {product.group.short_name}."
                )
            }
        )
    if group.pk != preparer.pk:
        raise ValidationError(
            {
                "meeting": (
                    f"The {product.get_kind_display()} is developed through the "
                    f"{preparer.short_name}, not the {group.short_name} ({product.prepared_in})."
                )
            }
        )


def check_prepared_before_endorsement(product, version) -> None:
    """A product developed through another group (`product.prepared_through`) is endorsed
    only once that group has sent the version on (OP Annex C ¶1)."""
    if product.prepared_through_id is not None and version.prepared_at_id is None:
        raise ValidationError(
            {
                "meeting": (
                    f"The {product.get_kind_display()} is developed through the "
                    f"{product.prepared_through.short_name} before it is set "
                    f"({product.prepared_in})."
                )
            }
        )


def sets_off_engagement_day(kind: str, group) -> bool:
    """The NSTCG's endorsement of the National Strategic Assessment sets off the annual
    NCA engagement day for PCCs (PCC §17); no other endorsement does."""
    return kind == ProductKind.NSA and group.code == GroupCode.NSTCG


def check_review_date(review_on: datetime.date, endorsed_on: datetime.date) -> None:
    """A product is set and then reviewed (OP Annex C ¶1): its review date comes after
    the endorsement, and within three years of it."""
    if review_on <= endorsed_on:
        raise ValidationError(
            {"review_on": "The review date must be after the day it is endorsed."}
        )
    if review_on > endorsed_on + datetime.timedelta(days=3 * 366):
        raise ValidationError(
            {"review_on": "The review date must be within three years of the endorsement."}
        )


# --- The calendar -------------------------------------------------------------------------


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later, or the month's last day when shorter
    (31 January + 1 month is 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _nominal(cadence, n: int) -> datetime.date:
    step = n * cadence.interval
    if cadence.unit == CadenceUnit.DAY:
        return cadence.anchor + datetime.timedelta(days=step)
    if cadence.unit == CadenceUnit.WEEK:
        return cadence.anchor + datetime.timedelta(weeks=step)
    return _add_months(cadence.anchor, step)


def _first_index(cadence, start: datetime.date) -> int:
    """An index safely before `start` (a slot moved to the next working day may come
    from up to a few days earlier)."""
    if cadence.unit == CadenceUnit.MONTH:
        months = (start.year - cadence.anchor.year) * 12 + start.month - cadence.anchor.month
        return max(0, (months - 1) // cadence.interval)
    period = cadence.interval * (7 if cadence.unit == CadenceUnit.WEEK else 1)
    return max(0, ((start - cadence.anchor).days - 10) // period)


def local_datetime(day: datetime.date, time_of_day: datetime.time) -> datetime.datetime:
    """`time_of_day` on `day` in Europe/London, whatever the clocks are doing: 10:00 is
    10:00 GMT in winter and 10:00 BST in summer. A time the spring change skips (01:30 on
    the last Sunday of March) comes out an hour later; one the autumn change repeats is
    the first of the two. The result is in UTC: a London time inside the autumn's repeated
    hour never compares equal to another zone's (PEP 495), so slots are kept as instants."""
    naive = datetime.datetime.combine(day, time_of_day)
    return naive.replace(tzinfo=LONDON).astimezone(datetime.UTC)


def meeting_slots(cadence, *, start: datetime.date, end: datetime.date) -> list[datetime.datetime]:
    """When a group with `cadence` meets between `start` and `end` (both included).

    Slots run every `interval` units from the anchor date; months keep the anchor's day
    of the month (or the month's last day). With `working_days_only`, a slot on a
    weekend or bank holiday moves to the next working day, and a daily meeting skips
    the day. The cadences themselves are OP Annex C's where it states them (six-monthly
    NSTCG and RSTCG ¶1, three-monthly NTTCG and six-weekly NTIG ¶2, daily DBM and DMMs
    ¶3) and settings where it does not.
    """
    slots = []
    n = _first_index(cadence, start)
    while (day := _nominal(cadence, n)) <= end:
        n += 1
        if cadence.working_days_only and not is_working_day(day):
            if cadence.unit == CadenceUnit.DAY:
                continue
            day = next_working_day(day)
        if start <= day <= end:
            slots.append(local_datetime(day, cadence.time_of_day))
    return sorted(set(slots))


def check_cadence_is_a_setting(cadence) -> None:
    """A cadence the documents state is theirs, not the secretariat's: six-monthly
    NSTCG and RSTCG (OP Annex C ¶1), three-monthly NTTCG and six-weekly NTIG (¶2),
    daily DBM and DMMs (¶3). The others are settings (DOMAIN.md, Governance)."""
    if cadence.stated_in:
        raise ValidationError(
            {
                "interval": (
                    f"The {cadence.group.code} meets as {cadence.stated_in} states: that "
                    "cadence is not a setting and is changed only in the reference data."
                )
            }
        )


# --- Meetings -----------------------------------------------------------------------------


def check_meeting_takes_records(meeting, *, now: datetime.datetime, doing: str) -> None:
    """Attendance, minutes, decisions, actions and endorsements are recorded at a meeting
    (OP Annex C): one that has started and was not cancelled."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"meeting": f"This meeting was cancelled: you cannot {doing}."})
    if meeting.starts_at > now:
        when = meeting.starts_at.astimezone(LONDON)
        raise ValidationError(
            {
                "meeting": (
                    f"This meeting starts at {when:%H:%M} on {when:%-d %B %Y}: you can "
                    f"{doing} once it has started."
                )
            }
        )


def check_meeting_can_be_cancelled(meeting, *, now: datetime.datetime) -> None:
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(
            {"reason": f"Only a scheduled meeting can be cancelled; this one is {meeting.status}."}
        )
    if meeting.starts_at <= now:
        raise ValidationError({"reason": "This meeting has already started."})


def chair_misfit(group, person) -> str:
    """Why `person` does not hold the post that chairs `group`, or "" when they do.

    The posts are data on the group (`chair_roles`, `chair_from`, `chair_organisation`),
    loaded from OP Annex C: the DG chairs the NSTCG and the RSTCG's chair is the Regional
    National Policing Chair (¶1); the DDG chairs the NTTCG, the Deputy Director of the
    National Intelligence Hub the NTIG, the head of the region's ROCU its RTIG and the
    regional national policing lead its RTTCG (¶2); a senior NCA officer the DBM (¶3).
    Where the documents name no chair, anyone fits."""
    post = f"The {group.short_name} is chaired by the {group.chair_role} (OP Annex C)"
    if group.chair_roles and not set(group.chair_roles) & set(person.roles):
        held = " or the ".join(Role(role).label for role in group.chair_roles)
        return f"{post}; {person} is not the {held}."
    organisation = person.organisation
    if group.chair_from == ChairFrom.NCA and not organisation.is_nca:
        return f"{post}; {person} is not of the NCA."
    if (
        group.chair_from == ChairFrom.ORGANISATION
        and organisation.pk != group.chair_organisation_id
    ):
        return f"{post}; {person} is not of {group.chair_organisation.name}."
    if group.chair_from == ChairFrom.REGION_FORCE and not (
        organisation.kind in FORCE_KINDS and organisation.region_id == group.region_id
    ):
        return f"{post}; {person} is not of a police force of the {group.region.name} region."
    return ""


def check_chair_fits(group, person, *, stand_in_reason: str | None = None) -> str:
    """The chair of a group, or of one of its meetings, holds the post OP Annex C names
    for it (`chair_misfit`). At a meeting someone else may stand in as chair, recorded
    with the reason (`stand_in_reason`); the group's own chair (no `stand_in_reason`)
    must hold the post. Returns the reason to record: "" when the person holds the post."""
    misfit = chair_misfit(group, person)
    if not misfit:
        return ""
    if stand_in_reason is None:
        raise ValidationError(
            {"chair": f"{misfit} Name them as a stand-in chair of a meeting instead."}
        )
    reason = stand_in_reason.strip()
    if not reason:
        raise ValidationError(
            {"stand_in_reason": f"{misfit} Give the reason they stand in as chair."}
        )
    if len(reason) > TEXT_MAX_LENGTH:
        raise ValidationError(
            {"stand_in_reason": f"Give the reason in no more than {TEXT_MAX_LENGTH:,} characters."}
        )
    return reason


def is_chair(user, meeting) -> bool:
    """Who chairs a meeting: the person named for it, else the group's chair; when
    nobody is named, a holder of the portal role the documents give the chair (the DG
    chairs the NSTCG, the DDG the NTTCG: OP Annex C ¶1-2)."""
    named = meeting.chair_id or meeting.group.chair_id
    if named:
        return named == user.pk
    role = meeting.group.chair_portal_role
    return bool(role) and has_role(user, role)


def check_administers(user, *, doing: str) -> None:
    """The governance secretariat keeps the groups and their meetings: members, chairs,
    cadences that are settings, agendas, papers, attendance, cancellations, what a group
    sends on, and the products' versions. The service refuses anyone else, and the page
    does not offer them the form."""
    require_role(user, *ADMINISTERS, doing=doing)


def may_record_at(user, meeting) -> bool:
    """Who records what a meeting did (its decisions, actions and endorsements): the
    governance secretariat, and whoever chairs the meeting (`is_chair`; the chairs are
    named in OP Annex C ¶1-3). The service, the page offering the form and the API all
    ask this."""
    return administers(user) or is_chair(user, meeting)


def check_may_record_at(user, meeting, *, doing: str) -> None:
    """`may_record_at`, as a refusal naming what was refused."""
    if not may_record_at(user, meeting):
        raise PermissionDenied(
            f"Only the governance secretariat or the meeting's chair may {doing}."
        )


def check_may_record_at_one_of(user, meetings, *, doing: str) -> None:
    """The page offering to record something at one of several meetings (an endorsement
    at any of the group's meetings) is for those who may record at one of them
    (`may_record_at`); the service then asks about the meeting chosen."""
    if not (administers(user) or any(is_chair(user, meeting) for meeting in meetings)):
        raise PermissionDenied(f"Only the governance secretariat or the group's chair may {doing}.")


def may_amend_minutes(user, minutes, *, attended: bool) -> bool:
    """While the minutes are circulated, the meeting's attendees (`attended`: present at
    it) and its chair amend them."""
    return (
        minutes is not None
        and minutes.status == MinutesStatus.CIRCULATED
        and (attended or is_chair(user, minutes.meeting))
    )


def check_may_draft_minutes(user, minutes) -> None:
    """The secretariat drafts the minutes; while they are circulated, the attendees
    amend them (`may_amend_minutes`); once the chair approves them they are frozen."""
    if minutes is not None and minutes.status == MinutesStatus.APPROVED:
        raise ValidationError({"text": "These minutes are approved and can no longer change."})
    if administers(user):
        return
    if minutes is not None and minutes.status == MinutesStatus.CIRCULATED:
        attended = minutes.meeting.attendances.filter(person=user, status="present").exists()
        if may_amend_minutes(user, minutes, attended=attended):
            return
        raise PermissionDenied("Only the meeting's attendees may amend its circulated minutes.")
    raise PermissionDenied("Only the governance secretariat drafts minutes.")


def check_may_circulate_minutes(user, minutes) -> None:
    if not has_role(user, Role.SECRETARIAT):
        raise PermissionDenied("Only the governance secretariat circulates minutes.")
    if minutes is None or minutes.status != MinutesStatus.DRAFT:
        raise ValidationError({"minutes": "Only draft minutes can be circulated."})


def check_may_approve_minutes(user, meeting, minutes) -> None:
    """The chair approves the minutes (the chairs are named in OP Annex C ¶1-3); after
    that they are frozen."""
    if not is_chair(user, meeting):
        raise PermissionDenied("Only the meeting's chair approves its minutes.")
    if minutes is None:
        raise ValidationError({"minutes": "There are no minutes to approve yet."})
    if minutes.status == MinutesStatus.APPROVED:
        raise ValidationError({"minutes": "These minutes are already approved."})


# --- Actions ------------------------------------------------------------------------------

# Which status may follow which, and who may make the change.
OWNER_TRANSITIONS = {
    (ActionStatus.OPEN, ActionStatus.DONE),
    (ActionStatus.DONE, ActionStatus.OPEN),
}
TRANSITIONS = OWNER_TRANSITIONS | {
    (ActionStatus.OPEN, ActionStatus.CANCELLED),
    (ActionStatus.CANCELLED, ActionStatus.OPEN),
}


def check_may_change_action(user, action) -> None:
    """An action is changed by those who record actions at its meeting
    (`may_record_at`) and by its owner, who changes only its status
    (`check_action_status_change`)."""
    if not (may_record_at(user, action.meeting) or action.owner_id == user.pk):
        raise PermissionDenied(
            "Only the governance secretariat, the meeting's chair or the action's owner "
            "may change it."
        )


def check_action_status_change(action, status: str, *, by_owner_only: bool) -> None:
    """An action is open, done or cancelled. Its owner marks it done (or reopens it);
    only the secretariat or the chair cancels one."""
    if status not in ActionStatus.values:
        raise ValidationError(
            {"status": f"“{status}” is not a status. Use one of {', '.join(ActionStatus.values)}."}
        )
    if status == action.status:
        return
    if (action.status, status) not in TRANSITIONS:
        raise ValidationError(
            {
                "status": (
                    f"An action that is {ActionStatus(action.status).label.lower()} cannot "
                    f"become {ActionStatus(status).label.lower()}."
                )
            }
        )
    if by_owner_only and (action.status, status) not in OWNER_TRANSITIONS:
        raise PermissionDenied(
            "Only the governance secretariat or the meeting's chair may cancel or reopen "
            "a cancelled action."
        )


def check_due_date(due_on: datetime.date, meeting) -> None:
    if due_on < meeting.starts_at.astimezone(LONDON).date():
        raise ValidationError({"due_on": "The due date cannot be before the meeting."})


def check_owner_may_see(owner, marking: str) -> None:
    """The owner must be able to read the action they are given."""
    if not owner.is_active:
        raise ValidationError({"owner": f"{owner} no longer has an active account."})
    if marking not in markings_visible_to(owner):
        raise ValidationError(
            {
                "owner": (
                    f"{owner}'s clearance ({owner.get_clearance_display()}) does not cover "
                    f"{Marking(marking).label}: they could not read this action."
                )
            }
        )


def reminder_due(action, *, today: datetime.date, lead_days: int) -> str | None:
    """Which reminder an open action is owed today: "due soon" within `lead_days` of its
    due date, "overdue" from the day after it. None when closed or not yet near."""
    if action.status != ActionStatus.OPEN:
        return None
    if action.due_on < today:
        return ReminderKind.OVERDUE
    if (action.due_on - today).days <= lead_days:
        return ReminderKind.DUE_SOON
    return None


def safe_summary(marking: str, text: str, instead: str) -> str:
    """Text that leaves the portal's pages (e-mail, calendar feeds, notifications) carries
    detail only when it is OFFICIAL; otherwise `instead`, which names no detail."""
    return text if marking == Marking.OFFICIAL else instead


# --- Flows and the daily briefing ---------------------------------------------------------


def check_group_sends(group, kind: str, feeds) -> None:
    """A group records for others only what it sends them (OP Annex C): NTIG's
    prioritised recommendations to the NTTCG, an RTIG's to its RTTCG (¶2), a DMM's report
    to the DBM (¶3), NSIG's work to the NSTCG (¶1), SGGs' activity to the NTTCG (¶2)."""
    if not any(feed.kind == kind for feed in feeds):
        raise ValidationError(
            {
                "kind": (
                    f"The {group.short_name} sends no {kind.replace('_', ' ')}s to another "
                    "group (OP Annex C)."
                )
            }
        )


DBM_LOOKBACK = datetime.timedelta(hours=24)
DBM_LOOKAHEAD = datetime.timedelta(hours=72)


def dbm_window(anchor: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """The daily meetings "review significant events from the previous 24 hours and
    significant operational plans for the forthcoming 72 hours" (OP Annex C ¶3): counted
    from the start of the meeting the pack serves, so what happens between a pack's
    build and its meeting still falls within that meeting's window."""
    return anchor - DBM_LOOKBACK, anchor + DBM_LOOKAHEAD


DBM_DEMANDS = (EntryKind.OPERATIONAL_DEMAND, EntryKind.INTELLIGENCE_DEMAND)


def dbm_section(
    *, kind: str, urgent: bool, occurs_at: datetime.datetime, anchor: datetime.datetime
) -> str | None:
    """Where an entry of the feed goes in the pack for the meeting at `anchor`, or None
    if it stays out (OP Annex C ¶3): urgent operational and intelligence demands on their
    own; the rest before the meeting among the events of the previous 24 hours, and from
    its start among the plans of the next 72. A pack is built before its meeting, so
    whatever it holds from the meeting's start on was planned when it was recorded."""
    if kind in DBM_DEMANDS:
        return PackSection.DEMANDS if urgent else None
    return PackSection.EVENTS if occurs_at < anchor else PackSection.PLANS


NCA_FEED_ROLES = (
    Role.DIRECTOR_GENERAL,
    Role.DEPUTY_DIRECTOR_GENERAL,
    Role.DIRECTOR,
    Role.TASKING_OFFICER,
    Role.ANALYST,
    Role.SECRETARIAT,
    Role.ROCC,
)


def check_activity_time(kind: str, occurs_at: datetime.datetime, *, now: datetime.datetime) -> None:
    """The DBM reviews significant events of the past 24 hours and operational plans for
    the next 72 (OP Annex C ¶3): an event logged has happened, a plan is still to come
    (an hour's grace either way), and nothing is logged more than a year away."""
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


def check_may_log_to_feed(user, *, is_daily_member: bool) -> None:
    """The NCA's and the regions' Daily Management Meetings feed the national DBM (OP
    Annex C ¶3): NCA staff, and members of a regional DMM, log significant events,
    planned operational activity and urgent demands for it."""
    if user.organisation.is_nca and has_role(user, *NCA_FEED_ROLES):
        return
    if is_daily_member:
        return
    raise PermissionDenied(
        "Only NCA staff and members of a Daily Management Meeting log entries for the "
        "Daily Briefing Meeting."
    )
