import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from directory.choices import Marking


class AccessEventKind(models.TextChoices):
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    SIGN_OUT = "sign_out", "Signed out"
    READ = "read", "Read a marked record"
    LIST = "list", "Read a list of marked records"


class AccessEvent(models.Model):
    """Who signed in, who failed to, and who read what marked record: one entry for a
    record read on its own, and one for each list, search or export response, naming
    every marked record it returned (`object_ids`; `marking` is the highest of them).
    Append-only: the database refuses to update or delete a row."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=20, choices=AccessEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(max_length=10, blank=True, help_text="web or api")
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    marking = models.CharField(max_length=20, choices=Marking.choices, blank=True)
    # A list, search or export: every marked record it returned, as "type:id:marking".
    object_ids = ArrayField(models.CharField(max_length=140), default=list, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"
