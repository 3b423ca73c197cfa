"""Tasking in the browser: a ROCU officer asks, the NCA's desk decides, the officer sees
the outcome. axe-core checks every page on the way."""

import pytest

from directory.choices import Clearance, Role
from tasking import services
from tasking.models import Capability, TaskingRequest
from tests.browser.conftest import assert_accessible, sign_in, visit
from tests.factories import organisation

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_rocu_request_is_decided_support_by_the_desk_and_the_officer_sees_it(page, make_person):
    make_person("olivia", "South East Regional Organised Crime Unit", Role.ROCU_OFFICER)
    make_person("tom", "National Crime Agency", Role.TASKING_OFFICER)

    # The ROCU officer finds the capability and asks for it.
    sign_in(page, "olivia")
    page.get_by_role("link", name="Capabilities").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Specialist surveillance").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ask for this capability").click()
    assert_accessible(page)
    page.get_by_label("Who are you asking?").select_option(label="National Crime Agency")
    page.get_by_label("What do you need?").fill("Armed surveillance on a robbery team")
    page.get_by_role("button", name="Save draft").click()
    # Forgot how it would assist: the error summary names the field.
    assert (
        page.get_by_role("alert")
        .get_by_text("Say how the help asked for would assist")
        .is_visible()
    )
    assert_accessible(page)
    page.get_by_label("How would this help assist?").fill("Lets us arrest the team in the act.")
    page.get_by_label("Urgent").check()
    page.get_by_role("button", name="Save draft").click()
    assert page.get_by_text("saved as a draft").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Submit request").click()
    assert page.get_by_text("submitted.", exact=False).first.is_visible()
    reference = TaskingRequest.objects.get().reference
    page.get_by_role("button", name="Sign out").click()

    # The NCA tasking desk decides: support.
    sign_in(page, "tom")
    page.get_by_role("link", name="Tasking desk").first.click()
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    assert_accessible(page)
    page.get_by_role("link", name="Record the decision").click()
    assert_accessible(page)
    page.get_by_label("Needs specialist national capability").check()
    page.get_by_role("button", name="Get the portal's suggestion").click()
    assert page.get_by_text("The portal suggests: The NCA supports").is_visible()
    assert_accessible(page)
    page.get_by_label("The NCA supports").check()
    page.get_by_label("Rationale").fill("Specialist surveillance the region does not have.")
    page.get_by_role("button", name="Record the decision").click()
    assert page.get_by_text(f"Decision recorded on {reference}").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # The ROCU officer sees the outcome.
    sign_in(page, "olivia")
    page.get_by_role("link", name="Our requests").first.click()
    assert page.locator("td .govuk-tag", has_text="Accepted").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    assert page.get_by_text("The NCA's role").is_visible()
    assert page.get_by_role("heading", name="Decision 1: The NCA supports").is_visible()
    assert_accessible(page)


def test_every_tasking_page_passes_axe(page, make_person):
    tasking = make_person("tom", "National Crime Agency", Role.TASKING_OFFICER)
    kent = make_person("frank", "Kent Police", Role.FORCE_OFFICER, clearance=Clearance.SC)
    hampshire = make_person("hants", "Hampshire and Isle of Wight Constabulary", Role.FORCE_OFFICER)
    target = services.target_create(actor=kent, name="Kestrel Network", kind="group",
                                    aliases=["The Kestrels"])  # fmt: skip
    services.target_create(actor=hampshire, name="Kestrel Networks", kind="group")
    operation = services.operation_create(
        actor=kent, target=target, name="Operation Gatehouse",
        lead_organisation=organisation("Kent Police"),
    )  # fmt: skip
    request = services.request_create(
        actor=tasking, addressed_organisation=organisation("Kent Police"),
        summary="Vehicle intelligence", how_this_assists="Links the robberies.", target=target,
    )  # fmt: skip
    services.request_submit(actor=tasking, request=request)
    capability = Capability.objects.first()
    sign_in(page, "tom")
    for path in [
        "/tasking/desk/", "/tasking/requests/", "/tasking/requests/new/",
        f"/tasking/requests/{request.pk}/", "/tasking/targets/", "/tasking/targets/new/",
        f"/tasking/targets/{target.pk}/", f"/tasking/targets/{target.pk}/edit/",
        f"/tasking/targets/{target.pk}/operations/new/", f"/tasking/operations/{operation.pk}/",
        f"/tasking/operations/{operation.pk}/decision/", "/tasking/capabilities/",
        f"/tasking/capabilities/{capability.pk}/", "/tasking/overlaps/",
    ]:  # fmt: skip
        visit(page, path)
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "frank")
    visit(page, "/")
    visit(page, f"/tasking/requests/{request.pk}/answer/")
    alert = page.goto("/tasking/overlaps/")
    assert alert.status == 200
    page.get_by_role(
        "link", name="Hampshire and Isle of Wight Constabulary", exact=False
    ).first.click()
    assert_accessible(page)
