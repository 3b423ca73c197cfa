"""The governance structure as reference data (OP Annex C; PCC Annex B), loaded by
`manage.py load_reference_data`.

Idempotent: groups are matched by slug, feeds by source, target and kind, products by
kind and group, schedules by name; loading twice, or after an edit, duplicates nothing.

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
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from directory.choices import OrganisationKind, Role
from directory.models import Organisation, Region
from directory.reference import Tally, upsert

from . import rules
from .choices import CadenceUnit, ChairFrom, FlowKind, GroupCode, GroupLevel, ProductKind
from .models import Cadence, Feed, GovernanceGroup, StrategicProduct

NCA = "National Crime Agency"
T = datetime.time


@dataclass
class CadenceSpec:
    unit: str
    interval: int
    anchor: datetime.date
    time_of_day: datetime.time
    duration_minutes: int
    stated_in: str = ""  # blank: a setting, with this as its default
    working_days_only: bool = True


@dataclass
class GroupSpec:
    slug: str
    code: str
    name: str
    level: str
    chair_role: str
    purpose: str
    source: str
    cadence: CadenceSpec
    chair_portal_role: str = ""
    # The chair's post as data (OP Annex C ¶1-3): the roles that fit it, where the chair
    # comes from and, for ChairFrom.ORGANISATION, the organisation's name.
    chair_roles: tuple[str, ...] = ()
    chair_from: str = ChairFrom.ANYONE
    chair_in: str = ""
    parent: str = ""
    region: Region | None = None
    host: Organisation | None = None
    note: str = ""
    products: list[tuple[str, str]] = field(default_factory=list)


D = datetime.date.fromisoformat
SIX_MONTHLY = "OP Annex C ¶1; PCC Annex B ¶1 (“meet every six months”)"
THREE_MONTHLY = "OP Annex C ¶2; PCC Annex B ¶2 (“meets every three months”)"
SIX_WEEKLY = "OP Annex C ¶2; PCC Annex B ¶2 (“meets every six weeks”)"
DAILY = "OP Annex C ¶3; PCC Annex B ¶3 (daily meetings)"
NOT_STATED = "Not named in the NCA's commitments"

# The threat areas of the NSA (OP Annex B: "organised crime; cyber; economic crime; child
# sexual exploitation and serious and organised crime at, and crossing, our borders").
SGGS = [
    ("sgg-organised-crime", "Organised Crime Strategic Governance Group"),
    ("sgg-economic-crime", "Economic Crime Strategic Governance Group"),
    ("sgg-cyber-crime", "Cyber Crime Strategic Governance Group"),
    (
        "sgg-child-sexual-abuse",
        "Child Sexual Abuse and Exploitation Strategic Governance Group",
    ),
    ("sgg-borders", "Borders and Organised Immigration Crime Strategic Governance Group"),
]
SGG_SUFFIX = " Strategic Governance Group"
SAP = "Strategic Action Plan"
# SGG chairs attend the NTTCG (OP §15); the documents name no one.
SGG_CHAIR = "The SGG's chair, who also attends the NTTCG"
THREAT_GROUPS = [
    ("tg-firearms", "Firearms Threat Group", "sgg-organised-crime"),
    ("tg-drugs", "Drugs Threat Group", "sgg-organised-crime"),
    (
        "tg-modern-slavery",
        "Modern Slavery and Human Trafficking Threat Group",
        "sgg-organised-crime",
    ),
    ("tg-money-laundering", "Money Laundering Threat Group", "sgg-economic-crime"),
    ("tg-fraud", "Fraud Threat Group", "sgg-economic-crime"),
]
THREAT_GROUP_NOTE = (
    "The documents say an SGG may delegate specific threats to Threat Groups, reporting up "
    "to the SGG (PCC Annex B ¶2; OP footnote 12), but name none. These are a starting set, "
    "kept as data."
)


def national_groups(nca: Organisation) -> list[GroupSpec]:
    groups = [
        GroupSpec(
            "nstcg", GroupCode.NSTCG, GroupCode.NSTCG.label, GroupLevel.NATIONAL_STRATEGIC,
            chair_role="Director General, NCA", chair_portal_role=Role.DIRECTOR_GENERAL,
            chair_roles=(Role.DIRECTOR_GENERAL,), chair_from=ChairFrom.NCA,
            purpose=(
                "Provides the strategic leadership of the national tasking and coordinating "
                "structure for serious and organised crime; sets and reviews the National "
                "Strategic Assessment, the National Control Strategy and the National "
                "Intelligence Requirement."
            ),
            source="OP Annex C ¶1; PCC Annex B ¶1; PCC §11",
            cadence=CadenceSpec(CadenceUnit.MONTH, 6, D("2026-01-14"), T(10), 180, SIX_MONTHLY),
            products=[
                (ProductKind.NSA, "National Strategic Assessment of Serious and Organised Crime"),
                (ProductKind.NCS, "National Control Strategy"),
                (ProductKind.NIR, "National Intelligence Requirement"),
            ],
        ),
        GroupSpec(
            "nsig", GroupCode.NSIG, GroupCode.NSIG.label, GroupLevel.NATIONAL_STRATEGIC,
            chair_role=NOT_STATED, parent="nstcg",
            purpose=(
                "Develops the National Strategic Assessment, the National Control Strategy and "
                "the National Intelligence Requirement, prepared by the National Intelligence "
                "Hub, so that they take account of the Regional Strategic Assessments."
            ),
            source="OP Annex C ¶1; PCC Annex B ¶1",
            cadence=CadenceSpec(CadenceUnit.MONTH, 3, D("2025-12-10"), T(10), 120),
        ),
        GroupSpec(
            "nttcg", GroupCode.NTTCG, GroupCode.NTTCG.label, GroupLevel.NATIONAL_TACTICAL,
            chair_role="Deputy Director General, NCA",
            chair_portal_role=Role.DEPUTY_DIRECTOR_GENERAL,
            chair_roles=(Role.DEPUTY_DIRECTOR_GENERAL,), chair_from=ChairFrom.NCA,
            purpose=(
                "Ensures the overall national law enforcement tasking and coordination, "
                "decision-making and allocation of resources; approves NTIG's prioritised "
                "recommendations; considers the SGGs' activity against the National Control "
                "Strategy."
            ),
            source="OP Annex C ¶2; PCC Annex B ¶2; OP §15",
            cadence=CadenceSpec(CadenceUnit.MONTH, 3, D("2026-01-21"), T(10), 180, THREE_MONTHLY),
        ),
        GroupSpec(
            "ntig", GroupCode.NTIG, GroupCode.NTIG.label, GroupLevel.NATIONAL_TACTICAL,
            chair_role="Deputy Director, National Intelligence Hub",
            # The portal's roles stop at Director: the Hub's Deputy Director holds it.
            chair_roles=(Role.DIRECTOR,), chair_from=ChairFrom.ORGANISATION,
            chair_in="National Intelligence Hub",
            purpose=(
                "Makes prioritised recommendations for approval at the NTTCG, such as by "
                "reviewing and tasking intelligence requirements; agrees the National "
                "Tactical Assessment, which feeds the NTTCG."
            ),
            source="OP Annex C ¶2; PCC Annex B ¶2",
            cadence=CadenceSpec(CadenceUnit.WEEK, 6, D("2026-01-07"), T(10), 120, SIX_WEEKLY),
            products=[(ProductKind.NTA, "National Tactical Assessment")],
        ),
        GroupSpec(
            "dbm", GroupCode.DBM, GroupCode.DBM.label, GroupLevel.NATIONAL_DAILY,
            chair_role="A senior NCA officer",
            chair_roles=(Role.DIRECTOR_GENERAL, Role.DEPUTY_DIRECTOR_GENERAL, Role.DIRECTOR),
            chair_from=ChairFrom.NCA,
            purpose=(
                "Reviews significant events from the previous 24 hours and significant "
                "operational plans for the forthcoming 72 hours, and highlights urgent "
                "operational and intelligence demands. Fed by the NCA's and the regions' "
                "Daily Management Meetings."
            ),
            source="OP Annex C ¶3; PCC Annex B ¶3",
            cadence=CadenceSpec(
                CadenceUnit.DAY, 1, D("2026-01-01"), T(9), 30, DAILY, working_days_only=False
            ),
        ),
        GroupSpec(
            "dmm-nca", GroupCode.DMM, "NCA Daily Management Meeting", GroupLevel.NATIONAL_DAILY,
            chair_role=NOT_STATED,
            purpose="The NCA's daily management meeting; feeds the national DBM.",
            source="OP Annex C ¶3; PCC Annex B ¶3",
            cadence=CadenceSpec(
                CadenceUnit.DAY, 1, D("2026-01-01"), T(8), 30, DAILY, working_days_only=False
            ),
        ),
    ]  # fmt: skip
    for slug, name in SGGS:
        groups.append(
            GroupSpec(
                slug, GroupCode.SGG, name, GroupLevel.NATIONAL_TACTICAL,
                chair_role=SGG_CHAIR,
                parent="nttcg",
                purpose=(
                    "A multi-agency sub-group of the NTTCG: develops the Strategic Action Plan "
                    "for mitigating this threat in the National Strategic Assessment and "
                    "coordinates the multi-agency response to it."
                ),
                source="PCC Annex B ¶2; OP footnote 12; OP Annex B (the threat areas)",
                cadence=CadenceSpec(CadenceUnit.MONTH, 3, D("2026-01-08"), T(10), 120),
                products=[(ProductKind.SAP, f"{name.removesuffix(SGG_SUFFIX)} {SAP}")],
            )
        )  # fmt: skip
    for slug, name, parent in THREAT_GROUPS:
        groups.append(
            GroupSpec(
                slug, GroupCode.TG, name, GroupLevel.NATIONAL_TACTICAL,
                chair_role=NOT_STATED, parent=parent,
                purpose="Takes a specific threat delegated by its SGG and reports up to it.",
                source="PCC Annex B ¶2; OP footnote 12",
                cadence=CadenceSpec(CadenceUnit.WEEK, 6, D("2025-12-17"), T(14), 90),
                note=THREAT_GROUP_NOTE,
            )
        )  # fmt: skip
    for spec in groups:
        spec.host = nca
    return groups


def regional_groups(region: Region, rocu: Organisation) -> list[GroupSpec]:
    place = region.name
    groups = [
        GroupSpec(
            f"rstcg-{region.code}", GroupCode.RSTCG, f"{place} {GroupCode.RSTCG.label}",
            GroupLevel.REGIONAL_STRATEGIC, chair_role="Regional National Policing Chair",
            chair_roles=(Role.CHIEF_OFFICER,), chair_from=ChairFrom.REGION_FORCE,
            purpose=(
                "Sets and reviews the Regional Control Strategy, informed by the Regional "
                "Strategic Assessment and the Regional Capability Assessment, and the scope "
                "and number of Regional Strategic Governance Groups."
            ),
            source="OP Annex C ¶1; PCC Annex B ¶1",
            cadence=CadenceSpec(CadenceUnit.MONTH, 6, D("2025-12-03"), T(10), 180, SIX_MONTHLY),
            products=[
                (ProductKind.RSA, f"{place} Regional Strategic Assessment"),
                (ProductKind.RCS, f"{place} Regional Control Strategy"),
                (ProductKind.RCA, f"{place} Regional Capability Assessment"),
            ],
        ),
        GroupSpec(
            f"rttcg-{region.code}", GroupCode.RTTCG, f"{place} {GroupCode.RTTCG.label}",
            GroupLevel.REGIONAL_TACTICAL, chair_role="Regional national policing lead",
            chair_roles=(Role.CHIEF_OFFICER,), chair_from=ChairFrom.REGION_FORCE,
            purpose=(
                "Manages the tactical elements of serious and organised crime: monitors the "
                "delivery of the Regional Control Strategy priorities, makes resource "
                "allocation decisions, approves the RTIG's recommendations and considers "
                "emerging threats outside the Regional Control Strategy."
            ),
            source="OP Annex C ¶2; PCC Annex B ¶2",
            cadence=CadenceSpec(CadenceUnit.MONTH, 1, D("2026-01-15"), T(10), 120),
        ),
        GroupSpec(
            f"rtig-{region.code}", GroupCode.RTIG, f"{place} {GroupCode.RTIG.label}",
            GroupLevel.REGIONAL_TACTICAL, chair_role="Head of the ROCU",
            # The portal records no ranks: the head is one of the ROCU's officers.
            chair_roles=(Role.ROCU_OFFICER,), chair_from=ChairFrom.ORGANISATION,
            chair_in=rocu.name,
            purpose=(
                "Independently assesses operational plans and requests for covert assets; "
                "makes recommendations for approval at the RTTCG; reviews and tasks "
                "intelligence requirements; reviews the priority and High Priority OCGs "
                "affecting the region; agrees the Harm Reduction Strategy and produces the "
                "Regional Tactical Assessment for the RTTCG."
            ),
            source="OP Annex C ¶2; PCC Annex B ¶2",
            cadence=CadenceSpec(CadenceUnit.MONTH, 1, D("2026-01-08"), T(10), 120),
            products=[
                (ProductKind.RTA, f"{place} Regional Tactical Assessment"),
                (ProductKind.HRS, f"{place} Harm Reduction Strategy"),
            ],
        ),
        GroupSpec(
            f"dmm-{region.code}", GroupCode.DMM, f"{place} Daily Management Meeting",
            GroupLevel.REGIONAL_DAILY, chair_role=NOT_STATED,
            purpose="The region's daily management meeting; feeds the national DBM.",
            source="OP Annex C ¶3; PCC Annex B ¶3",
            cadence=CadenceSpec(
                CadenceUnit.DAY, 1, D("2026-01-01"), T(8), 30, DAILY, working_days_only=False
            ),
        ),
    ]  # fmt: skip
    for spec in groups:
        spec.region, spec.host = region, rocu
    return groups


# Where the documents say one group feeds another.
FEEDS_STATED = {
    "ntig-recommendations": "OP Annex C ¶2: “prioritised recommendations … at the NTTCG”",
    "ntig-nta": "OP Annex C ¶2: “the National Tactical assessment which feeds the NTTCG”",
    "nsig-work": "OP Annex C ¶1: the NSA and its companions are developed through the NSIG",
    "dmm-dbm": "OP Annex C ¶3: the Daily Management Meetings “feed the national DBM”",
    "sgg-activity": "OP Annex C ¶2: “SGGs activity is also considered” at the NTTCG",
    "sgg-sap": "PCC Annex B ¶2: the SGGs' Strategic Action Plans, sub-groups of the NTTCG",
    "tg-report": "PCC Annex B ¶2: Threat Groups “reporting up to the SGG”",
    "rtig-recommendations": "OP Annex C ¶2: “recommendations for approval at the … RTTCG”",
    "rtig-products": "OP Annex C ¶2: “the Regional Tactical Assessment for the RTTCG”",
    "rsa-nsig": "OP Annex C ¶1: the NSIG takes account of the Regional Strategic Assessments",
}

Flow = tuple[str, str, str, list[str], str]


def feeds(groups: dict[str, GovernanceGroup]) -> list[Flow]:
    """(source slug, target slug, kind, product kinds, where the documents say so)."""
    said = FEEDS_STATED
    recommendation, report, product = FlowKind.RECOMMENDATION, FlowKind.REPORT, FlowKind.PRODUCT
    wanted: list[Flow] = [
        ("ntig", "nttcg", recommendation, [], said["ntig-recommendations"]),
        ("ntig", "nttcg", product, [ProductKind.NTA], said["ntig-nta"]),
        ("nsig", "nstcg", report, [], said["nsig-work"]),
        ("dmm-nca", "dbm", report, [], said["dmm-dbm"]),
    ]
    for slug, _ in SGGS:
        wanted.append((slug, "nttcg", FlowKind.ACTIVITY, [], said["sgg-activity"]))
        wanted.append((slug, "nttcg", product, [ProductKind.SAP], said["sgg-sap"]))
    for slug, _, parent in THREAT_GROUPS:
        wanted.append((slug, parent, report, [], said["tg-report"]))
    for slug, group in groups.items():
        if group.code == GroupCode.RTIG:
            rttcg = f"rttcg-{group.region.code}"
            products = [ProductKind.RTA, ProductKind.HRS]
            wanted.append((slug, rttcg, recommendation, [], said["rtig-recommendations"]))
            wanted.append((slug, rttcg, product, products, said["rtig-products"]))
        elif group.code == GroupCode.DMM and group.region_id:
            wanted.append((slug, "dbm", report, [], said["dmm-dbm"]))
        elif group.code == GroupCode.RSTCG:
            wanted.append((slug, "nsig", product, [ProductKind.RSA], said["rsa-nsig"]))
    return wanted


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


@transaction.atomic
def load() -> dict[str, Tally]:
    tallies = {name: Tally() for name in ("groups", "cadences", "feeds", "products", "schedules")}
    nca = Organisation.objects.get(name=NCA, kind=OrganisationKind.NCA)
    specs = national_groups(nca)
    rocus = Organisation.objects.filter(kind=OrganisationKind.ROCU, region__isnull=False)
    for rocu in rocus.select_related("region").order_by("region__name"):
        specs += regional_groups(rocu.region, rocu)

    groups: dict[str, GovernanceGroup] = {}
    for position, spec in enumerate(specs):
        group, created, changed = upsert(
            GovernanceGroup,
            {"slug": spec.slug},
            {
                "code": spec.code,
                "name": spec.name,
                "level": spec.level,
                "region": spec.region,
                "host_organisation": spec.host,
                "chair_role": spec.chair_role,
                "chair_portal_role": spec.chair_portal_role,
                "chair_roles": [str(role) for role in spec.chair_roles],
                "chair_from": spec.chair_from,
                "chair_organisation": (
                    Organisation.objects.get(name=spec.chair_in) if spec.chair_in else None
                ),
                "purpose": spec.purpose,
                "source": spec.source,
                "note": spec.note,
                "position": position,
            },
        )
        groups[spec.slug] = group
        tallies["groups"].count(created, changed)
        _load_cadence(group, spec.cadence, tallies["cadences"])

    for spec in specs:
        parent = groups[spec.parent] if spec.parent else None
        if groups[spec.slug].parent != parent:
            groups[spec.slug].parent = parent
            groups[spec.slug].save(update_fields=["parent"])
        for kind, title in spec.products:
            rules.check_group_may_endorse(kind, groups[spec.slug])
            _, created, changed = upsert(
                StrategicProduct, {"kind": kind, "group": groups[spec.slug]}, {"title": title}
            )
            tallies["products"].count(created, changed)

    _load_feeds(groups, tallies["feeds"])
    _load_schedules(tallies["schedules"])
    stale = GovernanceGroup.objects.exclude(slug__in=groups)
    tallies["groups"].problems += [
        f"{group.name} is in the database but not in the reference data; left as it is."
        for group in stale
    ]
    return tallies


def _load_cadence(group: GovernanceGroup, spec: CadenceSpec, tally: Tally) -> None:
    values = {
        "unit": spec.unit,
        "interval": spec.interval,
        "anchor": spec.anchor,
        "time_of_day": spec.time_of_day,
        "duration_minutes": spec.duration_minutes,
        "working_days_only": spec.working_days_only,
        "stated_in": spec.stated_in,
    }
    location = (
        "NCA headquarters, and by video"
        if group.is_national
        else f"{group.host_organisation.short_name or group.host_organisation.name}, and by video"
    )
    existing = Cadence.objects.filter(group=group).first()
    if existing is None:
        Cadence.objects.create(group=group, location=location, **values)
        tally.count(created=True, changed=False)
    elif spec.stated_in:
        # The documents' cadence: put back whatever has drifted.
        _, _, changed = upsert(Cadence, {"group": group}, values)
        tally.count(created=False, changed=changed)
    else:
        # A setting: the secretariat's from the first load on.
        tally.count(created=False, changed=False)


def _load_feeds(groups: dict[str, GovernanceGroup], tally: Tally) -> None:
    kept = []
    for source, target, kind, product_kinds, stated_in in feeds(groups):
        if source not in groups or target not in groups:
            raise ValidationError(f"A feed names a group that is not loaded: {source} → {target}.")
        feed, created, changed = upsert(
            Feed,
            {"source": groups[source], "target": groups[target], "kind": kind},
            {"product_kinds": [str(k) for k in product_kinds], "stated_in": stated_in},
        )
        kept.append(feed.pk)
        tally.count(created, changed)
    stale = Feed.objects.exclude(pk__in=kept)
    tally.removed += stale.count()
    stale.delete()


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
