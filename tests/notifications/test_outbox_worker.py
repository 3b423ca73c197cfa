"""The outbox, end to end: a real SMTP server (aiosmtpd) on 127.0.0.1, a real Celery
worker and a Redis of the test's own, stopped and started. Each e-mail reaches the
server exactly once, and a resend after a crash is the same message (same Message-ID)."""

import datetime
import threading
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction
from django.utils import timezone

from directory.choices import Clearance, Role
from governance import services as governance
from notifications import services
from notifications.models import OutboxEmail
from notifications.tasks import deliver_email, send_unsent_emails, write_daily_digests
from tests.celery_broker import broker, free_port
from tests.conftest import person
from tests.engagement.conftest import issue
from tests.governance.conftest import meeting_of
from tests.workers import finished_tasks, wait_for, wait_until_run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(committed_reference_data):
    dg = person("dg", "National Crime Agency", Role.DIRECTOR_GENERAL, clearance=Clearance.DV)
    person("kent-pcc", "Police and Crime Commissioner for Kent", Role.PCC_OFFICE,
           clearance=Clearance.BPSS, email="kent-pcc@kent-pcc.example")  # fmt: skip
    secretariat = person("secretariat", "National Crime Agency", Role.SECRETARIAT)
    owner = person("tasking", "National Crime Agency", Role.TASKING_OFFICER,
                   email="tasking@nca.example")  # fmt: skip
    return {"dg": dg, "secretariat": secretariat, "owner": owner}


def give_an_action(people):
    meeting = meeting_of(
        "nttcg", starts_at=timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1)
    )
    return governance.action_create(
        actor=people["secretariat"], meeting=meeting, description="Brief the regions.",
        owner=people["owner"], due_on=timezone.localdate() + datetime.timedelta(days=7),
    )  # fmt: skip


def all_sent() -> bool:
    return not OutboxEmail.objects.filter(sent_at__isnull=True).exists()


@pytest.fixture
def no_broker():
    """No Redis answers as the broker: what is written waits for the sweeper."""
    with broker(f"redis://127.0.0.1:{free_port()}/0"):
        yield


def worker(app):
    return start_worker(app, perform_ping_check=False, shutdown_timeout=20)


EXPECTED = ["kent-pcc@kent-pcc.example", "tasking@nca.example"]


def test_written_while_the_worker_is_down_each_email_is_sent_once_when_it_returns(
    own_redis, people, smtp
):
    with broker(own_redis.url) as app:
        issue(people["dg"])
        give_an_action(people)
        assert own_redis.queued() == 2  # waiting for a worker: nothing else sends them
        assert smtp.to() == []
        with finished_tasks() as finished, worker(app):
            wait_for(all_sent)
            # Late duplicates of the tasks and another sweep change nothing.
            wait_until_run(
                finished,
                *(
                    deliver_email.delay(pk)
                    for pk in OutboxEmail.objects.values_list("pk", flat=True)
                ),
                send_unsent_emails.delay(),
            )
    assert smtp.to() == EXPECTED
    ids = {row.address: row.message_id for row in OutboxEmail.objects.all()}
    assert {m["To"]: m["Message-ID"] for m in smtp.messages} == ids


def test_written_while_redis_is_down_the_sweeper_sends_them(own_redis, people, smtp):
    with broker(own_redis.url) as app:
        own_redis.stop()
        started = time.monotonic()
        issue(people["dg"])  # commits; the hand-over to Celery fails and is logged
        give_an_action(people)
        assert time.monotonic() - started < 10
        assert OutboxEmail.objects.filter(sent_at__isnull=True).count() == 2

        own_redis.start()
        assert own_redis.queued() == 0  # nothing was queued: only the sweeper sends them
        with finished_tasks() as finished, worker(app):
            wait_until_run(finished, send_unsent_emails.delay())  # as beat does every minute
            wait_until_run(finished, send_unsent_emails.delay())
    assert all_sent()
    assert smtp.to() == EXPECTED


def test_a_resend_after_a_crash_is_the_same_message(people, smtp, no_broker):
    """A crash after the server accepted the e-mail and before its row was marked sent
    sends it again: with the same Message-ID, so that mail systems can drop the copy."""
    issue(people["dg"])
    assert services.emails_send_unsent() == 1
    sent = OutboxEmail.objects.get()
    OutboxEmail.objects.filter(pk=sent.pk).update(sent_at=None)  # as if it never committed
    assert services.emails_send_unsent() == 1
    first, second = smtp.messages
    assert first["Message-ID"] == second["Message-ID"] == sent.message_id


def test_two_senders_at_once_send_an_email_once(people, smtp, no_broker):
    issue(people["dg"])
    email_id = OutboxEmail.objects.get().pk
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        from django.db import connection

        try:
            start.wait()
            results.append(services.email_send(email_id=email_id))
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
    assert smtp.to() == ["kent-pcc@kent-pcc.example"]


def test_the_digest_task_run_twice_sends_one_digest(own_redis, people, smtp):
    owner = people["owner"]
    services.preferences_set(actor=owner, choices={"action_given": "daily_digest"})
    with broker(own_redis.url) as app:
        give_an_action(people)
        with transaction.atomic():
            services.notify(
                [owner], kind="minutes_circulated", text="The NTTCG's minutes are ready.",
                link="/governance/",
            )  # fmt: skip
        assert OutboxEmail.objects.count() == 0
        with finished_tasks() as finished, worker(app):
            wait_until_run(finished, write_daily_digests.delay(), write_daily_digests.delay())
            wait_for(all_sent)
    [digest] = smtp.messages
    assert digest["To"] == "tasking@nca.example"
    body = digest.get_payload(decode=True).decode()
    assert "Brief the regions." in body
    assert "The NTTCG's minutes are ready." in body
