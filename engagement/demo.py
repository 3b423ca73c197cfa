"""Demonstration records for a local portal: a direction to Kent Police with its notice
delivered to the Kent PCC office, a key intelligence report, a request for information,
an engagement day and a regional meeting. Uses the people of directory/demo.py."""

import datetime

from django.db import transaction
from django.utils import timezone

from directory.choices import Marking
from directory.models import Organisation, User
from directory.reference import Tally

from . import services
from .models import Direction, EngagementEvent, InformationRequest, IntelligenceReport

DIRECTION = "Provide a surveillance team to Operation Larch for four weeks."
REPORT = "County lines into the Medway towns and south Essex"
QUESTION = "Converted firearms reaching the Medway towns"


@transaction.atomic
def load() -> dict[str, Tally]:
    people = {user.username: user for user in User.objects.filter(username__in=[
        "dg", "analyst", "pcc", "essex-pcc", "ddg", "secretariat"])}  # fmt: skip
    tallies = {name: Tally() for name in ("directions", "reports", "requests", "events")}
    if len(people) < 6:
        return tallies
    kent_pcc, kent = people["pcc"].organisation, Organisation.objects.get(name="Kent Police")

    direction = Direction.objects.filter(summary=DIRECTION).first()
    tallies["directions"].count(direction is None, False)
    if direction is None:
        services.direction_issue(
            actor=people["dg"],
            kind="directed_tasking",
            recipient_organisation=kent,
            summary=DIRECTION,
            voluntary_ground="not_in_time",
            voluntary_arrangements_failure=(
                "Kent Police could not release a team before the group's expected move; the "
                "ROCU's teams were committed."
            ),
            marking=Marking.OFFICIAL_SENSITIVE,
        )

    report = IntelligenceReport.objects.filter(title=REPORT).first()
    if report is None:
        services.intelligence_report_publish(
            actor=people["analyst"],
            title=REPORT,
            summary=(
                "Three London-based groups supply crack cocaine and heroin along the A2 and the "
                "A13, using children as runners."
            ),
            marking=Marking.OFFICIAL_SENSITIVE,
            handling_instruction="For the PCC and cleared staff of the office.",
            source_evaluation="2",
            intelligence_assessment="B",
            handling_code="P",
            audience="chosen",
            governing_bodies=[kent_pcc, people["essex-pcc"].organisation],
        )
    tallies["reports"].count(report is None, False)

    question = InformationRequest.objects.filter(subject=QUESTION).first()
    if question is None:
        services.information_request_submit(
            actor=people["pcc"],
            subject=QUESTION,
            question="Is the NCA aware of converted blank-firing weapons reaching Medway?",
            threat_area="organised_crime",
        )
    tallies["requests"].count(question is None, False)

    _, created = services.engagement_day_schedule(
        version_id="demo-nsa", version="2026", endorsed_on=timezone.localdate()
    )
    tallies["events"].count(created, False)
    if not EngagementEvent.objects.filter(kind="regional_meeting").exists():
        services.regional_meeting_record(
            actor=people["secretariat"],
            region=kent.region,
            held_on=timezone.localdate() - datetime.timedelta(days=90),
            senior_officer=people["ddg"],
            attendees=[kent, kent_pcc],
            location="Chelmsford",
        )
        tallies["events"].count(True, False)
    return tallies
