"""Demonstration governance data for a local portal: members and chairs for the demo
people, a history of meetings and the next ones with their agendas (NTIG's
recommendations waiting on the next NTTCG, the eastern RTIG's recommendation of covert
assets for Operation Gatehouse on its RTTCG, the eastern DMM's report on the DBM), the
eastern RTTCG's and the NTTCG's minutes, decisions and actions, an endorsed NSA and a
draft of the next, and a morning DBM pack over the region's week (directory/demo.py).
Safe to load twice."""

import datetime

from django.db import transaction
from django.utils import timezone

from activity.models import ActivityEntry
from activity.services import activity_record
from directory.choices import Marking
from directory.models import Organisation, User
from directory.reference import Tally

from . import services
from .choices import MeetingStatus, MinutesStatus, VersionStatus
from .models import (
    Decision,
    GovernanceGroup,
    Meeting,
    Membership,
    Minutes,
    ProductVersion,
    StrategicProduct,
    Submission,
)

HISTORY_DAYS = 200
MEMBERS = {
    "nstcg": ["dg", "ddg", "director", "partner"],
    "nsig": ["analyst", "director"],
    "nttcg": ["ddg", "director", "tasking", "partner", "rocc"],
    "ntig": ["analyst", "tasking", "rocc"],
    "dbm": ["tasking", "director", "analyst"],
    "dmm-nca": ["tasking"],
    "sgg-economic-crime": ["partner", "analyst"],
    "rstcg-eastern": ["rocc", "chief"],
    "rttcg-eastern": ["rocc", "chief", "rocu"],
    "rtig-eastern": ["rocu", "rocc"],
    "dmm-eastern": ["rocu"],
}
CHAIRS = {"nstcg": "dg", "nttcg": "ddg"}
# kind, summary, hours from now, marking, organisation, urgent
FEED = [
    ("significant_event", "Firearms recovered after a vehicle stop on the M20", -5, Marking.OFFICIAL_SENSITIVE, "Kent Police", False),
    ("significant_event", "Three arrests in a county lines operation", -11, Marking.OFFICIAL, "Essex Police", False),
    ("significant_event", "Threat-to-life warning issued; protective measures in place", -2, Marking.SECRET, "National Crime Agency", True),
    ("planned_operation", "Warrants against the Kestrel Network's money launderers", 20, Marking.OFFICIAL_SENSITIVE, "Eastern Region Special Operations Unit", False),
    ("planned_operation", "Joint operation at the port of Dover with Border Force", 44, Marking.OFFICIAL_SENSITIVE, "National Crime Agency", False),
    ("operational_demand", "Surveillance teams needed for a kidnap investigation", -1, Marking.SECRET, "National Crime Agency", True),
    ("intelligence_demand", "Urgent check of communications data in a threat-to-life case", -3, Marking.OFFICIAL_SENSITIVE, "Eastern Region Special Operations Unit", True),
]  # fmt: skip


def _person(username):
    return User.objects.get(username=username)


def _latest(slug, before):
    return (
        Meeting.objects.filter(group__slug=slug, starts_at__lt=before)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")
        .first()
    )


@transaction.atomic
def load() -> dict[str, Tally]:
    tallies = {name: Tally() for name in ("members", "meetings", "records", "feed entries")}
    now = timezone.now()
    today = timezone.localdate(now)
    secretariat = _person("secretariat")
    groups = {group.slug: group for group in GovernanceGroup.objects.all()}

    for slug, usernames in MEMBERS.items():
        for username in usernames:
            _, created = Membership.objects.get_or_create(
                group=groups[slug], person=_person(username)
            )
            tallies["members"].count(created, changed=False)
    for slug, username in CHAIRS.items():
        if groups[slug].chair is None:
            services.group_set_chair(actor=secretariat, group=groups[slug], chair=_person(username))

    created = services.meetings_plan(
        until=services.planning_horizon(today),
        today=today - datetime.timedelta(days=HISTORY_DAYS),
    )
    tallies["meetings"].created += created

    records = tallies["records"]
    ntig = _latest("ntig", now)
    if not Submission.objects.filter(meeting=ntig).exists():
        for priority, (title, marking) in enumerate(
            [
                ("Task the regions to refresh the intelligence picture on firearms supply", Marking.OFFICIAL),
                ("Prioritise collection against two High Priority money-laundering networks", Marking.OFFICIAL_SENSITIVE),
            ],
            start=1,
        ):  # fmt: skip
            services.submission_record(
                actor=secretariat, meeting=ntig, kind="recommendation", title=title,
                priority=priority, marking=marking, now=now,
                detail="Recommended by the NTIG for the NTTCG's approval (OP Annex C ¶2).",
            )  # fmt: skip
            records.created += 1

    rtig = _latest("rtig-eastern", now)
    if rtig and not Submission.objects.filter(meeting=rtig).exists():
        services.submission_record(
            actor=secretariat, meeting=rtig, kind="recommendation",
            title="Covert assets for Operation Gatehouse against the Kestrel Network",
            marking=Marking.OFFICIAL_SENSITIVE, priority=1, now=now,
            detail="Kent Police lead; the NCA supports with surveillance. For the RTTCG.",
        )  # fmt: skip
        records.created += 1

    dmm = _latest("dmm-eastern", now)
    if dmm and not Submission.objects.filter(meeting=dmm).exists():
        services.submission_record(
            actor=secretariat, meeting=dmm, kind="report",
            title="Eastern daily report: firearms recovered on the M20, Kent directed to assist",
            marking=Marking.OFFICIAL_SENSITIVE, now=now,
        )  # fmt: skip
        records.created += 1

    rttcg = _latest("rttcg-eastern", now)
    if rttcg and not Decision.objects.filter(meeting=rttcg).exists():
        services.attendance_record(
            actor=secretariat, meeting=rttcg, now=now,
            present=[_person("rocc"), _person("chief"), _person("rocu")],
        )  # fmt: skip
        decision = services.decision_record(
            actor=secretariat, meeting=rttcg, now=now, marking=Marking.OFFICIAL_SENSITIVE,
            text="The Kestrel Network is the region's priority; Kent Police lead Operation "
            "Gatehouse with ERSOU and NCA support.",
        )  # fmt: skip
        services.action_create(
            actor=secretariat, meeting=rttcg, decision=decision, now=now, owner=_person("rocu"),
            description="Bring the Kestrel Network's Essex links to the next RTIG.",
            due_on=today + datetime.timedelta(days=4), marking=Marking.OFFICIAL_SENSITIVE,
        )  # fmt: skip
        services.minutes_save(
            actor=secretariat, meeting=rttcg, marking=Marking.OFFICIAL_SENSITIVE, now=now,
            text="The group reviewed the Regional Control Strategy priorities, agreed the "
            "Kestrel Network as the priority and tasked ERSOU to map its Essex links.",
        )  # fmt: skip
        services.minutes_circulate(actor=secretariat, meeting=rttcg)
        records.created += 4

    nttcg = _latest("nttcg", now)
    if nttcg and not Decision.objects.filter(meeting=nttcg).exists():
        members = [m.person for m in groups["nttcg"].memberships.select_related("person")]
        services.attendance_record(
            actor=secretariat, meeting=nttcg, present=members[:-1], apologies=members[-1:], now=now
        )
        decision = services.decision_record(
            actor=secretariat, meeting=nttcg, now=now, marking=Marking.OFFICIAL,
            text="Resources agreed for the national response to firearms supply.",
        )  # fmt: skip
        services.action_create(
            actor=secretariat, meeting=nttcg, decision=decision, now=now, owner=_person("tasking"),
            description="Report back on the regional firearms tasking.",
            due_on=today + datetime.timedelta(days=2),
        )  # fmt: skip
        services.action_create(
            actor=secretariat, meeting=nttcg, now=now, owner=_person("director"),
            description="Circulate the revised resourcing model to the SGG chairs.",
            due_on=max(today - datetime.timedelta(days=5), nttcg.starts_at.date()),
        )  # fmt: skip
        services.minutes_save(
            actor=secretariat, meeting=nttcg, marking=Marking.OFFICIAL, now=now,
            text="The group reviewed the National Control Strategy priorities and agreed resources.",
        )  # fmt: skip
        services.minutes_circulate(actor=secretariat, meeting=nttcg)
        records.created += 5
    if nttcg and Minutes.objects.filter(meeting=nttcg, status=MinutesStatus.CIRCULATED).exists():
        services.minutes_approve(actor=_person("ddg"), meeting=nttcg, now=now)

    nsa = StrategicProduct.objects.get(kind="nsa", group=groups["nstcg"])
    if not nsa.versions.exists():
        nsig = _latest("nsig", now)
        nstcg = _latest("nstcg", now)
        first = services.product_version_create(
            actor=secretariat, product=nsa, marking=Marking.OFFICIAL_SENSITIVE, now=now,
            summary="The annual assessment of the serious and organised crime threat to the UK.",
        )  # fmt: skip
        if nsig and nstcg:
            services.product_version_prepare(
                actor=secretariat, version=first, meeting=nsig, now=now
            )
            services.product_version_endorse(
                actor=secretariat, version=first, meeting=nstcg, now=now,
                review_on=timezone.localdate(nstcg.starts_at) + datetime.timedelta(days=365),
            )  # fmt: skip
        services.product_version_create(
            actor=secretariat, product=nsa, marking=Marking.OFFICIAL_SENSITIVE, now=now,
            summary="Draft of next year's assessment, for the NSIG to develop.",
        )  # fmt: skip
        records.created += 2
    records.unchanged += ProductVersion.objects.filter(status=VersionStatus.ENDORSED).count()

    feed = tallies["feed entries"]
    for kind, summary, hours, marking, organisation, urgent in FEED:
        if ActivityEntry.objects.filter(summary=summary).exists():
            feed.unchanged += 1
            continue
        org = Organisation.objects.get(name=organisation)
        activity_record(
            kind=kind, summary=summary, marking=marking, urgent=urgent, organisation=org,
            region=org.region, occurs_at=now + datetime.timedelta(hours=hours),
        )  # fmt: skip
        feed.created += 1

    services.actions_carry_overdue(now=now)
    services.action_reminders_send(today=today)
    services.dbm_pack_build(now=now)
    return tallies
