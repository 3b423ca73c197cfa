import datetime

import pghistory
import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, transition

from directory.access import RestrictedManager, has_role
from directory.choices import Marking, OrganisationKind, Role
from directory.models import GoverningBodyTerm, Organisation, Region
from priorities.choices import ThreatArea
from tasking.models import TaskingRequest

from . import rules
from .choices import (
    OPEN_REQUEST_STATUSES,
    AttendanceStatus,
    Audience,
    DirectionAction,
    DirectionKind,
    EventKind,
    HandlingCode,
    InformationRequestStatus,
    IntelligenceAssessment,
    InviteeCapacity,
    MeetingRequestStatus,
    SourceEvaluation,
    VoluntaryGround,
)

Status = InformationRequestStatus


def _is_pcc_office(user) -> bool:
    return user.organisation.kind == OrganisationKind.PCC_BODY and Role.PCC_OFFICE in user.roles


def _bodies_governing_own_force(user):
    """The governing bodies of a chief officer's force today (PCC §15: the chief constable
    briefs the PCC, so sees what the NCA gave the PCC)."""
    return (
        GoverningBodyTerm.objects.on(datetime.date.today())
        .filter(force=user.organisation_id)
        .values("governing_body_id")
    )


class EngagementSettings(models.Model):
    """The settings of PCC engagement a portal administrator may change. The documents
    set no times for these, so they are settings (DOMAIN.md: cadences not stated are
    settings, not guesses baked into code). One row."""

    acknowledgement_working_days = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=(
            "Working days (England and Wales bank holidays excluded) a PCC office has to "
            "acknowledge a notice of a direction before it is escalated to the Director "
            "General's office. Applies to notices delivered after a change."
        ),
    )
    engagement_day_weeks_after_endorsement = models.PositiveSmallIntegerField(
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=(
            "How many weeks after the NSTCG endorses the National Strategic Assessment the "
            "annual engagement day is first pencilled in (PCC §17)."
        ),
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = verbose_name_plural = "engagement settings"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="one_engagement_settings")]

    def __str__(self):
        return "Engagement settings"

    @classmethod
    def current(cls) -> "EngagementSettings":
        settings_row, _ = cls.objects.get_or_create(pk=1)
        return settings_row

    @classmethod
    def access_scope(cls, user, action):
        """Portal administrators change them; the NCA may read them."""
        if action == "view" and user.organisation.is_nca:
            return Q()
        return Q() if action == "change" and Role.ADMIN in user.roles else None


@pghistory.track()
class DirectionEligibility(models.Model):
    """One rule of who the Director General may direct: the recipients it covers (by
    kind of organisation, by named organisations, or both), its legal basis and the
    dates it applies between (PCC §6, §8; OP §9, §11; DOMAIN.md "Changes since the
    documents"). A change of law is a new row, not new code; a rule a direction has
    cited is never edited in place (`rules.check_cited_eligibility_unchanged`, and the
    database trigger below), and every version of every rule is kept (pghistory)."""

    code = models.SlugField(max_length=60, unique=True)
    addressee = models.CharField(
        max_length=200,
        help_text="Who is directed, with {organisation} for the recipient's name.",
    )
    organisation_kind = models.CharField(
        max_length=30, choices=OrganisationKind.choices, blank=True
    )
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="+")
    legal_basis = models.TextField()
    source = models.TextField(blank=True, help_text="Where the rule comes from.")
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    requires_transport_secretary_consent = models.BooleanField(
        "needs the consent of the Secretary of State for Transport", default=False
    )
    pcc_notice_owed = models.BooleanField(
        "a notice is owed to the force's governing body (PCC §20)", default=False
    )
    conditions = models.TextField(
        blank=True,
        help_text="Conditions the Director General must be satisfied of; a direction "
        "under this rule records why they are met.",
    )

    objects = RestrictedManager()

    class Meta:
        ordering = ["effective_from", "code"]
        verbose_name = "direction eligibility rule"
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="eligibility_ends_after_it_starts",
            )
        ]
        triggers = [
            # The same rule as `rules.check_cited_eligibility_unchanged`, in the database:
            # a cited rule keeps every column; its end date may only be set once. (Deleting
            # a cited rule is refused by the directions' foreign key.)
            pgtrigger.Trigger(
                name="cited_eligibility_rules_are_never_edited",
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                func="""
                    IF (
                        ROW(NEW.id, NEW.code, NEW.addressee, NEW.organisation_kind,
                            NEW.legal_basis, NEW.source, NEW.effective_from,
                            NEW.requires_transport_secretary_consent, NEW.pcc_notice_owed,
                            NEW.conditions)
                        IS DISTINCT FROM
                        ROW(OLD.id, OLD.code, OLD.addressee, OLD.organisation_kind,
                            OLD.legal_basis, OLD.source, OLD.effective_from,
                            OLD.requires_transport_secretary_consent, OLD.pcc_notice_owed,
                            OLD.conditions)
                        OR (OLD.effective_to IS NOT NULL
                            AND NEW.effective_to IS DISTINCT FROM OLD.effective_to)
                    ) AND EXISTS (
                        SELECT 1 FROM engagement_direction WHERE eligibility_id = OLD.id
                    ) THEN
                        RAISE EXCEPTION 'Direction eligibility rule % was cited by a '
                            'direction: it is never edited; a change of law is a new rule',
                            OLD.code;
                    END IF;
                    RETURN NEW;
                """,
            )
        ]

    def __str__(self):
        return self.description

    @property
    def is_cited(self) -> bool:
        return self.pk is not None and self.directions.exists()

    def clean(self):
        if self.pk is None:
            return
        stored = type(self)._base_manager.filter(pk=self.pk).first()
        if stored is None:
            return
        names = [f.attname for f in self._meta.concrete_fields]
        last_issued_at = self.directions.aggregate(last=models.Max("issued_at"))["last"]
        rules.check_cited_eligibility_unchanged(
            changed=[n for n in names if getattr(self, n) != getattr(stored, n)],
            was_open=stored.effective_to is None,
            effective_to=self.effective_to,
            last_issued_on=timezone.localdate(last_issued_at) if last_issued_at else None,
        )

    @property
    def description(self) -> str:
        """Who the rule covers, in words: "the chief officer of a territorial police
        force", "the Chief Constable of British Transport Police"."""
        names = [o.name for o in self.organisations.all()]
        if names:
            who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        else:
            who = f"a {OrganisationKind(self.organisation_kind).label.lower()}"
        return self.addressee.format(organisation=who)

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )

    def covers(self, organisation) -> bool:
        named = {o.pk for o in self.organisations.all()}
        if not self.organisation_kind and not named:
            return False
        kind_fits = not self.organisation_kind or organisation.kind == self.organisation_kind
        return kind_fits and (not named or organisation.pk in named)

    @property
    def is_specific(self) -> bool:
        """A rule naming organisations is more specific than one naming only a kind."""
        return bool(self.organisations.all())

    def addressee_for(self, organisation) -> str:
        return self.addressee.format(organisation=organisation.name)

    @classmethod
    def access_scope(cls, user, action):
        """The rules are the law: every signed-in user may read them; admins keep them."""
        if action == "view":
            return Q()
        return Q() if Role.ADMIN in user.roles else None


@pghistory.track()
class Direction(models.Model):
    """A statutory direction by the Director General: a directed tasking or a direction
    to assist (PCC §6, §20; OP §9, §11). Issued records are never edited, in the
    service or in the database: a variation or revocation is a new, linked record.
    History-tracked like every domain record; append-only for the runtime role by
    privilege (audit/grants.py)."""

    kind = models.CharField(max_length=30, choices=DirectionKind.choices)
    action = models.CharField(
        max_length=20, choices=DirectionAction.choices, default=DirectionAction.ISSUE
    )
    amends = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
        help_text="For a variation or revocation: the direction it changes.",
    )
    recipient_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="directions_received"
    )
    eligibility = models.ForeignKey(
        DirectionEligibility,
        on_delete=models.PROTECT,
        related_name="directions",
        help_text="The rule under which the recipient could be directed.",
    )
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    voluntary_ground = models.CharField(
        max_length=20,
        choices=VoluntaryGround.choices,
        help_text="Why voluntary arrangements failed (OP §9, PCC §6).",
    )
    voluntary_arrangements_failure = models.TextField(
        help_text="Why satisfactory voluntary arrangements could not be made, or not in time "
        "(OP §9, PCC §6)."
    )
    related_request = models.ForeignKey(
        TaskingRequest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The voluntary request that failed.",
    )
    secretary_of_state_consent_reference = models.CharField(max_length=120, blank=True)
    conditions_basis = models.TextField(blank=True)
    reason = models.TextField(blank=True, help_text="For a variation or revocation: why.")
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="directions_issued"
    )
    issued_at = models.DateTimeField()

    objects = RestrictedManager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action=DirectionAction.ISSUE, amends__isnull=True)
                | (~Q(action=DirectionAction.ISSUE) & Q(amends__isnull=False)),
                name="only_a_variation_or_revocation_amends_a_direction",
            ),
            models.CheckConstraint(
                condition=~Q(voluntary_arrangements_failure=""),
                name="a_direction_records_why_voluntary_arrangements_failed",
            ),
            models.UniqueConstraint(
                fields=["amends"],
                condition=Q(action=DirectionAction.REVOCATION),
                name="a_direction_is_revoked_once",
            ),
        ]
        indexes = [models.Index(fields=["recipient_organisation", "issued_at"])]
        triggers = [
            pgtrigger.Protect(
                name="issued_directions_are_never_edited",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self):
        return f"{self.reference}: {self.summary}"

    def get_absolute_url(self):
        return reverse("engagement:direction", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"DIR-{self.pk:06d}"

    @property
    def root(self) -> "Direction":
        return self.amends if self.amends_id else self

    @property
    def addressee(self) -> str:
        return self.eligibility.addressee_for(self.recipient_organisation)

    @classmethod
    def access_scope(cls, user, action):
        """The Director General, the DDG, Directors and tasking officers see every
        direction within their clearance; the chief officer of the organisation directed
        sees the directions to it. Nobody else, and nobody edits one."""
        if action != "view":
            return None
        if user.organisation.is_nca and has_role(user, *rules.DIRECTION_READERS):
            return Q()
        if has_role(user, Role.CHIEF_OFFICER):
            return Q(recipient_organisation=user.organisation_id)
        return None


@pghistory.track()
class PccNotice(models.Model):
    """The notice the Director General owes the governing body of a force whose chief
    officer was directed (PCC §20). Created and delivered to the PCC office's inbox with
    the direction, in the same transaction; its e-mail goes through the notification
    centre's outbox."""

    direction = models.OneToOneField(Direction, on_delete=models.PROTECT, related_name="pcc_notice")
    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    governing_body = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="pcc_notices"
    )
    text = models.TextField()
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    acknowledgement_due_on = models.DateField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["governing_body", "delivered_at"]),
            models.Index(
                fields=["acknowledgement_due_on"],
                name="notice_awaiting_ack",
                condition=Q(acknowledged_at__isnull=True, escalated_at__isnull=True),
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="notices_are_never_deleted", operation=pgtrigger.Delete),
            pgtrigger.Protect(
                name="what_a_notice_says_never_changes",
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange(
                    "direction", "force", "governing_body", "text", "marking", "created_at"
                ),
            ),
            pgtrigger.Protect(
                name="delivery_and_acknowledgement_recorded_once",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(
                    old__delivered_at__isnull=False,
                    old__delivered_at__df=pgtrigger.F("new__delivered_at"),
                )
                | pgtrigger.Q(
                    old__acknowledged_at__isnull=False,
                    old__acknowledged_at__df=pgtrigger.F("new__acknowledged_at"),
                )
                | pgtrigger.Q(
                    old__escalated_at__isnull=False,
                    old__escalated_at__df=pgtrigger.F("new__escalated_at"),
                ),
            ),
        ]

    def __str__(self):
        return f"{self.reference}: notice to {self.governing_body} of {self.direction.reference}"

    def get_absolute_url(self):
        return reverse("engagement:notice", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"PN-{self.pk:06d}"

    @property
    def status(self) -> str:
        if self.acknowledged_at:
            return "Acknowledged"
        if self.escalated_at:
            return "Escalated"
        if self.delivered_at:
            return "Awaiting acknowledgement"
        return "Awaiting delivery"

    @classmethod
    def access_scope(cls, user, action):
        """The DG's office (the DG, DDG, Directors and tasking officers) sees every
        notice; a PCC office sees those to its own body once delivered; a chief officer
        those about their own force. Nobody else: another body's notice does not exist."""
        if action != "view":
            return None
        if user.organisation.is_nca and has_role(user, *rules.DIRECTION_READERS):
            return Q()
        if _is_pcc_office(user):
            return Q(governing_body=user.organisation_id, delivered_at__isnull=False)
        if has_role(user, Role.CHIEF_OFFICER):
            return Q(force=user.organisation_id)
        return None


class IntelligenceReport(models.Model):
    """A key intelligence report the NCA circulates to PCCs, so that they share an
    understanding of the threats forces are tackling (PCC §19). Graded 3x5x2; marked;
    never edited once published."""

    title = models.CharField(max_length=200)
    summary = models.TextField()
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    handling_instruction = models.TextField()
    handling_conditions = models.TextField(
        blank=True, help_text="The conditions on sharing, for handling code C."
    )
    source_evaluation = models.CharField(max_length=1, choices=SourceEvaluation.choices)
    intelligence_assessment = models.CharField(max_length=1, choices=IntelligenceAssessment.choices)
    handling_code = models.CharField(max_length=1, choices=HandlingCode.choices)
    audience = models.CharField(max_length=10, choices=Audience.choices)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    governing_bodies = models.ManyToManyField(
        Organisation, through="ReportCirculation", related_name="reports_received"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()

    objects = RestrictedManager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        triggers = [
            pgtrigger.Protect(
                name="published_reports_are_never_edited",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self):
        return reverse("engagement:report", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"KIR-{self.pk:06d}"

    @property
    def grading(self) -> str:
        return f"{self.source_evaluation}{self.intelligence_assessment}{self.handling_code}"

    @classmethod
    def access_scope(cls, user, action):
        """The NCA sees every report within clearance; a PCC office only those
        circulated to its body; a chief officer those circulated to the body governing
        their force, to brief it (PCC §15)."""
        if action != "view":
            return None
        if user.organisation.is_nca:
            return Q()
        if _is_pcc_office(user):
            circulated = ReportCirculation.objects.filter(governing_body=user.organisation_id)
            return Q(pk__in=circulated.values("report_id"))
        if has_role(user, Role.CHIEF_OFFICER):
            circulated = ReportCirculation.objects.filter(
                governing_body__in=_bodies_governing_own_force(user)
            )
            return Q(pk__in=circulated.values("report_id"))
        return None


class ReportCirculation(models.Model):
    """A report went to this governing body: the audience, resolved when it was published."""

    report = models.ForeignKey(
        IntelligenceReport, on_delete=models.PROTECT, related_name="circulations"
    )
    governing_body = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="report_circulations"
    )
    circulated_at = models.DateTimeField()

    class Meta:
        ordering = ["governing_body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "governing_body"], name="a_report_goes_to_a_body_once"
            )
        ]

    def __str__(self):
        return f"{self.report.reference} to {self.governing_body}"


class ReportReadReceipt(models.Model):
    """When a person first opened a circulated report; shown to the analyst."""

    report = models.ForeignKey(
        IntelligenceReport, on_delete=models.PROTECT, related_name="read_receipts"
    )
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    first_opened_at = models.DateTimeField()

    class Meta:
        ordering = ["first_opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["report", "reader"], name="one_receipt_per_reader")
        ]

    def __str__(self):
        return f"{self.reader} opened {self.report.reference}"


@pghistory.track()
class InformationRequest(models.Model):
    """A PCC office's request for information on threats in its area, which the NCA
    considers case by case: it answers, answers in part or declines, with a reason, by
    a due date it sets (PCC §19)."""

    governing_body = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="information_requests"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(max_length=200)
    question = models.TextField()
    threat_area = models.CharField(max_length=40, choices=ThreatArea.choices, blank=True)
    needed_by = models.DateField(null=True, blank=True)
    status = FSMField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    due_on = models.DateField(null=True, blank=True, help_text="When the NCA will answer by.")
    response = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    response_marking = models.CharField(max_length=20, choices=Marking.choices, blank=True)
    marking = models.CharField(
        max_length=20,
        choices=Marking.choices,
        default=Marking.OFFICIAL,
        help_text="The highest of the question's and the answer's.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["governing_body", "status"])]

    def __str__(self):
        return f"{self.reference}: {self.subject}"

    def get_absolute_url(self):
        return reverse("engagement:information_request", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"RFI-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES

    @classmethod
    def access_scope(cls, user, action):
        """The NCA sees every request within clearance, and its analysts and tasking
        officers answer them; a PCC office sees and withdraws its own; a chief officer
        sees those of the body governing their force (PCC §15)."""
        if action == "delete":
            return None
        if user.organisation.is_nca:
            if action == "view" or has_role(user, *rules.INFORMATION_REQUEST_HANDLERS):
                return Q()
            return None
        if _is_pcc_office(user):
            return Q(governing_body=user.organisation_id)
        if action == "view" and has_role(user, Role.CHIEF_OFFICER):
            return Q(governing_body__in=_bodies_governing_own_force(user))
        return None

    # The moves; who may make each is checked by the services first.
    @transition(field=status, source=Status.SUBMITTED, target=Status.UNDER_CONSIDERATION)
    def consider(self):
        pass

    @transition(field=status, source=Status.UNDER_CONSIDERATION, target=Status.ANSWERED)
    def answer(self):
        pass

    @transition(field=status, source=Status.UNDER_CONSIDERATION, target=Status.ANSWERED_IN_PART)
    def answer_in_part(self):
        pass

    @transition(
        field=status, source=[Status.SUBMITTED, Status.UNDER_CONSIDERATION], target=Status.DECLINED
    )
    def decline(self):
        pass

    @transition(
        field=status, source=[Status.SUBMITTED, Status.UNDER_CONSIDERATION], target=Status.WITHDRAWN
    )
    def withdraw(self):
        pass


class InformationRequestStep(models.Model):
    """One step in a request's history, as both sides see it. Append-only."""

    request = models.ForeignKey(
        InformationRequest, on_delete=models.PROTECT, related_name="timeline"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self):
        return f"{self.request.reference}: {self.get_status_display()} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def actor_as_seen(self) -> str:
        """Who took the step, as the reader may know them: their name where the directory
        shows them to the reader, else their organisation (`selectors.timeline_steps`)."""
        return str(self.actor) if self.actor_shown else self.actor.organisation.name


class StandingInvitee(models.Model):
    """Someone invited to every engagement day who is not a PCC body or a ROCU in the
    directory: the National Policing leads (PCC §17). Reference data."""

    name = models.CharField(max_length=200, unique=True)
    capacity = models.CharField(
        max_length=30,
        choices=InviteeCapacity.choices,
        default=InviteeCapacity.NATIONAL_POLICING_LEAD,
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def access_scope(cls, user, action):
        if action == "view" and user.organisation.is_nca:
            return Q()
        return Q() if Role.ADMIN in user.roles else None


class EngagementEvent(models.Model):
    """The annual engagement day briefing PCCs on the National Strategic Assessment
    (PCC §17), or a regional meeting of a senior NCA officer with a region's PCCs and
    chief officers (PCC §18)."""

    kind = models.CharField(max_length=30, choices=EventKind.choices)
    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    location = models.CharField(max_length=200, blank=True)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="engagement_events"
    )
    senior_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The Director General, DDG or Director who attends (PCC §18).",
    )
    nsa_version_id = models.CharField(
        max_length=64, blank=True, help_text="The endorsed NSA version that set off the day."
    )
    nsa_version = models.CharField(max_length=40, blank=True)
    endorsed_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nsa_version_id"],
                condition=Q(kind=EventKind.ENGAGEMENT_DAY) & ~Q(nsa_version_id=""),
                name="one_engagement_day_per_endorsed_nsa",
            ),
            models.UniqueConstraint(
                ExtractYear("endorsed_on"),
                condition=Q(kind=EventKind.ENGAGEMENT_DAY, endorsed_on__isnull=False),
                name="at_most_one_engagement_day_a_year",
            ),
            models.CheckConstraint(
                condition=~Q(kind=EventKind.REGIONAL_MEETING)
                | Q(region__isnull=False, senior_officer__isnull=False),
                name="a_regional_meeting_has_a_region_and_a_senior_officer",
            ),
        ]
        indexes = [models.Index(fields=["kind", "region", "starts_on"])]

    def __str__(self):
        return f"{self.title} ({self.starts_on:%d %B %Y})"

    def get_absolute_url(self):
        return reverse("engagement:event", args=[self.pk])

    @classmethod
    def access_scope(cls, user, action):
        """The NCA sees every event; an organisation sees the events it is invited to.
        The DG's office and the governance secretariat organise them."""
        if action == "view":
            if user.organisation.is_nca:
                return Q()
            invited = EventInvitation.objects.filter(organisation=user.organisation_id)
            return Q(pk__in=invited.values("event_id"))
        if action == "change" and has_role(user, *rules.ENGAGEMENT_ORGANISERS):
            return Q()
        return None


class EventInvitation(models.Model):
    """Who was invited to an event, and whether they came."""

    event = models.ForeignKey(EngagementEvent, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invitee_name = models.CharField(max_length=200)
    capacity = models.CharField(max_length=30, choices=InviteeCapacity.choices)
    status = models.CharField(
        max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["capacity", "invitee_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"],
                condition=Q(organisation__isnull=False),
                name="an_organisation_is_invited_once",
            ),
            models.UniqueConstraint(
                fields=["event", "invitee_name"], name="an_invitee_is_invited_once"
            ),
        ]

    def __str__(self):
        return f"{self.invitee_name} to {self.event}"


@pghistory.track()
class MeetingRequest(models.Model):
    """A PCC office's request that the NCA attend a meeting: the NCA actively supports,
    and when possible attends, meetings as requested (PCC §18). The NCA accepts it or
    declines it with a reason, then records whether it attended and who went."""

    governing_body = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="meeting_requests"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    meets_on = models.DateField(help_text="The day of the meeting.")
    purpose = models.TextField()
    place = models.CharField(max_length=200)
    status = models.CharField(
        max_length=20, choices=MeetingRequestStatus.choices, default=MeetingRequestStatus.REQUESTED
    )
    answer_reason = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    attended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The NCA officer who attended.",
    )
    attendance_note = models.TextField(blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["governing_body", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=MeetingRequestStatus.DECLINED) | ~Q(answer_reason=""),
                name="a_declined_meeting_request_gives_its_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=MeetingRequestStatus.ATTENDED) | Q(attended_by__isnull=False),
                name="an_attended_meeting_names_who_attended",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.governing_body}, {self.meets_on:%d %B %Y}"

    def get_absolute_url(self):
        return reverse("engagement:meeting_request", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"MR-{self.pk:06d}"

    @classmethod
    def access_scope(cls, user, action):
        """The NCA sees every request, and its engagement staff answer them and record
        attendance; a PCC office sees its own; a chief officer those of the body governing
        their force (PCC §15)."""
        if action == "delete":
            return None
        if user.organisation.is_nca:
            if action == "view" or has_role(user, *rules.MEETING_RECORDERS):
                return Q()
            return None
        if _is_pcc_office(user):
            return Q(governing_body=user.organisation_id)
        if action == "view" and has_role(user, Role.CHIEF_OFFICER):
            return Q(governing_body__in=_bodies_governing_own_force(user))
        return None
