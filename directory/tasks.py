from celery import shared_task
from django.db import OperationalError

from . import services

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def purge_expired_credentials() -> dict[str, int]:
    return services.credentials_purge_expired()


@shared_task(**RETRY)
def remind_clearance_reviews() -> int:
    """Tell people, their line managers and the administrators of clearance reviews that
    fall due soon; safe to run twice (issue 9 §3)."""
    return services.clearance_reviews_remind()


@shared_task(**RETRY)
def apply_rocu_memberships() -> int:
    """A move of ROCU dated in the reference data takes effect on its day (OP §21)."""
    return services.rocu_memberships_apply()
