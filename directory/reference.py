"""Loads the partner directory from `directory/reference/organisations.yaml`.

Idempotent: organisations are matched by name, regions by code, governance terms and ROCU
memberships by force and start date, former names by organisation and end date, so
loading twice, or after an edit, duplicates nothing.

Dated like the governing bodies: an organisation's `valid_from`/`valid_to`, the ROCU a
force belonged to (`rocu` today, from `rocu_from`; `former_rocus` before), and the names
it bore until a date (`former_names` entries with an `until`).
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from .choices import GOVERNED_FORCE_KINDS, OrganisationKind
from .models import GoverningBodyTerm, Organisation, OrganisationName, Region, RocuMembership
from .services import rocu_memberships_apply

DATA = Path(__file__).with_name("reference") / "organisations.yaml"
ORGANISATION_KEYS = {
    "name", "short_name", "kind", "region", "parent", "rocu", "governed_by",
    "former_names", "source", "note", "reached_through_jbiu", "verified",
    "valid_from", "valid_to", "rocu_from", "former_rocus",
}  # fmt: skip
# The portal's records of ROCU membership start with the NCA (7 October 2013): a force's
# ROCU with no `rocu_from` is its ROCU from then on.
ROCU_BASELINE = datetime.date(2013, 10, 7)


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    problems: list[str] = field(default_factory=list)

    def count(self, created: bool, changed: bool) -> None:
        if created:
            self.created += 1
        elif changed:
            self.updated += 1
        else:
            self.unchanged += 1

    def __str__(self):
        removed = f", {self.removed} removed" if self.removed else ""
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged{removed}"
        )


def upsert(model, lookup: dict, values: dict):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True, True
    changed = {name: value for name, value in values.items() if getattr(obj, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(obj, name, value)
        obj.save(update_fields=list(changed))
    return obj, False, bool(changed)


def as_date(value, where: str) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(f"{where}: “{value}” is not a date (YYYY-MM-DD).") from None


@transaction.atomic
def load(path: Path = DATA) -> dict[str, Tally]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    tallies = {
        "regions": Tally(),
        "organisations": Tally(),
        "governance terms": Tally(),
        "ROCU memberships": Tally(),
        "former names": Tally(),
        "schedules": Tally(),
    }

    regions = {}
    for entry in data["regions"]:
        region, created, changed = upsert(
            Region,
            {"code": entry["code"]},
            {"name": entry["name"], "nation": entry["nation"], "note": entry.get("note", "")},
        )
        regions[region.code] = region
        tallies["regions"].count(created, changed)

    entries = data["organisations"]
    by_name: dict[str, Organisation] = {}
    for entry in entries:
        unknown = set(entry) - ORGANISATION_KEYS
        if unknown:
            raise ValidationError(f"{entry.get('name')}: unknown keys {sorted(unknown)}.")
        if entry["kind"] not in OrganisationKind.values:
            raise ValidationError(f"{entry['name']}: “{entry['kind']}” is not a kind.")
        region_code = entry.get("region")
        if region_code and region_code not in regions:
            raise ValidationError(f"{entry['name']}: no region with code “{region_code}”.")
        organisation, created, changed = upsert(
            Organisation,
            {"name": entry["name"]},
            {
                "short_name": entry.get("short_name", ""),
                "kind": entry["kind"],
                "region": regions.get(region_code),
                "former_names": [_former_name(item) for item in entry.get("former_names", [])],
                "valid_from": as_date(entry.get("valid_from"), entry["name"]),
                "valid_to": as_date(entry.get("valid_to"), entry["name"]),
                "source": entry.get("source", ""),
                "note": entry.get("note", ""),
                "reached_through_jbiu": entry.get("reached_through_jbiu", False),
                "verified": entry.get("verified", True),
            },
        )
        by_name[organisation.name] = organisation
        tallies["organisations"].count(created, changed)

    def named(name: str, where: str) -> Organisation:
        if name not in by_name:
            raise ValidationError(f"{where}: no organisation named “{name}” in the reference data.")
        return by_name[name]

    for entry in entries:
        organisation = by_name[entry["name"]]
        parent = named(entry["parent"], entry["name"]) if entry.get("parent") else None
        if organisation.parent != parent:
            organisation.parent = parent
            organisation.save(update_fields=["parent"])
        _load_rocu_memberships(organisation, entry, named, tallies["ROCU memberships"])
        _load_terms(organisation, entry, named, tallies["governance terms"])
        _load_dated_names(organisation, entry, tallies["former names"])
    rocu_memberships_apply()

    _load_schedules(tallies["schedules"])
    missing = Organisation.objects.exclude(name__in=by_name).values_list("name", flat=True)
    tallies["organisations"].problems += [
        f"{name} is in the database but not in the reference data; left as it is."
        for name in missing
    ]
    return tallies


def _former_name(item) -> str:
    return item["name"] if isinstance(item, dict) else item


def _load_rocu_memberships(force: Organisation, entry: dict, named, tally: Tally) -> None:
    """The force's ROCUs over time: `former_rocus` (each with `from` and `to`), then
    `rocu` from `rocu_from` (default ROCU_BASELINE) with no end."""
    periods = [
        (named(item["rocu"], force.name), item["from"], item.get("to"), item.get("source", ""))
        for item in entry.get("former_rocus", [])
    ]
    if entry.get("rocu"):
        start = entry.get("rocu_from", ROCU_BASELINE)
        periods.append((named(entry["rocu"], force.name), start, None, ""))
    wanted = {}
    for rocu, start, end, source in periods:
        if rocu.kind != OrganisationKind.ROCU:
            raise ValidationError(f"{force.name}: {rocu.name} is not a ROCU.")
        wanted[as_date(start, force.name)] = {
            "rocu": rocu,
            "ends_on": as_date(end, force.name),
            "source": source,
        }
    stale = force.rocu_memberships.exclude(starts_on__in=wanted)
    tally.removed += stale.count()
    stale.delete()
    for starts_on, values in wanted.items():
        _, created, changed = upsert(
            RocuMembership, {"force": force, "starts_on": starts_on}, values
        )
        tally.count(created, changed)


def _load_dated_names(organisation: Organisation, entry: dict, tally: Tally) -> None:
    """Former names with the day they ended (`until`), and where known the day they
    began (`from`)."""
    wanted = {}
    for item in entry.get("former_names", []):
        if isinstance(item, dict):
            wanted[as_date(item["until"], organisation.name)] = {
                "name": item["name"],
                "starts_on": as_date(item.get("from"), organisation.name),
                "source": item.get("source", ""),
            }
    stale = organisation.dated_names.exclude(ends_on__in=wanted)
    tally.removed += stale.count()
    stale.delete()
    for ends_on, values in wanted.items():
        _, created, changed = upsert(
            OrganisationName, {"organisation": organisation, "ends_on": ends_on}, values
        )
        tally.count(created, changed)


def _load_terms(force: Organisation, entry: dict, named, tally: Tally) -> None:
    terms = entry.get("governed_by", [])
    if force.kind in GOVERNED_FORCE_KINDS and not terms:
        raise ValidationError(f"{force.name}: a force of this kind needs its governing body.")
    wanted = {}
    for term in terms:
        body = named(term["body"], force.name)
        if body.kind != OrganisationKind.PCC_BODY:
            raise ValidationError(f"{force.name}: {body.name} is not a PCC body.")
        starts_on = as_date(term["from"], force.name)
        wanted[starts_on] = {
            "governing_body": body,
            "ends_on": as_date(term.get("to"), force.name),
            "source": term.get("source", ""),
        }
    stale = force.governance_terms.exclude(starts_on__in=wanted)
    tally.removed += stale.count()
    stale.delete()
    for starts_on, values in wanted.items():
        _, created, changed = upsert(
            GoverningBodyTerm, {"force": force, "starts_on": starts_on}, values
        )
        tally.count(created, changed)


def _load_schedules(tally: Tally) -> None:
    """The directory's housekeeping, run by Celery beat; the admin may change the times."""
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="15", hour="3", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/London",
    )  # fmt: skip
    _, created = PeriodicTask.objects.get_or_create(
        name="Purge expired sessions and API tokens",
        defaults={"task": "directory.tasks.purge_expired_credentials", "crontab": nightly},
    )
    tally.count(created, changed=False)
    morning, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/London",
    )  # fmt: skip
    _, created = PeriodicTask.objects.get_or_create(
        name="Remind of clearance reviews falling due",
        defaults={"task": "directory.tasks.remind_clearance_reviews", "crontab": morning},
    )
    tally.count(created, changed=False)
    _, created = PeriodicTask.objects.get_or_create(
        name="Apply the ROCU memberships of the day",
        defaults={"task": "directory.tasks.apply_rocu_memberships", "crontab": nightly},
    )
    tally.count(created, changed=False)
