"""Every page and endpoint, walked by every role, an outsider and a user of too low a
clearance. A URL the portal serves without an entry in some app's `tests/<app>/matrix.py`
fails the suite."""

from importlib import import_module
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from directory.choices import Role
from tests.authorization import EVERYONE, PERSONAS
from tests.conftest import VerifiedAPIClient, person
from tests.factories import organisation

MATRICES = [
    import_module(f"tests.{path.parent.name}.matrix")
    for path in sorted(Path(__file__).parent.glob("*/matrix.py"))
]


def _merged():
    merged = {}
    for matrix in MATRICES:
        clash = set(merged) & set(matrix.MATRIX)
        assert not clash, f"URL names in two matrices: {clash}"
        merged.update(matrix.MATRIX)
    return merged


MATRIX = _merged()


def served_url_names(patterns=None, namespace=""):
    """The name of every URL the portal serves; the admin site counts as one."""
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                names.add("admin")
                continue
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= served_url_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or str(pattern.pattern)
            names.add(f"{namespace}{name}")
    return names


def test_every_url_the_portal_serves_has_an_entry_in_the_matrix():
    missing = served_url_names() - set(MATRIX)
    assert not missing, f"Add these to an authorization matrix: {sorted(missing)}"
    assert not set(MATRIX) - served_url_names(), "A matrix names URLs that no longer exist"


def test_every_model_on_the_admin_site_has_its_list_walked():
    from django.contrib import admin

    from tests.directory.matrix import ADMIN_CHANGELISTS

    registered = {f"{m._meta.app_label}/{m._meta.model_name}" for m in admin.site._registry}
    assert registered == set(ADMIN_CHANGELISTS)


@pytest.fixture
def people(db):
    made = {}
    for name, (organisation_name, role, clearance) in PERSONAS.items():
        extra = {"is_staff": True} if role == Role.ADMIN else {}
        if role == Role.ROCC:
            extra["posted_to"] = organisation("Eastern Region Special Operations Unit")
        made[name] = person(name, organisation_name, role, clearance=clearance, **extra)
    return made


@pytest.fixture
def records(people):
    placeholders = {}
    for matrix in MATRICES:
        placeholders.update(matrix.records(people))
    return placeholders


@pytest.mark.django_db
def test_each_persona_gets_what_the_matrix_says(records, people):
    """One walk over every URL: the cases never change state (an allowed state-changing
    call is walked where it is refused on its state or input), so one set of people and
    records serves them all."""

    def signed_in(persona):
        client = VerifiedAPIClient()
        if persona != "anonymous":
            client.force_login(people[persona])
        return client

    clients = {persona: signed_in(persona) for persona in EVERYONE}
    wrong = []
    for url_name in sorted(MATRIX):
        for case in MATRIX[url_name]:
            assert set(case.expect) == set(EVERYONE), f"{case.path}: give every persona a status"
            path = case.path.format(**records)
            for persona, expected in case.expect.items():
                response = getattr(clients[persona], case.method)(path, case.data, format="json")
                if url_name == "logout":  # that call signed them out: sign them in again
                    clients[persona] = signed_in(persona)
                if response.status_code != expected:
                    got = response.status_code
                    wrong.append(
                        f"{url_name}: {persona} {case.method.upper()} {path}: {got}, "
                        f"expected {expected}"
                    )
    assert not wrong, "\n".join(wrong)
