"""Demonstration records for a local portal, in the eastern region's week (see
directory/demo.py): Kent Police declined the NCA's request for a surveillance team for
Operation Larch (tasking/demo.py), so the Director General directs Kent Police, citing
it, and the notice goes to the Kent PCC office; a key intelligence report on county
lines into Medway and south Essex goes to both PCC offices; each asks the NCA a
question, Kent's already taken into consideration; an engagement day and the eastern
regional meeting with PCCs. Uses the people of directory/demo.py."""

import datetime

from django.db import transaction
from django.utils import timezone

from directory.choices import Marking
from directory.models import Organisation, User
from directory.reference import Tally
from tasking.demo import LARCH
from tasking.models import TaskingRequest

from . import services
from .models import Direction, EngagementEvent, InformationRequest, IntelligenceReport

DIRECTION = "Provide a surveillance team to Operation Larch for four weeks."
REPORT = "County lines into the Medway towns and south Essex"
QUESTION = "Converted firearms reaching the Medway towns"
ESSEX_QUESTION = "The Kestrel Network's reach into Essex"


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
            voluntary_ground="refused",
            related_request=TaskingRequest.objects.filter(summary=LARCH).first(),
            voluntary_arrangements_failure=(
                "Kent Police declined the NCA's request: it could not release a team before "
                "the group's expected move, and ERSOU's teams are committed."
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
        asked = services.information_request_submit(
            actor=people["pcc"],
            subject=QUESTION,
            question="Is the NCA aware of converted blank-firing weapons reaching Medway?",
            threat_area="organised_crime",
        )
        services.information_request_consider(
            actor=people["analyst"],
            request=asked,
            due_on=timezone.localdate() + datetime.timedelta(days=7),
            note="Linked to the Kestrel Network: we answer once the direction's work reports.",
        )
    tallies["requests"].count(question is None, False)
    essex_question = InformationRequest.objects.filter(subject=ESSEX_QUESTION).first()
    if essex_question is None:
        services.information_request_submit(
            actor=people["essex-pcc"],
            subject=ESSEX_QUESTION,
            question=(
                "The intelligence report names south Essex. Does the group Kent Police are "
                "pursuing operate in Essex, and is Essex Police involved?"
            ),
            threat_area="organised_crime",
            needed_by=timezone.localdate() + datetime.timedelta(days=14),
        )
    tallies["requests"].count(essex_question is None, False)

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
