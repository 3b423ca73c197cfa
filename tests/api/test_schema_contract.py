"""The API keeps the contract its schema states, for each kind of person who uses it.

Schemathesis takes the schema as /api/schema/ generates it (in process, so that it is
known before the tests are collected) and sends every operation requests made
from it, valid and not, to the portal as a WSGI application (no server), as an NCA
tasking officer, a ROCU officer, a PCC office and the portal administrator, each signed
in with an API token they obtained with both factors. Each answer must be no server
error, a status the operation documents, a body its schema allows, a refusal of data the
schema forbids, and a refusal without the token. A new operation is tested as soon as it
is in the schema.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    ignored_auth,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from directory.demo import PASSWORD as DEMO_PASSWORD
from directory.discovery import app_modules
from directory.models import User
from tests.factories import fresh_recovery_code

pytestmark = pytest.mark.django_db

WSGI = WSGIHandler()

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    negative_data_rejection,
    ignored_auth,
]

# The demo people (directory/demo.py), one of each kind of person the API serves.
PEOPLE = {
    "an NCA tasking officer": "tasking",
    "a ROCU officer": "rocu",
    "a PCC office": "pcc",
    "the portal administrator": "admin",
}

# Few examples per operation and a fixed seed: the whole module runs in minutes, and
# the same way every time.
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20261202,
        "generation": {"max-examples": 4, "deterministic": True, "no-shrink": True},
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    }
)


def portal(environ, start_response):
    """The portal as a WSGI application whose requests answer inside the test's
    transaction, as with Django's test client: Django closes the connection around a
    request, which would end the transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGI(environ, start_response)
        try:
            body = b"".join(response)
        finally:
            response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return [body]


# For each path parameter, values that name a record: filled in once the records exist.
KNOWN: dict[tuple[str, str], list] = {}

SCHEMA = schemathesis.openapi.from_dict(
    SchemaGenerator(patterns=None).get_schema(request=None, public=True), config=CONFIG
)
SCHEMA.app = portal


@SCHEMA.hook
def map_case(context, case):
    """Most valid cases of a detail route name a record that exists, so that its success
    is checked as well as its 404."""
    if case.meta is None or case.meta.is_negative_at(ParameterLocation.PATH):
        return case
    for name, value in (case.path_parameters or {}).items():
        values = KNOWN.get((case.operation.path, name), [])
        index = (value if isinstance(value, int) else len(str(value))) % (len(values) + 1)
        if index < len(values):
            case.path_parameters[name] = values[index]
    return case


@pytest.fixture(scope="module")
def tokens(django_db_setup, django_db_blocker):
    """The demo records, and an API token for each person, obtained as a client does
    (with both factors); all of it is rolled back once the module is done. Each test
    runs inside, in a transaction of its own."""
    with django_db_blocker.unblock(), transaction.atomic():
        for _, demo in app_modules("demo"):
            demo.load()
        tokens = {username: _token_for(username) for username in PEOPLE.values()}
        for token in tokens.values():
            _learn_values(token)
        yield tokens
        transaction.set_rollback(True)
    KNOWN.clear()


def _token_for(username):
    user = User.objects.get(username=username)
    answer = APIClient().post(
        "/api/auth/token/",
        {"username": username, "password": DEMO_PASSWORD, "otp": fresh_recovery_code(user),
         "client": "contract test"},
        format="json",
    )  # fmt: skip
    assert answer.status_code == 201, answer.json()
    return answer.json()["token"]


def _learn_values(token):
    """The values of each path parameter that the person's list of it gives."""
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    for path in SCHEMA.raw_schema["paths"]:
        listing, brace, rest = path.partition("{")
        if not brace:
            continue
        name = rest.partition("}")[0]
        answer = api.get(listing)
        if answer.status_code != 200:
            continue
        body = answer.json()
        rows = body["results"] if isinstance(body, dict) else body
        values = KNOWN.setdefault((path, name), [])
        values.extend(row[name] for row in rows if row.get(name) not in values)


@pytest.fixture(params=list(PEOPLE), ids=list(PEOPLE.values()))
def token(request, tokens, db):
    return tokens[PEOPLE[request.param]]


@SCHEMA.parametrize()
@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
