"""The governance structure as reference data (OP Annex C; PCC Annex B), loaded from
`governance/reference/structure.yaml` by `manage.py load_reference_data`. The file says
what each group is, when it exists, who chairs it, how often it meets, what it endorses
and what it sends to whom; a change of structure is an edit of the file, and the history
of each group, cadence and flow is kept (django-pghistory).

Idempotent: groups are matched by slug, feeds by source, target and kind, products by
kind and title, schedules by name; loading twice, or after an edit, duplicates nothing.

- The national groups: NSTCG, NSIG, NTTCG, NTIG, the national DBM and the NCA's Daily
  Management Meeting; the SGGs, sub-groups of the NTTCG, one per threat area of the NSA
  (OP Annex B), and their Threat Groups.
- For each region of England and Wales with a ROCU: an RSTCG, RTTCG, RTIG and a regional
  Daily Management Meeting, hosted by the ROCU. London has no ROCU (the London region's
  note in the directory says why), so it has no regional groups: the NCA deals with the
  Metropolitan Police Service, the City of London Police and British Transport Police
  directly.
- Cadences the documents state are loaded as they say, and reloaded if changed. Those
  they do not state are settings: loaded with a default the first time only, after which
  they are the secretariat's to change in the portal.
"""

import datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from directory.choices import OrganisationKind, Role
from directory.models import Organisation
from directory.reference import Tally, as_date, upsert

from .choices import CadenceUnit, ChairFrom, FlowKind, GroupCode, GroupLevel, ProductKind
from .models import Cadence, Feed, GovernanceGroup, StrategicProduct

DATA = Path(__file__).with_name("reference") / "structure.yaml"
NCA = "National Crime Agency"
GROUP_KEYS = {
    "slug", "code", "name", "level", "parent", "from", "to", "chair", "purpose", "source",
    "note", "cadence", "products",
}  # fmt: skip
CHAIR_KEYS = {"words", "roles", "within", "organisation", "portal_role"}
CADENCE_KEYS = {"unit", "every", "anchor", "at", "minutes", "working_days_only", "stated_in"}
PRODUCT_KEYS = {"kind", "title", "stated_in", "prepared_through", "prepared_stated_in"}
FEED_KEYS = {"from_group", "to_group", "kind", "products", "stated_in"}


def _check(entry: dict, keys: set[str], where: str) -> None:
    unknown = set(entry) - keys
    if unknown:
        raise ValidationError(f"{where}: unknown keys {sorted(unknown)}.")


def _check_value(value, allowed, where: str, what: str) -> None:
    if value not in allowed:
        raise ValidationError(f"{where}: “{value}” is not {what}.")


def _for_region(value, rocu: Organisation):
    """A regional template filled in for the region of `rocu`: {region} is the region's
    code, {place} its name and {rocu} the ROCU's name."""
    if isinstance(value, str):
        return value.format(region=rocu.region.code, place=rocu.region.name, rocu=rocu.name)
    if isinstance(value, list):
        return [_for_region(item, rocu) for item in value]
    if isinstance(value, dict):
        return {key: _for_region(item, rocu) for key, item in value.items()}
    return value


def _group_values(entry: dict, *, region, host, position: int) -> dict:
    where = entry.get("slug", "a group")
    _check(entry, GROUP_KEYS, where)
    _check_value(entry["code"], GroupCode.values, where, "a group's code")
    _check_value(entry["level"], GroupLevel.values, where, "a group's level")
    chair = entry["chair"]
    _check(chair, CHAIR_KEYS, f"{where}, chair")
    for role in chair.get("roles", []):
        _check_value(role, Role.values, f"{where}, chair", "a role")
    _check_value(chair.get("within", ""), ChairFrom.values, f"{where}, chair", "a place")
    chair_organisation = None
    if chair.get("organisation"):
        chair_organisation = Organisation.objects.filter(name=chair["organisation"]).first()
        if chair_organisation is None:
            raise ValidationError(
                f"{where}: no organisation named “{chair['organisation']}” in the directory."
            )
    return {
        "code": entry["code"],
        "name": entry["name"],
        "level": entry["level"],
        "region": region,
        "host_organisation": host,
        "chair_role": chair["words"],
        "chair_portal_role": chair.get("portal_role", ""),
        "chair_roles": chair.get("roles", []),
        "chair_from": chair.get("within", ""),
        "chair_organisation": chair_organisation,
        "purpose": entry["purpose"],
        "source": entry["source"],
        "note": entry.get("note", ""),
        "position": position,
        "valid_from": as_date(entry.get("from"), where),
        "valid_to": as_date(entry.get("to"), where),
    }


def _product_values(entry: dict, group: GovernanceGroup, groups: dict) -> dict:
    """Who endorses a product (the group listing it) and who develops it first, each with
    where the documents say so (OP Annex C ¶1-2; PCC Annex B ¶1-2): data, read by the
    rules (rules.check_group_may_endorse, rules.check_group_may_prepare)."""
    where = f"{group.slug}, product {entry.get('kind')}"
    _check(entry, PRODUCT_KEYS, where)
    _check_value(entry["kind"], ProductKind.values, where, "a product's kind")
    if not entry.get("stated_in"):
        raise ValidationError(f"{where}: say where the documents name its group (stated_in).")
    preparer = entry.get("prepared_through")
    if preparer and preparer not in groups:
        raise ValidationError(f"{where}: no group “{preparer}” to develop it.")
    if preparer and not entry.get("prepared_stated_in"):
        raise ValidationError(f"{where}: say where the documents name its preparing group.")
    return {
        "group": group,
        "endorsed_in": entry["stated_in"],
        "prepared_through": groups[preparer] if preparer else None,
        "prepared_in": entry.get("prepared_stated_in", "") if preparer else "",
    }


def _cadence_values(entry: dict, where: str) -> dict:
    _check(entry, CADENCE_KEYS, f"{where}, cadence")
    _check_value(entry["unit"], CadenceUnit.values, f"{where}, cadence", "a unit")
    try:
        time_of_day = datetime.time.fromisoformat(str(entry["at"]))
    except ValueError:
        raise ValidationError(f"{where}, cadence: “{entry['at']}” is not a time.") from None
    return {
        "unit": entry["unit"],
        "interval": entry["every"],
        "anchor": as_date(entry["anchor"], where),
        "time_of_day": time_of_day,
        "duration_minutes": entry["minutes"],
        "working_days_only": entry.get("working_days_only", True),
        "stated_in": entry.get("stated_in", ""),
    }


@transaction.atomic
def load(path: Path = DATA) -> dict[str, Tally]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    tallies = {name: Tally() for name in ("groups", "cadences", "feeds", "products", "schedules")}
    nca = Organisation.objects.get(name=NCA, kind=OrganisationKind.NCA)
    rocus = list(
        Organisation.objects.filter(kind=OrganisationKind.ROCU, region__isnull=False)
        .select_related("region")
        .order_by("region__name")
    )
    entries = [(entry, None, nca) for entry in data["national_groups"]]
    for rocu in rocus:
        entries += [
            (_for_region(entry, rocu), rocu.region, rocu) for entry in data["regional_groups"]
        ]

    groups: dict[str, GovernanceGroup] = {}
    for position, (entry, region, host) in enumerate(entries):
        values = _group_values(entry, region=region, host=host, position=position)
        group, created, changed = upsert(GovernanceGroup, {"slug": entry["slug"]}, values)
        groups[group.slug] = group
        tallies["groups"].count(created, changed)
        _load_cadence(group, _cadence_values(entry["cadence"], group.slug), tallies["cadences"])

    for entry, _, _ in entries:
        group = groups[entry["slug"]]
        if entry.get("parent") and entry["parent"] not in groups:
            raise ValidationError(f"{group.slug}: no group “{entry['parent']}” to report to.")
        parent = groups[entry["parent"]] if entry.get("parent") else None
        if group.parent != parent:
            group.parent = parent
            group.save(update_fields=["parent"])
        for product in entry.get("products", []):
            _, created, changed = upsert(
                StrategicProduct,
                {"kind": product["kind"], "title": product["title"]},
                _product_values(product, group, groups),
            )
            tallies["products"].count(created, changed)

    feeds = list(data["feeds"])
    for rocu in rocus:
        feeds += [_for_region(feed, rocu) for feed in data["regional_feeds"]]
    _load_feeds(groups, feeds, tallies["feeds"])
    _load_schedules(tallies["schedules"])
    stale = GovernanceGroup.objects.exclude(slug__in=groups)
    tallies["groups"].problems += [
        f"{group.name} is in the database but not in the reference data; left as it is."
        for group in stale
    ]
    return tallies


def _load_cadence(group: GovernanceGroup, values: dict, tally: Tally) -> None:
    location = (
        "NCA headquarters, and by video"
        if group.is_national
        else f"{group.host_organisation.short_name or group.host_organisation.name}, and by video"
    )
    existing = Cadence.objects.filter(group=group).first()
    if existing is None:
        Cadence.objects.create(group=group, location=location, **values)
        tally.count(created=True, changed=False)
    elif values["stated_in"]:
        # The documents' cadence: put back whatever has drifted.
        _, _, changed = upsert(Cadence, {"group": group}, values)
        tally.count(created=False, changed=changed)
    else:
        # A setting: the secretariat's from the first load on.
        tally.count(created=False, changed=False)


def _load_feeds(groups: dict[str, GovernanceGroup], feeds: list[dict], tally: Tally) -> None:
    kept = []
    for entry in feeds:
        _check(entry, FEED_KEYS, "a feed")
        source, target = entry["from_group"], entry["to_group"]
        if source not in groups or target not in groups:
            raise ValidationError(f"A feed names a group that is not loaded: {source} → {target}.")
        _check_value(entry["kind"], FlowKind.values, f"{source} → {target}", "a kind of flow")
        feed, created, changed = upsert(
            Feed,
            {"source": groups[source], "target": groups[target], "kind": entry["kind"]},
            {"product_kinds": entry.get("products", []), "stated_in": entry["stated_in"]},
        )
        kept.append(feed.pk)
        tally.count(created, changed)
    stale = Feed.objects.exclude(pk__in=kept)
    tally.removed += stale.count()
    stale.delete()


# Each cycle beat runs, at Europe/London times; the administrator may change the times.
# The cadences themselves (six-weekly, three-monthly, six-monthly, daily) are data, which
# the daily planner turns into meetings: a crontab cannot say "every six weeks".
SCHEDULES = [
    ("Governance: plan meetings from the cadences", "plan_meetings", "30", "2"),
    ("Governance: overdue actions onto next agendas", "carry_overdue_actions", "0", "6"),
    ("Governance: products due for review onto agendas", "put_products_due_for_review", "5", "6"),
    ("Governance: build the morning DBM pack", "build_dbm_pack", "30", "6"),
    ("Governance: remind owners of actions due", "send_action_reminders", "0", "7"),
]


def _load_schedules(tally: Tally) -> None:
    for name, task, minute, hour in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*",
            timezone="Europe/London",
        )  # fmt: skip
        _, created = PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": f"governance.tasks.{task}", "crontab": crontab}
        )
        tally.count(created, changed=False)
