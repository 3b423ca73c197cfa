"""Benchmarks of engagement, run by `manage.py run_benchmarks` (`make bench`).

"direction → notice delivered" issues a direction through the API and waits until a
Celery worker, started here in-process against the portal's Redis, has delivered its
notice: the whole path a statutory notice takes (PCC §20). The exact time from each
direction's commit to its notice's delivery, taken from the records' own timestamps,
is printed when the run ends. The benchmark's directions and notices are removed then.
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

from . import reference
from .models import Direction, OutboxEmail, OutboxMessage, PccNotice

SUMMARY = "Benchmark direction (removed when the benchmark ends)"
DELIVERY_TIMEOUT = 30.0
_latencies: list[float] = []
_running = contextlib.ExitStack()


def setup():
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
        "voluntary_arrangements_failure": "Benchmark.",
        "marking": "official",
    }

    def direction_to_delivered_notice(client):
        response = client.post("/api/directions/", payload, content_type="application/json")
        notice_id = response.json()["pcc_notice"]
        deadline = time.monotonic() + DELIVERY_TIMEOUT
        while not PccNotice.objects.filter(pk=notice_id, delivered_at__isnull=False).exists():
            if time.monotonic() > deadline:
                raise RuntimeError(f"Notice {notice_id} was not delivered in {DELIVERY_TIMEOUT}s")
            time.sleep(0.001)
        return response

    return dg, {
        "engagement: direction → notice delivered (worker)": direction_to_delivered_notice,
        "engagement: directions list page": "/engagement/directions/",
        "engagement: notices list page": "/engagement/notices/",
        "engagement: API pcc-notices list": "/api/pcc-notices/",
        "engagement: regional engagement page": "/engagement/regions/",
    }


def teardown() -> dict[str, list[float]]:
    """Stop the worker, report commit → delivered from the records' own timestamps, and
    remove the benchmark's directions (issued ones are otherwise never deleted)."""
    _running.close()
    notices = PccNotice.objects.filter(direction__summary=SUMMARY)
    _latencies.extend(
        (notice.delivered_at - notice.created_at).total_seconds() * 1000
        for notice in notices.exclude(delivered_at=None)
    )
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
        OutboxEmail.objects.filter(message__notice__in=notices).delete()
        OutboxMessage.objects.filter(notice__in=notices).delete()
        notices.delete()
        directions.delete()
    return {"engagement: commit → delivered (timestamps)": list(_latencies)}
