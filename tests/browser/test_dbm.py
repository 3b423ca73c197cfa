"""The Daily Briefing Meeting pack in the browser (issue 11 §1): the secretariat builds a
pack; what is logged afterwards does not change it but shows "since this pack"; a reader
of a partner unit and a lower clearance sees fewer entries, and plain text where they may
not open the record. axe-core checks every page, at 1280 and at 320 CSS pixels."""

import datetime

import pytest
from django.utils import timezone

from activity.services import activity_record
from directory.choices import Clearance, Marking, Role
from directory.models import Organisation
from governance.models import GovernanceGroup, Meeting, Membership
from tests.browser.conftest import assert_accessible, assert_reflows, sign_in, visit

pytestmark = pytest.mark.django_db(transaction=True)
SEROCU = "South East Regional Organised Crime Unit"


def meeting(slug, hours_ago):
    starts_at = timezone.now() - datetime.timedelta(hours=hours_ago)
    return Meeting.objects.create(
        group=GovernanceGroup.objects.get(slug=slug),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
    )


def logged(summary, kind, *, hours, marking=Marking.OFFICIAL, source=None):
    serocu = Organisation.objects.get(name=SEROCU)
    activity_record(
        kind=kind, summary=summary, marking=marking, organisation=serocu, region=serocu.region,
        occurs_at=timezone.now() + datetime.timedelta(hours=hours), source=source,
        link=source.get_absolute_url() if source else "",
    )  # fmt: skip


@pytest.fixture
def people(make_person, committed_reference_data):
    officer = make_person("se-rocu", SEROCU, Role.ROCU_OFFICER, clearance=Clearance.BPSS)
    Membership.objects.create(
        group=GovernanceGroup.objects.get(slug="dmm-south-east"), person=officer
    )
    return {
        "secretariat": make_person("secretariat", "National Crime Agency", Role.SECRETARIAT),
        "officer": officer,
    }


def as_read(page):
    """The pack itself, from its heading to the list of recent packs."""
    text = page.locator("main").inner_text()
    return text.split("Daily Briefing Meeting pack", 1)[1].split("Recent packs")[0]


def entries(page):
    return page.locator("table.portal-pack tbody tr")


def test_a_built_pack_stays_as_built_and_each_reader_sees_their_part(page, people):
    logged("Warrants executed in Maidstone", "significant_event", hours=-3, marking=Marking.SECRET)
    logged("The regional group met", "governance", hours=-2, source=meeting("rttcg-south-east", 2))
    logged("The national group met", "governance", hours=-1, source=meeting("nttcg", 1))

    sign_in(page, "secretariat")
    visit(page, "/governance/dbm/")
    page.get_by_role("button", name="Build a pack as at now").click()
    assert page.get_by_text("A new pack is built").is_visible()
    pack_url = page.url
    assert entries(page).count() == 3
    assert page.get_by_role("link", name="The national group met").is_visible()
    built = as_read(page)
    assert_accessible(page)
    assert_reflows(page)

    # The day goes on: a request, a decision and a direction are logged after the build.
    logged("A request after the build", "request", hours=-0.1)
    logged("A decision after the build", "decision", hours=-0.05)
    logged("A direction after the build", "direction", hours=-0.01)
    visit(page, pack_url)
    assert as_read(page) == built
    assert page.get_by_text("A request after the build").count() == 0

    page.get_by_role("link", name="What has been logged since this pack was built").click()
    assert page.get_by_role("heading", name="Logged since this pack").is_visible()
    assert [
        row.split("\n")[0] for row in entries(page).locator("td:nth-child(2)").all_inner_texts()
    ] == [
        "A request after the build",
        "A decision after the build",
        "A direction after the build",
    ]
    assert page.get_by_text("Warrants executed in Maidstone").count() == 0
    assert_accessible(page)
    assert_reflows(page)

    # A partner's officer, vetted BPSS, on the region's daily meeting.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "se-rocu")
    visit(page, pack_url)
    assert entries(page).count() == 2
    assert page.get_by_text("Warrants executed in Maidstone").count() == 0
    assert page.get_by_role("link", name="The regional group met").is_visible()
    assert page.get_by_role("link", name="The national group met").count() == 0
    assert page.get_by_text("The national group met").is_visible()
    assert_reflows(page)
