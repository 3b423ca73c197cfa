"""The home page answers "what needs me today" (directory/home.py): overdue first, then
due today, then what is new since the person last looked, then what still waits for
them; never an approved minutes, a done action, a past meeting, an acknowledged notice,
or another force's record."""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from directory.choices import Role
from directory.home import days_from
from engagement import services as engagement
from engagement.models import PccNotice
from governance import services as governance
from notifications.choices import Kind
from notifications.services import notify
from tasking import services as tasking
from tasking.models import TaskingRequest
from tests.conftest import person
from tests.engagement.conftest import delivered_notice
from tests.factories import organisation
from tests.governance.conftest import (  # noqa: F401 (the instant `started` counts from)
    _one_instant_per_test,
    coming,
    group,
    member,
    started,
)

NCA = "National Crime Agency"


@pytest.fixture
def secretariat(db):
    return person("secretariat", NCA, Role.SECRETARIAT)


@pytest.fixture
def ddg(db):
    return person("ddg", NCA, Role.DEPUTY_DIRECTOR_GENERAL)


def home(client, user) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def needs(page: str) -> list[tuple[str, str]]:
    """Each thing on the list, in order: its urgency and its title."""
    listed = re.search(r'<ul class="govuk-task-list" id="needs">(.*?)</ul>', page, re.S)
    if listed is None:
        return []
    titles = re.findall(r'govuk-task-list__link"[^>]*>([^<]+)</a>', listed.group(1))
    tags = re.findall(r'<strong class="govuk-tag[^"]*">([^<]+)</strong>', listed.group(1))
    return list(zip(tags, titles, strict=True))


def act(secretariat, owner, description, *, due_in_days, meeting):
    return governance.action_create(
        actor=secretariat, meeting=meeting, description=description, owner=owner,
        due_on=timezone.localdate() + datetime.timedelta(days=due_in_days),
    )  # fmt: skip


def test_the_tasking_officer_sees_overdue_then_due_today_then_new_then_waiting(
    client, secretariat, tasking_officer
):
    held = started("nttcg", hours_ago=24 * 5)
    act(secretariat, tasking_officer, "Brief the regions later.", due_in_days=3, meeting=held)
    act(secretariat, tasking_officer, "Brief the DG today.", due_in_days=0, meeting=held)
    act(secretariat, tasking_officer, "Brief the ROCUs, late.", due_in_days=-2, meeting=held)
    with transaction.atomic():
        notify(
            [tasking_officer],
            kind=Kind.RFI_ANSWERED,
            text="RFI-000001 is answered.",
            link="/engagement/information-requests/",
        )
    page = home(client, tasking_officer)
    assert "What needs you today</h1>" in page
    assert f"{escape(tasking_officer.get_full_name())}, National Crime Agency</span>" in page
    assert needs(page) == [
        ("Overdue", "Brief the ROCUs, late."),
        ("Due today", "Brief the DG today."),
        ("New", "RFI-000001 is answered."),
        ("Waiting", "Brief the regions later."),
    ]
    assert "Your action from the NTTCG" in page
    # The notifications of the actions themselves are not repeated: the actions are shown.
    assert "gave you" not in page


def test_a_done_action_and_approved_minutes_leave_the_home_page(
    client, secretariat, ddg, tasking_officer
):
    member("nttcg", ddg, tasking_officer)
    group("nttcg").__class__.objects.filter(slug="nttcg").update(chair=ddg)
    meeting = started("nttcg", hours_ago=48)
    governance.attendance_record(actor=secretariat, meeting=meeting, present=[ddg, tasking_officer])
    governance.minutes_save(actor=secretariat, meeting=meeting, text="Draft.", marking="official")
    governance.minutes_circulate(actor=secretariat, meeting=meeting)
    action = act(secretariat, tasking_officer, "Brief the regions.", due_in_days=1, meeting=meeting)
    minutes = f"Minutes of the {meeting}"
    assert ("Waiting", minutes) in needs(home(client, ddg))
    assert "so they wait for your approval" in home(client, ddg)
    assert needs(home(client, tasking_officer)) == [
        ("Waiting", "Brief the regions."),
        ("Waiting", minutes),
    ]

    governance.minutes_approve(actor=ddg, meeting=meeting)
    governance.action_update(actor=tasking_officer, action=action, status="done")
    for someone in (ddg, tasking_officer):
        page = home(client, someone)
        assert needs(page) == []
        assert "Nothing needs you today." in page
        assert "ready for your amendments" not in page  # the unread reminder is stale


def test_a_pcc_office_sees_its_own_notice_to_acknowledge_until_it_does(
    client, dg, kent_pcc_office, essex_pcc_office
):
    kent = delivered_notice(dg)
    essex = delivered_notice(dg, "Essex Police")
    page = home(client, kent_pcc_office)
    assert needs(page) == [("Waiting", f"{kent.reference}: notice of a direction to Kent Police")]
    assert essex.reference not in page
    assert "<strong>1</strong> notice of directions awaiting your acknowledgement" in page
    assert "<strong>1</strong> force governed by your office" in page

    engagement.pcc_notice_acknowledge(actor=kent_pcc_office, notice=kent)
    page = home(client, kent_pcc_office)
    assert needs(page) == []
    assert "<strong>0</strong> notices of directions awaiting your acknowledgement" in page


def test_the_dg_sees_a_notice_escalated_to_their_office_as_overdue(client, dg):
    notice = delivered_notice(dg)
    late = timezone.localdate() - datetime.timedelta(days=2)
    PccNotice.objects.filter(pk=notice.pk).update(acknowledgement_due_on=late)
    engagement.notices_escalate_overdue()
    page = home(client, dg)
    late_body = notice.governing_body.name
    assert needs(page) == [("Overdue", f"{notice.reference}: {late_body} has not acknowledged")]
    assert "Escalated to the Director General&#x27;s office" in page
    assert "<strong>1</strong> notice to PCCs escalated" in page
    # Its notification would say the same again.
    assert "It has been escalated" not in page


def due(request, *, in_days=0):
    start, _ = days_from(timezone.localdate())
    noon = start + datetime.timedelta(days=in_days, hours=12)
    TaskingRequest.objects.filter(pk=request.pk).update(due_at=noon)


def request_of(actor, addressed):
    made = tasking.request_create(
        actor=actor,
        addressed_organisation=organisation(addressed),
        summary="Surveillance support on an armed robbery team",
        how_this_assists="Armed surveillance we do not have would let us arrest them.",
        urgency="urgent",
    )
    return tasking.request_submit(actor=actor, request=made)


def test_the_tasking_officer_sees_a_new_request_until_it_is_assessed_not_its_arrival_notice(
    client, tasking_officer, south_east_rocu_officer
):
    request = request_of(south_east_rocu_officer, NCA)
    due(request, in_days=3)
    page = home(client, tasking_officer)
    assert needs(page) == [("New", "1 new partner request not yet assessed")]
    assert "arrived from" not in page  # its notification would repeat it
    tasking.request_assess(actor=tasking_officer, request=request)
    assert needs(home(client, tasking_officer)) == []


def test_a_rocu_officer_sees_the_nca_requests_due_today_and_a_kent_officer_does_not(
    client, tasking_officer, south_east_rocu_officer, kent_officer
):
    due(request_of(tasking_officer, "South East Regional Organised Crime Unit"))
    page = home(client, south_east_rocu_officer)
    assert ("Due today", "1 NCA request due today") in needs(page)
    assert "of your requests wait for the NCA&#x27;s decision" in page
    page = home(client, kent_officer)
    assert "NCA request" not in page
    assert "Nothing needs you today." in page


def test_the_secretariat_counts_the_weeks_governance_meetings_at_a_glance(client, secretariat):
    coming("ntig", days=3)
    page = home(client, secretariat)
    assert "<strong>1</strong> governance meeting this week, apart from the daily ones" in page
    assert "Regions and their ROCUs</h1>" not in page


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [  # before the list replaced the panels: 19, 18, 16, 16, 18, 17; with the
        # commitments' panel, one more for those who answer for a commitment
        ("tasking_officer", 15),
        ("dg", 16),  # and the operations awaiting the DG's decision on the priorities
        ("south_east_rocu_officer", 11),
        ("kent_officer", 11),
        ("kent_pcc_office", 14),
        ("secretariat", 11),
    ],
)
def test_each_personas_home_page_takes_a_fixed_number_of_queries_whatever_the_rows(
    client, request, secretariat, dg, fixture, expected
):
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    held = started("nttcg", hours_ago=24 * 5)
    client.get("/")  # content types are cached once per process
    before = _queries(client)
    for i in range(3):
        act(secretariat, user, f"Brief {i}.", due_in_days=i - 1, meeting=held)
        delivered_notice(dg)
    assert (before, _queries(client)) == (expected, expected)
