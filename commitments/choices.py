from django.db import models


class Status(models.TextChoices):
    MET = "met", "Met"
    DUE_SOON = "due_soon", "Due soon"
    MISSED = "missed", "Missed"
    NOT_SET = "not_set", "No cadence set"


# What reaches a commitment's owners through the notification centre.
AT_RISK = (Status.DUE_SOON, Status.MISSED)


class ScopeKind(models.TextChoices):
    NATIONAL = "national", "National"
    REGION = "region", "Regional"
    GOVERNING_BODY = "governing_body", "Governing body"
