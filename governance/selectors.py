"""Every read of the governance cycle for a user: querysets restricted through the one
permission entry point (`restrict`), and what the pages and the DBM pack show."""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from activity.choices import EntryKind
from activity.selectors import activity_between
from directory.choices import Marking, Nation, OrganisationKind
from directory.models import Region, User
from directory.rules import highest_marking

from . import rules
from .choices import ActionStatus, AttendanceStatus, GroupCode, MeetingStatus, MinutesStatus
from .models import (
    Action,
    AgendaItem,
    Attendance,
    CalendarToken,
    DbmPack,
    Decision,
    Feed,
    GovernanceGroup,
    Meeting,
    Membership,
    Minutes,
    MinutesRevision,
    Paper,
    ProductVersion,
    StrategicProduct,
    Submission,
    chair_scope,
)

# --- Groups -------------------------------------------------------------------------------


def group_list(*, user):
    return (
        GovernanceGroup.objects.restrict(user, "view")
        .select_related("region", "parent", "cadence", "chair")
        .annotate(member_count=Count("memberships"))
    )


def group_detail(*, user):
    return GovernanceGroup.objects.restrict(user, "view").select_related(
        "region", "parent", "cadence", "chair", "host_organisation"
    )


def members_of(*, user, group):
    """The group's members the user may see as people (the directory's rule)."""
    return (
        Membership.objects.restrict(user, "view")
        .filter(group=group)
        .select_related("person__organisation")
    )


def feeds_of(*, group):
    both = Q(source=group) | Q(target=group)
    return Feed.objects.filter(both).select_related("source__region", "target__region")


def regions_without_groups():
    """Regions of England and Wales with no ROCU, so no regional groups: London, whose
    forces keep their own capabilities (the region's note in the directory says why)."""
    with_rocu = Region.objects.filter(organisations__kind=OrganisationKind.ROCU)
    return Region.objects.filter(nation__in=[Nation.ENGLAND, Nation.WALES]).exclude(
        pk__in=with_rocu
    )


# --- Meetings -----------------------------------------------------------------------------


def meeting_list(*, user):
    return Meeting.objects.restrict(user, "view").select_related("group__region")


def meetings_from_today(*, user, past: bool = False, today: datetime.date | None = None):
    """The meetings page: today's and those to come, soonest first; or, for past
    meetings, those before today, latest first (London days)."""
    today = today or timezone.localdate()
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    meetings = meeting_list(user=user)
    if past:
        return meetings.filter(starts_at__lt=midnight).order_by("-starts_at", "group__position")
    return meetings.filter(starts_at__gte=midnight).order_by("starts_at", "group__position")


def upcoming_meetings(*, user, now: datetime.datetime | None = None):
    """Meetings in progress or to come, the user may see."""
    now = now or timezone.now()
    return (
        Meeting.objects.restrict(user, "view")
        .filter(ends_at__gt=now)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("group__region")
        .order_by("starts_at", "group__position")
    )


def next_meetings_for(*, user, now: datetime.datetime | None = None):
    """The meetings of the groups the user belongs to or chairs, from now on."""
    mine = Membership.objects.filter(person=user).values("group_id")
    return (
        upcoming_meetings(user=user, now=now)
        .filter(Q(group_id__in=mine) | Q(group__chair=user) | Q(chair=user))
        .distinct()
    )


def meeting_detail(*, user):
    return Meeting.objects.restrict(user, "view").select_related(
        "group__region", "group__cadence", "group__chair", "chair"
    )


@dataclass
class MeetingRecord:
    """Everything the meeting page shows the user, each part restricted for them."""

    agenda: list
    attendance: list
    minutes: Minutes | None
    revisions: list
    decisions: list
    actions: list
    submissions: list
    members: list
    markings: list = field(default_factory=list)


def meeting_record(*, user, meeting) -> MeetingRecord:
    papers = Paper.objects.restrict(user, "view").select_related("added_by")
    decisions = Decision.objects.restrict(user, "view")
    agenda = list(
        AgendaItem.objects.restrict(user, "view")
        .filter(meeting=meeting)
        .select_related("submission__meeting__group__region", "product_version__product")
        .prefetch_related(
            Prefetch("papers", queryset=papers, to_attr="visible_papers"),
            Prefetch("decisions", queryset=decisions, to_attr="visible_decisions"),
        )
    )
    minutes = (
        Minutes.objects.restrict(user, "view")
        .filter(meeting=meeting)
        .select_related("approved_by")
        .first()
    )
    revisions = (
        list(
            MinutesRevision.objects.restrict(user, "view")
            .filter(minutes=minutes)
            .select_related("author")
        )
        if minutes
        else []
    )
    record = MeetingRecord(
        agenda=agenda,
        attendance=list(
            Attendance.objects.restrict(user, "view")
            .filter(meeting=meeting)
            .select_related("person__organisation")
        ),
        minutes=minutes,
        revisions=revisions,
        decisions=list(
            decisions.filter(meeting=meeting).select_related("agenda_item", "recorded_by")
        ),
        actions=list(
            Action.objects.restrict(user, "view")
            .filter(meeting=meeting)
            .select_related("owner__organisation")
        ),
        submissions=list(
            Submission.objects.restrict(user, "view")
            .filter(meeting=meeting)
            .prefetch_related(
                Prefetch(
                    "agenda_items",
                    queryset=AgendaItem.objects.restrict(user, "view").select_related(
                        "meeting__group__region"
                    ),
                    to_attr="visible_agenda_items",
                )
            )
        ),
        members=list(members_of(user=user, group=meeting.group)),
    )
    record.markings = [
        *(item.marking for item in record.agenda),
        *(paper.marking for item in record.agenda for paper in item.visible_papers),
        *([minutes.marking] if minutes else []),
        *(revision.marking for revision in revisions),
        *(decision.marking for decision in record.decisions),
        *(action.marking for action in record.actions),
        *(submission.marking for submission in record.submissions),
    ]
    return record


def attendees_recorded(*, user, meeting) -> int:
    """How many people the reader can see recorded as present at the meeting: the
    attendees whom circulated minutes reach."""
    return (
        Attendance.objects.restrict(user, "view")
        .filter(meeting=meeting, status=AttendanceStatus.PRESENT)
        .count()
    )


def agenda_items_open_for_decision(*, user, meeting):
    return AgendaItem.objects.restrict(user, "view").filter(meeting=meeting)


# --- Actions ------------------------------------------------------------------------------


def action_list(*, user):
    return Action.objects.restrict(user, "view").select_related(
        "owner__organisation", "meeting__group__region"
    )


def actions_owned(*, user):
    return action_list(user=user).filter(owner=user, status=ActionStatus.OPEN)


def minutes_awaiting_approval(*, user):
    """Circulated or draft minutes of meetings the user chairs."""
    return (
        Minutes.objects.restrict(user, "view")
        .exclude(status=MinutesStatus.APPROVED)
        .filter(chair_scope(user))
        .select_related("meeting__group__region")
    )


def minutes_to_comment_on(*, user):
    """Minutes circulated and not yet approved of meetings the user attended and does not
    chair: the attendees' chance to ask for an amendment."""
    attended = Attendance.objects.filter(person=user, status=AttendanceStatus.PRESENT)
    return (
        Minutes.objects.restrict(user, "view")
        .filter(status=MinutesStatus.CIRCULATED, meeting__in=attended.values("meeting"))
        .exclude(chair_scope(user))
        .select_related("meeting__group__region")
    )


# --- Products -----------------------------------------------------------------------------


def product_list(*, user):
    versions = ProductVersion.objects.restrict(user, "view").select_related("endorsed_at")
    return (
        StrategicProduct.objects.restrict(user, "view")
        .select_related("group__region")
        .prefetch_related(Prefetch("versions", queryset=versions, to_attr="visible_versions"))
    )


def product_detail(*, user):
    papers = Paper.objects.restrict(user, "view")
    versions = (
        ProductVersion.objects.restrict(user, "view")
        .select_related("endorsed_at__group", "prepared_at__group", "endorsed_by", "created_by")
        .prefetch_related(Prefetch("papers", queryset=papers, to_attr="visible_papers"))
    )
    return (
        StrategicProduct.objects.restrict(user, "view")
        .select_related("group__region")
        .prefetch_related(Prefetch("versions", queryset=versions, to_attr="visible_versions"))
    )


def endorsement_meetings(*, user, version, now: datetime.datetime | None = None):
    """The meetings of the product's group at which it may be endorsed: held or begun,
    not cancelled, the most recent first."""
    now = now or timezone.now()
    return (
        Meeting.objects.restrict(user, "view")
        .filter(group=version.product.group_id, starts_at__lte=now)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("group__region")
        .order_by("-starts_at")[:20]
    )


def preparation_meetings(*, user, now: datetime.datetime | None = None):
    now = now or timezone.now()
    return (
        Meeting.objects.restrict(user, "view")
        .filter(group__code=GroupCode.NSIG, starts_at__lte=now)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("group")
        .order_by("-starts_at")[:20]
    )


# --- The Daily Briefing Meeting pack ------------------------------------------------------

DEMANDS = (EntryKind.OPERATIONAL_DEMAND, EntryKind.INTELLIGENCE_DEMAND)


@dataclass
class PackContents:
    """One reader's view of a DBM pack (OP Annex C ¶3)."""

    pack: DbmPack
    start: datetime.datetime
    end: datetime.datetime
    events: list  # the previous 24 hours
    plans: list  # the next 72 hours
    demands: list  # urgent operational and intelligence demands
    marking: str
    signature: str  # identifies exactly what this reader sees, for the PDF cache


def dbm_pack_list(*, user):
    return DbmPack.objects.restrict(user, "view").select_related("built_by", "meeting")


def dbm_pack_contents(*, user, pack: DbmPack) -> PackContents:
    """What `user` sees in the pack: the activity feed of the pack's window, read
    through the restricted feed, so each reader sees only the entries their
    organisation and clearance allow; the pack's marking is the highest of those."""
    start, end = rules.dbm_window(pack.as_at)
    entries = list(
        activity_between(user=user, start=start, end=end)
        .select_related(None)
        .select_related("organisation", "region")
        .order_by("-urgent", "occurs_at", "id")
    )
    events, plans, demands = [], [], []
    for entry in entries:
        if entry.kind in DEMANDS:
            if entry.urgent:
                demands.append(entry)
        elif entry.occurs_at < pack.as_at:
            events.append(entry)
        else:
            plans.append(entry)
    shown = [*events, *plans, *demands]
    digest = hashlib.sha256(
        f"{pack.pk}:{pack.as_at.isoformat()}:".encode()
        + ",".join(str(entry.pk) for entry in shown).encode()
    ).hexdigest()
    return PackContents(
        pack=pack,
        start=start,
        end=end,
        events=events,
        plans=plans,
        demands=demands,
        marking=highest_marking(entry.marking for entry in shown),
        signature=digest,
    )


# --- Calendar feeds -----------------------------------------------------------------------


def calendar_owner(token: str):
    """The active person whose calendar feed `token` opens, or None."""
    found = (
        CalendarToken.objects.filter(digest=CalendarToken.digest_of(token), user__is_active=True)
        .select_related("user__organisation")
        .first()
    )
    return found.user if found else None


def calendar_token(*, user):
    """The reader's own calendar address, if they made one (only ever their own)."""
    return CalendarToken.objects.filter(user=user).first()


def calendar_meetings(*, user, now: datetime.datetime | None = None):
    """The person's meetings for their calendar: those of the groups they belong to or
    chair, from a month ago to as far as the cycle has planned, that they may see."""
    now = now or timezone.now()
    mine = Membership.objects.filter(person=user).values("group_id")
    official = (
        AgendaItem.objects.restrict(user, "view")
        .filter(marking=Marking.OFFICIAL)
        .order_by("position", "id")
    )
    return (
        Meeting.objects.restrict(user, "view")
        .filter(Q(group_id__in=mine) | Q(group__chair=user) | Q(chair=user))
        .filter(starts_at__gte=now - datetime.timedelta(days=31))
        .select_related("group__region")
        .prefetch_related(Prefetch("agenda_items", queryset=official, to_attr="official_items"))
        .distinct()
        .order_by("starts_at")
    )


def people_choices(*, user):
    """The people a user may pick (an action's owner, a member, a chair)."""
    return (
        User.objects.restrict(user, "view")
        .filter(is_active=True)
        .select_related("organisation")
        .order_by("last_name", "first_name", "username")
    )


def daily_management_memberships(user):
    """The person's seats on a Daily Management Meeting: the meetings that feed the DBM
    (OP Annex C ¶3), and so what lets a partner log to the feed
    (`rules.check_may_log_to_feed`). A seat on the DBM itself does not."""
    return Membership.objects.filter(person=user, group__code=GroupCode.DMM).select_related(
        "group__region"
    )
