"""Celery tasks: thin, by id, idempotent; the services do the work."""

from celery import shared_task

from . import services


@shared_task(
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=12,
)
def process_outbox_message(message_id: int) -> bool:
    """Deliver one notice or escalation. Retried with backoff; the sweeper takes over
    whatever is still pending after the retries."""
    return services.outbox_message_process(message_id=message_id)


@shared_task
def deliver_pending_notices() -> int:
    """Every minute (Celery beat): deliver what was not delivered, e.g. because Redis or
    the worker was down when a direction was issued."""
    return services.outbox_deliver_pending()


@shared_task
def escalate_overdue_notices() -> int:
    """Daily (Celery beat): escalate notices not acknowledged in time."""
    return services.notices_escalate_overdue()
