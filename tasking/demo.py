"""Demonstration targets, operations and requests for a local portal: invented names,
written through the same services as the portal's pages, so the feed, the decision logs
and the deconfliction alerts are real.

The eastern region's week (directory/demo.py): Kent Police records the Kestrel Network
and its Operation Gatehouse, which the NCA supports; an NCA record of the same group for
Essex Police raises a possible overlap between the two forces; ERSOU asks the NCA for
surveillance (now overdue), for anti-kidnap advice (decided: support) and drafts a third;
the NCA asks Kent, through ERSOU, for vehicle intelligence and for a surveillance team
for Operation Larch, which Kent declines: the voluntary request the Director General's
direction then cites (engagement/demo.py). Each serves the NCA's priorities in force
(PCC Annex A); Operation Wren, a one-off inquiry into stolen heritage metal, is pursued
outside them by the Director General's decision, and Operation Marten waits for it."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from directory.models import Organisation, Region, User
from directory.reference import Tally
from priorities.models import Priority

from . import services
from .choices import CommitmentTest, NcaRole, Outcome, ResultKind, Significance, Urgency
from .models import Capability, Operation, OperationResult, Target, TaskingRequest

T = CommitmentTest
# The NCA's voluntary request that Kent declines, cited by the direction.
LARCH = "A surveillance team for Operation Larch"


def answers(*met) -> dict[str, bool]:
    return {test: test in met for test in CommitmentTest.values}


def organisation(name):
    return Organisation.objects.get(name=name)


def priorities(*codes):
    """The versions of the priorities `codes` in force today."""
    return list(Priority.objects.in_force(timezone.localdate()).filter(code__in=codes))


@transaction.atomic
def load() -> dict[str, Tally]:
    tally = Tally()
    if Target.objects.filter(name="Kestrel Network").exists():
        tally.unchanged += 1
        return {"tasking demonstration": tally, **charge_by_exception(), **results_of_a_year()}
    people = {
        u.username: u for u in User.objects.filter(username__in=["tasking", "rocu", "force", "dg"])
    }
    tasking, rocu, force = people["tasking"], people["rocu"], people["force"]
    nca, kent = organisation("National Crime Agency"), organisation("Kent Police")

    kestrel = services.target_create(
        actor=force, name="Kestrel Network", kind="group", priority="priority",
        aliases=["The Kestrels"], threat_areas=["organised_crime"], marking="official_sensitive",
        pursue="Armed robbery investigation by Kent Police.",
        priorities=priorities("pursue-soc", "highest-risk"),
    )  # fmt: skip
    services.target_create(
        actor=tasking, name="Kestrell Network", kind="group", priority="high_priority",
        responsible_organisation=organisation("Essex Police"),
        threat_areas=["organised_crime"], priorities=priorities("pursue-soc"),
    )  # fmt: skip
    gatehouse = services.operation_create(
        actor=force, target=kestrel, name="Operation Gatehouse",
        lead_organisation=kent, priorities=priorities("pursue-soc", "highest-risk"),
    )  # fmt: skip
    services.operation_decide(
        actor=tasking, operation=gatehouse, outcome=Outcome.SUPPORT, lead_organisation=kent,
        rationale="Force-led; the NCA provides armed surveillance and technical collection.",
        tests=answers(T.PRIORITY_TARGET, T.SPECIALIST_CAPABILITY),
    )  # fmt: skip
    roof_thieves = services.target_create(
        actor=tasking, name="Lych Gate Roofers", kind="group", priority="none",
        threat_areas=["organised_crime"],
        pursue="Heritage metal stolen from church roofs in three regions.",
    )  # fmt: skip
    wren = services.operation_create(
        actor=tasking, target=roof_thieves, name="Operation Wren", lead_organisation=nca,
    )  # fmt: skip
    services.outside_priorities_decide(
        actor=people["dg"], operation=wren, home_office_consulted=True,
        reason="A one-off inquiry into heritage metal stolen from churches across three "
        "regions, at the Home Office's request: no priority covers it, and only the NCA can "
        "bring the regions' inquiries together.",
    )  # fmt: skip
    services.operation_create(
        actor=force, target=kestrel, name="Operation Marten", lead_organisation=kent,
    )  # fmt: skip

    surveillance = Capability.objects.get(code="specialist-surveillance")
    waiting = services.request_create(
        actor=rocu, addressed_organisation=nca,
        summary="Specialist surveillance on a firearms supplier",
        how_this_assists="Lets the region identify the supplier's source before the next delivery.",
        urgency=Urgency.URGENT, capabilities=[surveillance], subject_names=["Dale Marr"],
        priorities=priorities("pursue-soc"),
    )  # fmt: skip
    services.request_submit(actor=rocu, request=waiting)
    # Shown as overdue: submitted a day and a half ago.
    earlier = timezone.now() - datetime.timedelta(hours=36)
    TaskingRequest.objects.filter(pk=waiting.pk).update(
        submitted_at=earlier, due_at=earlier + datetime.timedelta(hours=24)
    )
    services.request_create(
        actor=rocu, addressed_organisation=nca,
        summary="Financial investigation support on a cash-smuggling group",
        how_this_assists="Civil recovery of the group's assets.",
        urgency=Urgency.ROUTINE, capabilities=[Capability.objects.get(code="civil-recovery-tax")],
        priorities=priorities("enablers"),
    )  # fmt: skip
    decided = services.request_create(
        actor=rocu, addressed_organisation=nca,
        summary="Anti-kidnap advice on a live extortion",
        how_this_assists="Expert advice while the victim is held.",
        urgency=Urgency.IMMEDIATE,
        capabilities=[Capability.objects.get(code="anti-kidnap-extortion")],
    )  # fmt: skip
    services.request_submit(actor=rocu, request=decided)
    services.request_decide(
        actor=tasking, request=decided, outcome=Outcome.SUPPORT,
        rationale="Specialist advice the region does not have, needed now.",
        tests=answers(T.SPECIALIST_CAPABILITY, T.URGENT_ACTION),
        priorities=priorities("pursue-soc", "specialist-capabilities"),
    )  # fmt: skip
    to_kent = services.request_create(
        actor=tasking, addressed_organisation=kent,
        summary="Local intelligence on a vehicle used by the Kestrel Network",
        how_this_assists="Links the group's vehicles to the robberies in three regions.",
        target=kestrel, priorities=priorities("pursue-soc", "lead-uk-response"),
    )  # fmt: skip
    services.request_submit(actor=tasking, request=to_kent)
    larch = services.request_create(
        actor=tasking, addressed_organisation=kent, summary=LARCH, target=kestrel,
        how_this_assists="Follows the Kestrel Network's firearms courier before the next delivery.",
        urgency=Urgency.URGENT, marking="official_sensitive",
        priorities=priorities("pursue-soc", "highest-risk"),
    )  # fmt: skip
    services.request_submit(actor=tasking, request=larch)
    services.request_respond(
        actor=force, request=larch, accept=False,
        reason="No surveillance team is free before the group's expected move: ERSOU's teams "
        "are committed to Operation Gatehouse.",
    )  # fmt: skip
    tally.created += 1
    return {"tasking demonstration": tally, **charge_by_exception(), **results_of_a_year()}


CHARGED = "Round-the-clock surveillance of the Kestrel Network's safe houses for six weeks"


@transaction.atomic
def charge_by_exception() -> dict[str, Tally]:
    """One charge by exception, agreed (PCC §21, OP §10): Kent asks the NCA for weeks of
    surveillance, the tasking desk proposes a charge with its reason, a director approves
    it and Kent's chief officer agrees it, so the Kent PCC office and the chief officer's
    briefing pack show it."""
    tally = Tally()
    if TaskingRequest.objects.filter(summary=CHARGED).exists():
        tally.unchanged += 1
        return {"charge by exception": tally}
    people = User.objects.in_bulk(["force", "tasking", "director", "chief"], field_name="username")
    request = services.request_create(
        actor=people["force"], addressed_organisation=organisation("National Crime Agency"),
        summary=CHARGED,
        how_this_assists="Identifies the group's armourer before the next robbery.",
        capabilities=[Capability.objects.get(code="specialist-surveillance")],
    )  # fmt: skip
    services.request_submit(actor=people["force"], request=request)
    services.charge_propose(
        actor=people["tasking"], request=request,
        terms="The overtime of one surveillance team beyond the first week, at cost.",
        exception_reason=(
            "Six weeks of round-the-clock cover for one force is far beyond the support the "
            "NCA gives partners free; the first week is free as usual."
        ),
    )  # fmt: skip
    services.charge_approve(actor=people["director"], request=request)
    services.charge_accept(actor=people["chief"], request=request)
    tally.created += 1
    return {"charge by exception": tally}


REDWING = "Operation Redwing"
# A year of results, month by month (0 is eleven months ago): the operation, its kind,
# the figure, the priority's code, the owner, the NCA's part, where, and the marking.
# Operation Gatehouse is Kent's, which the NCA supports; Operation Redwing the NCA's,
# with Essex Police and Kent Police in support.
GATEHOUSE_YEAR = [
    (ResultKind.ARREST, 3, "pursue-soc", "Kent Police", NcaRole.SUPPORT, "Kent Police"),
    (
        ResultKind.ASSETS_SEIZED,
        "18500.00",
        "pursue-soc",
        "Kent Police",
        NcaRole.SUPPORT,
        "Kent Police",
    ),
    (ResultKind.CHARGE, 2, "highest-risk", "Kent Police", NcaRole.SUPPORT, "Kent Police"),
    (
        ResultKind.DISRUPTION,
        Significance.MODERATE,
        "highest-risk",
        "National Crime Agency",
        NcaRole.SUPPORT,
        "Essex Police",
    ),
    (ResultKind.ASSETS_RESTRAINED, "240000.00", "pursue-soc", "Kent Police", NcaRole.SUPPORT, None),
    (ResultKind.CONVICTION, 2, "pursue-soc", "Kent Police", NcaRole.SUPPORT, "Kent Police"),
]
REDWING_YEAR = [
    (ResultKind.ARREST, 5, "enablers", "National Crime Agency", NcaRole.LEAD, "Essex Police"),
    (ResultKind.PREVENTION, Significance.MAJOR, "enablers", "National Crime Agency",
     NcaRole.LEAD, None),
    (ResultKind.ASSETS_SEIZED, "1250000.00", "pursue-soc", "Essex Police", NcaRole.LEAD,
     "Essex Police"),
    (ResultKind.CHARGE, 4, "lead-uk-response", "National Crime Agency", NcaRole.COORDINATE,
     "Kent Police"),
    (ResultKind.DISRUPTION, Significance.MINOR, "lead-uk-response", "Kent Police",
     NcaRole.COORDINATE, "Kent Police"),
    (ResultKind.CONVICTION, 3, "pursue-soc", "National Crime Agency", NcaRole.LEAD,
     "Essex Police"),
]  # fmt: skip
FIGURE = {
    ResultKind.ARREST: "people", ResultKind.CHARGE: "people", ResultKind.CONVICTION: "people",
    ResultKind.ASSETS_SEIZED: "amount", ResultKind.ASSETS_RESTRAINED: "amount",
    ResultKind.PREVENTION: "significance", ResultKind.DISRUPTION: "significance",
}  # fmt: skip
SUMMARY = {
    ResultKind.ARREST: "Arrests after a warrant at a storage unit",
    ResultKind.CHARGE: "Charged with conspiracy to commit robbery",
    ResultKind.CONVICTION: "Convicted at Maidstone Crown Court",
    ResultKind.ASSETS_SEIZED: "Cash seized from a courier's vehicle",
    ResultKind.ASSETS_RESTRAINED: "Restraint order on a property",
    ResultKind.PREVENTION: "Hauliers warned of the group's approaches at the port",
    ResultKind.DISRUPTION: "A supply route closed",
}


@transaction.atomic
def results_of_a_year() -> dict[str, Tally]:
    """A year of results on the two demonstration operations (PCC §9, §14), through the
    results service: each kind, several priorities, results owned by Kent, Essex and the
    NCA with the NCA leading, supporting and coordinating, in Kent's and Essex's force
    areas and in the region alone, every third one OFFICIAL-SENSITIVE. The operations
    serve their priorities and began a year and a month ago."""
    tally = Tally()
    if OperationResult.objects.filter(operation__name="Operation Gatehouse").exists():
        tally.unchanged += 1
        return {"results of a year": tally}
    tasking = User.objects.get(username="tasking")
    gatehouse = Operation.objects.get(name="Operation Gatehouse")
    kestrell = Target.objects.get(name="Kestrell Network")
    today = timezone.localdate()
    in_force = Priority.objects.in_force(today)
    redwing = services.operation_create(
        actor=tasking, target=kestrell, name=REDWING,
        lead_organisation=organisation("National Crime Agency"),
        supporting_organisations=[organisation("Essex Police"), organisation("Kent Police")],
        priorities=in_force.filter(code__in=["pursue-soc", "enablers", "lead-uk-response"]),
    )  # fmt: skip
    services.operation_decide(
        actor=tasking, operation=redwing, outcome=Outcome.LEAD,
        lead_organisation=organisation("National Crime Agency"),
        rationale="A High Priority group smuggling through the eastern ports: the NCA leads.",
        tests=answers(T.PRIORITY_TARGET, T.BEYOND_PARTNER_CAPABILITY),
    )  # fmt: skip
    began = timezone.now() - datetime.timedelta(days=400)
    # A demo database from before the operations named their priorities.
    gatehouse.priorities.set(in_force.filter(code__in=["pursue-soc", "highest-risk"]))
    Operation.objects.filter(pk__in=[gatehouse.pk, redwing.pk]).update(created_at=began)
    eastern = Region.objects.get(code="eastern")
    count = 0
    for month in range(12):
        day = today - datetime.timedelta(days=30 * (11 - month) + 3)
        for operation, year in ((gatehouse, GATEHOUSE_YEAR), (redwing, REDWING_YEAR)):
            for step in (0, 3):
                kind, figure, code, owner, role, force = year[(month + step) % len(year)]
                count += 1
                services.result_record(
                    actor=tasking, operation=operation, kind=kind, occurred_on=day,
                    summary=SUMMARY[kind], priority=in_force.get(code=code),
                    owner=organisation(owner), nca_role=role,
                    force=organisation(force) if force else None,
                    region=None if force else eastern,
                    marking="official_sensitive" if count % 3 == 0 else "official",
                    **{FIGURE[kind]: Decimal(figure) if FIGURE[kind] == "amount" else figure},
                )  # fmt: skip
    tally.created += count
    return {"results of a year": tally}
