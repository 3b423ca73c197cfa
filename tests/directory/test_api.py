import datetime

import pytest
from django.utils import timezone

from directory.choices import ContactAudience, Marking
from directory.models import ApiToken, User
from directory.two_factor import current_code
from tests.conftest import VerifiedAPIClient
from tests.factories import (
    PASSWORD,
    ContactPointFactory,
    fresh_recovery_code,
    organisation,
    totp_device,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return VerifiedAPIClient()


def token_for(api, username, password=PASSWORD, otp=None, **extra):
    """Sign in over the API; by default with a recovery code the person has not used."""
    if otp is None:
        otp = fresh_recovery_code(User.objects.get(username=username))
    data = {"username": username, "password": password, "otp": otp, **extra}
    return api.post("/api/auth/token/", data, format="json")


def signed_in(api, user):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(api, user.username).json()['token']}")
    return api


def test_a_token_is_exchanged_for_a_username_password_and_one_time_code(api, kent_officer):
    device = totp_device(kent_officer)
    response = token_for(
        api, "kent-officer", otp=current_code(device), client="Kent analysis scripts"
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"token", "client", "created_at", "expires_at"}
    assert body["client"] == "Kent analysis scripts"
    api.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert api.get("/api/me/").json()["username"] == "kent-officer"


def test_a_missing_field_is_named(api):
    response = api.post("/api/auth/token/", {"username": "kent-officer"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "password": ["This field is required."],
        "otp": ["This field is required."],
    }


def test_wrong_credentials_are_refused_without_saying_which_was_wrong(api, kent_officer):
    fresh_recovery_code(kent_officer)
    wrong_password = token_for(api, "kent-officer", "not-the-password")
    wrong_code = token_for(api, "kent-officer", otp="000000")
    assert wrong_password.status_code == wrong_code.status_code == 400
    assert wrong_password.json() == wrong_code.json()
    assert "one-time code (otp)" in wrong_code.json()["errors"]["otp"][0]


def test_sign_in_attempts_are_throttled(api, kent_officer):
    statuses = [token_for(api, "kent-officer", "guess").status_code for _ in range(11)]
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429


def test_an_expired_token_is_refused_and_a_new_sign_in_replaces_it(api, kent_officer):
    old = token_for(api, "kent-officer").json()["token"]
    ApiToken.objects.filter(user=kent_officer).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    api.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    response = api.get("/api/me/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Token has expired: sign in again."
    api.credentials()
    assert token_for(api, "kent-officer").json()["token"] != old


def test_the_api_refuses_anonymous_callers(api):
    for path in ["/api/organisations/", "/api/me/", "/api/schema/", "/api/contact-points/"]:
        assert api.get(path).status_code == 401, path


def test_organisations_list_filters_by_kind(api, kent_officer):
    body = signed_in(api, kent_officer).get("/api/organisations/?kind=territorial_force").json()
    assert body["count"] == 43
    assert {row["kind"] for row in body["results"]} == {"territorial_force"}


def test_organisations_search_matches_names_short_names_and_former_names(api, kent_officer):
    signed_in(api, kent_officer)

    def names(query):
        results = api.get(f"/api/organisations/?search={query}").json()["results"]
        return {row["name"] for row in results}

    assert "Kent Police" in names("kent")
    assert names("ERSOU") == {"Eastern Region Special Operations Unit"}
    assert "Hampshire and Isle of Wight Constabulary" in names("Hampshire Constabulary")


def test_a_force_names_its_governing_body_and_region(api, kent_officer):
    kent = organisation("Kent Police")
    body = signed_in(api, kent_officer).get(f"/api/organisations/{kent.pk}/").json()
    assert body["name"] == "Kent Police"
    assert body["kind"] == "territorial_force"
    assert body["region"] == "eastern"
    assert body["governing_body"] == organisation("Police and Crime Commissioner for Kent").pk
    assert body["rocu"] == organisation("Eastern Region Special Operations Unit").pk


def test_a_rocu_lists_its_member_forces(api, kent_officer):
    ersou = organisation("Eastern Region Special Operations Unit")
    body = signed_in(api, kent_officer).get(f"/api/organisations/{ersou.pk}/").json()
    assert organisation("Kent Police").pk in body["member_forces"]
    assert body["governing_body"] is None


@pytest.mark.parametrize(
    ("query", "field"), [("kind=constabulary", "kind"), ("region=atlantis", "region")]
)
def test_a_bad_filter_is_refused_naming_the_field(api, kent_officer, query, field):
    response = signed_in(api, kent_officer).get(f"/api/organisations/?{query}")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_a_missing_organisation_answers_404(api, kent_officer):
    assert signed_in(api, kent_officer).get("/api/organisations/999999/").status_code == 404
    assert api.get("/api/organisations/not-a-number/").status_code == 404


def test_the_api_is_read_only_for_the_directory(api, portal_admin):
    kent = organisation("Kent Police")
    signed_in(api, portal_admin)
    assert api.post("/api/organisations/", {"name": "x"}, format="json").status_code == 405
    assert api.delete(f"/api/organisations/{kent.pk}/").status_code == 405


def test_contact_points_not_yours_answer_exactly_like_missing(api, kent_officer):
    ersou = organisation("Eastern Region Special Operations Unit")
    restricted = ContactPointFactory(organisation=ersou, audience=ContactAudience.OWN_ORGANISATION)
    secret = ContactPointFactory(organisation=ersou, marking=Marking.SECRET)
    signed_in(api, kent_officer)
    missing = api.get("/api/contact-points/999999/")
    for route in (restricted, secret):
        response = api.get(f"/api/contact-points/{route.pk}/")
        assert (response.status_code, response.json()) == (404, missing.json())
    assert api.get("/api/contact-points/").json()["count"] == 0


def test_the_openapi_schema_and_docs_are_served_by_the_portal(client, kent_officer):
    client.force_login(kent_officer)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/organisations/", "/api/organisations/{id}/", "/api/auth/token/"} <= set(paths)
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs.content
    assert b"cdn" not in docs.content.lower()


def test_a_signed_out_visitor_to_the_api_docs_is_sent_to_sign_in(client):
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
