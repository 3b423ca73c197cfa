"""Every read of the governance cycle for a user: querysets restricted through the one
permission entry point (`restrict`), and what the pages and the DBM pack show."""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import CharField, Count, F, Prefetch, Q, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from activity.choices import EntryKind
from activity.models import ActivityEntry
from activity.selectors import activity_between
from directory.access import RestrictedQuerySet
from directory.choices import Marking, Nation, OrganisationKind
from directory.models import Region, User
from directory.rules import highest_marking, markings_visible_to

from . import rules
from .choices import ActionStatus, AttendanceStatus, GroupCode, MeetingStatus, MinutesStatus
from .models import (
    Action,
    AgendaItem,
    Attendance,
    CalendarToken,
    DbmPack,
    DbmPackEntry,
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
    versions = (
        ProductVersion.objects.restrict(user, "view")
        .select_related("endorsed_at")
        .prefetch_related("priorities")
    )
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
        .prefetch_related(
            "priorities", Prefetch("papers", queryset=papers, to_attr="visible_papers")
        )
    )
    return (
        StrategicProduct.objects.restrict(user, "view")
        .select_related("group__region", "prepared_through")
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


@dataclass(frozen=True)
class DbmReaderScope:
    """What a reader may see of a pack: the markings their clearance allows today and the
    activity feed's own scope for them (`ActivityEntry.access_scope`: the NCA all of
    it, a partner its own organisation's entries). Readers of the same scope see the
    same entries, so they share one PDF (`key`)."""

    markings: tuple[str, ...]
    feed: Q

    @classmethod
    def of(cls, user) -> "DbmReaderScope":
        return cls(tuple(markings_visible_to(user)), ActivityEntry.access_scope(user, "view"))

    @property
    def key(self) -> str:
        return hashlib.sha256(f"{','.join(self.markings)}|{self.feed!r}".encode()).hexdigest()

    def entries(self, pack: DbmPack):
        """The pack's stored entries within this scope, in the pack's order."""
        return (
            DbmPackEntry.objects.filter(pack=pack, marking__in=self.markings)
            .filter(self.feed)
            .order_by("position")
        )


PACK_ROW = (
    "entry_id", "section", "kind", "summary", "occurs_at", "urgent", "marking",
    "organisation_name", "region_name", "link", "source_type", "source_id",
)  # fmt: skip
KIND_LABELS = dict(EntryKind.choices)
MARKING_LABELS = dict(Marking.choices)


@dataclass
class PackContents:
    """One reader's view of a DBM pack (OP Annex C ¶3): rows as plain values."""

    pack: DbmPack
    start: datetime.datetime
    end: datetime.datetime
    demands: list = field(default_factory=list)  # urgent operational and intelligence demands
    events: list = field(default_factory=list)  # the 24 hours before the meeting
    plans: list = field(default_factory=list)  # the 72 hours from the meeting
    marking: str = Marking.OFFICIAL

    @property
    def rows(self) -> list:
        return [*self.demands, *self.events, *self.plans]


def dbm_pack_list(*, user):
    return DbmPack.objects.restrict(user, "view").select_related("built_by", "meeting")


def _contents(pack: DbmPack, rows: list, *, openable: set) -> PackContents:
    start, end = rules.dbm_window(pack.anchor_at)
    contents = PackContents(pack=pack, start=start, end=end)
    for row in rows:
        row["when"] = timezone.localtime(row["occurs_at"]).strftime("%a %-d %b %H:%M")
        row["kind_label"] = KIND_LABELS.get(row["kind"], "")
        row["marking_label"] = MARKING_LABELS.get(row["marking"], "")
        row["href"] = row["link"] if (row["source_type"], row["source_id"]) in openable else ""
        getattr(contents, row["section"]).append(row)
    contents.marking = highest_marking(row["marking"] for row in rows)
    return contents


def dbm_pack_contents(*, user, pack: DbmPack) -> PackContents:
    """What `user` sees in the pack: its stored entries within their scope, as they were
    when it was built; each links to its record only if the reader may open it."""
    rows = list(DbmReaderScope.of(user).entries(pack).values(*PACK_ROW))
    return _contents(pack, rows, openable=records_openable(user=user, rows=rows))


def dbm_pack_contents_for_scope(*, scope: DbmReaderScope, pack: DbmPack) -> PackContents:
    """The pack for every reader of `scope`, as its PDF shows it (no links)."""
    return _contents(pack, list(scope.entries(pack).values(*PACK_ROW)), openable=set())


def dbm_since_pack(*, user, pack: DbmPack) -> PackContents:
    """What the reader may see of the feed recorded since the pack was built, within the
    window of the meeting it serves: live, never part of the pack."""
    start, end = rules.dbm_window(pack.anchor_at)
    rows = list(
        activity_between(user=user, start=start, end=end)
        .filter(recorded_at__gt=pack.as_at)
        .order_by("-urgent", "occurs_at", "id")
        .values(
            "kind", "summary", "occurs_at", "urgent", "marking", "link", "source_type",
            "source_id", entry_id=F("id"), region_name=F("region__name"),
            organisation_name=Coalesce(
                NullIf("organisation__short_name", Value("")), "organisation__name"
            ),
        )
    )  # fmt: skip
    shown = []
    for row in rows:
        row["section"] = rules.dbm_section(
            kind=row["kind"], urgent=row["urgent"], occurs_at=row["occurs_at"],
            anchor=pack.anchor_at,
        )  # fmt: skip
        if row["section"]:
            shown.append(row)
    return _contents(pack, shown, openable=records_openable(user=user, rows=shown))


def records_openable(*, user, rows) -> set[tuple[str, str]]:
    """Which of the records the rows link to (`source_type`, `source_id`) the reader may
    open, through each model's own `restrict`, in one query for all of them."""
    wanted: dict[str, set] = {}
    for row in rows:
        if row["link"] and row["source_id"]:
            wanted.setdefault(row["source_type"], set()).add(row["source_id"])
    queries = []
    for label, ids in sorted(wanted.items()):
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        if not isinstance(model._default_manager.all(), RestrictedQuerySet):
            continue
        queries.append(
            model._default_manager.restrict(user, "view")
            .filter(pk__in=[model._meta.pk.to_python(pk) for pk in ids])
            .order_by()
            .annotate(label=Value(label), key=Cast("pk", CharField()))
            .values_list("label", "key")
        )
    if not queries:
        return set()
    return set(queries[0].union(*queries[1:], all=True))


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
