"""Benchmarks of governance, run by `manage.py run_benchmarks` (`make bench`).

The DBM pack is read from a year of national-scale activity: 200,000 feed entries across
every kind, marking and partner (about 550 a day) times the run's scale, seeded once with
bulk inserts and marked so that a second run finds them. A pack is built over them (its
entries stored with it); then, for an NCA reader vetted SC, the pack page (read from what
the pack stored), its PDF served as stored, and its PDF rendered afresh each time are
timed.
"""

import datetime
import random
import secrets

from django.db import transaction
from django.utils import timezone

from activity.choices import EntryKind
from activity.models import ActivityEntry
from directory.benchmarking import check_seeded, scaled
from directory.choices import Clearance, Marking, OrganisationKind, Role
from directory.models import Organisation
from directory.services import user_create_or_update

from . import selectors, services
from .models import DbmPackPdf

SEED_SOURCE = "governance.benchmark"
ENTRIES = 200_000
DAYS = 365
BATCH = 5_000
# What the load stage of `make bench` puts under load.
LOAD = ("DBM pack page",)
# A national picture: mostly requests and decisions; fewer directions and demands.
KINDS = [
    (EntryKind.REQUEST, 30), (EntryKind.DECISION, 22), (EntryKind.SIGNIFICANT_EVENT, 14),
    (EntryKind.PLANNED_OPERATION, 16), (EntryKind.OPERATIONAL_DEMAND, 6),
    (EntryKind.INTELLIGENCE_DEMAND, 6), (EntryKind.DIRECTION, 1), (EntryKind.GOVERNANCE, 5),
]  # fmt: skip
MARKINGS = [
    (Marking.OFFICIAL, 40), (Marking.OFFICIAL_SENSITIVE, 40), (Marking.SECRET, 17),
    (Marking.TOP_SECRET, 3),
]  # fmt: skip


def seed_feed(now: datetime.datetime, scale: float) -> int:
    """A year of feed entries up to three days ahead of `now`, once."""
    entries = scaled(ENTRIES, scale)
    if check_seeded(
        "feed entries",
        found=ActivityEntry.objects.filter(source_type=SEED_SOURCE).count(),
        wanted=entries,
    ):
        return 0
    organisations = list(
        Organisation.objects.exclude(kind=OrganisationKind.PCC_BODY).select_related("region")
    )
    kinds, kind_weights = zip(*KINDS, strict=True)
    markings, marking_weights = zip(*MARKINGS, strict=True)
    rng = random.Random(20270101)
    span = datetime.timedelta(days=DAYS + 3).total_seconds()
    past = datetime.timedelta(days=DAYS).total_seconds()
    start = now - datetime.timedelta(days=DAYS)
    # All or nothing: a seed cut short is not mistaken for another scale's.
    with transaction.atomic():
        created = 0
        while created < entries:
            batch = []
            for _ in range(min(BATCH, entries - created)):
                organisation = rng.choice(organisations)
                kind = rng.choices(kinds, kind_weights)[0]
                # What happened is in the past; only planned activity runs three days ahead.
                seconds = rng.random() * (span if kind == EntryKind.PLANNED_OPERATION else past)
                who = organisation.short_name or organisation.name
                batch.append(
                    ActivityEntry(
                        kind=kind,
                        summary=f"{EntryKind(kind).label} from {who}",
                        occurs_at=start + datetime.timedelta(seconds=seconds),
                        marking=rng.choices(markings, marking_weights)[0],
                        urgent=rng.random() < 0.08,
                        organisation=organisation,
                        region=organisation.region,
                        source_type=SEED_SOURCE,
                    )
                )
            ActivityEntry.objects.bulk_create(batch)
            created += len(batch)
    return created


def setup(*, scale: float):
    user, _ = user_create_or_update(
        username="bench-dbm",
        password=secrets.token_urlsafe(24),  # signed in directly, never typed
        organisation_name="National Crime Agency",
        roles=[Role.TASKING_OFFICER],
        clearance=Clearance.SC,
    )
    now = timezone.now()
    seed_feed(now, scale)
    pack = services.dbm_pack_build(actor=user, now=now)
    pdf = f"/governance/dbm/{pack.pk}/pdf/"
    stored = DbmPackPdf.objects.filter(pack=pack, scope=selectors.DbmReaderScope.of(user).key)

    def pdf_afresh(client):
        stored.delete()
        return client.get(pdf)

    return user, {
        "DBM pack page": f"/governance/dbm/{pack.pk}/",
        "DBM pack PDF, served as stored": pdf,
        "DBM pack PDF, rendered afresh each time": pdf_afresh,
        "governance page": "/governance/",
        "meetings list": "/governance/meetings/",
        "API meetings list": "/api/meetings/",
    }
