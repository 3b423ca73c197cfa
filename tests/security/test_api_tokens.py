"""Tokens that end (issue 9 §3): a one-time code to get one, one per client, kept only as a
digest, listed and revoked by their owner, ended by a password change, by signing out
everywhere and by a deactivated account."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import AccessEvent, AccessEventKind
from directory.choices import TokenEnd
from directory.models import ApiToken
from directory.services import api_token_issue
from directory.two_factor import current_code
from tests.conftest import VerifiedAPIClient
from tests.factories import PASSWORD, fresh_recovery_code, totp_device

pytestmark = pytest.mark.django_db


def ask_for_token(username, otp=None, password=PASSWORD, **extra):
    data = {"username": username, "password": password, **extra}
    if otp is not None:
        data["otp"] = otp
    return APIClient().post("/api/auth/token/", data, format="json")


def with_token(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_kent_officer_with_an_authenticator_app_gets_a_token_with_its_current_code(kent_officer):
    device = totp_device(kent_officer)
    response = ask_for_token("kent-officer", current_code(device), client="Kent scripts")
    assert response.status_code == 201
    assert with_token(response.json()["token"]).get("/api/me/").status_code == 200


def test_a_recovery_code_also_gets_a_token_but_only_once(kent_officer):
    code = fresh_recovery_code(kent_officer)
    assert ask_for_token("kent-officer", code).status_code == 201
    assert ask_for_token("kent-officer", code).status_code == 400


@pytest.mark.parametrize("otp", [None, "", "000000", "not a code"])
def test_a_missing_or_wrong_code_gets_no_token_and_names_otp(kent_officer, otp):
    totp_device(kent_officer)
    response = ask_for_token("kent-officer", otp)
    assert response.status_code == 400
    assert "otp" in response.json()["errors"]
    assert not ApiToken.objects.exists()


def test_a_person_with_no_second_factor_gets_no_token_and_is_told_to_enrol(kent_officer):
    response = ask_for_token("kent-officer", "123456")
    assert response.status_code == 400
    assert "set one up" in response.json()["errors"]["otp"][0]
    assert not ApiToken.objects.exists()


def test_a_wrong_password_and_a_wrong_code_answer_alike(kent_officer):
    totp_device(kent_officer)
    wrong_password = ask_for_token("kent-officer", "000000", password="not-the-password")
    wrong_code = ask_for_token("kent-officer", "000000")
    nobody = ask_for_token("nobody-at-all", "000000")
    assert wrong_password.status_code == wrong_code.status_code == nobody.status_code == 400
    assert wrong_password.json() == wrong_code.json() == nobody.json()


def test_a_wrong_code_after_a_right_password_counts_as_a_failed_sign_in(kent_officer):
    totp_device(kent_officer)
    ask_for_token("kent-officer", "000000")
    failed = AccessEvent.objects.get(kind=AccessEventKind.SIGN_IN_FAILED)
    assert (failed.username, failed.channel) == ("kent-officer", "api")


def test_the_key_is_shown_once_and_only_its_digest_is_kept(kent_officer):
    key = ask_for_token("kent-officer", fresh_recovery_code(kent_officer)).json()["token"]
    token = ApiToken.objects.get()
    assert token.digest == ApiToken.digest_of(key) != key
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM directory_apitoken")
        assert key not in repr(cursor.fetchall())


def test_one_token_per_client_a_new_one_ends_the_old(kent_officer):
    first = ask_for_token("kent-officer", fresh_recovery_code(kent_officer), client="Scripts")
    other = ask_for_token("kent-officer", fresh_recovery_code(kent_officer), client="Dashboard")
    again = ask_for_token("kent-officer", fresh_recovery_code(kent_officer), client="Scripts")
    assert with_token(first.json()["token"]).get("/api/me/").status_code == 401
    assert with_token(other.json()["token"]).get("/api/me/").status_code == 200
    assert with_token(again.json()["token"]).get("/api/me/").status_code == 200
    assert ApiToken.objects.get(name="Scripts", revoked_at__isnull=False).ended_because == (
        TokenEnd.REPLACED
    )


def test_a_token_expires_after_the_configured_lifetime(kent_officer, settings):
    settings.API_TOKEN_LIFETIME = datetime.timedelta(hours=2)
    token, _ = api_token_issue(actor=kent_officer, name="Scripts")
    assert token.expires_at - token.created_at == pytest.approx(
        datetime.timedelta(hours=2), abs=datetime.timedelta(seconds=5)
    )


def test_a_client_may_ask_for_a_shorter_life_but_not_a_longer_one(kent_officer):
    shorter = ask_for_token("kent-officer", fresh_recovery_code(kent_officer), hours=1).json()
    lasts = datetime.datetime.fromisoformat(shorter["expires_at"]) - (
        datetime.datetime.fromisoformat(shorter["created_at"])
    )
    assert lasts == pytest.approx(datetime.timedelta(hours=1), abs=datetime.timedelta(seconds=5))
    longer = ask_for_token("kent-officer", fresh_recovery_code(kent_officer), hours=9)
    assert longer.status_code == 400
    assert longer.json()["errors"] == {"hours": ["A token lasts from 1 to 8 hours."]}


def test_delete_with_a_token_revokes_it_and_then_it_answers_401(kent_officer):
    _, key = api_token_issue(actor=kent_officer, name="Scripts")
    api = with_token(key)
    assert api.delete("/api/auth/token/").status_code == 204
    assert api.get("/api/me/").status_code == 401
    assert api.delete("/api/auth/token/").status_code == 401


def test_delete_from_a_browser_session_revokes_nothing(client, kent_officer):
    _, key = api_token_issue(actor=kent_officer, name="Scripts")
    client.force_login(kent_officer)
    assert client.delete("/api/auth/token/").status_code == 401
    assert with_token(key).get("/api/me/").status_code == 200


def test_last_used_is_written_at_most_once_a_minute(kent_officer):
    token, key = api_token_issue(actor=kent_officer, name="Scripts")
    api = with_token(key)
    api.get("/api/me/")
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    api.get("/api/me/")
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    api.get("/api/me/")
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first


def test_the_owner_lists_their_tokens_without_their_keys(client, kent_officer):
    _, key = api_token_issue(actor=kent_officer, name="Kent scripts")
    client.force_login(kent_officer)
    page = client.get("/account/tokens/").content.decode()
    assert "Kent scripts" in page
    assert key not in page
    assert key[:8] in page  # the prefix tells tokens apart


def test_the_owner_revokes_a_token_after_confirming(client, kent_officer):
    token, key = api_token_issue(actor=kent_officer, name="Kent scripts")
    client.force_login(kent_officer)
    path = f"/account/tokens/{token.pk}/revoke/"
    assert "Revoke the token for Kent scripts" in client.get(path).content.decode()
    assert with_token(key).get("/api/me/").status_code == 200
    assert client.post(path).status_code == 302
    assert with_token(key).get("/api/me/").status_code == 401
    assert client.get(path).status_code == 404


def test_nobody_else_sees_or_revokes_a_persons_token(client, kent_officer, portal_admin):
    token, key = api_token_issue(actor=kent_officer, name="Kent scripts")
    client.force_login(portal_admin)
    assert "Kent scripts" not in client.get("/account/tokens/").content.decode()
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert with_token(key).get("/api/me/").status_code == 200


def test_signing_out_everywhere_ends_every_session_and_token(client, kent_officer):
    _, key = api_token_issue(actor=kent_officer, name="Scripts")
    elsewhere = VerifiedAPIClient()
    elsewhere.force_login(kent_officer)
    client.force_login(kent_officer)
    assert client.get("/account/sign-out-everywhere/").status_code == 200
    response = client.post("/account/sign-out-everywhere/")
    assert response["Location"] == "/sign-in/"
    assert with_token(key).get("/api/me/").status_code == 401
    assert elsewhere.get("/api/me/").status_code in (401, 403)
    assert client.get("/").status_code == 302


def test_a_password_change_ends_every_token(client, kent_officer):
    _, key = api_token_issue(actor=kent_officer, name="Scripts")
    client.force_login(kent_officer)
    new = "three random words for kent"
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert with_token(key).get("/api/me/").status_code == 401
    assert ApiToken.objects.get().ended_because == TokenEnd.PASSWORD_CHANGED


def test_a_deactivated_account_ends_its_tokens(kent_officer):
    token, key = api_token_issue(actor=kent_officer, name="Scripts")
    kent_officer.is_active = False
    kent_officer.save()
    assert with_token(key).get("/api/me/").status_code == 401
    assert ApiToken.objects.get(pk=token.pk).ended_because == TokenEnd.DEACTIVATED
    kent_officer.is_active = True
    kent_officer.save()
    assert with_token(key).get("/api/me/").status_code == 401


def test_the_api_schema_asks_for_the_code(client, kent_officer):
    client.force_login(kent_officer)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/auth/token/"]
    assert {"post", "delete"} <= set(operation)
    request = schema["components"]["schemas"]["TokenObtainRequest"]
    assert {"username", "password", "otp"} <= set(request["required"])


def test_the_token_list_reads_the_same_queries_however_many_tokens(client, kent_officer):
    client.force_login(kent_officer)
    api_token_issue(actor=kent_officer, name="Scripts")
    client.get("/account/tokens/")  # the session's clocks start on the first page
    with CaptureQueriesContext(connection) as one:
        client.get("/account/tokens/")
    for number in range(5):
        api_token_issue(actor=kent_officer, name=f"Dashboard {number}")
    with CaptureQueriesContext(connection) as six:
        assert client.get("/account/tokens/").content.decode().count("Revoke") >= 6
    assert len(six) == len(one)
