"""Every error the API answers has one shape: `detail`, a sentence, and `errors`, the
fields refused with their messages (directory/api/exceptions.py)."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from tasking import services
from tests.conftest import VerifiedAPIClient
from tests.factories import PASSWORD, fresh_recovery_code, organisation

pytestmark = pytest.mark.django_db

ERROR = {"$ref": "#/components/schemas/Error"}


def signed_in(user):
    api = VerifiedAPIClient()
    api.force_login(user)
    return api


def test_a_missing_field_is_a_400_naming_it(kent_officer):
    response = signed_in(kent_officer).post("/api/targets/", {"kind": "group"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Check name: see errors.",
        "errors": {"name": ["This field is required."]},
    }


def test_a_number_where_text_belongs_is_refused_not_stored_as_its_digits(kent_officer):
    response = signed_in(kent_officer).post(
        "/api/targets/", {"name": 1234, "kind": "group"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"name": ["Not a valid string."]}


def test_a_services_refusal_is_a_400_naming_the_field_it_is_about(kent_officer):
    """The service raises Django's ValidationError naming `otp`; the API names it too."""
    body = {"username": "kent-officer", "password": "not it", "otp": fresh_recovery_code(
        kent_officer), "client": "laptop"}  # fmt: skip
    response = VerifiedAPIClient().post("/api/auth/token/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["otp"]
    assert "otp" in response.json()["detail"]


def test_a_field_inside_another_is_named_by_its_path(south_east_rocu_officer, tasking_officer):
    rocu = signed_in(south_east_rocu_officer)
    created = rocu.post(
        "/api/tasking-requests/",
        {"addressed_organisation": organisation("National Crime Agency").pk,
         "summary": "Armed surveillance", "how_this_assists": "An arrest."},
        format="json",
    ).json()  # fmt: skip
    rocu.post(f"/api/tasking-requests/{created['id']}/submit/")
    response = signed_in(tasking_officer).post(
        f"/api/tasking-requests/{created['id']}/decide/",
        {"decision": "lead", "rationale": "x", "tests": {"priority_target": True}},
        format="json",
    )
    assert response.status_code == 400
    assert "tests.urgent_action" in response.json()["errors"]


def test_a_body_that_is_not_json_is_a_400_about_no_field(kent_officer):
    response = signed_in(kent_officer).post(
        "/api/targets/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    assert response.json()["errors"] == {}


@pytest.mark.parametrize(
    ("query", "field"), [("kind=", "kind"), ("mine=yes", "mine"), ("meeting=1.5", "meeting")]
)
def test_a_filter_sent_blank_or_of_the_wrong_type_is_a_400_naming_it(tasking_officer, query, field):
    path = "/api/directions/" if field == "kind" else "/api/actions/"
    response = signed_in(tasking_officer).get(f"{path}?{query}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_no_credentials_is_a_401_that_says_how_to_sign_in():
    response = VerifiedAPIClient().get("/api/targets/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "errors": {},
    }


def test_a_token_that_is_not_valid_is_a_401():
    api = VerifiedAPIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = api.get("/api/me/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token.", "errors": {}}


def test_a_service_refusing_the_person_is_a_403_saying_why(
    south_east_rocu_officer, tasking_officer
):
    rocu = signed_in(south_east_rocu_officer)
    created = rocu.post(
        "/api/tasking-requests/",
        {"addressed_organisation": organisation("National Crime Agency").pk,
         "summary": "Armed surveillance", "how_this_assists": "An arrest."},
        format="json",
    ).json()  # fmt: skip
    rocu.post(f"/api/tasking-requests/{created['id']}/submit/")
    body = {"decision": "support", "rationale": "x", "tests": {}}
    response = rocu.post(f"/api/tasking-requests/{created['id']}/decide/", body, format="json")
    assert response.status_code == 403
    assert "Only an NCA tasking officer" in response.json()["detail"]
    assert response.json()["errors"] == {}


def test_another_forces_record_answers_exactly_like_one_that_does_not_exist(
    kent_officer, essex_pcc_office, south_east_rocu_officer
):
    kents = services.target_create(actor=kent_officer, name="Medway Vipers", kind="group")
    api = signed_in(south_east_rocu_officer)
    not_yours = api.get(f"/api/targets/{kents.pk}/")
    missing = api.get("/api/targets/999999/")
    assert not_yours.status_code == missing.status_code == 404
    assert not_yours.json() == missing.json() == {"detail": "Not found.", "errors": {}}


def test_a_method_an_operation_does_not_take_is_a_405(kent_officer):
    response = signed_in(kent_officer).delete("/api/targets/")
    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "DELETE" not allowed.', "errors": {}}


def test_too_many_sign_ins_are_a_429_saying_when_to_try_again(kent_officer):
    api = VerifiedAPIClient()
    body = {"username": "kent-officer", "password": PASSWORD, "otp": "000000", "client": "x"}
    statuses = [api.post("/api/auth/token/", body, format="json") for _ in range(11)]
    assert [answer.status_code for answer in statuses] == [400] * 10 + [429]
    assert "Request was throttled" in statuses[-1].json()["detail"]
    assert statuses[-1].json()["errors"] == {}
    assert int(statuses[-1]["Retry-After"]) > 0


def test_the_schema_lists_each_error_an_operation_can_give():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            errors = {code for code in responses if code >= "400"}
            assert "401" in errors, (method, path)
            if "{" in path:
                assert "404" in errors, (method, path)
            if method != "get":
                assert "400" in errors, (method, path)
            if "requestBody" in operation:
                assert {"413", "415"} <= errors, (method, path)
            if operation.get("security"):
                assert "403" in errors, (method, path)
            for code in errors:
                assert responses[code]["content"]["application/json"]["schema"] == ERROR
    throttled = schema["paths"]["/api/auth/token/"]["post"]["responses"]
    assert "429" in throttled


def test_a_body_over_the_size_limit_is_a_413(kent_officer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = '{"name": "' + "x" * 20_000 + '"}'
    response = signed_in(kent_officer).post("/api/targets/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["errors"] == {}
