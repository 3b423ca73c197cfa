"""Benchmarks of engagement, run by `manage.py run_benchmarks` (`make bench`).

"direction → notice e-mailed" issues a direction through the API (the notice is in the
PCC office's inbox when it commits) and waits until a Celery worker, started here
in-process against the portal's Redis, has sent the notice's e-mail from the
notification centre's outbox: the whole path a statutory notice takes (PCC §20). The
exact time from each notice's writing to its e-mail's sending, taken from the records'
own timestamps, is printed when the run ends. The benchmark's directions, notices and
notifications are removed then.
"""

import contextlib
import logging
import secrets
import time

import pgtrigger
from celery import current_app
from celery.contrib.testing.worker import start_worker
from django.test.utils import override_settings

from activity.models import ActivityEntry
from directory.choices import Clearance, Role
from directory.models import Organisation
from directory.services import user_create_or_update
from notifications.models import Notification, OutboxEmail

from . import reference
from .models import Direction, PccNotice

SUMMARY = "Benchmark direction (removed when the benchmark ends)"
DELIVERY_TIMEOUT = 30.0
_latencies: list[float] = []
_running = contextlib.ExitStack()


def setup(*, scale: float):  # nothing here grows with scale
    reference.load()
    password = secrets.token_urlsafe(24)  # signed in directly, never typed
    dg, _ = user_create_or_update(
        username="bench-dg",
        password=password,
        organisation_name="National Crime Agency",
        roles=[Role.DIRECTOR_GENERAL],
        clearance=Clearance.DV,
    )
    user_create_or_update(
        username="bench-kent-pcc",
        password=password,
        organisation_name="Police and Crime Commissioner for Kent",
        roles=[Role.PCC_OFFICE],
        email="bench-kent-pcc@portal.example",
    )
    kent = Organisation.objects.get(name="Kent Police")
    if not _running._exit_callbacks:
        logging.getLogger("celery").setLevel(logging.WARNING)  # one line per task otherwise
        # Keep the benchmark's e-mails in memory rather than on the console.
        _running.enter_context(
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
        )
        _running.enter_context(
            # The portal's Celery app, found as the current one: the project package sits
            # above the apps, so an app never imports it.
            start_worker(
                current_app._get_current_object(), perform_ping_check=False, shutdown_timeout=30
            )
        )
    payload = {
        "kind": "directed_tasking",
        "recipient_organisation": kent.pk,
        "summary": SUMMARY,
        "voluntary_ground": "not_in_time",
        "voluntary_arrangements_failure": "Benchmark.",
        "marking": "official",
    }

    def direction_to_emailed_notice(client):
        response = client.post("/api/directions/", payload, content_type="application/json")
        link = PccNotice.objects.get(pk=response.json()["pcc_notice"]).get_absolute_url()
        deadline = time.monotonic() + DELIVERY_TIMEOUT
        while not _emails(link).filter(sent_at__isnull=False).exists():
            if time.monotonic() > deadline:
                raise RuntimeError(f"Notice {link} was not e-mailed in {DELIVERY_TIMEOUT}s")
            time.sleep(0.001)
        return response

    return dg, {
        "engagement: direction → notice e-mailed (worker)": direction_to_emailed_notice,
        "engagement: directions list page": "/engagement/directions/",
        "engagement: notices list page": "/engagement/notices/",
        "engagement: API pcc-notices list": "/api/pcc-notices/",
        "engagement: regional engagement page": "/engagement/regions/",
    }


def _emails(link: str):
    return OutboxEmail.objects.filter(notifications__link=link)


def teardown() -> dict[str, list[float]]:
    """Stop the worker, report commit → delivered from the records' own timestamps, and
    remove the benchmark's directions (issued ones are otherwise never deleted)."""
    _running.close()
    notices = PccNotice.objects.filter(direction__summary=SUMMARY)
    links = [notice.get_absolute_url() for notice in notices]
    for notice in notices:
        sent = _emails(notice.get_absolute_url()).exclude(sent_at=None).first()
        if sent is not None:
            _latencies.append((sent.sent_at - notice.created_at).total_seconds() * 1000)
    # The benchmark's own records only: issued directions are otherwise never deleted.
    with pgtrigger.ignore(
        "engagement.Direction:issued_directions_are_never_edited",
        "engagement.PccNotice:notices_are_never_deleted",
    ):
        directions = Direction.objects.filter(summary=SUMMARY)
        ActivityEntry.objects.filter(
            source_type="engagement.direction",
            source_id__in=[str(pk) for pk in directions.values_list("pk", flat=True)],
        ).delete()
        OutboxEmail.objects.filter(notifications__link__in=links).delete()
        Notification.objects.filter(link__in=links).delete()
        notices.delete()
        directions.delete()
    return {"engagement: notice written → e-mailed (timestamps)": list(_latencies)}
