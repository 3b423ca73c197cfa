"""Browser journeys of directed tasking and PCC engagement: the Director General directs
Kent Police; Kent's PCC office sees the notice and acknowledges it; Essex's does not see
it. axe-core checks every page on the way, and every other engagement page."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from directory.choices import Clearance, Marking, Role
from engagement import services
from engagement.models import Direction, PccNotice
from tests.browser.conftest import assert_accessible, assert_reflows, sign_in, visit
from tests.celery_broker import broker, free_port
from tests.factories import organisation

pytestmark = pytest.mark.django_db(transaction=True)

KENT_PCC = "Police and Crime Commissioner for Kent"
ESSEX_PCC = "Police, Fire and Crime Commissioner for Essex"


@pytest.fixture
def people(make_person):
    return {
        "dg": make_person("dg", "National Crime Agency", Role.DIRECTOR_GENERAL, Clearance.DV),
        "kent-pcc": make_person("kent-pcc", KENT_PCC, Role.PCC_OFFICE, Clearance.BPSS),
        "essex-pcc": make_person("essex-pcc", ESSEX_PCC, Role.PCC_OFFICE, Clearance.BPSS),
        "analyst": make_person("analyst", "National Intelligence Hub", Role.ANALYST),
        "chief": make_person("kent-chief", "Kent Police", Role.CHIEF_OFFICER),
        "secretariat": make_person("secretariat", "National Crime Agency", Role.SECRETARIAT),
        "director": make_person(
            "director", "Intelligence and Operations Directorate", Role.DIRECTOR, Clearance.DV
        ),
    }


@pytest.fixture
def no_broker():
    """No Redis answers as the broker: the sweeper delivers what the portal owes."""
    with broker(f"redis://127.0.0.1:{free_port()}/0"):
        yield


def sweep():
    """What Celery beat's every-minute sweeper does."""
    call_command("deliver_notices", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_dg_directs_kent_police_and_kents_pcc_office_acknowledges_the_notice(
    page, people, no_broker
):
    sign_in(page, "dg")
    page.get_by_role("link", name="Engagement").first.click()
    page.get_by_role("link", name="Issue a direction").first.click()
    assert_accessible(page)
    page.get_by_label("Directed tasking").check()
    page.get_by_label("Who is directed").select_option(label="Kent Police")
    page.get_by_label("What the recipient is directed to do").fill(
        "Provide a surveillance team to Operation Larch for four weeks."
    )
    page.get_by_label("Protective marking").select_option(label="OFFICIAL-SENSITIVE")
    page.get_by_label("Voluntary arrangements could not be made in time").check()
    page.get_by_role("button", name="Issue the direction").click()

    # The reason voluntary arrangements failed is missing: the rule says so at once,
    # before any answers are shown for checking.
    summary = page.get_by_role("alert")
    assert summary.get_by_text("could not be made in time").is_visible()
    assert_accessible(page)
    assert not Direction.objects.exists()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_voluntary_arrangements_failure"
    page.get_by_label("Why voluntary arrangements could not be made, or not in time").fill(
        "Kent Police could not release a team before the group's expected move."
    )
    page.get_by_role("button", name="Issue the direction").click()

    # The answers are shown for checking; nothing is issued until they are confirmed.
    assert page.get_by_role(
        "heading", name="Check your answers before you issue the direction"
    ).is_visible()
    assert page.get_by_text("Provide a surveillance team to Operation Larch").is_visible()
    assert_accessible(page)
    assert_reflows(page, width=320)
    assert not Direction.objects.exists()

    # Change goes back to the form holding every answer, at the field.
    page.get_by_role("button", name="Change what the recipient is directed to do").click()
    field = page.get_by_label("What the recipient is directed to do")
    assert field.input_value() == "Provide a surveillance team to Operation Larch for four weeks."
    field.fill("Provide a surveillance team to Operation Larch for three weeks.")
    assert page.get_by_label("Who is directed").input_value() == str(organisation("Kent Police").pk)
    page.get_by_role("button", name="Issue the direction").click()
    assert page.get_by_text("for three weeks.").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm and issue the direction").click()
    page.wait_for_url("**/engagement/directions/*/")
    assert page.get_by_text("issued to the chief officer of Kent Police").is_visible()
    assert_accessible(page)
    notice = PccNotice.objects.get()
    assert notice.governing_body == organisation(KENT_PCC)
    assert notice.delivered_at is not None  # in the inbox although the broker is down
    sweep()  # only the e-mail waited for the sweeper

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "kent-pcc")
    assert page.locator(".portal-header__count").inner_text() == "1"
    assert page.get_by_text("1 notice of directions awaiting your acknowledgement").is_visible()
    page.get_by_role("link", name=notice.reference).click()
    assert page.get_by_role("heading", level=1).inner_text() == f"{notice.reference}: Kent Police"
    assert page.get_by_text("Operation Larch for three weeks.").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Acknowledge this notice").click()
    assert page.get_by_text(f"You acknowledged {notice.reference}.").is_visible()
    assert_accessible(page)
    notice.refresh_from_db()
    assert notice.acknowledged_at is not None

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "essex-pcc")
    visit(page, "/engagement/notices/")
    assert page.get_by_text("0 notices").is_visible()
    visit(page, f"/engagement/notices/{notice.pk}/", status=404)
    assert page.get_by_role("heading", name="Page not found").is_visible()


def test_every_engagement_page_is_accessible(page, people, no_broker):
    dg, analyst = people["dg"], people["analyst"]
    direction = services.direction_issue(
        actor=dg,
        kind="direction_to_assist",
        recipient_organisation=organisation("Kent Police"),
        summary="Technical support to Operation Larch.",
        voluntary_ground="not_in_time",
        voluntary_arrangements_failure="Not in time.",
        marking=Marking.OFFICIAL,
    )
    sweep()
    notice = PccNotice.objects.get(direction=direction)
    report = services.intelligence_report_publish(
        actor=analyst,
        title="County lines into Medway",
        summary="Three groups.",
        marking=Marking.OFFICIAL_SENSITIVE,
        handling_instruction="PCC office only.",
        source_evaluation="2",
        intelligence_assessment="B",
        handling_code="C",
        handling_conditions="Not beyond the office.",
        audience="region",
        region=organisation("Kent Police").region,
    )
    rfi = services.information_request_submit(
        actor=people["kent-pcc"], subject="Firearms in Medway", question="Any converted weapons?"
    )
    day, _ = services.engagement_day_schedule(version_id="nsa-1", endorsed_on=timezone.localdate())
    meeting = services.regional_meeting_record(
        actor=people["secretariat"],
        region=organisation("Kent Police").region,
        held_on=timezone.localdate() - datetime.timedelta(days=10),
        senior_officer=people["director"],
        attendees=[organisation(KENT_PCC), organisation("Kent Police")],
    )

    pages = {
        "dg": [
            "/", "/engagement/", "/engagement/directions/", "/engagement/directions/new/",
            f"/engagement/directions/{direction.pk}/",
            f"/engagement/directions/{direction.pk}/vary/",
            f"/engagement/directions/{direction.pk}/revoke/",
            "/engagement/notices/", f"/engagement/notices/{notice.pk}/",
            "/engagement/events/", f"/engagement/events/{day.pk}/",
            f"/engagement/events/{day.pk}/edit/", f"/engagement/events/{meeting.pk}/",
            "/engagement/regions/", "/engagement/regions/eastern/meetings/new/",
        ],
        "analyst": [
            "/", "/engagement/reports/", "/engagement/reports/new/",
            f"/engagement/reports/{report.pk}/", "/engagement/information-requests/",
            f"/engagement/information-requests/{rfi.pk}/",
            f"/engagement/information-requests/{rfi.pk}/consider/",
            f"/engagement/information-requests/{rfi.pk}/respond/",
        ],
        "kent-pcc": [
            "/", "/engagement/", f"/engagement/reports/{report.pk}/",
            "/engagement/information-requests/new/",
            f"/engagement/information-requests/{rfi.pk}/",
            f"/engagement/information-requests/{rfi.pk}/withdraw/",
            f"/engagement/events/{day.pk}/",
        ],
        "kent-chief": ["/", "/engagement/", "/engagement/directions/"],
    }  # fmt: skip
    for username, paths in pages.items():
        sign_in(page, username)
        for path in paths:
            visit(page, path)
        page.get_by_role("button", name="Sign out").click()


def test_form_errors_on_engagement_pages_are_accessible(page, people, no_broker):
    sign_in(page, "analyst")
    visit(page, "/engagement/reports/new/")
    page.get_by_label("Title").fill("Firearms supply")
    page.get_by_role("button", name="Publish the report").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "kent-pcc")
    visit(page, "/engagement/information-requests/new/")
    page.get_by_role("button", name="Send the request").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
