"""The notice owed to a PCC is never lost (PCC §20): with a real Celery worker and a
Redis of the test's own, stopped and started, a notice is delivered exactly once."""

import threading
import time
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection

from directory.choices import Clearance, Role
from engagement import services
from engagement.models import OutboxEmail, OutboxMessage, PccNotice
from engagement.tasks import deliver_pending_notices, process_outbox_message
from tests.conftest import person
from tests.engagement.celery_broker import OwnRedis, broker
from tests.engagement.conftest import issue
from tests.workers import finished_tasks, wait_for, wait_until_run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def own_redis():
    server = OwnRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def people(committed_reference_data):
    dg = person("dg", "National Crime Agency", Role.DIRECTOR_GENERAL, clearance=Clearance.DV)
    for username in ("kent-pcc", "kent-pcc-2"):
        person(username, "Police and Crime Commissioner for Kent", Role.PCC_OFFICE,
               clearance=Clearance.BPSS, email=f"{username}@kent-pcc.example")  # fmt: skip
    return dg


@contextmanager
def worker(app):
    with start_worker(app, perform_ping_check=False, shutdown_timeout=20):
        yield


def delivered(notice) -> bool:
    return PccNotice.objects.filter(pk=notice.pk, delivered_at__isnull=False).exists() and (
        not OutboxMessage.objects.filter(notice=notice, completed_at__isnull=True).exists()
    )


def assert_delivered_exactly_once(notice, mailoutbox):
    notice.refresh_from_db()
    assert notice.delivered_at is not None
    assert sorted(email.to[0] for email in mailoutbox) == [
        "kent-pcc-2@kent-pcc.example",
        "kent-pcc@kent-pcc.example",
    ]
    assert OutboxEmail.objects.filter(message__notice=notice, sent_at__isnull=False).count() == 2


def test_issued_while_broker_and_worker_are_down_the_notice_is_delivered_once_they_return(
    own_redis, people, mailoutbox
):
    with broker(own_redis.url) as app:
        own_redis.stop()
        started = time.monotonic()
        notice = issue(people).pcc_notice  # commits; the enqueue fails and is logged
        assert time.monotonic() - started < 5
        assert not delivered(notice)
        assert mailoutbox == []

        own_redis.start()
        with finished_tasks() as finished, worker(app):
            deliver_pending_notices.delay()  # as Celery beat does every minute
            wait_for(lambda: delivered(notice))
            # Another sweep and a late duplicate of the original task change nothing.
            wait_until_run(
                finished,
                deliver_pending_notices.delay(),
                process_outbox_message.delay(notice.outbox.get().pk),
            )
        assert_delivered_exactly_once(notice, mailoutbox)


def test_issued_while_the_worker_is_down_the_queued_task_delivers_once_it_returns(
    own_redis, people, mailoutbox
):
    with broker(own_redis.url) as app:
        notice = issue(people).pcc_notice
        assert own_redis.queued() == 1  # waiting for a worker: nothing else delivers it
        assert not delivered(notice)
        with finished_tasks() as finished, worker(app):
            wait_for(lambda: delivered(notice))
            # the task runs twice
            wait_until_run(finished, process_outbox_message.delay(notice.outbox.get().pk))
        assert_delivered_exactly_once(notice, mailoutbox)


def test_two_deliveries_of_one_notice_at_the_same_moment_send_each_email_once(people, mailoutbox):
    notice = issue(people).pcc_notice  # no broker answers here: the sweeper's work
    message = notice.outbox.get()
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            start.wait()
            results.append(services.outbox_message_process(message_id=message.pk))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(results) == [False, True]
    assert_delivered_exactly_once(notice, mailoutbox)
