"""The settings of the commitments monitor, and the alerts it has sent."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from directory.access import RestrictedManager, has_role
from directory.choices import Role

from .choices import AT_RISK, ScopeKind, Status


class CommitmentSettings(models.Model):
    """The numbers the documents do not give, as settings the governance secretariat or a
    portal administrator may change (DOMAIN.md: not guesses baked into code). One row."""

    due_soon_days = models.PositiveSmallIntegerField(
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="How many days before it falls due a commitment reads as due soon.",
    )
    circulation_days = models.PositiveSmallIntegerField(
        default=91,
        validators=[MinValueValidator(7), MaxValueValidator(366)],
        help_text=(
            "The longest a PCC governing body goes without a key intelligence report "
            "circulated to it: how often “circulated periodically” is."
        ),
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = verbose_name_plural = "commitment settings"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="one_commitment_settings"),
            models.CheckConstraint(
                condition=Q(due_soon_days__gte=1, due_soon_days__lte=90),
                name="due_soon_days_1_to_90",
            ),
            models.CheckConstraint(
                condition=Q(circulation_days__gte=7, circulation_days__lte=366),
                name="circulation_days_7_to_366",
            ),
        ]

    def __str__(self):
        return "Commitment settings"

    @classmethod
    def current(cls) -> "CommitmentSettings":
        row, _ = cls.objects.get_or_create(pk=1)
        return row

    @classmethod
    def access_scope(cls, user, action):
        """The NCA reads them; the secretariat and portal administrators change them."""
        if action == "view" and user.organisation.is_nca:
            return Q()
        if action == "change" and has_role(user, Role.SECRETARIAT, Role.ADMIN):
            return Q()
        return None


class CommitmentAlert(models.Model):
    """A commitment at risk was told to its owners: once per commitment, scope, due date
    and status, however often the daily job runs (the unique constraint). The job marks
    the day it last found it at risk, which the owners' home page reads."""

    code = models.CharField(max_length=40)
    scope_kind = models.CharField(max_length=20, choices=ScopeKind.choices)
    scope_id = models.PositiveIntegerField(default=0, help_text="The region or body; 0: national.")
    due_on = models.DateField(null=True, blank=True, help_text="Empty: never kept, no date.")
    status = models.CharField(max_length=20, choices=[(s.value, s.label) for s in AT_RISK])
    title = models.CharField(max_length=300)
    scope_name = models.CharField(max_length=200)
    owner_ids = ArrayField(
        models.PositiveIntegerField(), default=list, help_text="Who answers for it."
    )
    seen_on = models.DateField(help_text="The last day the daily job found it at risk.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "scope_kind", "scope_id", "due_on", "status"],
                name="a_commitment_at_risk_is_told_once",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(status__in=[Status.DUE_SOON, Status.MISSED]),
                name="an_alert_is_due_soon_or_missed",
            ),
        ]
        indexes = [GinIndex(fields=["owner_ids"], name="commitment_alert_owners")]

    def __str__(self):
        return f"{self.code} ({self.scope_kind} {self.scope_id}): {self.status} {self.due_on}"
