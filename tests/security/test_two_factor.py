"""Issue 9 §3: two-factor sign-in for every person, the admin site included.

A session that has given only its password reaches nothing but the second step and
signing out; codes are checked, each works once; a person with no factor sets one up at
first sign-in; a lost factor is reset by another person, an administrator, audited."""

import re
import time

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory import demo
from directory.choices import SecondFactorEventKind
from directory.models import SecondFactorEvent, User
from directory.two_factor import current_code, recovery_codes_generate, totp_key
from tests.conftest import VerifiedClient
from tests.factories import PASSWORD, next_code, totp_device

pytestmark = pytest.mark.django_db

STEP = "/sign-in/second-factor/"
SET_UP = "/second-factor/set-up/"


def password_only(user, password=PASSWORD) -> Client:
    """A browser that has given the right password and nothing more."""
    browser = Client()
    response = browser.post("/sign-in/", {"username": user.username, "password": password})
    assert response.status_code == 302
    return browser


def give_code(browser, code, next_url="/"):
    return browser.post(STEP, {"code": code, "next": next_url})


# --- a password alone reaches nothing --------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/directory/", "/tasking/targets/", "/engagement/", "/governance/"]
)
def test_a_password_alone_reaches_no_page(kent_officer, path):
    totp_device(kent_officer)
    response = password_only(kent_officer).get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{STEP}?next=")


def test_a_password_alone_does_not_reach_the_admin_site(portal_admin):
    totp_device(portal_admin)
    browser = password_only(portal_admin)
    for path in ["/admin/", "/admin/directory/user/", "/admin/login/"]:
        response = browser.get(path, follow=True)
        assert response.redirect_chain[-1][0].startswith(STEP), path
        assert response.status_code == 200
        assert "Confirm it is you" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/api/me/", "/api/organisations/", "/api/targets/", "/api/schema/", "/api/docs/"]
)
def test_a_password_alone_is_not_signed_in_to_the_api(kent_officer, path):
    totp_device(kent_officer)
    response = password_only(kent_officer).get(path)
    assert response.status_code == 401


def test_the_second_step_and_signing_out_are_open_to_a_password_alone(kent_officer):
    totp_device(kent_officer)
    browser = password_only(kent_officer)
    assert browser.get(STEP).status_code == 200
    response = browser.post("/sign-out/")
    assert (response.status_code, response["Location"]) == (302, "/sign-in/")
    assert browser.get(STEP)["Location"].startswith("/sign-in/?next=")


def test_a_password_alone_cannot_add_a_factor_to_a_person_who_has_one(kent_officer):
    totp_device(kent_officer)
    browser = password_only(kent_officer)
    for path in [SET_UP, f"{SET_UP}app/", f"{SET_UP}passkey/"]:
        assert browser.get(path)["Location"].startswith(f"{STEP}?next="), path
    assert browser.post("/passkeys/registration/begin/")["Location"].startswith(STEP)
    assert TOTPDevice.objects.filter(user=kent_officer).count() == 1


# --- the second step -------------------------------------------------------------------


def test_the_code_of_the_authenticator_app_completes_the_sign_in(kent_officer):
    app = totp_device(kent_officer)
    browser = password_only(kent_officer)
    response = give_code(browser, current_code(app), next_url="/directory/")
    assert response["Location"] == "/directory/"
    assert browser.get("/directory/").status_code == 200
    assert browser.get("/api/me/").status_code == 200


def test_a_wrong_code_is_refused_naming_the_field(kent_officer):
    app = totp_device(kent_officer)
    wrong = f"{(int(current_code(app)) + 1) % 1_000_000:06d}"
    browser = password_only(kent_officer)
    response = give_code(browser, wrong)
    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_code">The code is not right' in page
    assert browser.get("/")["Location"].startswith(STEP)


def test_a_code_signs_in_once(kent_officer):
    app = totp_device(kent_officer)
    code = current_code(app)
    assert give_code(password_only(kent_officer), code).status_code == 302
    thief = password_only(kent_officer)
    assert give_code(thief, code).status_code == 400
    assert thief.get("/")["Location"].startswith(STEP)


def test_a_recovery_code_signs_in_once(kent_officer):
    totp_device(kent_officer)
    code = recovery_codes_generate(user=kent_officer)[0]
    first = password_only(kent_officer)
    assert give_code(first, code).status_code == 302
    assert first.get("/").status_code == 200
    assert StaticToken.objects.filter(token=code).count() == 0
    again = password_only(kent_officer)
    assert give_code(again, code).status_code == 400
    assert again.get("/")["Location"].startswith(STEP)


def test_spending_a_recovery_code_does_not_slow_the_authenticator_app(kent_officer):
    app = totp_device(kent_officer)
    code = recovery_codes_generate(user=kent_officer)[0]
    assert give_code(password_only(kent_officer), code).status_code == 302
    assert give_code(password_only(kent_officer), current_code(app)).status_code == 302


def test_guessing_codes_is_slowed_down(kent_officer):
    app = totp_device(kent_officer)
    browser = password_only(kent_officer)
    give_code(browser, "000000" if current_code(app) != "000000" else "111111")
    # Right now, even the right code waits until the pause after a wrong one is over.
    assert give_code(browser, current_code(app)).status_code == 400
    time.sleep(1.1)
    assert give_code(browser, current_code(app)).status_code == 302


# --- setting one up at first sign-in ---------------------------------------------------


def test_a_person_with_no_factor_sets_one_up_at_first_sign_in(kent_officer):
    browser = Client()
    response = browser.post(
        "/sign-in/", {"username": "kent-officer", "password": PASSWORD, "next": "/directory/"}
    )
    assert response["Location"] == f"{SET_UP}?next=%2Fdirectory%2F"
    assert browser.get("/")["Location"].startswith(f"{SET_UP}?next=")

    page = browser.get(f"{SET_UP}app/?next=/directory/").content.decode()
    assert "<svg" in page  # the QR code, drawn by the portal itself
    secret = "".join(re.search(r'id="totp-secret"><code>([A-Z2-7 ]+)</code>', page)[1].split())
    code = f"{TOTP(totp_key(secret)).token():06d}"
    response = browser.post(
        f"{SET_UP}app/", {"name": "Work phone", "code": code, "next": "/directory/"}, follow=True
    )
    page = response.content.decode()
    assert "Save these codes now" in page
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(codes) == 10
    assert "/directory/" in page  # the way on, to where they were going

    device = TOTPDevice.objects.get(user=kent_officer)
    assert (device.name, device.confirmed, device.key) == (
        "Work phone",
        True,
        totp_key(secret).hex(),
    )
    assert browser.get("/directory/").status_code == 200
    # Shown once: neither the secret nor the codes appear again.
    again = browser.get("/second-factor/recovery-codes/").content.decode()
    assert codes[0] not in again
    assert secret[:8] not in browser.get("/second-factor/").content.decode()
    assert SecondFactorEvent.objects.filter(
        person=kent_officer, kind=SecondFactorEventKind.ADDED
    ).exists()


def test_a_wrong_code_does_not_set_up_the_app(kent_officer):
    browser = password_only(kent_officer)
    browser.get(f"{SET_UP}app/")
    response = browser.post(f"{SET_UP}app/", {"name": "Phone", "code": "12345"})
    assert '<a href="#id_code">Enter the 6-digit code your authenticator app shows now' in (
        response.content.decode()
    )
    assert not TOTPDevice.objects.filter(user=kent_officer).exists()
    assert browser.get("/")["Location"].startswith(SET_UP)


# --- a person's own factors ------------------------------------------------------------


def test_the_factors_page_names_the_factors_and_never_a_secret(client, kent_officer):
    app = totp_device(kent_officer)
    client.force_login(kent_officer)
    page = client.get("/second-factor/").content.decode()
    assert "Authenticator app" in page
    assert app.key not in page
    assert "JBSWY3DP" not in page


def test_a_person_removes_a_factor_but_never_the_last(client, kent_officer):
    phone = totp_device(kent_officer)
    laptop = totp_device(kent_officer, base32_secret="GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
    client.force_login(kent_officer)
    assert client.post(f"/second-factor/app/{laptop.pk}/remove/").status_code == 302
    response = client.post(f"/second-factor/app/{phone.pk}/remove/")
    assert response.status_code == 400
    assert '<a href="#main-form">This is your only second factor' in response.content.decode()
    assert list(TOTPDevice.objects.filter(user=kent_officer)) == [phone]


def test_another_persons_factor_does_not_exist_for_you(client, kent_officer, kent_chief_officer):
    theirs = totp_device(kent_chief_officer)
    totp_device(kent_officer)
    client.force_login(kent_officer)
    assert client.post(f"/second-factor/app/{theirs.pk}/remove/").status_code == 404
    assert TOTPDevice.objects.filter(pk=theirs.pk).exists()


def test_a_new_set_of_recovery_codes_replaces_the_old(client, kent_officer):
    totp_device(kent_officer)
    old = recovery_codes_generate(user=kent_officer)
    client.force_login(kent_officer)
    page = client.post("/second-factor/recovery-codes/", follow=True).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(new) == 10
    assert not set(new) & set(old)
    assert not StaticToken.objects.filter(token__in=old).exists()


# --- a lost factor is reset by an administrator ----------------------------------------


def reset_page(person):
    return f"/directory/people/{person.pk}/second-factor/reset/"


def test_an_administrator_resets_a_lost_factor_with_a_reason_audited(
    client, portal_admin, kent_officer
):
    totp_device(kent_officer)
    recovery_codes_generate(user=kent_officer)
    signed_in = VerifiedClient()
    signed_in.force_login(kent_officer)  # a session of theirs, on the phone now lost
    client.force_login(portal_admin)
    account = client.get(f"/admin/directory/user/{kent_officer.pk}/change/").content.decode()
    assert f'href="{reset_page(kent_officer)}"' in account  # found from the person's account
    assert "Force officer" in account  # roles in words, never their codes
    response = client.post(reset_page(kent_officer), {"reason": "Phone lost, said by line manager"})
    assert response.status_code == 302
    event = SecondFactorEvent.objects.get(kind=SecondFactorEventKind.RESET)
    assert (event.actor, event.person, event.reason) == (
        portal_admin,
        kent_officer,
        "Phone lost, said by line manager",
    )
    assert not TOTPDevice.objects.filter(user=kent_officer).exists()
    assert not StaticToken.objects.filter(device__user=kent_officer).exists()
    # Signed out everywhere: no session of theirs sets up a factor in their place.
    assert signed_in.get("/")["Location"] == "/sign-in/?next=/"
    # At next sign-in they set up a new factor.
    assert password_only(kent_officer).get("/")["Location"].startswith(SET_UP)


def test_a_reset_needs_a_reason(client, portal_admin, kent_officer):
    totp_device(kent_officer)
    client.force_login(portal_admin)
    page = client.post(reset_page(kent_officer), {"reason": ""}).content.decode()
    assert '<a href="#id_reason">Enter why their second factor is being reset</a>' in page
    assert TOTPDevice.objects.filter(user=kent_officer).exists()


def test_nobody_but_an_administrator_resets_a_factor(client, kent_officer, kent_chief_officer):
    totp_device(kent_officer)
    client.force_login(kent_chief_officer)  # sees their colleague, may not change them
    assert client.post(reset_page(kent_officer), {"reason": "Lost"}).status_code == 403
    assert TOTPDevice.objects.filter(user=kent_officer).exists()
    assert not SecondFactorEvent.objects.filter(kind=SecondFactorEventKind.RESET).exists()


def test_an_administrator_does_not_reset_their_own_factor(client, portal_admin):
    client.force_login(portal_admin)
    assert client.post(reset_page(portal_admin), {"reason": "Lost"}).status_code == 403
    assert TOTPDevice.objects.filter(user=portal_admin).exists()


# --- provisioning and the demo ---------------------------------------------------------

# RFC 6238 Appendix B: the SHA-1 secret "12345678901234567890" gives 94287082 at 59 s.
RFC_6238_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def provision(totp_secret):
    call_command(
        "create_portal_user", "--username", "provisioned", "--password", PASSWORD,
        "--organisation", "Kent Police", "--role", "force_officer", "--totp-secret", totp_secret,
    )  # fmt: skip


def test_create_portal_user_registers_an_rfc_6238_authenticator_app():
    provision(RFC_6238_SECRET)
    device = TOTPDevice.objects.get(user__username="provisioned")
    assert (device.step, device.digits, device.confirmed) == (30, 6, True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = 59
    assert totp.token() == 287082


def test_create_portal_user_refuses_a_secret_that_is_not_base32_and_creates_nobody():
    with pytest.raises(CommandError, match="totp_secret: The TOTP secret must be base32"):
        provision("not base32!")
    assert not User.objects.filter(username="provisioned").exists()


def test_demo_codes_prints_each_demo_persons_current_code(capsys):
    demo.load()
    call_command("demo_codes", "dg", "pcc")
    out = capsys.readouterr().out
    for username in ["dg", "pcc"]:
        device = demo.demo_device(username)
        assert re.search(rf"{username}\s+{current_code(device)}", out)
    browser = password_only(User.objects.get(username="dg"), password=demo.PASSWORD)
    assert give_code(browser, next_code(demo.demo_device("dg"))).status_code == 302


def test_demo_codes_refuses_when_the_demo_data_is_not_loaded(dg):
    totp_device(dg)  # "dg" here is a real person, with their own app
    with pytest.raises(CommandError, match="The demo data is not loaded"):
        call_command("demo_codes", "dg")


def test_demo_codes_refuses_anyone_not_in_the_demo_data(kent_officer):
    demo.load()
    totp_device(kent_officer, base32_secret=demo.DEMO_TOTP_SECRET)
    with pytest.raises(CommandError, match="Not a demo person: kent-officer"):
        call_command("demo_codes", "kent-officer")
