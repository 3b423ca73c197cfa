import re

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse
from django_fsm import FSMField, transition

from directory.access import RestrictedManager, RestrictedQuerySet, in_array
from directory.choices import Marking, OrganisationKind, Role
from directory.models import (
    Dated,
    DatedQuerySet,
    Organisation,
    Region,
    _ends_after_it_starts,
    _one_at_a_time,
)
from directory.rules import markings_visible_to
from priorities.choices import ThreatArea

from .choices import (
    ASSET_RESULTS,
    GRADED_RESULTS,
    PEOPLE_RESULTS,
    CapabilityCategory,
    DeconflictionStatus,
    NcaRole,
    Outcome,
    Priority,
    RequestDirection,
    RequestStatus,
    ResultKind,
    Significance,
    Sophistication,
    TargetKind,
    Urgency,
)
from .rules import charge_forces_governed_by

# Who may write targets and operations: the NCA's desk and analysts, and partners'
# operational officers for their own organisation's records.
TARGET_WRITERS = (
    Role.TASKING_OFFICER,
    Role.ANALYST,
    Role.DIRECTOR,
    Role.ROCU_OFFICER,
    Role.FORCE_OFFICER,
    Role.PARTNER_OFFICER,
    Role.CHIEF_OFFICER,
)


PRIORITIES_HELP = "The NCA's strategic and operational priorities it serves (PCC Annex A)."


def _nca_or(user, partner_scope: Q) -> Q | None:
    """The NCA sees everything within clearance; a PCC office nothing; a partner its own."""
    if user.organisation.is_nca:
        return Q()
    if user.organisation.kind == OrganisationKind.PCC_BODY:
        return None
    return partner_scope


class CrimeType(models.Model):
    """A finer crime type within one of the five threat areas (OP Annex B)."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, unique=True)
    threat_area = models.CharField(max_length=40, choices=ThreatArea.choices)

    objects = RestrictedManager()

    class Meta:
        ordering = ["threat_area", "name"]

    def __str__(self):
        return self.name

    @classmethod
    def access_scope(cls, user, action):
        return Q() if action == "view" else None


class Capability(models.Model):
    """One of the NCA's specialist capabilities partners may ask for (OP §10, §25, Annex E)."""

    code = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)
    category = models.CharField(max_length=40, choices=CapabilityCategory.choices)
    owning_command = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="capabilities",
        limit_choices_to={"kind__in": [OrganisationKind.NCA, OrganisationKind.NCA_COMMAND]},
    )
    description = models.TextField()

    objects = RestrictedManager()

    class Meta:
        ordering = ["category", "name"]
        verbose_name_plural = "capabilities"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tasking:capability", args=[self.pk])

    @classmethod
    def access_scope(cls, user, action):
        """The catalogue is for every partner to browse (OP §10, §25)."""
        return Q() if action == "view" else None


@pghistory.track()
class Target(models.Model):
    """An organised crime group, individual or vulnerability (OP §5, Annex B)."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=TargetKind.choices)
    priority = models.CharField(max_length=20, choices=Priority.choices, default=Priority.NONE)
    threat_areas = ArrayField(
        models.CharField(max_length=40, choices=ThreatArea.choices), default=list, blank=True
    )
    crime_types = models.ManyToManyField(CrimeType, blank=True, related_name="targets")
    priorities = models.ManyToManyField(
        "priorities.Priority", blank=True, related_name="targets", help_text=PRIORITIES_HELP
    )
    regions = models.ManyToManyField(Region, blank=True, related_name="targets")
    forces = models.ManyToManyField(
        Organisation, blank=True, related_name="targets_touching", verbose_name="forces it touches"
    )
    international = models.BooleanField("has an international dimension", default=False)
    sophistication = models.CharField(
        max_length=20, choices=Sophistication.choices, default=Sophistication.MODERATE
    )
    responsible_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="targets"
    )
    pursue = models.TextField("Pursue activity", blank=True)
    prevent = models.TextField("Prevent activity", blank=True)
    protect = models.TextField("Protect activity", blank=True)
    prepare = models.TextField("Prepare activity", blank=True)
    active = models.BooleanField(default=True)
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["responsible_organisation", "marking"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tasking:target", args=[self.pk])

    @property
    def aliases(self) -> list[str]:
        return [alias.name for alias in self.names.all() if not alias.primary]

    @classmethod
    def access_scope(cls, user, action):
        """The NCA sees every target within clearance; a partner sees the targets it is
        responsible for and those its operations work against; a PCC office none."""
        if action == "view":
            return _nca_or(
                user,
                Q(responsible_organisation=user.organisation_id)
                | in_array(
                    "pk", Operation.objects.involving(user.organisation_id).values("target_id")
                ),
            )
        if not any(role in TARGET_WRITERS for role in user.roles):
            return None
        return Q() if user.organisation.is_nca else Q(responsible_organisation=user.organisation_id)


class TargetName(models.Model):
    """A name a target is known by: its own (primary) and its aliases, normalised for
    case and accents, and as deconfliction matches it (without the generic words),
    indexed by trigram."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    normalised = models.CharField(max_length=200)
    matching = models.CharField(max_length=200, default="")
    primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-primary", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "normalised"], name="a_target_has_each_name_once"
            ),
            models.UniqueConstraint(
                fields=["target"], condition=Q(primary=True), name="one_primary_name_per_target"
            ),
        ]
        indexes = [
            GinIndex(fields=["normalised"], name="target_name_trgm", opclasses=["gin_trgm_ops"]),
            # Without a pending list, a check after many names change (the generic words
            # changed) reads the index alone, not a list of changes scanned one by one.
            GinIndex(
                fields=["matching"],
                name="target_name_matching_trgm",
                opclasses=["gin_trgm_ops"],
                fastupdate=False,
            ),
        ]

    def __str__(self):
        return self.name


@pghistory.track()
class GenericWord(models.Model):
    """A word too common in the names of groups to tell one from another ("the", "crew",
    "OCG"). Deconfliction ignores it when matching names (rules.matching_name); the desk
    keeps the list (reference data, then its page)."""

    word = models.CharField(max_length=40, unique=True, help_text="As matched: lower case.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.word

    @classmethod
    def access_scope(cls, user, action):
        """Everyone who checks names may know which words are ignored; the NCA's desk
        changes them (rules.check_may_keep_generic_words)."""
        return Q() if action == "view" else None


class NameRematch(models.Model):
    """A change to the generic words whose names are still to be matched again. Written
    with the change; the worker matches the names holding `word` after commit
    (tasks.rematch_names) or, when Redis or the worker was down, the beat sweep does
    (tasks.rematch_pending_names). `done_at` set, a second run does nothing."""

    word = models.CharField(max_length=40)
    changed_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [
            models.Index(
                fields=["changed_at"],
                name="name_rematch_pending",
                condition=Q(done_at__isnull=True),
            )
        ]

    def __str__(self):
        return self.word

    @classmethod
    def access_scope(cls, user, action):
        """Whoever may know the words may know that names are still being matched again."""
        return Q() if action == "view" else None


class OperationQuerySet(RestrictedQuerySet):
    def involving(self, organisation_id):
        """Operations an organisation leads or supports."""
        supported = Operation.supporting_organisations.through.objects.filter(
            organisation_id=organisation_id
        ).values("operation_id")
        return self.filter(Q(lead_organisation=organisation_id) | in_array("pk", supported))


@pghistory.track()
class Operation(models.Model):
    """An operation against a target: who leads it, who supports, and the NCA's role,
    which can change over its life (OP §18)."""

    name = models.CharField(max_length=120)
    normalised = models.CharField(max_length=120)
    matching = models.CharField(max_length=120, default="")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="operations")
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="operations_led"
    )
    supporting_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="operations_supported"
    )
    nca_role = models.CharField(max_length=20, choices=NcaRole.choices, blank=True)
    priorities = models.ManyToManyField(
        "priorities.Priority", blank=True, related_name="operations", help_text=PRIORITIES_HELP
    )
    active = models.BooleanField(default=True)
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager.from_queryset(OperationQuerySet)()

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(
                fields=["matching"],
                name="operation_matching_trgm",
                opclasses=["gin_trgm_ops"],
                fastupdate=False,
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tasking:operation", args=[self.pk])

    @classmethod
    def access_scope(cls, user, action):
        """The NCA sees every operation within clearance; a partner those it leads or
        supports; a PCC office none."""
        if action == "view":
            return _nca_or(
                user, in_array("pk", Operation.objects.involving(user.organisation_id).values("pk"))
            )
        if not any(role in TARGET_WRITERS for role in user.roles):
            return None
        return Q() if user.organisation.is_nca else Q(lead_organisation=user.organisation_id)


class ResponseStandard(models.Model):
    """How soon a request of each urgency must be answered. The documents set no times,
    so these are settings the NCA can change (DOMAIN.md: cadences not stated are settings)."""

    urgency = models.CharField(max_length=20, choices=Urgency.choices, unique=True)
    respond_within = models.DurationField()

    class Meta:
        ordering = ["respond_within"]

    def __str__(self):
        return f"{self.get_urgency_display()}: within {self.respond_within}"


# The desk's order of urgency, most pressing first, as its index holds it.
URGENCY_RANK = Case(
    When(urgency=Urgency.IMMEDIATE, then=Value(0)),
    When(urgency=Urgency.URGENT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


class TaskingRequestQuerySet(RestrictedQuerySet):
    def open(self):
        return self.filter(status__in=[RequestStatus.SUBMITTED, RequestStatus.UNDER_ASSESSMENT])


@pghistory.track()
class TaskingRequest(models.Model):
    """A request for tasking or assistance, either way between the NCA and a partner
    (OP §9, §21-23; PCC §7, §20). Voluntary: directions are another thing."""

    direction = models.CharField(max_length=10, choices=RequestDirection.choices)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tasking_requests"
    )
    requesting_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="requests_made"
    )
    addressed_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="requests_received"
    )
    routed_via = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests_routed",
        help_text="The ROCU or JBIU an NCA request goes through (OP §21-22).",
    )
    routing_reason = models.TextField(blank=True)
    summary = models.CharField(max_length=300)
    how_this_assists = models.TextField()
    urgency = models.CharField(max_length=20, choices=Urgency.choices, default=Urgency.ROUTINE)
    capabilities = models.ManyToManyField(Capability, blank=True, related_name="requests")
    priorities = models.ManyToManyField(
        "priorities.Priority", blank=True, related_name="requests", help_text=PRIORITIES_HELP
    )
    target = models.ForeignKey(
        Target, null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    operation = models.ForeignKey(
        Operation, null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    subject_names = ArrayField(
        models.CharField(max_length=200),
        default=list,
        blank=True,
        help_text="Names of the people or groups the request is about, checked for overlaps.",
    )
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    status = FSMField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFT)
    nca_role = models.CharField(max_length=20, choices=NcaRole.choices, blank=True)
    response_reason = models.TextField(blank=True, help_text="Why it was declined.")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager.from_queryset(TaskingRequestQuerySet)()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The list's order with its tie-break: a page is a range of this index.
            models.Index(fields=["-created_at", "-id"], name="request_newest_first"),
            # Counts for the NCA (scoped by marking alone) become index-only scans.
            models.Index(fields=["marking"], name="request_marking"),
            # The list's filters (TaskingRequestFilterSet): PostgreSQL ANDs these bitmaps
            # for any mix of them, so a filtered page's count reads the indexes and the
            # rows they name, not every request (issue 14 §1). Direction, with two values
            # each half of the requests, gains nothing from one of its own.
            models.Index(fields=["status"], name="request_status"),
            models.Index(fields=["urgency"], name="request_urgency"),
            models.Index(fields=["requesting_organisation", "status"]),
            models.Index(fields=["addressed_organisation", "status"]),
            models.Index(fields=["routed_via", "status"]),
            models.Index(
                fields=["due_at"],
                name="open_request_due",
                condition=Q(status__in=["submitted", "under_assessment"]),
            ),
            # The tasking desk in its order (selectors.DeskQueue): urgency, then age, of
            # open requests to the NCA; due_at and marking let its count and its filters
            # read the index alone.
            models.Index(
                URGENCY_RANK,
                F("submitted_at"),
                F("id"),
                F("due_at"),
                F("marking"),
                name="open_request_desk",
                condition=Q(direction="to_nca", status__in=["submitted", "under_assessment"]),
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.summary}"

    def get_absolute_url(self):
        return reverse("tasking:request", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"TR-{self.pk:06d}"

    # ASCII digits only, and no more than an id can hold: `str.isdigit()` also accepts
    # "²", which int() then refuses (issue 9 §4: `?search=²` was a 500).
    REFERENCE = re.compile(r"\s*(?:TR-?)?0*([0-9]{1,18})\s*", re.IGNORECASE | re.ASCII)

    @classmethod
    def id_from_reference(cls, text: str) -> int | None:
        """The id a reference names ("TR-000123", "tr123", "123"), or None."""
        match = cls.REFERENCE.fullmatch(text or "")
        return int(match.group(1)) if match else None

    @classmethod
    def access_scope(cls, user, action):
        """NCA staff see every request within their clearance; a ROCU, force or agency
        the requests it made, or that are addressed or routed to it; a PCC office none."""
        if action != "view":
            return None
        organisation = user.organisation_id
        return _nca_or(
            user,
            Q(requesting_organisation=organisation)
            | Q(addressed_organisation=organisation)
            | Q(routed_via=organisation),
        )

    # The moves of a request. Who may make each is in rules.py; services check it first.
    @transition(field=status, source=RequestStatus.DRAFT, target=RequestStatus.SUBMITTED)
    def submit(self):
        pass

    @transition(field=status, source=RequestStatus.SUBMITTED, target=RequestStatus.UNDER_ASSESSMENT)
    def assess(self):
        pass

    @transition(
        field=status,
        source=[RequestStatus.SUBMITTED, RequestStatus.UNDER_ASSESSMENT],
        target=RequestStatus.ACCEPTED,
    )
    def accept(self):
        pass

    @transition(
        field=status,
        source=[RequestStatus.SUBMITTED, RequestStatus.UNDER_ASSESSMENT],
        target=RequestStatus.DECLINED,
    )
    def decline(self):
        pass

    @transition(field=status, source=RequestStatus.ACCEPTED, target=RequestStatus.IN_PROGRESS)
    def start(self):
        pass

    @transition(field=status, source=RequestStatus.IN_PROGRESS, target=RequestStatus.COMPLETED)
    def complete(self):
        pass

    @transition(
        field=status,
        source=[RequestStatus.DRAFT, RequestStatus.SUBMITTED, RequestStatus.UNDER_ASSESSMENT],
        target=RequestStatus.WITHDRAWN,
    )
    def withdraw(self):
        pass


@pghistory.track()
class ChargeAgreement(models.Model):
    """The exception: a charge for a service to a partner (PCC §7, §21; OP §10). The
    NCA's tasking desk proposes it with the reason it is an exception, an NCA director or
    above approves it before the partner hears of it, and the partner's chief officer (or
    their delegate) agrees it; the PCC office of the force then sees it. Without an
    agreed charge a request carries no charge. Its terms and reason are read by the PCC
    office, so they are written at OFFICIAL."""

    request = models.OneToOneField(
        TaskingRequest, on_delete=models.PROTECT, related_name="charge_agreement"
    )
    terms = models.TextField()
    exception_reason = models.TextField(
        help_text="Why this service is charged, when services to partners are free."
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(approved_at__isnull=False),
                name="a_charge_is_approved_before_it_is_agreed",
            ),
            models.CheckConstraint(
                condition=~Q(exception_reason=""), name="a_charge_says_why_it_is_an_exception"
            ),
        ]

    def __str__(self):
        return f"Charge on {self.request.reference}"

    @property
    def agreed(self) -> bool:
        return self.accepted_at is not None

    @property
    def approved(self) -> bool:
        return self.approved_at is not None

    @property
    def stage(self) -> str:
        if self.agreed:
            return "Agreed"
        if self.approved:
            return "Waiting for the partner's chief officer"
        return "Waiting for a director's approval"

    @classmethod
    def access_scope(cls, user, action):
        """The NCA sees every charge on a request within its clearance; the requesting
        partner its own once a director approved it; a PCC office the agreed charges of
        the forces it governs, a ROCU's included (PCC §15, §21). Only the services write."""
        if action != "view":
            return None
        within = Q(request__marking__in=markings_visible_to(user))
        if user.organisation.is_nca:
            return within
        if user.organisation.kind == OrganisationKind.PCC_BODY:
            if Role.PCC_OFFICE not in user.roles:
                return None
            return Q(accepted_at__isnull=False) & Q(
                request__requesting_organisation__in=charge_forces_governed_by(user.organisation)
            )
        return within & Q(
            request__requesting_organisation=user.organisation_id, approved_at__isnull=False
        )


class Decision(models.Model):
    """A lead, support or coordinate decision, with the tests, context and rationale
    behind it (OP §5, §14-§17). Append-only: a later decision supersedes, never erases."""

    request = models.ForeignKey(
        TaskingRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    operation = models.ForeignKey(
        Operation, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    sequence = models.PositiveIntegerField(help_text="1, 2, 3… within its operation or request.")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    lead_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who leads the activity after this decision.",
    )
    # The four tests of the NCA commitment (OP §5), each with its evidence.
    priority_target = models.BooleanField()
    priority_target_evidence = models.TextField(blank=True)
    specialist_capability = models.BooleanField()
    specialist_capability_evidence = models.TextField(blank=True)
    urgent_action = models.BooleanField()
    urgent_action_evidence = models.TextField(blank=True)
    beyond_partner_capability = models.BooleanField()
    beyond_partner_capability_evidence = models.TextField(blank=True)
    # The context (OP Annex B, §16).
    highest_risk = models.BooleanField(default=False)
    several_jurisdictions = models.BooleanField(default=False)
    international = models.BooleanField(default=False)
    high_sophistication = models.BooleanField(default=False)
    partner_statutory_duties = models.TextField(blank=True)
    # Risk, Response and Results (OP §14).
    risk = models.TextField(blank=True)
    response = models.TextField(blank=True)
    results = models.TextField(blank=True)
    # The National Decision Model, stage by stage (OP §14, footnote 9).
    ndm_information = models.TextField("information and intelligence", blank=True)
    ndm_assessment = models.TextField("assessment of threat and risk", blank=True)
    ndm_powers_and_policy = models.TextField("powers and policy", blank=True)
    ndm_options = models.TextField("options and contingencies", blank=True)
    ndm_action_and_review = models.TextField("action and review", blank=True)
    suggested_outcome = models.CharField(max_length=20, choices=Outcome.choices)
    suggestion_reasons = ArrayField(models.TextField(), default=list)
    departure_reason = models.TextField(
        blank=True, help_text="Why the decision departs from the portal's suggestion."
    )
    rationale = models.TextField()
    decision_maker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions_made"
    )
    decided_at = models.DateTimeField(help_text="When the decision was made.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions_recorded"
    )
    recorded_at = models.DateTimeField(auto_now_add=True, help_text="When it was entered.")
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)

    objects = RestrictedManager()

    class Meta:
        ordering = ["sequence"]
        constraints = [
            models.CheckConstraint(
                condition=Q(request__isnull=False) | Q(operation__isnull=False),
                name="a_decision_is_on_a_request_or_an_operation",
            ),
            models.UniqueConstraint(
                fields=["operation", "sequence"],
                condition=Q(operation__isnull=False),
                name="one_decision_per_operation_sequence",
            ),
            models.UniqueConstraint(
                fields=["request", "sequence"],
                condition=Q(operation__isnull=True),
                name="one_decision_per_request_sequence",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self):
        subject = self.operation or self.request
        return f"Decision {self.sequence} on {subject}: {self.get_outcome_display()}"

    @property
    def departs_from_suggestion(self) -> bool:
        return self.outcome != self.suggested_outcome

    @classmethod
    def access_scope(cls, user, action):
        """A decision is visible to whoever may see its request or operation."""
        if action != "view":
            return None
        return Q(request__in=TaskingRequest.objects.restrict(user)) | Q(
            operation__in=Operation.objects.restrict(user)
        )


class DeconflictionAlert(models.Model):
    """A possible overlap between a record of one organisation and an active target or
    operation of another. Both owners are told that it exists and whom to contact
    (OP Annex A: the NCA provides deconfliction services)."""

    # What raised it: a target (created, renamed, or given an alias) or a request.
    raised_by_target = models.ForeignKey(
        Target, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts_raised"
    )
    raised_by_request = models.ForeignKey(
        TaskingRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts_raised",
    )
    raised_name = models.CharField(max_length=200)
    raising_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    # What it may overlap with.
    matched_target = models.ForeignKey(
        Target, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts_matched"
    )
    matched_operation = models.ForeignKey(
        Operation, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts_matched"
    )
    matched_name = models.CharField(max_length=200)
    matched_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    similarity = models.FloatField()
    marking = models.CharField(
        max_length=20, choices=Marking.choices, help_text="The higher of the two records'."
    )
    status = models.CharField(
        max_length=10, choices=DeconflictionStatus.choices, default=DeconflictionStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One alert per pair of records, whatever raised it; the unused side of each
            # pair is NULL, so NULLs count as equal within a constraint's own kind.
            models.UniqueConstraint(
                fields=["raised_by_target", "matched_target", "matched_operation"],
                condition=Q(raised_by_target__isnull=False),
                name="one_alert_per_target_pair",
                nulls_distinct=False,
            ),
            models.UniqueConstraint(
                fields=["raised_by_request", "matched_target", "matched_operation"],
                condition=Q(raised_by_request__isnull=False),
                name="one_alert_per_request_pair",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(raised_by_target__isnull=False) | Q(raised_by_request__isnull=False),
                name="an_alert_is_raised_by_a_target_or_a_request",
            ),
            models.CheckConstraint(
                condition=Q(matched_target__isnull=False) | Q(matched_operation__isnull=False),
                name="an_alert_matches_a_target_or_an_operation",
            ),
        ]

    def __str__(self):
        return f"Possible overlap: {self.raised_name} ~ {self.matched_name}"

    def get_absolute_url(self):
        return reverse("tasking:alert", args=[self.pk])

    @classmethod
    def access_scope(cls, user, action):
        """The NCA (the deconfliction service) and the two owners; nobody else. Either
        may mark it resolved; nobody deletes it."""
        if action == "delete":
            return None
        return _nca_or(
            user,
            Q(raising_organisation=user.organisation_id)
            | Q(matched_organisation=user.organisation_id),
        )


@pghistory.track()
class OutsidePriorities(models.Model):
    """The DG's decision that the NCA pursue an operation outside its strategic and
    operational priorities, with the reason, and whether the Home Office was consulted
    (PCC Annex A ¶2; Crime and Courts Act 2013 s.4(1))."""

    operation = models.OneToOneField(
        Operation, on_delete=models.PROTECT, related_name="outside_priorities"
    )
    reason = models.TextField()
    home_office_consulted = models.BooleanField("the Home Office was consulted")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = "decision to act outside the priorities"
        verbose_name_plural = "decisions to act outside the priorities"

    def __str__(self):
        return f"{self.operation}: pursued outside the priorities"

    @classmethod
    def access_scope(cls, user, action):
        """Seen with its operation; recorded by the DG only (rules.check_may_decide_
        outside_priorities)."""
        if action == "view":
            return in_array("operation_id", Operation.objects.restrict(user).values("pk"))
        return None


class OperationResultQuerySet(RestrictedQuerySet):
    def occurred_between(self, start, end):
        return self.filter(occurred_on__gte=start, occurred_on__lte=end)


@pghistory.track()
class OperationResult(models.Model):
    """One result of an operation, recorded as it happens (PCC §9, PCC §14 "Results"):
    a criminal-justice outcome (people arrested, charged, convicted), asset denial (in
    pounds, seized or restrained), or a prevention or other disruption with its
    significance. `owner` is the organisation whose result it is and `nca_role` the
    NCA's part in it, so a result the NCA supported counts as support, not as its own."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="results")
    kind = models.CharField(max_length=20, choices=ResultKind.choices)
    occurred_on = models.DateField()
    summary = models.CharField(max_length=300)
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    priority = models.ForeignKey(
        "priorities.Priority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="results",
        help_text="The priority it serves; none only where the DG decided the operation "
        "is pursued outside the priorities.",
    )
    people = models.PositiveIntegerField(
        null=True, blank=True, help_text="People arrested, charged or convicted."
    )
    amount = models.DecimalField(
        "amount (£)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    significance = models.CharField(max_length=10, choices=Significance.choices, blank=True)
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="results_owned")
    nca_role = models.CharField(max_length=20, choices=NcaRole.choices)
    force = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="results_in_area",
        help_text="The force area it happened in, where it happened in one.",
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="results"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager.from_queryset(OperationResultQuerySet)()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["-occurred_on", "-id"], name="result_newest_first"),
            models.Index(fields=["priority", "occurred_on"], name="result_priority_day"),
            models.Index(fields=["force", "occurred_on"], name="result_force_day"),
            models.Index(fields=["region", "occurred_on"], name="result_region_day"),
            models.Index(fields=["operation", "occurred_on"], name="result_operation_day"),
        ]
        constraints = [
            models.CheckConstraint(
                name="result_figures_fit_its_kind",
                condition=(
                    Q(
                        kind__in=PEOPLE_RESULTS,
                        people__gte=1,
                        amount__isnull=True,
                        significance="",
                    )
                    | Q(
                        kind__in=ASSET_RESULTS,
                        people__isnull=True,
                        amount__gt=0,
                        significance="",
                    )
                    | (
                        Q(kind__in=GRADED_RESULTS, people__isnull=True, amount__isnull=True)
                        & ~Q(significance="")
                    )
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.occurred_on:%d %B %Y}: {self.summary}"

    def get_absolute_url(self):
        return f"{self.operation.get_absolute_url()}#result-{self.pk}"

    @property
    def figure(self) -> str:
        """The result's figure in words: "3 people", "£1,250.50", "Major"."""
        if self.people is not None:
            return f"{self.people:,} {'person' if self.people == 1 else 'people'}"
        if self.amount is not None:
            return f"£{self.amount:,.2f}"
        return self.get_significance_display()

    @classmethod
    def access_scope(cls, user, action):
        """Seen by whoever may see its operation, the operation's marking as well as the
        result's within their clearance, so that a result never shows an operation its
        reader may not see; recorded through the service (rules.check_may_record_result)."""
        if action != "view":
            return None
        scope = _nca_or(
            user,
            in_array(
                "operation_id", Operation.objects.involving(user.organisation_id).values("pk")
            ),
        )
        if scope is None:
            return None
        return scope & Q(operation__marking__in=markings_visible_to(user))


@pghistory.track()
class PerformanceQuestion(Dated, models.Model):
    """One of the Agency's Key Performance Questions (PCC §14, OP §14 "Results"),
    answered for a period from the results of the kinds it names. The documents say
    there are four; their wording is the Agency's, kept as data."""

    number = models.PositiveSmallIntegerField()
    wording = models.CharField(max_length=300)
    result_kinds = ArrayField(
        models.CharField(max_length=20, choices=ResultKind.choices),
        help_text="The kinds of result that answer it.",
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["number", "starts_on"]
        constraints = [
            _ends_after_it_starts("question_ends_after_it_starts"),
            _one_at_a_time("one_wording_of_a_question_at_a_time", "number"),
        ]

    def __str__(self):
        return f"KPQ {self.number}: {self.wording}"
