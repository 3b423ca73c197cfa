"""Tasking at ten times national scale, for `make bench`: 50,000 targets with 250,000
aliases, 200,000 requests, 5,000 operations with a year of results (50,000), times the
run's scale (a tenth, all, ten times). Seeded once,
in bulk, into the benchmark database of that scale; the history triggers are bypassed for
the seed (it is not a change anyone made)."""

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

from .choices import (
    ASSET_RESULTS,
    GRADED_RESULTS,
    PEOPLE_RESULTS,
    NcaRole,
    RequestDirection,
    RequestStatus,
    ResultKind,
    Significance,
    Urgency,
)
from .deconfliction import generic_words
from .models import Operation, OperationResult, Target, TargetName, TaskingRequest
from .rules import matching_name, normalise_name

TARGETS = 50_000
ALIASES_PER_TARGET = 5
REQUESTS = 200_000
OPERATIONS = 5_000
RESULTS_PER_OPERATION = 10  # a year's, as the priorities' and commitments' pages read them
BATCH = 5_000
SEED_USERNAME = "bench-seed"
# What the load stage of `make bench` puts under load.
LOAD = (
    "tasking: request list (API)",
    "tasking: tasking desk page",
    "tasking: request page",
)

ONSETS = "b br c ch d dr f g gr h j k l m n p pr r s sh st t th tr v w y z".split()
VOWELS = "a e i o u ai ea ee oo ou ay".split()
CODAS = "n r s t l m ck nd rd ll ss ng rt wn".split()
PLACES = "medway thames solent tyne mersey severn trent humber wear avon ouse tees".split()
NOUNS = "network crew firm brothers family syndicate boys group outfit company".split()


def _word(rng) -> str:
    """A made-up surname-like word: thousands of distinct ones, as real names are."""
    syllables = rng.choice((2, 2, 3))
    word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables))
    return word + rng.choice(CODAS)


def _name(rng) -> str:
    shape = rng.random()
    if shape < 0.4:  # an individual
        return f"{_word(rng).title()} {_word(rng).title()}"
    if shape < 0.8:  # a group named for a family or a place
        named_for = rng.choice([_word(rng), rng.choice(PLACES)]).title()
        return f"The {named_for} {rng.choice(NOUNS).title()}"
    return f"{_word(rng).title()} {rng.choice(NOUNS).title()} {rng.randint(2, 99)}"


def _aliases(rng, name: str) -> list[str]:
    """The variants people write, each a name of its own: a misspelling, initials, a
    nickname, a shortening."""
    words = name.split()
    core = words[-2] if words[0] == "The" else words[0]
    misspelt = core[:-2] + core[-1] + core[-2] if len(core) > 3 else core + "e"
    variants = [
        name.replace(core, misspelt),
        " ".join(w[0] + "." for w in words[:-1] if w != "The") + " " + words[-1],
        f"{_word(rng).title()} {core}",
        f"{core}s",
        f"{core} {_word(rng).title()}",
    ][:ALIASES_PER_TARGET]
    seen = {normalise_name(name)}
    aliases = []
    for alias in variants:
        while (normalised := normalise_name(alias)) in seen:  # an earlier name: a nickname
            alias = f"{_word(rng).title()} {core}"
        seen.add(normalised)
        aliases.append(alias)
    return aliases


def seed(scale: float):
    targets_wanted, requests_wanted = scaled(TARGETS, scale), scaled(REQUESTS, scale)
    seeded = Target.objects.filter(created_by__username=SEED_USERNAME).count()
    if check_seeded("targets", found=seeded, wanted=targets_wanted):
        return
    rng = random.Random(2026)  # the same data on every machine
    forces = list(Organisation.objects.filter(kind=OrganisationKind.TERRITORIAL_FORCE))
    rocus = list(Organisation.objects.filter(kind=OrganisationKind.ROCU))
    nca = Organisation.objects.get(kind=OrganisationKind.NCA)
    owner, _ = user_create_or_update(
        username=SEED_USERNAME, password=secrets.token_urlsafe(24),
        organisation_name=nca.name, roles=[Role.TASKING_OFFICER], clearance=Clearance.DV,
    )  # fmt: skip
    markings = [Marking.OFFICIAL] * 6 + [Marking.OFFICIAL_SENSITIVE] * 3 + [Marking.SECRET]
    history = ("tasking.Target:insert_insert", "tasking.TaskingRequest:insert_insert")
    generic = generic_words()
    with transaction.atomic(), pgtrigger.ignore(*history):
        for start in range(0, targets_wanted, BATCH):
            targets = Target.objects.bulk_create(
                Target(
                    name=_name(rng), kind=rng.choice(["group", "individual", "vulnerability"]),
                    priority=rng.choice(["priority", "high_priority", "none"]),
                    responsible_organisation=rng.choice(forces + rocus),
                    marking=rng.choice(markings), created_by=owner,
                )
                for _ in range(min(BATCH, targets_wanted - start))
            )  # fmt: skip
            names = []
            for target in targets:
                names.append(
                    TargetName(
                        target=target,
                        name=target.name,
                        normalised=normalise_name(target.name),
                        matching=matching_name(target.name, generic),
                        primary=True,
                    )
                )
                names.extend(
                    TargetName(
                        target=target, name=alias, normalised=normalise_name(alias),
                        matching=matching_name(alias, generic),
                    )
                    for alias in _aliases(rng, target.name)
                )  # fmt: skip
            TargetName.objects.bulk_create(names)
        now = timezone.now()
        urgencies = [Urgency.ROUTINE] * 7 + [Urgency.URGENT] * 2 + [Urgency.IMMEDIATE]
        statuses = list(RequestStatus.values)
        for start in range(0, requests_wanted, BATCH):
            batch = []
            for _ in range(min(BATCH, requests_wanted - start)):
                partner = rng.choice(rocus + forces)
                to_nca = rng.random() < 0.7
                submitted = now - datetime.timedelta(minutes=rng.randint(1, 60 * 24 * 365))
                batch.append(
                    TaskingRequest(
                        direction=RequestDirection.TO_NCA if to_nca else RequestDirection.FROM_NCA,
                        requester=owner, requesting_organisation=partner if to_nca else nca,
                        addressed_organisation=nca if to_nca else partner,
                        summary=f"Support against {_name(rng)}", how_this_assists="Seeded.",
                        urgency=rng.choice(urgencies), marking=rng.choice(markings),
                        status=rng.choice(statuses), submitted_at=submitted,
                        due_at=submitted + datetime.timedelta(days=10),
                    )
                )  # fmt: skip
            TaskingRequest.objects.bulk_create(batch)
    # Fresh statistics and visibility maps, as autovacuum would leave them in service.
    with connection.cursor() as cursor:
        for table in ("tasking_target", "tasking_targetname", "tasking_taskingrequest"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def seed_results(scale: float):
    """Operations against the seeded targets, each serving two or three priorities, and a
    year of results on each: every kind, owned by the lead or the NCA, with the NCA
    leading, supporting or coordinating, in the lead's force area where it is a force."""
    wanted = scaled(OPERATIONS, scale)
    seeded = Operation.objects.filter(name__startswith="Operation Bench ").count()
    if check_seeded("operations", found=seeded, wanted=wanted):
        return
    rng = random.Random(2027)
    owner = Target.objects.filter(created_by__username=SEED_USERNAME).values("created_by")[:1]
    recorder_id = owner[0]["created_by"]
    nca = Organisation.objects.get(kind=OrganisationKind.NCA)
    forces = {
        force.pk: force
        for force in Organisation.objects.filter(kind=OrganisationKind.TERRITORIAL_FORCE)
    }
    priorities = list(Priority.objects.in_force(timezone.localdate()))
    targets = list(
        Target.objects.filter(created_by__username=SEED_USERNAME)
        .order_by("pk")
        .values_list("pk", "responsible_organisation_id", "marking")[:wanted]
    )
    markings = list(Marking.values)
    today = timezone.localdate()
    began = timezone.now() - datetime.timedelta(days=400)
    generic = generic_words()
    history = ("tasking.Operation:insert_insert", "tasking.OperationResult:insert_insert")
    through = Operation.priorities.through
    with transaction.atomic(), pgtrigger.ignore(*history):
        for start in range(0, wanted, BATCH):
            chunk = [targets[n % len(targets)] for n in range(start, min(start + BATCH, wanted))]
            operations = []
            for n, (target_id, lead_id, marking) in enumerate(chunk, start=start):
                name = f"Operation Bench {_word(rng).title()} {n}"
                operations.append(
                    Operation(
                        name=name, normalised=normalise_name(name),
                        matching=matching_name(name, generic), target_id=target_id,
                        lead_organisation_id=lead_id, marking=marking,
                        nca_role=rng.choice(NcaRole.values),
                    )
                )  # fmt: skip
            operations = Operation.objects.bulk_create(operations)
            Operation.objects.filter(pk__in=[o.pk for o in operations]).update(created_at=began)
            links, results = [], []
            for operation in operations:
                served = rng.sample(priorities, rng.choice((2, 3)))
                links += [through(operation=operation, priority=p) for p in served]
                force = forces.get(operation.lead_organisation_id)
                for _ in range(RESULTS_PER_OPERATION):
                    kind = rng.choice(ResultKind.values)
                    lowest = markings.index(operation.marking)
                    results.append(
                        OperationResult(
                            operation=operation, kind=kind,
                            occurred_on=today - datetime.timedelta(days=rng.randint(0, 364)),
                            summary="Seeded.", marking=rng.choice(markings[lowest:lowest + 2]),
                            priority=rng.choice(served),
                            people=rng.randint(1, 8) if kind in PEOPLE_RESULTS else None,
                            amount=(
                                rng.randint(1_000, 2_000_000) if kind in ASSET_RESULTS else None
                            ),
                            significance=(
                                rng.choice(Significance.values) if kind in GRADED_RESULTS else ""
                            ),
                            owner_id=rng.choice((operation.lead_organisation_id, nca.pk)),
                            nca_role=rng.choice(NcaRole.values),
                            force=force, region_id=force.region_id if force else None,
                            recorded_by_id=recorder_id,
                        )
                    )  # fmt: skip
            through.objects.bulk_create(links)
            OperationResult.objects.bulk_create(results)
    with connection.cursor() as cursor:
        for table in ("tasking_operation", "tasking_operationresult"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def setup(*, scale: float):
    seed(scale)
    seed_results(scale)
    user, _ = user_create_or_update(
        username="bench-desk", password=secrets.token_urlsafe(24),
        organisation_name="National Crime Agency", roles=[Role.TASKING_OFFICER],
        clearance=Clearance.SC,
    )  # fmt: skip
    rng = random.Random(7)
    request = TaskingRequest.objects.restrict(user).order_by("-created_at")[500]
    names = [_name(rng) for _ in range(50)] + list(
        TargetName.objects.order_by("?").values_list("name", flat=True)[:50]
    )

    def check(client):
        return client.post(
            "/api/deconfliction/check/",
            {"names": [rng.choice(names)]},
            content_type="application/json",
        )

    return user, {
        "tasking: request list (API)": "/api/tasking-requests/",
        "tasking: request list page": "/tasking/requests/",
        "tasking: tasking desk page": "/tasking/desk/",
        "tasking: request (API)": f"/api/tasking-requests/{request.pk}/",
        "tasking: request page": f"/tasking/requests/{request.pk}/",
        "tasking: target list (API, search)": "/api/targets/?search=kestrel",
        "tasking: deconfliction check": check,
    }
