from django.contrib import admin

from directory.admin_base import ReadOnlyAdmin

from .models import OutboxEmail


@admin.register(OutboxEmail)
class OutboxEmailAdmin(ReadOnlyAdmin):
    """The outbox, to see what is unsent and why (the sweeper retries every minute;
    `manage.py deliver_notices` at once)."""

    list_display = ["__str__", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = ["sent_at"]
    fields = [
        "recipient", "address", "subject", "body", "message_id", "digest_on", "created_at",
        "sent_at", "attempts", "last_attempt_at", "last_error",
    ]  # fmt: skip
    readonly_fields = fields
