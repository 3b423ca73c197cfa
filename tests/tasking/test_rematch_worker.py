"""Names matched again after a change of the generic words, end to end: a real Celery
worker and a Redis of the test's own, stopped and started. The change commits at once;
the worker, or the beat sweep when Redis was down, matches the names again, once."""

import threading
import time

import pytest
from celery.contrib.testing.worker import start_worker

from directory.choices import Role
from tasking import services
from tasking.models import GenericWord, NameRematch, TargetName
from tasking.tasks import rematch_names, rematch_pending_names
from tests.celery_broker import broker, free_port
from tests.conftest import person
from tests.workers import finished_tasks, wait_for, wait_until_run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(committed_reference_data):
    return {
        "desk": person("tasking", "National Crime Agency", Role.TASKING_OFFICER),
        "hampshire": person(
            "hants", "Hampshire and Isle of Wight Constabulary", Role.FORCE_OFFICER
        ),
    }


def kestrel_cartel(people):
    target = services.target_create(
        actor=people["hampshire"], name="The Kestrel Cartel", kind="group"
    )
    return TargetName.objects.get(target=target)


def matching(name: TargetName) -> str:
    return TargetName.objects.get(pk=name.pk).matching


def all_done() -> bool:
    return not NameRematch.objects.filter(done_at__isnull=True).exists()


def worker(app):
    return start_worker(app, perform_ping_check=False, shutdown_timeout=20)


def test_the_change_commits_at_once_and_the_worker_matches_the_names_again(own_redis, people):
    with broker(own_redis.url) as app:
        name = kestrel_cartel(people)
        services.generic_word_add(actor=people["desk"], word="cartel")
        assert own_redis.queued() == 1  # handed over after commit, waiting for a worker
        assert matching(name) == "kestrel cartel"
        with finished_tasks() as finished, worker(app):
            wait_for(all_done)
            assert matching(name) == "kestrel"
            # A late duplicate of the task and another sweep change nothing.
            done_at = NameRematch.objects.get().done_at
            rematch_id = NameRematch.objects.get().pk
            wait_until_run(finished, rematch_names.delay(rematch_id), rematch_pending_names.delay())
    assert NameRematch.objects.get().done_at == done_at
    assert matching(name) == "kestrel"


def test_changed_while_redis_is_down_the_sweep_matches_the_names_again(own_redis, people):
    with broker(own_redis.url) as app:
        name = kestrel_cartel(people)
        own_redis.stop()
        started = time.monotonic()
        services.generic_word_add(actor=people["desk"], word="cartel")  # the hand-over fails
        assert time.monotonic() - started < 10
        assert GenericWord.objects.filter(word="cartel").exists()
        assert not all_done()
        assert matching(name) == "kestrel cartel"

        own_redis.start()
        assert own_redis.queued() == 0  # nothing was queued: only the sweep matches them
        with finished_tasks() as finished, worker(app):
            wait_until_run(finished, rematch_pending_names.delay())  # as beat does
    assert all_done()
    assert matching(name) == "kestrel"


def test_two_workers_at_once_match_the_names_again_once(people):
    name = kestrel_cartel(people)
    with broker(f"redis://127.0.0.1:{free_port()}/0"):  # no broker: the change waits
        services.generic_word_add(actor=people["desk"], word="cartel")
    rematch_id = NameRematch.objects.get().pk
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        from django.db import connection

        try:
            start.wait()
            results.append(services.name_rematch_run(rematch_id=rematch_id))
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
    assert sorted(results) == [0, 1]
    assert matching(name) == "kestrel"
