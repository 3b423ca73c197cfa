from celery import shared_task
from django.db import OperationalError

from . import services

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def alert_commitments_at_risk() -> int:
    """Daily (Celery beat): tell owners of commitments due soon or missed; safe to run
    twice (issue 13 §3)."""
    return services.commitments_alert()
