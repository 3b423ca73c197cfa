"""Delivery at ten times national scale, for `make bench`: on top of tasking's targets and
requests, 5,000 operations serving the priorities and a year of 40,000 results, times the
run's scale. Seeded once, in bulk, bypassing the history triggers (nobody made them)."""

import datetime
import random
import secrets

import pgtrigger
from django.db import connection, transaction
from django.utils import timezone

from directory.benchmarking import check_seeded, scaled
from directory.choices import Clearance, Marking, OrganisationKind, Role
from directory.models import Organisation
from directory.services import user_create_or_update
from priorities.models import Priority
from tasking.benchmarks import SEED_USERNAME
from tasking.choices import (
    ASSET_RESULTS,
    PEOPLE_RESULTS,
    NcaRole,
    ResultKind,
    Significance,
)
from tasking.models import Operation, OperationResult, Target

OPERATIONS = 5_000
RESULTS = 40_000
BATCH = 5_000
OPERATION_PREFIX = "Bench operation"
# What the load stage of `make bench` puts under load.
LOAD = ("delivery: priorities page", "delivery: performance questions page")


def _figures(rng, kind: str) -> dict:
    if kind in PEOPLE_RESULTS:
        return {"people": rng.randint(1, 12)}
    if kind in ASSET_RESULTS:
        return {"amount": rng.randint(1_000, 5_000_000)}
    return {"significance": rng.choice(Significance.values)}


def seed(scale: float):
    operations_wanted, results_wanted = scaled(OPERATIONS, scale), scaled(RESULTS, scale)
    seeded = Operation.objects.filter(name__startswith=OPERATION_PREFIX).count()
    if check_seeded("operations", found=seeded, wanted=operations_wanted):
        return
    rng = random.Random(2027)  # the same data on every machine
    today = timezone.localdate()
    forces = list(Organisation.objects.filter(kind=OrganisationKind.TERRITORIAL_FORCE))
    nca = Organisation.objects.get(kind=OrganisationKind.NCA)
    priorities = list(Priority.objects.in_force(today))
    targets = list(
        Target.objects.filter(created_by__username=SEED_USERNAME).values_list("pk", flat=True)
    )
    seeder = Target.objects.filter(created_by__username=SEED_USERNAME).first().created_by
    markings = [Marking.OFFICIAL] * 6 + [Marking.OFFICIAL_SENSITIVE] * 3 + [Marking.SECRET]
    kinds = list(ResultKind.values)
    history = ("tasking.Operation:insert_insert", "tasking.OperationResult:insert_insert")
    with transaction.atomic(), pgtrigger.ignore(*history):
        operations = []
        for start in range(0, operations_wanted, BATCH):
            batch = []
            for n in range(start, min(start + BATCH, operations_wanted)):
                name = f"{OPERATION_PREFIX} {n}"
                batch.append(
                    Operation(
                        name=name, normalised=name.lower(), matching=name.lower(),
                        target_id=rng.choice(targets),
                        lead_organisation=rng.choice([nca, *rng.sample(forces, 2)]),
                        nca_role=rng.choice(NcaRole.values), active=rng.random() < 0.7,
                        marking=rng.choice(markings),
                    )
                )  # fmt: skip
            operations += Operation.objects.bulk_create(batch)
        serving = Operation.priorities.through
        serving.objects.bulk_create(
            serving(operation_id=operation.pk, priority_id=priority.pk)
            for operation in operations
            for priority in rng.sample(priorities, rng.choice((1, 1, 2)))
        )
        for start in range(0, results_wanted, BATCH):
            batch = []
            for _ in range(min(BATCH, results_wanted - start)):
                operation = rng.choice(operations)
                kind = rng.choice(kinds)
                batch.append(
                    OperationResult(
                        operation=operation, kind=kind,
                        occurred_on=today - datetime.timedelta(days=rng.randint(0, 364)),
                        summary="Seeded.", marking=rng.choice(markings),
                        priority=rng.choice(priorities), owner=operation.lead_organisation,
                        nca_role=rng.choice(NcaRole.values), force=rng.choice(forces),
                        recorded_by=seeder, **_figures(rng, kind),
                    )
                )  # fmt: skip
            OperationResult.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        for table in (
            "tasking_operation",
            "tasking_operation_priorities",
            "tasking_operationresult",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")


def setup(*, scale: float):
    seed(scale)
    user, _ = user_create_or_update(
        username="bench-dg", password=secrets.token_urlsafe(24),
        organisation_name="National Crime Agency", roles=[Role.DIRECTOR_GENERAL],
        clearance=Clearance.DV,
    )  # fmt: skip
    return user, {
        "delivery: priorities page": "/delivery/priorities/",
        "delivery: a priority's page": "/delivery/priorities/pursue-soc/",
        "delivery: performance questions page": "/delivery/performance-questions/",
    }
