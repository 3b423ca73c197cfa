"""Operations, results and requests made directly, for the delivery pages' figures."""

import datetime

from directory.choices import Marking
from priorities.models import Priority
from tasking.choices import NcaRole, ResultKind, TargetKind
from tasking.models import Operation, OperationResult, Target, TaskingRequest
from tests.factories import UserFactory, organisation


def priority(code: str) -> Priority:
    return Priority.objects.get(code=code, ends_on__isnull=True)


def operation(name, lead="National Crime Agency", *, supporters=(), priorities=(), **fields):
    lead_organisation = organisation(lead)
    target = Target.objects.create(
        name=f"{name} target",
        kind=TargetKind.GROUP,
        responsible_organisation=lead_organisation,
        created_by=UserFactory(organisation=lead_organisation),
    )
    made = Operation.objects.create(
        name=name,
        normalised=name.lower(),
        target=target,
        lead_organisation=lead_organisation,
        **fields,
    )
    made.supporting_organisations.set([organisation(one) for one in supporters])
    made.priorities.set([priority(code) for code in priorities])
    return made


FIGURES = {
    ResultKind.ARREST: {"people": 2},
    ResultKind.CHARGE: {"people": 2},
    ResultKind.CONVICTION: {"people": 2},
    ResultKind.ASSETS_SEIZED: {"amount": 1000},
    ResultKind.ASSETS_RESTRAINED: {"amount": 1000},
    ResultKind.PREVENTION: {"significance": "major"},
    ResultKind.DISRUPTION: {"significance": "major"},
}


def result(
    of: Operation,
    kind=ResultKind.ARREST,
    *,
    on: datetime.date,
    serving: str | None = "pursue-soc",
    force: str | None = None,
    nca_role=NcaRole.LEAD,
    marking=Marking.OFFICIAL,
    **figures,
) -> OperationResult:
    return OperationResult.objects.create(
        operation=of,
        kind=kind,
        occurred_on=on,
        summary=f"{ResultKind(kind).label} in {of.name}",
        marking=marking,
        priority=priority(serving) if serving else None,
        owner=of.lead_organisation,
        nca_role=nca_role,
        force=organisation(force) if force else None,
        recorded_by=UserFactory(organisation=of.lead_organisation),
        **{**FIGURES[kind], **figures},
    )


def request_citing(code: str, requester, addressed="National Crime Agency", **fields):
    made = TaskingRequest.objects.create(
        direction="to_nca",
        requesting_organisation=requester.organisation,
        addressed_organisation=organisation(addressed),
        summary="Surveillance on an armed robbery team",
        how_this_assists="It would let us arrest them.",
        requester=requester,
        **fields,
    )
    made.priorities.set([priority(code)])
    return made
