"""Celery tasks: thin, by id, idempotent; the services do the work."""

from celery import shared_task

from . import services


@shared_task
def escalate_overdue_notices() -> int:
    """Daily (Celery beat): escalate notices not acknowledged in time; the e-mails go
    through the notification centre's outbox."""
    return services.notices_escalate_overdue()
