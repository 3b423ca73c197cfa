"""The national and regional tasking and coordination structure (OP Annex C; PCC Annex B):
its groups and their cadences, the meetings the cycle plans, what is recorded at them,
what flows between groups, the strategic products and the daily briefing packs.

Who sees what is written once per model, in `access_scope` (directory/access.py):

- The groups themselves, their cadences and how they feed one another come from the two
  published documents: every signed-in user may read them.
- A group's meetings, and everything recorded at them, are seen by the NCA (it runs the
  national structure and sits on every regional group), by the group's members and its
  chair, and, for a regional group, by the people of the ROCU that hosts it. Nobody else:
  a force or a PCC office sees a meeting only when one of its people is a member.
- Agenda items, papers, minutes, decisions, actions and products carry markings: above a
  reader's clearance they do not exist for that reader.
"""

import datetime
import hashlib

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import localtime

from activity.choices import EntryKind
from activity.models import ActivityEntry
from directory.access import RestrictedManager, has_role
from directory.choices import Marking, OrganisationKind, Role
from directory.models import Organisation, Region

from .choices import (
    NATIONAL_LEVELS,
    SUBMISSION_KINDS,
    ActionStatus,
    AgendaItemKind,
    AgendaItemStatus,
    AttendanceStatus,
    CadenceUnit,
    ChairFrom,
    DecisionOutcome,
    FlowKind,
    GroupCode,
    GroupLevel,
    MeetingStatus,
    MinutesStatus,
    PackKind,
    PackSection,
    ProductKind,
    ReminderKind,
    SubmissionStatus,
    VersionStatus,
)
from .storage import files_storage

ADMINISTERS = (Role.SECRETARIAT,)
NUMBERS = {
    2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
    10: "ten", 11: "eleven", 12: "twelve",
}  # fmt: skip


def _either(*scopes):
    """Rows any of the scopes allows. An empty Q allows every row, so it wins outright
    (Django would drop it from an OR)."""
    present = [scope for scope in scopes if scope is not None]
    if not present:
        return None
    if any(not scope for scope in present):
        return Q()
    combined = present[0]
    for scope in present[1:]:
        combined |= scope
    return combined


def _both(first, second):
    if first is None or second is None:
        return None
    return first & second


def group_scope(user, to_group: str = "group"):
    """The groups whose business `user` may see, as a Q over the path `to_group`.

    The NCA sees every group's business. Anyone else sees the business of the groups
    they belong to or chair and, for a ROCU's people, the regional groups their ROCU
    hosts (OP Annex C ¶1-3). Subqueries rather than joins: a person's several
    memberships must not repeat a row.
    """
    if user.organisation.is_nca:
        return Q()
    member_of = Membership.objects.filter(person=user).values("group_id")
    scope = Q(**{f"{to_group}_id__in": member_of}) | Q(**{f"{to_group}__chair": user.pk})
    if user.organisation.kind == OrganisationKind.ROCU:
        scope |= Q(**{f"{to_group}__host_organisation": user.organisation_id})
    return scope


def chair_scope(user, to_meeting: str = "meeting"):
    """The meetings `user` chairs: named for the meeting, or the group's chair, or, when
    nobody is named, a holder of the portal role that chairs the group."""
    return (
        Q(**{f"{to_meeting}__chair": user.pk})
        | Q(**{f"{to_meeting}__chair__isnull": True, f"{to_meeting}__group__chair": user.pk})
        | Q(
            **{
                f"{to_meeting}__chair__isnull": True,
                f"{to_meeting}__group__chair__isnull": True,
                f"{to_meeting}__group__chair_portal_role__in": list(user.roles),
            }
        )
    )


def administers(user) -> bool:
    """The governance secretariat administers the groups' meetings."""
    return has_role(user, *ADMINISTERS)


@pghistory.track()
class GovernanceGroup(models.Model):
    """A tasking and coordination group (OP Annex C; PCC Annex B). Reference data:
    loaded by `load_reference_data`; the secretariat keeps its members and chair."""

    slug = models.SlugField(max_length=60, unique=True)
    code = models.CharField(max_length=8, choices=GroupCode.choices, db_index=True)
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=30, choices=GroupLevel.choices)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="governance_groups"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="sub_groups"
    )
    host_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="hosted_groups",
        help_text="The NCA for national groups; the region's ROCU for regional ones.",
    )
    chair_role = models.CharField(
        max_length=200, help_text="Who chairs it, in the documents' words."
    )
    chair_portal_role = models.CharField(
        max_length=32,
        choices=Role.choices,
        blank=True,
        help_text="The portal role that chairs it, where one fits (the DG, the DDG).",
    )
    chair_roles = ArrayField(
        models.CharField(max_length=32, choices=Role.choices),
        default=list,
        blank=True,
        help_text="The portal roles that fit the chair's post; empty when not stated.",
    )
    chair_from = models.CharField(
        max_length=20,
        choices=ChairFrom.choices,
        blank=True,
        help_text="Where the chair comes from, with the roles (OP Annex C).",
    )
    chair_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_group_posts",
        help_text="The organisation the chair belongs to, when one is named.",
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chaired_groups",
        help_text="The person who chairs it now.",
    )
    purpose = models.TextField(help_text="What the group does, from the documents.")
    source = models.CharField(max_length=200, help_text="Where the group is described.")
    valid_from = models.DateField(
        null=True, blank=True, help_text="The first day the group exists; empty: always has."
    )
    valid_to = models.DateField(
        null=True, blank=True, help_text="The last day the group exists; empty while it does."
    )
    note = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="governance_groups"
    )

    objects = RestrictedManager()

    class Meta:
        ordering = ["position", "region__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(level__in=list(NATIONAL_LEVELS), region__isnull=True)
                    | (~Q(level__in=list(NATIONAL_LEVELS)) & Q(region__isnull=False))
                ),
                name="regional_groups_and_only_they_have_a_region",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="a_group_is_not_its_own_parent"
            ),
            models.CheckConstraint(
                condition=Q(chair_organisation__isnull=True) | Q(chair_from=ChairFrom.ORGANISATION),
                name="a_chair_organisation_only_when_the_chair_comes_from_one",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:group", args=[self.slug])

    @property
    def is_national(self) -> bool:
        return self.region_id is None

    def exists_on(self, day: datetime.date) -> bool:
        """Whether the structure holds the group on `day` (the reference data's dates)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def short_name(self) -> str:
        if self.code in (GroupCode.SGG, GroupCode.TG):
            return self.name
        return f"{self.code} {self.region.name}" if self.region_id else self.code

    @classmethod
    def access_scope(cls, user, action):
        """The structure of the groups is published (OP Annex C): every signed-in user
        reads it. The secretariat keeps members and chairs; administrators may correct
        an entry."""
        if action == "view":
            return Q()
        return Q() if has_role(user, Role.SECRETARIAT, Role.ADMIN) else None


@pghistory.track()
class Cadence(models.Model):
    """How often a group meets: every `interval` `unit`s from `anchor`, at `time_of_day`
    in Europe/London time (a 10:00 meeting stays 10:00 across the clock changes).

    A cadence the documents state (`stated_in`) is reference data and is not changed in
    the portal. One they do not state is a setting, loaded with a default that the
    secretariat may change (DOMAIN.md: "Cadences the documents do not state are
    settings, not guesses baked into code")."""

    group = models.OneToOneField(GovernanceGroup, on_delete=models.CASCADE, related_name="cadence")
    unit = models.CharField(max_length=10, choices=CadenceUnit.choices)
    interval = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    anchor = models.DateField(help_text="A date the group meets; the others follow from it.")
    time_of_day = models.TimeField(help_text="Local time, Europe/London.")
    duration_minutes = models.PositiveSmallIntegerField(
        default=120, validators=[MinValueValidator(15), MaxValueValidator(8 * 60)]
    )
    working_days_only = models.BooleanField(
        default=True,
        help_text=(
            "A meeting that would fall on a weekend or an England and Wales bank holiday "
            "moves to the next working day; a daily meeting skips the day."
        ),
    )
    location = models.CharField(max_length=200, blank=True)
    stated_in = models.CharField(
        max_length=200,
        blank=True,
        help_text="The paragraph that states this cadence; blank when it is a setting.",
    )

    objects = RestrictedManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(interval__gte=1) & Q(interval__lte=24), name="cadence_interval_1_to_24"
            )
        ]

    def __str__(self):
        return self.describe()

    @property
    def is_setting(self) -> bool:
        return not self.stated_in

    def describe(self) -> str:
        """In words: "Daily at 09:00", "Every six weeks at 10:00", "Every month at 10:00"."""
        if self.unit == CadenceUnit.DAY and self.interval == 1:
            every = "Daily"
        elif self.unit == CadenceUnit.MONTH and self.interval == 12:
            every = "Every year"
        elif self.interval == 1:
            every = f"Every {self.get_unit_display()}"
        else:
            count = NUMBERS.get(self.interval, str(self.interval))
            every = f"Every {count} {self.get_unit_display()}s"
        return f"{every} at {self.time_of_day:%H:%M}"

    @classmethod
    def access_scope(cls, user, action):
        """Published or set by the secretariat: everyone reads them. Only the
        secretariat changes a cadence, and only one the documents do not state."""
        if action == "view":
            return Q()
        return Q(stated_in="") if has_role(user, Role.SECRETARIAT) else None


@pghistory.track()
class Membership(models.Model):
    group = models.ForeignKey(GovernanceGroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="governance_memberships"
    )
    added_on = models.DateField(default=datetime.date.today)

    objects = RestrictedManager()

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="one_membership_per_person")
        ]

    def __str__(self):
        return f"{self.person} in {self.group}"

    @classmethod
    def access_scope(cls, user, action):
        """A member is a person: seen by those who may see that person (directory)."""
        from directory.models import User

        if action == "view":
            return Q(person__in=User.objects.restrict(user, "view"))
        return Q() if has_role(user, Role.SECRETARIAT) else None


@pghistory.track()
class Feed(models.Model):
    """One group's output going to another's agenda (OP Annex C): NTIG's
    recommendations to the NTTCG, a regional DMM's report to the DBM, and so on."""

    source = models.ForeignKey(GovernanceGroup, on_delete=models.CASCADE, related_name="feeds_out")
    target = models.ForeignKey(GovernanceGroup, on_delete=models.CASCADE, related_name="feeds_in")
    kind = models.CharField(max_length=20, choices=FlowKind.choices)
    product_kinds = ArrayField(
        models.CharField(max_length=10, choices=ProductKind.choices),
        default=list,
        blank=True,
        help_text="For a feed of products: which kinds go (empty: every kind).",
    )
    stated_in = models.CharField(max_length=200)

    objects = RestrictedManager()

    class Meta:
        ordering = ["source__position", "target__position", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="one_feed_per_kind"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="a_group_does_not_feed_itself"
            ),
        ]

    def __str__(self):
        return f"{self.source.short_name} → {self.target.short_name}: {self.get_kind_display()}"

    @classmethod
    def access_scope(cls, user, action):
        """Published (OP Annex C): everyone reads the feeds; administrators correct them."""
        if action == "view":
            return Q()
        return Q() if has_role(user, Role.ADMIN) else None


@pghistory.track()
class Meeting(models.Model):
    """One meeting of a group. The planner creates one per group per slot of its
    cadence; the unique constraint makes a second planner run, or two at once, create
    nothing twice."""

    group = models.ForeignKey(GovernanceGroup, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    status = models.CharField(
        max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    location = models.CharField(max_length=200, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who chairs this meeting, when not the group's chair.",
    )
    chair_stand_in_reason = models.TextField(
        blank=True,
        help_text="Why the meeting's chair stands in for the post the documents name.",
    )
    planned = models.BooleanField(default=True, help_text="Created from the group's cadence.")
    cancelled_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["starts_at", "group__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "starts_at"], name="one_meeting_per_group_per_slot"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="a_meeting_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.group.short_name}, {localtime(self.starts_at):%-d %B %Y %H:%M}"

    def get_absolute_url(self):
        return reverse("governance:meeting", args=[self.pk])

    @property
    def not_recorded(self) -> bool:
        """Over, yet neither recorded as held nor cancelled: its record is missing, and
        the portal says so rather than calling it scheduled."""
        return self.status == MeetingStatus.SCHEDULED and self.ends_at <= timezone.now()

    @classmethod
    def access_scope(cls, user, action):
        """The NCA, the group's members and chair and, for a regional group, the
        people of the ROCU that hosts it. The secretariat administers meetings."""
        if action == "view":
            return group_scope(user)
        return Q() if administers(user) else None


@pghistory.track()
class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=AttendanceStatus.choices)

    objects = RestrictedManager()

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person")
        ]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"

    @classmethod
    def access_scope(cls, user, action):
        """Seen with the meeting; recorded by the secretariat."""
        if action == "view":
            return group_scope(user, "meeting__group")
        return Q() if administers(user) else None


@pghistory.track()
class Submission(models.Model):
    """A recommendation, report or activity update a group records at its meeting for
    the groups it feeds (OP Annex C)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="submissions")
    kind = models.CharField(max_length=20, choices=SUBMISSION_KINDS)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    priority = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For prioritised recommendations: 1 comes first."
    )
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    status = models.CharField(
        max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.AWAITING
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["priority", "recorded_at"]

    def __str__(self):
        return self.title

    @classmethod
    def access_scope(cls, user, action):
        """Seen with the meeting it was recorded at, or with the agenda it went onto."""
        if action != "view":
            return Q() if administers(user) else None
        on_agendas = AgendaItem.objects.restrict(user, "view").values("submission_id")
        return _either(group_scope(user, "meeting__group"), Q(pk__in=on_agendas))


@pghistory.track()
class StrategicProduct(models.Model):
    """A strategic product of one group, kept in versions (OP Annex C): the NSA of the
    NSTCG, the Regional Control Strategy of one region's RSTCG, an SGG's Strategic
    Action Plan. Reference data (governance/reference/structure.yaml): which group
    endorses it and which develops it first are data with their history; the versions
    are the secretariat's."""

    kind = models.CharField(max_length=10, choices=ProductKind.choices)
    group = models.ForeignKey(
        GovernanceGroup,
        on_delete=models.PROTECT,
        related_name="products",
        help_text="The group that sets, agrees or endorses it.",
    )
    title = models.CharField(max_length=200)
    endorsed_in = models.CharField(
        max_length=200, blank=True, help_text="Where the documents say which group endorses it."
    )
    prepared_through = models.ForeignKey(
        GovernanceGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products_prepared",
        help_text="The group that develops a draft before the endorsing group sets it.",
    )
    prepared_in = models.CharField(
        max_length=200, blank=True, help_text="Where the documents say it is developed so."
    )

    objects = RestrictedManager()

    class Meta:
        ordering = ["group__position", "group__region__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "group"], name="one_product_of_a_kind_per_group"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:product", args=[self.pk])

    @classmethod
    def access_scope(cls, user, action):
        """Seen like its group's meetings: the NCA, the group's members and chair, and for a
        regional product the people of the region's ROCU. The secretariat keeps the
        versions."""
        if action == "view":
            return group_scope(user)
        return Q() if administers(user) else None


@pghistory.track()
class ProductVersion(models.Model):
    product = models.ForeignKey(StrategicProduct, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    summary = models.TextField()
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    status = models.CharField(
        max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    prepared_at = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="prepared_versions",
        help_text="The meeting of the preparing group that sent it for endorsement.",
    )
    endorsed_at = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="endorsements"
    )
    endorsed_on = models.DateField(null=True, blank=True)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_on = models.DateField(null=True, blank=True)
    priorities = models.ManyToManyField(
        "priorities.Priority",
        blank=True,
        related_name="product_versions",
        help_text="The NCA priorities it points at: what a control strategy sets against "
        "them (PCC §11-12).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["product", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["product", "number"], name="one_version_number"),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(endorsed_at__isnull=False, endorsed_on__isnull=False, review_on__isnull=False),
                name="an_endorsed_version_has_its_meeting_and_review_date",
            ),
        ]

    def __str__(self):
        return f"{self.product}, version {self.number}"

    def get_absolute_url(self):
        return self.product.get_absolute_url()

    @classmethod
    def access_scope(cls, user, action):
        """As its product, and within the reader's clearance (each version is marked)."""
        if action == "view":
            return group_scope(user, "product__group")
        return Q() if administers(user) else None


@pghistory.track()
class AgendaItem(models.Model):
    """An item on a meeting's agenda: added by the secretariat, or put there by the
    cycle itself (another group's output, an overdue action, a product to endorse).
    The title and marking are the receiving group's copy of what it is to consider."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(
        max_length=20, choices=AgendaItemKind.choices, default=AgendaItemKind.ITEM
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    status = models.CharField(
        max_length=10, choices=AgendaItemStatus.choices, default=AgendaItemStatus.OPEN
    )
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    product_version = models.ForeignKey(
        ProductVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    action = models.ForeignKey(
        "Action", null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the cycle put it there.",
    )
    added_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "submission"],
                condition=Q(submission__isnull=False),
                name="a_submission_once_per_agenda",
            ),
            models.UniqueConstraint(
                fields=["meeting", "product_version", "kind"],
                condition=Q(product_version__isnull=False),
                name="a_product_version_once_per_agenda",
            ),
            models.UniqueConstraint(
                fields=["meeting", "action"],
                condition=Q(action__isnull=False),
                name="an_overdue_action_once_per_agenda",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_automatic(self) -> bool:
        return self.added_by_id is None

    @classmethod
    def access_scope(cls, user, action):
        """Seen with the meeting, within the reader's clearance; the secretariat keeps the
        agenda."""
        if action == "view":
            return group_scope(user, "meeting__group")
        return Q() if administers(user) else None


@pghistory.track()
class Paper(models.Model):
    """A paper for an agenda item, or the document of a product version: an uploaded
    file kept in storage and served only through an access check, or a link."""

    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="papers"
    )
    product_version = models.ForeignKey(
        ProductVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="papers"
    )
    title = models.CharField(max_length=200)
    file = models.FileField(
        storage=files_storage, upload_to="governance/%Y/%m/", blank=True, max_length=300
    )
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    link = models.URLField(blank=True, max_length=500)
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(agenda_item__isnull=False, product_version__isnull=True)
                    | Q(agenda_item__isnull=True, product_version__isnull=False)
                ),
                name="a_paper_belongs_to_one_item_or_version",
            ),
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="a_paper_is_a_file_or_a_link",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:paper", args=[self.pk])

    @classmethod
    def access_scope(cls, user, action):
        """Seen with the agenda item's meeting or the product version's group, within the
        reader's clearance; the secretariat attaches papers."""
        if action != "view":
            return Q() if administers(user) else None
        return _either(
            _both(Q(agenda_item__isnull=False), group_scope(user, "agenda_item__meeting__group")),
            _both(
                Q(product_version__isnull=False),
                group_scope(user, "product_version__product__group"),
            ),
        )


@pghistory.track()
class Minutes(models.Model):
    """The minutes of a meeting: drafted by the secretariat, circulated to the
    attendees, who may amend them, then approved by the chair and frozen. The database
    itself refuses to change approved minutes."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    text = models.TextField()
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    status = models.CharField(
        max_length=12, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name_plural = "minutes"
        triggers = [
            pgtrigger.Protect(
                name="approved_minutes_are_frozen",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="approved"),
            )
        ]

    def __str__(self):
        return f"Minutes of {self.meeting}"

    @property
    def is_frozen(self) -> bool:
        return self.status == MinutesStatus.APPROVED

    @classmethod
    def access_scope(cls, user, action):
        """Approved minutes go to everyone who sees the meeting. Before that, drafts are
        the secretariat's and the chair's, and circulated minutes also the attendees'."""
        if action != "view":
            return Q() if administers(user) else None
        if administers(user):
            return group_scope(user, "meeting__group")
        attended = Attendance.objects.filter(person=user, status=AttendanceStatus.PRESENT).values(
            "meeting_id"
        )
        before_approval = chair_scope(user) | Q(
            status=MinutesStatus.CIRCULATED, meeting_id__in=attended
        )
        return _both(
            group_scope(user, "meeting__group"), Q(status=MinutesStatus.APPROVED) | before_approval
        )


class MinutesRevision(models.Model):
    """Each draft and amendment of a meeting's minutes, with who made it."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="revisions")
    text = models.TextField()
    marking = models.CharField(max_length=20, choices=Marking.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["at", "id"]
        triggers = [
            pgtrigger.Protect(
                name="minutes_revisions_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self):
        return f"{self.minutes}: {self.author} at {self.at:%Y-%m-%d %H:%M}"

    @classmethod
    def access_scope(cls, user, action):
        """Seen by those who see the minutes; nobody changes a revision."""
        if action != "view":
            return None
        return Q(minutes__in=Minutes.objects.restrict(user, "view"))


@pghistory.track()
class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    text = models.TextField()
    outcome = models.CharField(
        max_length=20,
        choices=DecisionOutcome.choices,
        blank=True,
        help_text="For another group's recommendation: what this group decided.",
    )
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self):
        return self.text[:80]

    @classmethod
    def access_scope(cls, user, action):
        """Seen with the meeting, within the reader's clearance. The secretariat and the
        meeting's chair record decisions (the service checks the chair)."""
        if action == "view":
            return group_scope(user, "meeting__group")
        return Q() if administers(user) else None


@pghistory.track()
class Action(models.Model):
    """Something a meeting asked one person to do by a date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="governance_actions"
    )
    due_on = models.DateField(db_index=True)
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return reverse("governance:action", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.due_on < today

    @classmethod
    def access_scope(cls, user, action):
        """Seen with its meeting, and always by its owner. The secretariat and the
        meeting's chair change an action; its owner changes its status (the service
        keeps the owner to that)."""
        if action == "view":
            return _either(group_scope(user, "meeting__group"), Q(owner=user.pk))
        if administers(user):
            return Q()
        return chair_scope(user) | Q(owner=user.pk)


class ActionReminder(models.Model):
    """That a reminder of one kind was sent for an action: the unique constraint makes
    the reminder job send each reminder once, however often it runs."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "kind"], name="one_reminder_of_each_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} reminder for action {self.action_id}"


class CalendarToken(models.Model):
    """The secret in a person's calendar-feed address. Only its SHA-256 digest is kept,
    so the address is shown once, when made; making a new one revokes the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="governance_calendar"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class DbmPack(models.Model):
    """A Daily Briefing Meeting pack: a record of the activity feed as it stood when the
    pack was built, for the DBM it serves (OP Annex C ¶3). Its window is anchored on that
    meeting's start (`anchor_at`): the 24 hours before it and the 72 from it. Its entries
    are stored with it (`DbmPackEntry`) and never change; each reader sees those their
    clearance and organisation allow."""

    as_at = models.DateTimeField()
    anchor_at = models.DateTimeField(
        help_text="The start of the DBM it serves, or when it was built if none was planned."
    )
    day = models.DateField(help_text="The day it was built for (Europe/London).")
    kind = models.CharField(max_length=12, choices=PackKind.choices)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="dbm_packs"
    )
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    built_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-as_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["day"], condition=Q(kind="morning"), name="one_morning_pack_a_day"
            )
        ]

    def __str__(self):
        return f"DBM pack as at {self.as_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("governance:dbm-pack", args=[self.pk])

    @classmethod
    def access_scope(cls, user, action):
        """The national DBM is the NCA's; the regional DMMs feed it (OP Annex C ¶3), so
        their members read the pack too. Each reader sees in it only the entries of
        the feed they may see."""
        if action != "view":
            return None
        if user.organisation.is_nca:
            return Q()
        daily = Membership.objects.filter(person=user, group__code__in=["DBM", "DMM"])
        return Q() if daily.exists() else None


class DbmPackEntry(models.Model):
    """One entry of a built pack as it stood when the pack was built: what it said, its
    marking, whose it was, when, and where it led. The reader's scope is applied to these
    rows when the pack is read (`selectors.DbmReaderScope`); they are never changed."""

    pack = models.ForeignKey(DbmPack, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveIntegerField()
    section = models.CharField(max_length=10, choices=PackSection.choices)
    entry = models.ForeignKey(ActivityEntry, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=EntryKind.choices)
    summary = models.CharField(max_length=300)
    occurs_at = models.DateTimeField()
    urgent = models.BooleanField(default=False)
    marking = models.CharField(max_length=20, choices=Marking.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation_name = models.CharField(max_length=200, blank=True)
    region_name = models.CharField(max_length=100, blank=True)
    link = models.CharField(max_length=300, blank=True)
    source_type = models.CharField(max_length=100, blank=True)
    source_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["pack", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "position"], name="one_entry_per_place")
        ]
        indexes = [models.Index(fields=["pack", "organisation"], name="pack_entries_by_org")]
        triggers = [
            pgtrigger.Protect(name="dbm_pack_entries_never_change", operation=pgtrigger.Update)
        ]

    def __str__(self):
        return f"{self.pack}: {self.summary}"


class DbmPackPdf(models.Model):
    """A pack as a PDF for one reader scope (`selectors.DbmReaderScope.key`): rendered
    once, in the worker when the pack is built or when a reader of a new scope first
    asks, then served as stored."""

    pack = models.ForeignKey(DbmPack, on_delete=models.CASCADE, related_name="pdfs")
    scope = models.CharField(max_length=64)
    pdf = models.BinaryField()
    built_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pack", "scope"], name="one_pdf_per_pack_and_scope")
        ]

    def __str__(self):
        return f"{self.pack} as a PDF"
