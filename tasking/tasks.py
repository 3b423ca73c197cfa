"""Celery tasks of tasking: thin, by id, safe to run twice or twice at once; the
services do the work."""

from celery import shared_task
from django.db import OperationalError

from . import services

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def rematch_names(rematch_id: int) -> int:
    """After a change of the generic words commits: match again the names it concerns."""
    return services.name_rematch_run(rematch_id=rematch_id)


@shared_task(**RETRY)
def rematch_pending_names() -> int:
    """Every five minutes (Celery beat): the changes of the generic words whose names are
    not yet matched again, e.g. because Redis or the worker was down."""
    return services.name_rematches_run_pending()
