"""Governance journeys in the browser (issue 5 §8): the secretariat opens the next NTTCG,
sees NTIG's recommendations on its agenda, records a decision and an action; the action's
owner finds it on their home page. axe-core checks every page on the way."""

import datetime

import pytest
from django.utils import timezone

from directory.choices import Clearance, Marking, Role
from governance import services
from governance.models import Action, GovernanceGroup, Meeting, Membership
from tests.browser.conftest import assert_accessible, sign_in, visit

pytestmark = pytest.mark.django_db(transaction=True)
NCA = "National Crime Agency"


@pytest.fixture
def people(make_person, committed_reference_data):
    return {
        "secretariat": make_person("secretariat", NCA, Role.SECRETARIAT),
        "owner": make_person("tasking", NCA, Role.TASKING_OFFICER),
        "ddg": make_person("ddg", NCA, Role.DEPUTY_DIRECTOR_GENERAL, clearance=Clearance.DV),
    }


@pytest.fixture
def next_nttcg(people):
    """The next NTTCG, with NTIG's prioritised recommendations put on its agenda by the
    cycle; then the meeting comes round."""
    nttcg = GovernanceGroup.objects.get(slug="nttcg")
    for person in (people["owner"], people["ddg"]):
        Membership.objects.create(group=nttcg, person=person)
    now = timezone.now().replace(microsecond=0)
    meeting = Meeting.objects.create(
        group=nttcg, starts_at=now + datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=4), location="NCA headquarters, and by video",
    )  # fmt: skip
    ntig = Meeting.objects.create(
        group=GovernanceGroup.objects.get(slug="ntig"),
        starts_at=now - datetime.timedelta(days=14),
        ends_at=now - datetime.timedelta(days=14) + datetime.timedelta(hours=2),
    )
    for priority, title in enumerate(
        ["Task the regions on firearms supply", "Collect on two money-laundering networks"], 1
    ):
        services.submission_record(
            actor=people["secretariat"], meeting=ntig, kind="recommendation", title=title,
            priority=priority, marking=Marking.OFFICIAL_SENSITIVE,
        )  # fmt: skip
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=now - datetime.timedelta(minutes=5))
    meeting.refresh_from_db()
    return meeting


def test_the_secretariat_takes_ntigs_recommendation_at_the_nttcg_and_the_owner_sees_the_action(
    page, people, next_nttcg
):
    sign_in(page, "secretariat")
    assert_accessible(page)
    page.get_by_role("link", name="Governance").first.click()
    assert page.get_by_role("heading", name="Governance", level=1).is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="NTTCG meeting").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("NTTCG meeting")
    agenda = page.locator("#agenda + ol")
    assert agenda.get_by_role("heading", level=3).all_inner_texts() == [
        "NTIG priority 1: Task the regions on firearms supply",
        "NTIG priority 2: Collect on two money-laundering networks",
    ]
    assert page.locator('[data-marking="official_sensitive"]').count() == 2
    assert_accessible(page)

    page.get_by_role("link", name="Record a decision on “NTIG priority 1").click()
    page.get_by_role("button", name="Record the decision").click()  # nothing filled in
    assert page.get_by_role("alert").get_by_text("Enter the decision").is_visible()
    assert_accessible(page)
    page.get_by_label("Decision", exact=True).fill("Approved: the regions are tasked.")
    page.get_by_label("Approved", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    assert page.get_by_text("The decision is recorded.").is_visible()
    assert page.get_by_text("Approved: the regions are tasked.").first.is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record an action").click()
    page.get_by_label("What is to be done").fill("Report back on the regional firearms tasking.")
    page.get_by_label("Owner", exact=True).select_option(label=str(people["owner"]))
    due = timezone.localdate() + datetime.timedelta(days=10)
    due_date = page.get_by_role("group", name="Due date")
    due_date.get_by_label("Day").fill(str(due.day))
    due_date.get_by_label("Month").fill(str(due.month))
    due_date.get_by_label("Year").fill(str(due.year))
    assert_accessible(page)
    page.get_by_role("button", name="Record the action").click()
    assert page.get_by_text(f"The action is recorded for {people['owner']}.").is_visible()
    actions = page.locator("#actions + .portal-table-scroll table")
    assert actions.get_by_text("Report back on the regional").is_visible()
    assert_accessible(page)
    assert Action.objects.get().owner == people["owner"]

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "tasking")
    needs = page.locator("#needs")
    mine = needs.get_by_role("link", name="Report back on the regional firearms tasking.")
    assert mine.is_visible()
    assert needs.get_by_text("Your action from the NTTCG").is_visible()
    # The action is listed itself, so its notification is not listed again.
    assert page.get_by_role("link", name="The NTTCG gave you “Report back").count() == 0
    assert_accessible(page)
    mine.click()
    page.get_by_label("Done", exact=True).check()
    page.get_by_role("button", name="Save the status").click()
    assert page.get_by_text("The action is updated.").is_visible()
    assert_accessible(page)


def test_every_governance_page_the_secretariat_uses_is_accessible(page, people, next_nttcg):
    services.dbm_pack_build()
    nsa = services.product_version_create(
        actor=people["secretariat"],
        product=next_nttcg.group.__class__.objects.get(slug="nstcg").products.get(kind="nsa"),
        summary="Draft of the assessment.",
        marking=Marking.OFFICIAL,
    )
    action = services.action_create(
        actor=people["secretariat"], meeting=next_nttcg, description="Brief the regions.",
        owner=people["owner"], due_on=timezone.localdate() + datetime.timedelta(days=3),
    )  # fmt: skip
    sign_in(page, "secretariat")
    for path in [
        "/governance/",
        "/governance/groups/nttcg/",
        "/governance/groups/rttcg-eastern/",
        "/governance/groups/rttcg-eastern/cadence/",
        "/governance/groups/nttcg/cadence/",
        "/governance/groups/nttcg/members/",
        "/governance/meetings/",
        "/governance/meetings/?group=NTTCG&starts_from_day=1&starts_from_month=1"
        "&starts_from_year=2026",
        "/governance/meetings/?when=past&starts_to_day=1&starts_to_year=2026",
        f"/governance/meetings/{next_nttcg.pk}/",
        f"/governance/meetings/{next_nttcg.pk}/agenda/",
        f"/governance/meetings/{next_nttcg.pk}/attendance/",
        f"/governance/meetings/{next_nttcg.pk}/minutes/",
        f"/governance/agenda-items/{next_nttcg.agenda_items.first().pk}/papers/",
        "/governance/actions/",
        f"/governance/actions/{action.pk}/",
        "/governance/products/",
        f"/governance/products/{nsa.product_id}/",
        f"/governance/products/{nsa.product_id}/versions/",
        f"/governance/product-versions/{nsa.pk}/endorse/",
        "/governance/dbm/",
        "/governance/dbm/log/",
        "/governance/calendar/",
    ]:
        visit(page, path)
    visit(page, "/governance/meetings/999999/", status=404)

    # A form with errors, and the one-off calendar address.
    visit(page, "/governance/groups/rttcg-eastern/cadence/")
    page.get_by_label("Every how many units").fill("0")
    page.get_by_role("button", name="Save the cadence").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    visit(page, "/governance/calendar/")
    page.get_by_role("button", name="Make my calendar address").click()
    assert page.get_by_label("Calendar address").input_value().endswith(".ics")
    assert_accessible(page)


def test_a_pcc_office_sees_the_published_structure_accessibly(
    page, make_person, committed_reference_data
):
    make_person(
        "kent-pcc", "Police and Crime Commissioner for Kent", Role.PCC_OFFICE, Clearance.BPSS
    )
    sign_in(page, "kent-pcc")
    visit(page, "/governance/")
    visit(page, "/governance/groups/nstcg/")
    visit(page, "/governance/dbm/", status=404)
