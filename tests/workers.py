"""Waiting for a real Celery worker, without guessing how long it takes.

A test that sleeps and then asserts that nothing happened cannot fail when the worker is
simply slower than the sleep. These helpers wait for the very tasks the test sent to
finish: `celery.contrib.testing.worker.start_worker` runs the worker in this process, so
Celery's `task_postrun` signal tells us which task ids have run.
"""

import time
from contextlib import contextmanager

from celery.signals import task_postrun


def wait_for(predicate, *, timeout=30.0, what="the worker"):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"{what} did not finish within {timeout} s"
        time.sleep(0.05)


@contextmanager
def finished_tasks():
    """The ids of the tasks that have finished running since the block began."""
    finished: set[str] = set()

    def record(task_id=None, **kwargs):
        finished.add(task_id)

    task_postrun.connect(record, weak=False)
    try:
        yield finished
    finally:
        task_postrun.disconnect(record)


def wait_until_run(finished: set[str], *results, timeout=60.0):
    """Wait until the tasks behind `results` (what `.delay()` returned) have run."""
    ids = {result.id for result in results}
    wait_for(lambda: ids <= finished, timeout=timeout, what=f"the tasks {sorted(ids)}")
