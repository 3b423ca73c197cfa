"""An attacker's journeys (issue 9 §6): a locked-out attacker does not lock the real user
out, and a stolen token stops working once its owner revokes it in the browser."""

import time
from importlib import import_module

import pytest
from rest_framework.test import APIClient

from directory.choices import Clearance, Role
from directory.middleware import LAST_SEEN_AT
from tests.browser.conftest import AXE, assert_accessible, assert_reflows, sign_in, visit
from tests.conftest import ATTACKER, KENT_OFFICER_AT_HOME
from tests.factories import PASSWORD, fresh_recovery_code

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tab_from(browser, live_server):
    """A browser tab whose requests reach the portal from `address`, through the proxy."""
    contexts = []

    def open_tab(address):
        context = browser.new_context(
            base_url=live_server.url, extra_http_headers={"X-Forwarded-For": address}
        )
        context.add_init_script(path=str(AXE))
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


def test_a_locked_out_attacker_does_not_lock_the_kent_officer_out(
    page, tab_from, make_person, behind_one_proxy
):
    make_person("kent-officer", "Kent Police", Role.FORCE_OFFICER, clearance=Clearance.CTC)
    attacker = tab_from(ATTACKER)
    for _ in range(10):
        attacker.goto("/sign-in/")
        attacker.get_by_label("Username").fill("kent-officer")
        attacker.get_by_label("Password").fill("Summer-2026-guess")
        attacker.get_by_role("button", name="Sign in").click()
    assert attacker.get_by_role("heading", name="Too many failed sign-ins").is_visible()
    assert_accessible(attacker)

    officer = tab_from(KENT_OFFICER_AT_HOME)
    sign_in(officer, "kent-officer")
    assert officer.get_by_role("heading", level=1).count() == 1
    visit(officer, "/directory/")

    # The attacker stays locked out, even with the right password.
    attacker.goto("/sign-in/")
    attacker.get_by_label("Username").fill("kent-officer")
    attacker.get_by_label("Password").fill(PASSWORD)
    attacker.get_by_role("button", name="Sign in").click()
    assert attacker.get_by_role("heading", name="Too many failed sign-ins").is_visible()


def test_a_stolen_token_stops_working_once_its_owner_revokes_it(page, make_person):
    officer = make_person("kent-officer", "Kent Police", Role.FORCE_OFFICER)
    credentials = {
        "username": "kent-officer",
        "password": PASSWORD,
        "otp": fresh_recovery_code(officer),
        "client": "Kent analysis scripts",
    }
    key = APIClient().post("/api/auth/token/", credentials, format="json").json()["token"]
    thief = APIClient()
    thief.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert thief.get("/api/me/").status_code == 200

    sign_in(page, "kent-officer")
    page.get_by_role("link", name="Your API tokens and sessions").click()
    assert_accessible(page)
    assert page.get_by_role("rowheader", name="Kent analysis scripts").is_visible()
    assert key not in page.content()
    assert_reflows(page)
    page.get_by_role("link", name="Revoke the token for Kent analysis scripts").click()
    assert_accessible(page)
    page.get_by_role("button", name="Revoke the token").click()
    assert page.get_by_text("The token for Kent analysis scripts no longer works").is_visible()
    assert_accessible(page)

    assert thief.get("/api/me/").status_code == 401


def test_the_account_pages_are_accessible(page, make_person):
    make_person("kent-officer", "Kent Police", Role.FORCE_OFFICER)
    sign_in(page, "kent-officer")
    visit(page, "/account/tokens/")
    visit(page, "/account/password/")
    page.get_by_role("button", name="Change your password").click()
    assert page.get_by_role("link", name="Enter your current password").is_visible()
    assert_accessible(page)
    visit(page, "/account/sign-out-everywhere/")
    page.get_by_role("button", name="Sign out everywhere").click()
    page.wait_for_url("**/sign-in/")
    assert page.get_by_text("You are signed out everywhere").is_visible()
    assert_accessible(page)


def test_a_person_signed_out_for_idling_is_told_why_and_signs_in_again(page, make_person, settings):
    make_person("kent-officer", "Kent Police", Role.FORCE_OFFICER)
    sign_in(page, "kent-officer")
    visit(page, "/directory/")
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    session[LAST_SEEN_AT] = time.time() - settings.SESSION_IDLE_TIMEOUT.total_seconds()
    session.save()
    visit(page, "/directory/?kind=rocu")
    assert page.get_by_role("heading", name="You have been signed out").is_visible()
    page.get_by_role("link", name="Sign in again").click()
    page.wait_for_url("**/sign-in/**")
    assert "next=" in page.url
