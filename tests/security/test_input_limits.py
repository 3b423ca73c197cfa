"""Issue 9 §4: no one user can exhaust the portal. Every name, text and list a person
sends is bounded; a target has at most 50 aliases; one deconfliction check looks at a
bounded number of names; odd input is a 400 or a normal answer, never a 500."""

import importlib
import inspect
import json

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers

from directory.api.parsers import MAX_JSON_DEPTH
from directory.choices import Role
from tasking import services
from tasking.models import Target, TargetName, TaskingRequest
from tests.conftest import VerifiedAPIClient, person
from tests.factories import organisation

pytestmark = pytest.mark.django_db


def api(user):
    client = VerifiedAPIClient()
    client.force_login(user)
    return client


def target_body(aliases):
    return {"name": "Medway Vipers", "kind": "group", "aliases": aliases}


# --- a target's names ---------------------------------------------------------------------


def test_a_target_with_1500_aliases_is_refused_before_any_name_is_read_and_nothing_is_kept(
    kent_officer,
):
    """The attack that timed out every worker for ~30 s (a deconfliction search per
    alias): now a 400 naming `aliases`, given before a single name is looked up."""
    aliases = [f"Viper alias number {n}" for n in range(1500)]
    with CaptureQueriesContext(connection) as queries:
        response = api(kent_officer).post("/api/targets/", target_body(aliases), format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["aliases"]
    assert "no more than 50" in response.json()["errors"]["aliases"][0]
    touched = [q["sql"] for q in queries.captured_queries if "tasking_" in q["sql"]]
    assert touched == [], touched
    assert not Target.objects.exists()
    assert not TargetName.objects.exists()


def test_fifty_aliases_are_accepted_and_fifty_one_are_not(kent_officer):
    fifty = [f"Viper {chr(65 + n // 26)}{chr(65 + n % 26)}" for n in range(51)]
    client = api(kent_officer)
    assert client.post("/api/targets/", target_body(fifty[:50]), format="json").status_code == 201
    refused = client.post("/api/targets/", target_body(fifty), format="json")
    assert (refused.status_code, list(refused.json()["errors"])) == (400, ["aliases"])


def test_the_service_itself_refuses_more_than_50_aliases(kent_officer):
    """The page and any other caller go through the same rule as the API."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.target_create(
            actor=kent_officer,
            name="Medway Vipers",
            kind="group",
            aliases=[f"Viper {n}" for n in range(51)],
        )
    assert list(refused.value.message_dict) == ["aliases"]


def test_the_target_page_refuses_too_many_aliases_on_the_field(client, kent_officer):
    client.force_login(kent_officer)
    aliases = "\n".join(f"Viper {n}" for n in range(51))
    page = client.post(
        "/tasking/targets/new/",
        {"name": "Medway Vipers", "kind": "group", "priority": "none",
         "sophistication": "moderate", "marking": "official", "aliases": aliases},
    )  # fmt: skip
    assert page.status_code == 400
    assert "Give at most 50 names here, not 51." in page.content.decode()
    assert not Target.objects.exists()


def test_a_deconfliction_check_of_more_than_50_names_is_refused(kent_officer):
    names = [f"Name {n}" for n in range(51)]
    response = api(kent_officer).post("/api/deconfliction/check/", {"names": names}, format="json")
    assert (response.status_code, list(response.json()["errors"])) == (400, ["names"])


def test_a_request_names_at_most_50_people_or_groups(kent_officer):
    response = api(kent_officer).post(
        "/api/tasking-requests/",
        {"addressed_organisation": organisation("National Crime Agency").pk,
         "summary": "Surveillance", "how_this_assists": "Arrests.",
         "subject_names": [f"Suspect {n}" for n in range(51)]},
        format="json",
    )  # fmt: skip
    assert (response.status_code, list(response.json()["errors"])) == (400, ["subject_names"])


# --- text and list bounds -----------------------------------------------------------------


def test_free_text_over_10000_characters_is_a_400_naming_the_field(kent_officer):
    body = {**target_body([]), "pursue": "x" * 10_001}
    response = api(kent_officer).post("/api/targets/", body, format="json")
    assert (response.status_code, list(response.json()["errors"])) == (400, ["pursue"])


def test_more_than_50_forces_on_a_target_is_a_400(kent_officer):
    body = {**target_body([]), "forces": [organisation("Kent Police").pk] * 51}
    response = api(kent_officer).post("/api/targets/", body, format="json")
    assert (response.status_code, list(response.json()["errors"])) == (400, ["forces"])
    assert "at most 50" in response.json()["errors"]["forces"][0]


INPUT_MODULES = [
    "tasking.forms", "tasking.api.serializers", "engagement.forms",
    "engagement.api.serializers", "governance.forms", "governance.api.serializers",
    "directory.charts", "delivery.forms",
]  # fmt: skip


def _declared_inputs():
    for module_name in INPUT_MODULES:
        module = importlib.import_module(module_name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module_name:
                continue
            if issubclass(cls, forms.BaseForm):
                yield from ((f"{name}.{f}", field) for f, field in cls.base_fields.items())
            elif issubclass(cls, serializers.BaseSerializer) and not issubclass(
                cls, serializers.ListSerializer
            ):
                for f, field in cls().get_fields().items():
                    if not field.read_only:
                        yield f"{name}.{f}", field


def test_every_text_and_list_input_of_the_apps_is_bounded():
    """A field added without a bound fails here, whatever the form or serializer."""
    unbounded = []
    for name, field in _declared_inputs():
        is_text = isinstance(field, forms.CharField | serializers.CharField)
        is_list = isinstance(field, serializers.ListField | serializers.ManyRelatedField)
        if (is_text or is_list) and not getattr(field, "max_length", None):
            unbounded.append(name)
    assert unbounded == []


# --- odd input: a 400 or a normal answer, never a 500 -------------------------------------


@pytest.mark.parametrize("search", ["²", "TR-²", "٣", "TR-99999999999999999999999", "\x00"])
def test_an_odd_request_search_is_answered_not_a_500(client, kent_officer, search):
    client.force_login(kent_officer)
    for response in (
        api(kent_officer).get("/api/tasking-requests/", {"search": search}),
        client.get("/tasking/requests/", {"search": search}),
    ):
        assert response.status_code in (200, 400), response.status_code


def test_a_request_is_still_found_by_its_reference(kent_officer):
    request = services.request_create(
        actor=kent_officer,
        addressed_organisation=organisation("National Crime Agency"),
        summary="Surveillance team",
        how_this_assists="Arrests.",
    )
    assert TaskingRequest.id_from_reference(request.reference) == request.pk
    assert TaskingRequest.id_from_reference("²") is None
    found = api(kent_officer).get("/api/tasking-requests/", {"search": request.reference})
    assert [r["id"] for r in found.json()["results"]] == [request.pk]


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/targets/", {"search": "²\x00"}),
        ("/api/actions/", {"meeting": "99999999999999999999999"}),
        ("/api/actions/", {"meeting": "1e30"}),
        ("/api/actions/", {"meeting": "²"}),
        ("/api/organisations/", {"search": "²"}),
        ("/api/directions/", {"search": "\x00"}),
    ],
)
def test_every_search_and_filter_answers_odd_input_without_a_500(tasking_officer, path, query):
    assert api(tasking_officer).get(path, query).status_code in (200, 400)


def test_json_nested_2000_deep_is_a_400(kent_officer):
    body = "[" * 2000 + "]" * 2000
    response = api(kent_officer).post("/api/targets/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested more than" in response.json()["detail"]


def test_json_nested_just_past_the_limit_is_a_400_and_within_it_is_read(kent_officer):
    deep = {"names": ["x"]}
    for _ in range(MAX_JSON_DEPTH):
        deep = {"names": deep}
    client = api(kent_officer)
    response = client.post("/api/deconfliction/check/", deep, format="json")
    assert response.status_code == 400
    assert "nested more than" in response.json()["detail"]
    ok = client.post("/api/deconfliction/check/", {"names": ["Medway"]}, format="json")
    assert ok.status_code == 200


def test_a_json_body_over_the_size_limit_is_a_413(kent_officer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({**target_body([]), "pursue": "x" * 20_000})
    response = api(kent_officer).post("/api/targets/", body, content_type="application/json")
    assert response.status_code == 413
    assert not Target.objects.exists()


def test_nan_is_not_json(kent_officer):
    response = api(kent_officer).post(
        "/api/deconfliction/check/", '{"names": [NaN]}', content_type="application/json"
    )
    assert response.status_code == 400


def test_an_nca_officer_may_still_send_a_full_decision(tasking_officer):
    """The deepest body the API takes is well within the depth limit."""
    hmrc = person("hmrc-2", "HM Revenue and Customs", Role.PARTNER_OFFICER)
    request = services.request_create(
        actor=hmrc,
        addressed_organisation=organisation("National Crime Agency"),
        summary="Specialist surveillance",
        how_this_assists="Arrests.",
    )
    services.request_submit(actor=hmrc, request=request)
    response = api(tasking_officer).post(
        f"/api/tasking-requests/{request.pk}/decide/",
        {"decision": "support", "rationale": "Specialist capability.",
         "tests": {"priority_target": False, "specialist_capability": True,
                   "urgent_action": False, "beyond_partner_capability": False},
         "notes": {"risk": "Low."}},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200, response.json()
