import pghistory
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from directory.access import RestrictedQuerySet
from directory.models import Dated, DatedQuerySet, _ends_after_it_starts, _one_at_a_time

from .choices import PriorityKind, ThreatArea


class PriorityQuerySet(RestrictedQuerySet, DatedQuerySet):
    def in_force(self, day):
        return self.on(day).order_by("position", "code")


@pghistory.track()
class Priority(Dated, models.Model):
    """One version of a strategic or operational priority, in force from `starts_on` to
    `ends_on` (PCC §10-11, PCC Annex A). A priority keeps its `code` across versions;
    reworded or re-scoped, it gets a new version from the day the change applies, so what
    a target, request, operation or result served is read as it was on its day."""

    code = models.SlugField(max_length=60)
    version = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=20, choices=PriorityKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    threat_areas = ArrayField(
        models.CharField(max_length=40, choices=ThreatArea.choices), default=list, blank=True
    )
    set_by = models.CharField(max_length=120, help_text="Who set it, as the documents say.")
    source = models.CharField(max_length=80, help_text="Where the documents state it.")
    position = models.PositiveSmallIntegerField(default=0)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = PriorityQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code", "starts_on"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="priority_version_once"),
            _ends_after_it_starts("priority_ends_after_it_starts"),
            _one_at_a_time("one_version_of_a_priority_at_a_time", "code"),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def access_scope(cls, user, action):
        """The priorities are published to every partner (PCC Annex A ¶2: "transparency
        regarding NCA priorities"); they change only through the reference data."""
        return Q() if action == "view" else None
