"""Every role signs in and opens every page; each answers 200 and passes axe-core."""

import pytest

from directory import demo
from directory.choices import Clearance, Role
from directory.two_factor import totp_device_register
from tests.browser.conftest import assert_accessible, assert_reflows, sign_in, visit
from tests.factories import organisation

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = {
    Role.DIRECTOR_GENERAL: ("National Crime Agency", Clearance.DV),
    Role.DEPUTY_DIRECTOR_GENERAL: ("National Crime Agency", Clearance.DV),
    Role.DIRECTOR: ("Intelligence and Operations Directorate", Clearance.DV),
    Role.TASKING_OFFICER: ("National Crime Agency", Clearance.SC),
    Role.ANALYST: ("National Intelligence Hub", Clearance.SC),
    Role.SECRETARIAT: ("National Crime Agency", Clearance.SC),
    Role.ROCC: ("National Crime Agency", Clearance.SC),
    Role.ROCU_OFFICER: ("South East Regional Organised Crime Unit", Clearance.SC),
    Role.FORCE_OFFICER: ("Kent Police", Clearance.CTC),
    Role.CHIEF_OFFICER: ("Kent Police", Clearance.SC),
    Role.PARTNER_OFFICER: ("HM Revenue and Customs", Clearance.SC),
    Role.PCC_OFFICE: ("Police and Crime Commissioner for Kent", Clearance.BPSS),
    Role.CHARGE_DELEGATE: ("Kent Police", Clearance.SC),
    Role.ADMIN: ("National Crime Agency", Clearance.SC),
}


def test_every_role_is_covered():
    assert set(ROLES) == set(Role.values)


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_signs_in_and_every_page_is_accessible(page, make_person, role):
    name, clearance = ROLES[role]
    extra = {}
    if role == Role.ROCC:
        extra["posted_to"] = organisation("Eastern Region Special Operations Unit")
    if role == Role.ADMIN:
        extra.update(is_staff=True)
    make_person(role, name, role, clearance=clearance, **extra)

    sign_in(page, role)
    assert_accessible(page)
    assert page.get_by_role("heading", level=1).count() == 1
    for path in [
        "/directory/",
        "/directory/?kind=territorial_force&region=eastern",
        f"/directory/{organisation('Kent Police').pk}/",
        f"/directory/{organisation('Eastern Region Special Operations Unit').pk}/",
        f"/directory/{organisation('Greater Manchester Police').pk}/",
        f"/directory/{organisation('National Crime Agency').pk}/",
        "/accessibility/",
    ]:
        visit(page, path)
    visit(page, "/directory/999999/", status=404)


def test_the_sign_in_page_and_its_errors_are_accessible(page, make_person):
    make_person("kent-officer", "Kent Police", Role.FORCE_OFFICER)
    visit(page, "/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").get_by_text("Enter your username").is_visible()
    assert_accessible(page)
    # The error summary takes focus, and its links lead to the fields.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    page.get_by_role("link", name="Enter your username").click()
    assert page.evaluate("document.activeElement.id") == "id_username"

    page.get_by_label("Username").fill("kent-officer")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("Enter a correct username and password").first.is_visible()
    assert_accessible(page)


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(page, make_person):
    make_person("kent-officer", "Kent Police", Role.FORCE_OFFICER)
    sign_in(page, "kent-officer")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_a_user_filters_the_directory_with_the_keyboard_and_mouse(page, make_person):
    make_person("kent-officer", "Kent Police", Role.FORCE_OFFICER)
    sign_in(page, "kent-officer")
    page.get_by_role("link", name="Directory").first.click()
    page.get_by_label("Kind").select_option(label="Regional Organised Crime Unit")
    page.get_by_role("button", name="Apply filters").click()
    assert page.get_by_text("9 organisations").is_visible()
    page.get_by_role("link", name="Eastern Region Special Operations Unit").click()
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Eastern Region Special Operations Unit")
    )
    assert page.get_by_role("link", name="Kent Police").is_visible()
    assert_accessible(page)


def test_signing_out_says_so_and_ends_the_session(page, make_person):
    make_person("kent-officer", "Kent Police", Role.FORCE_OFFICER)
    sign_in(page, "kent-officer")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/")
    assert page.get_by_role("alert").get_by_text("You have signed out.").is_visible()
    assert_accessible(page)
    response = page.goto("/directory/")
    assert page.url.endswith("/sign-in/?next=/directory/")
    assert response.status == 200


def test_the_api_docs_are_served_by_the_portal_itself_with_a_way_back(page, make_person):
    make_person("kent-officer", "Kent Police", Role.FORCE_OFFICER)
    sign_in(page, "kent-officer")
    response = page.goto("/api/docs/")
    assert response.status == 200
    page.get_by_text("/api/organisations/").first.wait_for()
    assert page.locator("[data-marking=official]").count() == 2
    assert page.locator("html").get_attribute("lang") == "en-GB"
    page.get_by_role("link", name="Back to the portal").click()
    page.wait_for_url("**/")
    assert page.get_by_role("heading", level=1).first.is_visible()


def test_a_local_portal_with_the_demo_data_lists_its_sign_ins_readably(page, make_person, settings):
    settings.DEMO_SIGN_INS_ON_SIGN_IN_PAGE = True
    person = make_person("kent-officer", "Kent Police", Role.FORCE_OFFICER)
    totp_device_register(
        user=person, base32_secret=demo.DEMO_TOTP_SECRET, name=demo.DEMO_DEVICE_NAME
    )
    visit(page, "/sign-in/")
    assert page.get_by_role("heading", name="Demo sign-ins").is_visible()
    assert_accessible(page)
    assert_reflows(page, width=320)


def test_a_missing_page_is_the_portals_own_with_debug_on(page, make_person, settings):
    settings.DEBUG = True
    make_person("kent-officer", "Kent Police", Role.FORCE_OFFICER)
    sign_in(page, "kent-officer")
    response = page.goto("/tasking/requests/999999/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert_accessible(page)
    response = page.goto("/tasking/desk/")
    assert response.status == 403
    assert page.get_by_role("heading", name="You cannot do this").is_visible()
    assert_accessible(page)


def test_the_accessibility_check_catches_a_violation(page):
    visit(page, "/accessibility/")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


def test_the_lockout_after_ten_failed_sign_ins_is_explained_accessibly(page, make_person):
    make_person("kent-officer", "Kent Police", Role.FORCE_OFFICER)
    page.goto("/sign-in/")
    for _ in range(10):
        page.get_by_label("Username").fill("kent-officer")
        page.get_by_label("Password").fill("guess")
        page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("heading", name="Too many failed sign-ins").is_visible()
    assert_accessible(page)
