"""The people and records of engagement's tests: the Director General, the Kent and
Essex PCC offices, Kent's chief constable, NCA analysts; directions, notices, reports."""

import datetime

import pytest
from django.utils import timezone

from directory.choices import Clearance, Marking, Role
from engagement import services
from notifications.services import emails_send_unsent
from tasking.models import TaskingRequest
from tests.conftest import person
from tests.factories import organisation


@pytest.fixture
def ddg(db):
    return person(
        "ddg", "National Crime Agency", Role.DEPUTY_DIRECTOR_GENERAL, clearance=Clearance.DV
    )


@pytest.fixture
def nca_analyst(db):
    return person("analyst", "National Intelligence Hub", Role.ANALYST)


@pytest.fixture
def essex_chief_officer(db):
    return person("essex-chief", "Essex Police", Role.CHIEF_OFFICER)


@pytest.fixture
def btpa_office(db):
    return person(
        "btpa",
        "British Transport Police Authority",
        Role.PCC_OFFICE,
        clearance=Clearance.BPSS,
        email="office@btpa.example",
    )


@pytest.fixture
def kent_pcc_colleague(db):
    """A second person in the Kent PCC office."""
    return person(
        "kent-pcc-2",
        "Police and Crime Commissioner for Kent",
        Role.PCC_OFFICE,
        clearance=Clearance.SC,
        email="colleague@kent-pcc.example",
    )


def issue(dg, recipient="Kent Police", **overrides):
    values = {
        "kind": "directed_tasking",
        "summary": "Provide a surveillance team for Operation Larch for four weeks.",
        "voluntary_ground": "not_in_time",
        "voluntary_arrangements_failure": "Kent could not release a team in time.",
        "marking": Marking.OFFICIAL_SENSITIVE,
        **overrides,
    }
    return services.direction_issue(
        actor=dg, recipient_organisation=organisation(recipient), **values
    )


def deliver(notice):
    """Send the e-mails the notice owes, as the Celery task does (the notice itself is
    in the PCC office's inbox from the moment the direction is issued)."""
    emails_send_unsent()
    notice.refresh_from_db()
    return notice


def delivered_notice(dg, recipient="Kent Police", **overrides):
    return deliver(issue(dg, recipient, **overrides).pcc_notice)


def voluntary_request(
    tasking_officer, addressed="Kent Police", via=None, direction="from_nca", status="declined",
    due_at=None,
):  # fmt: skip
    return TaskingRequest.objects.create(
        direction=direction,
        requester=tasking_officer,
        requesting_organisation=organisation("National Crime Agency"),
        addressed_organisation=organisation(addressed),
        routed_via=organisation(via) if via else None,
        summary="Surveillance support for Operation Larch",
        how_this_assists="Covers the group's movements in the county.",
        status=status,
        submitted_at=timezone.now() - datetime.timedelta(days=3),
        due_at=due_at,
    )
