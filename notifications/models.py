from django.conf import settings
from django.db import models
from django.db.models import Q

from directory.access import RestrictedManager
from directory.choices import Marking, Role

from .choices import Delivery, Kind


class OutboxEmail(models.Model):
    """The transactional outbox: one e-mail owed to one person, written in the
    transaction that owes it, sent by Celery and swept again until sent. Its Message-ID
    is fixed when the row is written, so a resend after a crash is the same message."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    address = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    message_id = models.CharField(max_length=255, unique=True)
    digest_on = models.DateField(
        null=True, blank=True, help_text="The day whose digest this is; empty for one notice."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "digest_on"],
                condition=Q(digest_on__isnull=False),
                name="one_digest_per_person_per_day",
            )
        ]
        indexes = [
            models.Index(
                fields=["created_at"], name="outbox_email_unsent", condition=Q(sent_at__isnull=True)
            )
        ]

    def __str__(self):
        return f"{self.subject} to {self.address}"

    @classmethod
    def access_scope(cls, user, action):
        """Portal administrators may see what is unsent and why; nobody changes it."""
        return Q() if action == "view" and Role.ADMIN in user.roles else None


class Notification(models.Model):
    """A message in the portal for one person. Its text is shown only to a reader whose
    clearance covers its marking (rules.message_for_reader); it is e-mailed at most once,
    by the one outbox e-mail that carries it."""

    # A notification is its recipient's own: one above their clearance (now lapsed, or
    # never held) is still listed, with a generic line instead of its text.
    hidden_above_clearance = False

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=300)
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    delivery = models.CharField(max_length=20, choices=Delivery.choices)
    email = models.ForeignKey(
        OutboxEmail,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
        help_text="The e-mail that carries it, at once or in a digest.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                name="notification_unread",
                condition=Q(read_at__isnull=True),
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(
                fields=["created_at"],
                name="notification_digest_owed",
                condition=Q(delivery=Delivery.DAILY_DIGEST, email__isnull=True),
            ),
        ]

    def __str__(self):
        return self.text

    @classmethod
    def access_scope(cls, user, action):
        """A person's own notifications only."""
        return Q(recipient=user.pk)


class Preference(models.Model):
    """How one kind of notification reaches one person; without a row, the default
    (rules.default_delivery)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    delivery = models.CharField(max_length=20, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.person}: {self.get_kind_display()} {self.get_delivery_display()}"
