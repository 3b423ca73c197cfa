"""What the NCA is doing in a force's area (PCC §15): the chief officer's briefing pack
lists the requests, decisions, operations, directions and charges touching the force, at
the chief officer's clearance; the PCC office reads an OFFICIAL summary only. Neither
sees another force's."""

import pytest
from django.core.exceptions import PermissionDenied

from directory.choices import Clearance, Marking, Role
from engagement import selectors
from tasking import services as tasking
from tasking.choices import CommitmentTest, Outcome
from tests.conftest import person
from tests.engagement.conftest import issue
from tests.engagement.test_briefing_pack import pages
from tests.factories import organisation

pytestmark = pytest.mark.django_db

TESTS = {test: test == CommitmentTest.SPECIALIST_CAPABILITY for test in CommitmentTest.values}


@pytest.fixture
def kent_detective(db):
    return person("kent-detective", "Kent Police", Role.FORCE_OFFICER)


@pytest.fixture
def essex_detective(db):
    return person("essex-detective", "Essex Police", Role.FORCE_OFFICER)


@pytest.fixture
def director(db):
    return person(
        "director", "Intelligence and Operations Directorate", Role.DIRECTOR, clearance=Clearance.DV
    )


def ask_the_nca(officer, summary, marking=Marking.OFFICIAL):
    request = tasking.request_create(
        actor=officer,
        addressed_organisation=organisation("National Crime Agency"),
        summary=summary,
        how_this_assists="It would let us arrest them.",
        marking=marking,
    )
    return tasking.request_submit(actor=officer, request=request)


def charge_agreed(request, *, tasking_officer, director, chief):
    tasking.charge_propose(
        actor=tasking_officer,
        request=request,
        terms="Overtime of the surveillance team, at cost.",
        exception_reason="Six weeks of cover is beyond what the NCA gives free.",
    )
    tasking.charge_approve(actor=director, request=request)
    tasking.charge_accept(actor=chief, request=request)


@pytest.fixture
def kent_work(kent_detective, tasking_officer, director, dg, kent_chief_officer):
    """A Kent request the NCA decided to support, with a charge agreed; a SECRET Kent
    request; a Kent operation; a direction to Kent's chief officer."""
    supported = ask_the_nca(kent_detective, "Surveillance on the Medway robbers")
    tasking.request_decide(
        actor=tasking_officer,
        request=supported,
        outcome=Outcome.SUPPORT,
        rationale="Specialist surveillance Kent does not hold.",
        tests=TESTS,
    )
    charge_agreed(
        supported, tasking_officer=tasking_officer, director=director, chief=kent_chief_officer
    )
    ask_the_nca(kent_detective, "Covert source in the port", marking=Marking.SECRET)
    target = tasking.target_create(actor=kent_detective, name="Medway Vipers", kind="group")
    tasking.operation_create(
        actor=kent_detective,
        target=target,
        name="Operation Quay",
        lead_organisation=organisation("Kent Police"),
    )
    issue(dg, "Kent Police", marking=Marking.OFFICIAL)
    return supported


def test_the_pack_lists_what_the_nca_is_doing_in_the_force_area(
    client, kent_work, kent_chief_officer, essex_detective
):
    ask_the_nca(essex_detective, "Essex firearms supply")
    client.force_login(kent_chief_officer)
    text = " ".join(pages(client.get("/engagement/briefing-pack/")))
    assert "What the NCA is doing in the area of Kent Police" in text
    assert "Surveillance on the Medway robbers" in text
    assert "Covert source in the port" in text  # SECRET, and the chief officer is SC
    assert f"{kent_work.reference}: The NCA supports" in text
    assert "Operation Quay" in text
    assert "Provide a surveillance team for Operation Larch" in text
    assert "Six weeks of cover is beyond what the NCA gives free." in text
    assert "Essex firearms supply" not in text  # a Kent chief officer never sees Essex


def test_the_pack_holds_only_what_the_chief_officer_is_cleared_for(client, kent_work):
    cleared_lower = person("kent-chief-ctc", "Kent Police", Role.CHIEF_OFFICER, clearance="ctc")
    client.force_login(cleared_lower)
    text = " ".join(pages(client.get("/engagement/briefing-pack/")))
    assert "Surveillance on the Medway robbers" in text
    assert "Covert source in the port" not in text


def test_the_force_activity_keeps_its_query_count(
    kent_work, kent_chief_officer, kent_detective, django_assert_num_queries
):
    kent, today = organisation("Kent Police"), kent_work.submitted_at.date()
    with django_assert_num_queries(QUERIES_FOR_FORCE_ACTIVITY) as first:
        selectors.force_activity(user=kent_chief_officer, force=kent, day=today)
    for number in range(3):
        ask_the_nca(kent_detective, f"Another request {number}")
    with django_assert_num_queries(len(first.captured_queries)):
        activity = selectors.force_activity(user=kent_chief_officer, force=kent, day=today)
    assert len(activity["requests"]) == 5


QUERIES_FOR_FORCE_ACTIVITY = 5


def test_the_pcc_office_reads_an_official_summary_of_its_force_only(
    kent_work, kent_pcc_office, essex_pcc_office, django_assert_num_queries
):
    with django_assert_num_queries(1):
        [kent] = selectors.force_summary(user=kent_pcc_office)
    assert kent.name == "Kent Police"
    # The SECRET request is left out; the OFFICIAL one, the operation, the direction
    # and the agreed charge are counted.
    counts = (kent.request_count, kent.operation_count, kent.direction_count, kent.charge_count)
    assert counts == (1, 1, 1, 1)
    [essex] = selectors.force_summary(user=essex_pcc_office)
    assert essex.name == "Essex Police"
    assert (essex.request_count, essex.charge_count) == (0, 0)


def test_only_a_pcc_office_reads_the_summary(kent_chief_officer):
    with pytest.raises(PermissionDenied):
        selectors.force_summary(user=kent_chief_officer)


def test_the_pcc_office_portal_shows_the_summary(client, kent_work, kent_pcc_office):
    client.force_login(kent_pcc_office)
    page = client.get("/engagement/").content.decode()
    assert "What the NCA is doing in your force area" in page
    assert "Kent Police" in page
    assert "Covert source in the port" not in page
    assert "Surveillance on the Medway robbers" not in page  # counts, not the records
