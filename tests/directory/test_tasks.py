import datetime

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from directory.models import ApiToken
from directory.services import api_token_issue, credentials_purge_expired
from directory.tasks import purge_expired_credentials
from nca_portal.celery import app as celery_app
from tests.workers import finished_tasks, wait_until_run

LONG_AGO = datetime.timedelta(days=2)


def expired_and_fresh_credentials(expired_user, fresh_user):
    now = timezone.now()
    Session.objects.create(session_key="expired", session_data="", expire_date=now - LONG_AGO)
    Session.objects.create(session_key="fresh", session_data="", expire_date=now + LONG_AGO)
    expired, _ = api_token_issue(actor=expired_user, name="Nightly export")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=now - LONG_AGO)
    api_token_issue(actor=fresh_user, name="Nightly export")


@pytest.mark.django_db
def test_the_purge_removes_expired_credentials_and_a_second_run_does_nothing(
    kent_officer, essex_pcc_office
):
    expired_and_fresh_credentials(kent_officer, essex_pcc_office)
    assert credentials_purge_expired() == {"sessions": 1, "tokens": 1}
    assert credentials_purge_expired() == {"sessions": 0, "tokens": 0}
    assert Session.objects.filter(session_key="fresh").exists()
    assert ApiToken.objects.filter(user=essex_pcc_office).exists()


@pytest.mark.django_db
def test_beat_has_the_purge_scheduled_once_however_often_reference_data_loads():
    call_command("load_reference_data")
    call_command("load_reference_data")
    task = PeriodicTask.objects.get(task="directory.tasks.purge_expired_credentials")
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == (
        "3",
        "15",
        "Europe/London",
    )


@pytest.mark.django_db(transaction=True)
def test_a_celery_worker_runs_the_purge_through_redis(committed_reference_data):
    from tests.conftest import person

    kent = person("kent-officer", "Kent Police", "force_officer")
    essex = person("essex-pcc", "Police, Fire and Crime Commissioner for Essex", "pcc_office")
    expired_and_fresh_credentials(kent, essex)
    with (
        finished_tasks() as finished,
        start_worker(celery_app, perform_ping_check=False, shutdown_timeout=10),
    ):
        wait_until_run(finished, purge_expired_credentials.delay())
    assert not ApiToken.objects.filter(user=kent).exists()
    assert ApiToken.objects.filter(user=essex).exists()
