"""Benchmarks of the figures pages, run by `manage.py run_benchmarks` (`make bench`).

The requests and decisions page is read over tasking's benchmark requests (200,000 over a
year, times the run's scale), for the last 12 months, for 36 months and as one chart's
CSV; the priorities page, a priority's page and the Key Performance Questions over
tasking's benchmark operations and their year of results (`seed_results`). Each is read by
the Director General (everything, cleared DV), an NCA tasking officer (SC) and a Kent
officer (Kent's own). Tasking's seed leaves its requests unanswered;
here each answered one is given the moment it was answered and each answered request to
the NCA its decision (one in ten changed role before its last), once, so that every chart
counts at scale.
"""

import datetime
import random
import secrets

import pgtrigger
from django.db import connection, transaction
from django.utils import timezone

from directory.benchmarking import check_seeded, signed_in_client
from directory.charts import LONGEST_PERIOD_MONTHS, Period
from directory.choices import Clearance, Role
from directory.models import User
from directory.services import user_create_or_update
from tasking import benchmarks as tasking_benchmarks
from tasking.choices import NcaRole, Outcome, RequestDirection, RequestStatus
from tasking.models import Decision, TaskingRequest

PAGE = "/delivery/requests/"
ANSWERED = (
    RequestStatus.ACCEPTED,
    RequestStatus.DECLINED,
    RequestStatus.IN_PROGRESS,
    RequestStatus.COMPLETED,
)
ROLES = (NcaRole.LEAD, NcaRole.SUPPORT, NcaRole.COORDINATE)
# Answers come within three weeks of submission; the deadline is ten days.
LONGEST_ANSWER_HOURS = 21 * 24
BATCH = 5_000
# What the load stage of `make bench` puts under load.
LOAD = (
    "delivery: figures page (DG)",
    "delivery: priorities page (DG)",
    "delivery: performance questions page (DG)",
)


def answer_moments(requests, *, now: datetime.datetime, rng) -> dict[int, datetime.datetime]:
    """{request id: when it was answered}: an hour to three weeks after it was submitted,
    never after `now`. `requests` gives (id, submitted_at) pairs."""
    return {
        pk: min(submitted + datetime.timedelta(hours=rng.randint(1, LONGEST_ANSWER_HOURS)), now)
        for pk, submitted in requests
    }


def decisions_for(request_id, *, status, decided_at, marking, maker, rng) -> list[Decision]:
    """The decisions on an answered request to the NCA, oldest first: declined, or a
    role; one in ten roles was another, decided a day or two before."""
    final = Outcome.DECLINE if status == RequestStatus.DECLINED else rng.choice(ROLES)
    outcomes = [final]
    if final != Outcome.DECLINE and rng.random() < 0.1:
        outcomes.insert(0, rng.choice([role for role in ROLES if role != final]))
    moments = [decided_at - datetime.timedelta(hours=rng.randint(1, 48)), decided_at]
    return [
        Decision(
            request_id=request_id, sequence=sequence, outcome=outcome,
            suggested_outcome=outcome, priority_target=False, specialist_capability=False,
            urgent_action=False, beyond_partner_capability=False, rationale="Seeded.",
            decision_maker=maker, recorded_by=maker, decided_at=moment, marking=marking,
        )
        for sequence, (outcome, moment) in enumerate(
            zip(outcomes, moments[-len(outcomes) :], strict=True), start=1
        )
    ]  # fmt: skip


def seed_answers(*, now: datetime.datetime) -> None:
    """Answer tasking's answered benchmark requests, once: the moment each was answered
    and, on each to the NCA, its decisions."""
    answered = TaskingRequest.objects.filter(
        requester__username=tasking_benchmarks.SEED_USERNAME, status__in=ANSWERED
    ).order_by("pk")
    found = answered.exclude(decided_at=None).count()
    if check_seeded("answered requests", found=found, wanted=answered.count()):
        return
    rng = random.Random(2028)  # the same data on every machine
    maker = User.objects.get(username=tasking_benchmarks.SEED_USERNAME)
    rows = list(answered.values_list("pk", "submitted_at", "direction", "status", "marking"))
    moments = answer_moments(((pk, submitted) for pk, submitted, *_ in rows), now=now, rng=rng)
    with transaction.atomic(), pgtrigger.ignore("tasking.TaskingRequest:update_update"):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE tasking_taskingrequest AS r SET decided_at = a.decided_at "
                "FROM unnest(%s::bigint[], %s::timestamptz[]) AS a(id, decided_at) "
                "WHERE r.id = a.id",
                [list(moments), list(moments.values())],
            )
        decisions = [
            decision
            for pk, _, direction, status, marking in rows
            if direction == RequestDirection.TO_NCA
            for decision in decisions_for(
                pk, status=status, decided_at=moments[pk], marking=marking, maker=maker, rng=rng
            )
        ]
        firsts = Decision.objects.bulk_create(
            [one for one in decisions if one.sequence == 1], batch_size=BATCH
        )
        first_of = {one.request_id: one for one in firsts}
        seconds = [one for one in decisions if one.sequence == 2]
        for second in seconds:
            second.supersedes = first_of[second.request_id]
        Decision.objects.bulk_create(seconds, batch_size=BATCH)
    # Fresh statistics and visibility maps, as autovacuum would leave them in service.
    with connection.cursor() as cursor:
        for table in ("tasking_taskingrequest", "tasking_decision"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def setup(*, scale: float):
    tasking_benchmarks.seed(scale)
    tasking_benchmarks.seed_results(scale)
    seed_answers(now=timezone.now())
    # Readers of their own: setting another module's reader's password again would end
    # the sessions its load stage signed in with.
    password = secrets.token_urlsafe(24)  # signed in directly, never typed
    dg, _ = user_create_or_update(
        username="bench-figures-dg", password=password, organisation_name="National Crime Agency",
        roles=[Role.DIRECTOR_GENERAL], clearance=Clearance.DV,
    )  # fmt: skip
    officer, _ = user_create_or_update(
        username="bench-figures-desk", password=password, organisation_name="National Crime Agency",
        roles=[Role.TASKING_OFFICER], clearance=Clearance.SC,
    )  # fmt: skip
    kent, _ = user_create_or_update(
        username="bench-figures-kent", password=password, organisation_name="Kent Police",
        roles=[Role.FORCE_OFFICER], clearance=Clearance.SC,
    )  # fmt: skip
    longest = Period.last_months(LONGEST_PERIOD_MONTHS, today=timezone.localdate()).starts
    queries = {
        "figures page": PAGE,
        "figures page, 36 months": (
            f"{PAGE}?starts_day={longest.day}&starts_month={longest.month}"
            f"&starts_year={longest.year}"
        ),
        "figures CSV": f"{PAGE}?csv=deadlines",
        "priorities page": "/delivery/priorities/",
        "a priority's page": "/delivery/priorities/pursue-soc/",
        "performance questions page": "/delivery/performance-questions/",
    }
    paths = {}
    for reader, user in (("DG", dg), ("tasking officer", officer), ("Kent officer", kent)):
        # The module's own reader is the one run_benchmarks signs in; the others have
        # clients of their own.
        client = None if user == dg else signed_in_client(user)
        for what, path in queries.items():
            name = f"delivery: {what} ({reader})"
            paths[name] = path if client is None else _read_as(client, path)
    return dg, paths


def _read_as(client, path):
    return lambda _: client.get(path)
