"""Issue 9 §3 in the browser: the two steps of signing in, setting up a factor at first
sign-in, and the factor pages, each checked by axe-core."""

from django_otp.oath import TOTP

from directory.choices import Role
from directory.two_factor import recovery_codes_generate, totp_key
from tests.browser.conftest import assert_accessible, assert_reflows, sign_in, visit
from tests.conftest import person
from tests.factories import PASSWORD, next_code


def test_a_person_signs_in_with_their_password_and_their_authenticator_app(page, make_person):
    officer = make_person("kent-officer", "Kent Police", Role.FORCE_OFFICER)
    page.goto("/directory/")
    page.get_by_label("Username").fill("kent-officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/sign-in/second-factor/?next=%2Fdirectory%2F")
    assert_accessible(page)

    page.get_by_label("Code").fill(
        "000000" if next_code(officer.totpdevice_set.get()) != "000000" else "111111"
    )
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("alert").get_by_text("The code is not right").is_visible()
    assert_accessible(page)

    page.wait_for_timeout(1100)  # the pause after a wrong code
    page.get_by_label("Code").fill(next_code(officer.totpdevice_set.get()))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/directory/")
    assert page.get_by_role("heading", level=1).is_visible()


def test_a_new_person_sets_up_an_authenticator_app_at_first_sign_in(page, committed_reference_data):
    person("new-officer", "Kent Police", Role.FORCE_OFFICER)
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("new-officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/second-factor/set-up/**")
    assert_accessible(page)

    page.get_by_role("link", name="Set up an authenticator app").click()
    page.wait_for_url("**/second-factor/set-up/app/**")
    assert page.locator("svg").first.is_visible()  # the QR code
    page.get_by_text("I cannot scan the QR code").click()
    assert_accessible(page)
    secret = "".join(page.locator("#totp-secret").inner_text().split())
    page.get_by_label("Name of this authenticator app").fill("Work phone")
    page.get_by_label("Code").fill(f"{TOTP(totp_key(secret)).token():06d}")
    page.get_by_role("button", name="Confirm the code").click()

    page.wait_for_url("**/second-factor/recovery-codes/**")
    assert page.locator("#recovery-codes li").count() == 10
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my recovery codes").click()
    page.wait_for_url(lambda url: "/second-factor/" not in url)

    visit(page, "/second-factor/")
    assert page.get_by_role("cell", name="Work phone", exact=True).is_visible()
    assert secret[:8] not in page.content()
    assert_reflows(page)
    visit(page, "/second-factor/set-up/")
    visit(page, "/second-factor/set-up/passkey/")
    visit(page, "/second-factor/recovery-codes/")


def test_the_factor_pages_and_an_administrators_reset_are_accessible(page, make_person):
    officer = make_person("kent-officer", "Kent Police", Role.FORCE_OFFICER)
    make_person("admin", "National Crime Agency", Role.ADMIN, is_staff=True)
    recovery_codes_generate(user=officer)
    sign_in(page, "kent-officer")
    visit(page, "/second-factor/")
    visit(page, "/second-factor/set-up/app/")
    page.get_by_role("button", name="Confirm the code").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "admin")
    visit(page, f"/directory/people/{officer.pk}/second-factor/reset/")
    page.get_by_role("button", name="Reset their second factor").click()
    assert page.get_by_role("alert").get_by_text("Enter why").is_visible()
    assert_accessible(page)
    page.get_by_label("Why are you resetting their second factor?").fill("Phone lost")
    page.get_by_role("button", name="Reset their second factor").click()
    assert page.get_by_text("they set one up at next sign-in").first.is_visible()
    assert_accessible(page)


def test_a_person_adds_a_passkey_and_then_signs_in_with_it(
    page, live_server, settings, make_person
):
    # The portal's address in this test, and a passkey device the browser can use.
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    officer = make_person("kent-officer", "Kent Police", Role.FORCE_OFFICER)
    sign_in(page, "kent-officer")
    visit(page, "/second-factor/set-up/passkey/")
    page.get_by_role("button", name="Set up a passkey").click()
    page.wait_for_url("**/second-factor/recovery-codes/**")
    assert page.locator("#recovery-codes li").count() == 10
    visit(page, "/second-factor/")
    assert page.get_by_role("cell", name="Passkey 1", exact=True).is_visible()
    assert officer.webauthncredential_set.count() == 1
    page.get_by_role("button", name="Sign out").click()

    page.goto("/directory/")
    page.get_by_label("Username").fill("kent-officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/sign-in/second-factor/**")
    assert_accessible(page)
    page.get_by_role("button", name="Use your passkey").click()
    page.wait_for_url("**/directory/")
    assert page.get_by_role("heading", name="Partner directory").is_visible()
