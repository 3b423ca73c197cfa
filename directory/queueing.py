"""Handing committed work to Celery, for every app: called after commit
(`transaction.on_commit`), it never holds up nor undoes the write that owes the work.
Whatever the worker is handed is also stored, so a beat sweep finds what never reached
it (Redis or the worker down) and does it then."""

import logging

logger = logging.getLogger(__name__)


def enqueue(task, calls, *, otherwise: str) -> None:
    """Queue `task` once per arguments in `calls`. If Redis is down the failure is
    logged, saying what happens to the work `otherwise` ("the sweeper sends them")."""
    try:
        # kombu would otherwise keep retrying a dead broker for seconds inside the request.
        with task.app.connection_for_write() as connection:
            connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0.1, interval_max=0.1
            )
            for args in calls:
                task.apply_async(args=args, retry=False, connection=connection)
    except Exception:
        logger.warning("%s %s could not be queued: %s.", task.name, calls, otherwise, exc_info=True)
