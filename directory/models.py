import datetime
import hashlib

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateRangeField, RangeOperators
from django.db import models
from django.db.models import Func, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .access import RestrictedManager, RestrictedQuerySet
from .choices import (
    GOVERNED_FORCE_KINDS,
    NCA_KINDS,
    Clearance,
    ContactAudience,
    Marking,
    Nation,
    OrganisationKind,
    Role,
    RoleGrantStatus,
    SecondFactorEventKind,
    TokenEnd,
)


class Region(models.Model):
    """A region of the UK as the tasking structures see it: in England and Wales, a
    ROCU's region (OP §21); elsewhere, Scotland, Northern Ireland, the Crown Dependencies."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, unique=True)
    nation = models.CharField(max_length=20, choices=Nation.choices)
    note = models.TextField(blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def access_scope(cls, user, action):
        return Organisation.access_scope(user, action)


class OrganisationQuerySet(RestrictedQuerySet):
    def existing_on(self, day: datetime.date | None = None):
        """The organisations that exist on `day` (default today), by their dates in the
        reference data (`Organisation.exists_on`): an abolished PCC office is kept for
        history and is offered to nobody (directory.rules.check_exists_on)."""
        day = day or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def with_governing_body(self, day: datetime.date | None = None):
        """Annotate who governs each force on `day` (default today): the body's id and name."""
        day = day or datetime.date.today()
        current = GoverningBodyTerm.objects.filter(force=models.OuterRef("pk")).on(day)
        return self.annotate(
            governing_body_id=models.Subquery(current.values("governing_body_id")[:1]),
            governing_body_name=models.Subquery(current.values("governing_body__name")[:1]),
        )


@pghistory.track()
class Organisation(models.Model):
    """A partner of the NCA, the NCA itself, or one of its commands.

    The directory is OFFICIAL: every signed-in user may read it.
    """

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices, db_index=True)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )
    rocu = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_forces",
        limit_choices_to={"kind": OrganisationKind.ROCU},
        verbose_name="ROCU",
    )
    reached_through_jbiu = models.BooleanField(
        default=False,
        help_text="A border agency: the NCA reaches its capability through a JBIU (OP §22).",
    )
    verified = models.BooleanField(
        default=True,
        help_text="False for a placeholder the source documents do not name (the JBIUs).",
    )
    former_names = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    valid_from = models.DateField(
        null=True, blank=True, help_text="When it came into being; empty when not recorded."
    )
    valid_to = models.DateField(
        null=True, blank=True, help_text="Its last day; empty while it exists."
    )
    source = models.TextField(blank=True, help_text="Where this entry's facts come from.")
    note = models.TextField(blank=True)

    objects = RestrictedManager.from_queryset(OrganisationQuerySet)()

    marking = Marking.OFFICIAL

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rocu__isnull=True) | Q(kind=OrganisationKind.TERRITORIAL_FORCE),
                name="only_territorial_forces_belong_to_a_rocu",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="an_organisation_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:organisation", args=[self.pk])

    @property
    def is_nca(self) -> bool:
        return self.kind in NCA_KINDS

    def exists_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def is_governed(self) -> bool:
        return self.kind in GOVERNED_FORCE_KINDS

    @classmethod
    def access_scope(cls, user, action):
        """The directory is open to every signed-in user; admins maintain it."""
        if action == "view":
            return Q()
        return Q() if Role.ADMIN in user.roles else None


def _one_at_a_time(name: str, over: str):
    """An exclusion constraint: no two rows of the same `over` cover one day. Checked at
    commit, so a reference-data load may close one period and open the next in either
    order."""
    return ExclusionConstraint(
        name=name,
        deferrable=models.Deferrable.DEFERRED,
        expressions=[
            (
                Func(
                    "starts_on",
                    "ends_on",
                    models.Value("[]"),
                    function="daterange",
                    output_field=DateRangeField(),
                ),
                RangeOperators.OVERLAPS,
            ),
            (over, RangeOperators.EQUAL),
        ],
    )


class DatedQuerySet(models.QuerySet):
    def on(self, day: datetime.date):
        """The rows in force on `day`; the SQL twin of `covers`."""
        return self.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def _ends_after_it_starts(name: str):
    return models.CheckConstraint(
        condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name=name
    )


class Dated:
    """A period from `starts_on` to `ends_on` (open when None), for dated reference rows."""

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)

    def period(self) -> str:
        until = f" to {self.ends_on:%d %B %Y}" if self.ends_on else ""
        return f"from {self.starts_on:%d %B %Y}{until}"


@pghistory.track()
class GoverningBodyTerm(Dated, models.Model):
    """Who governs a force, and from when to when (PCC introduction; PCC §20).

    Kept as dated data so that a change of governance is a data change, not a code change.
    """

    force = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="governance_terms"
    )
    governing_body = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="governed_terms",
        limit_choices_to={"kind": OrganisationKind.PCC_BODY},
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    source = models.TextField(blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["force", "starts_on"]
        constraints = [
            _ends_after_it_starts("governing_term_ends_after_it_starts"),
            _one_at_a_time("one_governing_body_at_a_time", "force"),
        ]

    def __str__(self):
        return f"{self.governing_body} governs {self.force} {self.period()}"


@pghistory.track()
class RocuMembership(Dated, models.Model):
    """Which ROCU a force belonged to, from when to when (OP §21). Kent Police was in the
    south-east collaboration when the source documents were written and is in ERSOU
    now: "which ROCU on that date" is answered by `directory.rules.rocu_on`. Today's
    membership is also kept on `Organisation.rocu`, which routing reads."""

    force = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="rocu_memberships"
    )
    rocu = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="force_memberships",
        limit_choices_to={"kind": OrganisationKind.ROCU},
        verbose_name="ROCU",
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    source = models.TextField(blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["force", "starts_on"]
        constraints = [
            _ends_after_it_starts("rocu_membership_ends_after_it_starts"),
            _one_at_a_time("one_rocu_at_a_time", "force"),
        ]

    def __str__(self):
        return f"{self.force} in {self.rocu} {self.period()}"


@pghistory.track()
class OrganisationName(models.Model):
    """A name an organisation bore until a date: the PCCs renamed when they took on fire
    governance, a police area renamed. A notice names a body as it was named on its day
    (`directory.rules.name_on`)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="dated_names"
    )
    name = models.CharField(max_length=200)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField()
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["organisation", "ends_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "ends_on"], name="one_former_name_per_end_date"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="a_former_name_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.name} until {self.ends_on:%d %B %Y}"


class PortalUserManager(UserManager.from_queryset(RestrictedQuerySet)):
    pass


def clearance_review_default() -> datetime.date:
    """A new person's clearance is reviewed within CLEARANCE_REVIEW_INTERVAL unless their
    administrator records the date their vetting gives (issue 9 §3)."""
    return timezone.localdate() + settings.CLEARANCE_REVIEW_INTERVAL


@pghistory.track(exclude=["password", "last_login"])
class User(AbstractUser):
    """A person using the portal: one organisation, one or more roles, one clearance."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    roles = ArrayField(models.CharField(max_length=32, choices=Role.choices), default=list)
    clearance = models.CharField(max_length=4, choices=Clearance.choices, default=Clearance.BPSS)
    posted_to = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posted_roccs",
        limit_choices_to={"kind": OrganisationKind.ROCU},
        help_text="For a ROCC: the ROCU they are posted to (PCC §18).",
    )
    # Clearance review, who is told of it, and signing out everywhere (issue 9 §3).
    clearance_review_on = models.DateField(
        default=clearance_review_default,
        help_text="Past this date the person sees nothing above OFFICIAL until it is renewed.",
    )
    line_manager = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="direct_reports",
        help_text="Told ahead of the clearance review, with the portal administrators.",
    )
    sessions_ended_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the person last signed out everywhere: every earlier session ended.",
    )

    objects = PortalUserManager()

    REQUIRED_FIELDS = ["email", "organisation"]

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def role_labels(self) -> list[str]:
        return [Role(role).label for role in self.roles]

    def get_session_auth_hash(self):
        """Django ends a session whose hash no longer matches: a new password ends every
        session, and so does signing out everywhere (`sessions_ended_at`)."""
        return self._session_auth_hash(settings.SECRET_KEY)

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_auth_hash(fallback_secret)

    def _session_auth_hash(self, secret: str) -> str:
        ended = self.sessions_ended_at.isoformat() if self.sessions_ended_at else ""
        return salted_hmac(
            "directory.User.session_auth_hash",
            f"{self.password}|{ended}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @classmethod
    def access_scope(cls, user, action):
        """People see the people of their own organisation, and every ROCC, the NCA's
        named conduit to each ROCU and its forces (PCC §18); NCA staff see everyone,
        since they route work to partners. Only admins change accounts."""
        if action == "view":
            if user.organisation.is_nca:
                return Q()
            return Q(organisation=user.organisation_id) | Q(roles__contains=[Role.ROCC])
        return Q() if Role.ADMIN in user.roles else None


@pghistory.track()
class ContactPoint(models.Model):
    """How to reach a desk of an organisation: its tasking desk, 24/7 control room or
    the ROCC's line. Marked, because some routes are not for everyone (OP §21-23)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contact_points"
    )
    name = models.CharField(max_length=120)
    purpose = models.TextField()
    telephone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    hours = models.CharField(max_length=80, blank=True)
    audience = models.CharField(
        max_length=20, choices=ContactAudience.choices, default=ContactAudience.ALL_PARTNERS
    )
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)

    objects = RestrictedManager()

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="one_contact_point_name_per_organisation"
            ),
            models.CheckConstraint(
                condition=~Q(telephone="", email=""),
                name="contact_point_has_a_telephone_or_email",
            ),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.name}"

    @classmethod
    def access_scope(cls, user, action):
        """Open routes are for every partner; restricted ones for the organisation
        itself and the NCA. Portal administrators maintain them."""
        if action == "view":
            if user.organisation.is_nca:
                return Q()
            return Q(audience=ContactAudience.ALL_PARTNERS) | Q(organisation=user.organisation_id)
        return Q() if Role.ADMIN in user.roles else None


class ApiTokenQuerySet(RestrictedQuerySet):
    def usable(self, now: datetime.datetime | None = None):
        """Tokens that still open the API: neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


@pghistory.track(exclude=["digest", "last_used_at"])
class ApiToken(models.Model):
    """A person's API token for one client (issue 9 §3). Only the SHA-256 digest of the
    key is kept, so the key is shown once, when it is made; `prefix` lets its owner tell
    their tokens apart. A token ends when it expires, when its owner revokes it, and for
    every token of the person when their password changes, they sign out everywhere,
    their clearance lapses or their account is deactivated."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="The client the token is for.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    ended_because = models.CharField(max_length=20, choices=TokenEnd.choices, blank=True)

    objects = RestrictedManager.from_queryset(ApiTokenQuerySet)()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_api_token_per_client",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(ended_because=""),
                name="a_revoked_api_token_says_why",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…) of {self.user}"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def access_scope(cls, user, action):
        """A person's own tokens only: nobody else lists or revokes them."""
        return Q(user=user.pk)


class ClearanceReviewReminder(models.Model):
    """That the people to tell were told of one person's clearance review date: one row
    per review date, so a reminder run twice tells once (issue 9 §3)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clearance_reminders"
    )
    review_on = models.DateField()
    sent_to = ArrayField(models.EmailField(), default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "review_on"], name="one_clearance_reminder_per_review_date"
            )
        ]

    def __str__(self):
        return f"Clearance review of {self.user} on {self.review_on:%d %B %Y}"


# --- role and clearance grants (issue 9 §1) -------------------------------------------------


@pghistory.track()
class RoleGrant(models.Model):
    """A grant of roles and a clearance to a person: who asked, for whom, what they held
    before and what they are given, and, for the senior roles and DV, the second
    administrator who approved or refused it. Written only by `directory/services.py`
    (`role_grant_request`, `role_grant_approve`, `role_grant_refuse`). `requested_by` is
    empty for an account provisioned by `manage.py create_portal_user`."""

    subject = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_grants")
    roles = ArrayField(models.CharField(max_length=32, choices=Role.choices))
    clearance = models.CharField(max_length=4, choices=Clearance.choices)
    posted_to = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    previous_roles = ArrayField(
        models.CharField(max_length=32, choices=Role.choices), default=list, blank=True
    )
    previous_clearance = models.CharField(max_length=4, choices=Clearance.choices, blank=True)
    reason = models.TextField()
    requested_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    needs_approval = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=RoleGrantStatus.choices)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = "role and clearance grant"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requested_by=models.F("subject")),
                name="nobody_grants_themselves_roles",
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | (~Q(decided_by=models.F("subject")) & ~Q(decided_by=models.F("requested_by"))),
                name="a_second_person_decides_a_grant",
            ),
        ]

    def __str__(self):
        roles = ", ".join(Role(role).label for role in self.roles)
        return f"{roles}, {self.get_clearance_display()} for {self.subject}"

    @classmethod
    def access_scope(cls, user, action):
        """Portal administrators see the grants; they change only through the services."""
        if action == "view" and Role.ADMIN in user.roles:
            return Q()
        return None


class SecondFactorEvent(models.Model):
    """Who added, removed or reset whose second factors, and why (issue 9 §3: a lost
    factor is reset by an administrator, audited). Append-only: the database refuses to
    update or delete a row."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=20, choices=SecondFactorEventKind.choices)
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="second_factor_events")
    actor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the factor was provisioned from the command line.",
    )
    factor = models.CharField(max_length=200, blank=True, help_text="Which factor, by name.")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=SecondFactorEventKind.RESET) | ~Q(reason=""),
                name="second_factor_reset_gives_a_reason",
            )
        ]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self):
        return (
            f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor}: {self.get_kind_display()} of {self.person}"
        )
