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
def deliver_email(email_id: int) -> bool:
    """Send one outbox e-mail. Retried with back-off; the sweeper takes over whatever is
    still unsent after the retries."""
    return services.email_send(email_id=email_id)


@shared_task
def send_unsent_emails() -> int:
    """Every minute (Celery beat): send what was not sent, e.g. because Redis or the
    worker was down when it was written."""
    return services.emails_send_unsent()


@shared_task
def write_daily_digests() -> int:
    """Daily (Celery beat): each person's digest of what they chose to receive so."""
    return services.digests_write()
