import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from directory.access import RestrictedManager
from directory.choices import Marking
from directory.models import Organisation, Region

from .choices import EntryKind


@pghistory.track()
class ActivityEntry(models.Model):
    """Something that happened, or is planned to happen, written by the app that owns it
    in the same transaction as the change itself."""

    kind = models.CharField(max_length=30, choices=EntryKind.choices, db_index=True)
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    occurs_at = models.DateTimeField(
        db_index=True, help_text="When it happened or, for a plan, when it is planned for."
    )
    urgent = models.BooleanField(default=False)
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_type = models.CharField(max_length=100, blank=True, help_text="app_label.model")
    source_id = models.CharField(max_length=64, blank=True)
    link = models.CharField(max_length=300, blank=True, help_text="The source's page, if any.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-occurs_at"]
        verbose_name_plural = "activity entries"
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self):
        return f"{self.occurs_at:%Y-%m-%d %H:%M} {self.get_kind_display()}: {self.summary}"

    @classmethod
    def access_scope(cls, user, action):
        """The NCA sees the whole feed within clearance (it runs the national DBM);
        a partner sees its own organisation's entries. Nobody edits the feed."""
        if action != "view":
            return None
        if user.organisation.is_nca:
            return Q()
        return Q(organisation=user.organisation_id)
