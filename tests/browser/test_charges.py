"""A charge by exception in the browser (PCC §21, OP §10): the tasking desk proposes it
with its reason, a director approves it, Kent's chief officer agrees it, and the Kent
PCC office sees it. axe-core checks every page on the way, at 1280 and at 320 px."""

import pytest

from directory.choices import Clearance, Role
from tasking import services
from tasking.models import ChargeAgreement
from tests.browser.conftest import assert_accessible, assert_reflows, sign_in, visit
from tests.factories import organisation

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_director_approves_the_chief_officer_agrees_and_the_pcc_office_sees_it(page, make_person):
    make_person("tom", "National Crime Agency", Role.TASKING_OFFICER)
    make_person(
        "ruth", "Intelligence and Operations Directorate", Role.DIRECTOR, clearance=Clearance.DV
    )
    frank = make_person("frank", "Kent Police", Role.FORCE_OFFICER)
    make_person("catherine", "Kent Police", Role.CHIEF_OFFICER)
    make_person(
        "paul", "Police and Crime Commissioner for Kent", Role.PCC_OFFICE, clearance=Clearance.BPSS
    )
    request = services.request_create(
        actor=frank,
        addressed_organisation=organisation("National Crime Agency"),
        summary="Six weeks of surveillance on the Medway robbers",
        how_this_assists="Identifies their armourer before the next robbery.",
    )
    services.request_submit(actor=frank, request=request)
    detail = f"/tasking/requests/{request.pk}/"

    # The tasking desk proposes a charge, forgetting at first to say why.
    sign_in(page, "tom")
    visit(page, detail)
    page.get_by_role("link", name="Propose a charge").click()
    assert_accessible(page)
    page.get_by_label("The charge and what it covers").fill("Overtime after week one, at cost.")
    page.get_by_role("button", name="Propose the charge").click()
    assert (
        page.get_by_role("alert").get_by_text("Enter why this service is an exception").is_visible()
    )
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_label("Why this service is an exception").fill(
        "Six weeks of cover is far beyond what the NCA gives free."
    )
    page.get_by_role("button", name="Propose the charge").click()
    assert page.get_by_text("An NCA director approves it").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # A director approves it.
    sign_in(page, "ruth")
    visit(page, detail)
    page.get_by_role("link", name="Approve the charge").click()
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_role("button", name="Approve the charge").click()
    assert page.get_by_text("approved and proposed to the partner").is_visible()
    page.get_by_role("button", name="Sign out").click()

    # Kent's chief officer agrees it.
    sign_in(page, "catherine")
    visit(page, detail)
    page.get_by_role("link", name="Agree the charge").click()
    assert_accessible(page)
    page.get_by_role("button", name="Agree the charge").click()
    panel = page.locator(".govuk-panel--confirmation")
    assert panel.get_by_role("heading", name="The charge is agreed.").is_visible()
    assert panel.get_by_text(request.reference).is_visible()
    assert_accessible(page)
    assert_reflows(page)
    assert ChargeAgreement.objects.get().agreed
    page.get_by_role("button", name="Sign out").click()

    # The Kent PCC office sees it among the charges agreed with its force.
    sign_in(page, "paul")
    page.get_by_role("link", name="Charges").first.click()
    assert page.get_by_role("cell", name=request.reference).is_visible()
    assert page.get_by_text("far beyond what the NCA gives free").is_visible()
    assert_accessible(page)
    assert_reflows(page)
    visit(page, "/engagement/")
    assert page.get_by_text("What the NCA is doing in your force area").is_visible()
    assert_reflows(page)
