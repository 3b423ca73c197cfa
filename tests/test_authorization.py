"""Every page and endpoint, walked by every role, an outsider and a user of too low a
clearance. A URL the portal serves without an entry here fails the suite."""

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from directory.choices import Clearance, ContactAudience, Marking, Role
from tests.conftest import person
from tests.factories import ContactPointFactory, organisation

NCA = "National Crime Agency"
PERSONAS = {
    "director_general": (NCA, Role.DIRECTOR_GENERAL, Clearance.DV),
    "deputy_director_general": (NCA, Role.DEPUTY_DIRECTOR_GENERAL, Clearance.DV),
    "director": ("Intelligence and Operations Directorate", Role.DIRECTOR, Clearance.DV),
    "tasking_officer": (NCA, Role.TASKING_OFFICER, Clearance.SC),
    "analyst": ("National Intelligence Hub", Role.ANALYST, Clearance.SC),
    "secretariat": (NCA, Role.SECRETARIAT, Clearance.SC),
    "rocc": (NCA, Role.ROCC, Clearance.SC),
    "rocu_officer": ("South East Regional Organised Crime Unit", Role.ROCU_OFFICER, Clearance.SC),
    "force_officer": ("Kent Police", Role.FORCE_OFFICER, Clearance.CTC),
    "chief_officer": ("Kent Police", Role.CHIEF_OFFICER, Clearance.SC),
    "partner_officer": ("HM Revenue and Customs", Role.PARTNER_OFFICER, Clearance.SC),
    "pcc_office": ("Police and Crime Commissioner for Kent", Role.PCC_OFFICE, Clearance.BPSS),
    "admin": (NCA, Role.ADMIN, Clearance.SC),
    # Of another organisation than the record's owner, with clearance enough to see it.
    "outsider": ("Eastern Region Special Operations Unit", Role.ROCU_OFFICER, Clearance.DV),
    # Of the record's own organisation, but vetted below its marking.
    "low_clearance": ("National Intelligence Hub", Role.ANALYST, Clearance.BPSS),
}
SIGNED_IN = list(PERSONAS)
EVERYONE = ["anonymous", *SIGNED_IN]
NCA_PERSONAS = [
    "director_general", "deputy_director_general", "director", "tasking_officer", "analyst",
    "secretariat", "rocc", "admin",
]  # fmt: skip


@dataclass
class Case:
    path: str  # may name a record: {kent}, {secret_route}
    expect: dict  # persona -> status
    method: str = "get"
    data: dict = field(default_factory=dict)


def page(path, **overrides):
    """A page: signed-out visitors are sent to sign in; everyone signed in sees it."""
    return Case(path, {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 200), **overrides})


def api(path, **overrides):
    return Case(path, {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 200), **overrides})


def admin_page(path):
    """The admin site: only portal administrators; everyone else is sent to its sign-in."""
    return Case(path, {**dict.fromkeys(EVERYONE, 302), "admin": 200})


def only(personas, path, signed_out=401, hidden=404):
    expect = {"anonymous": signed_out, **dict.fromkeys(SIGNED_IN, hidden)}
    expect.update(dict.fromkeys(personas, 200))
    return Case(path, expect)


MATRIX = {
    "home": [page("/")],
    "login": [Case("/sign-in/", {"anonymous": 200, **dict.fromkeys(SIGNED_IN, 302)})],
    "logout": [Case("/sign-out/", dict.fromkeys(EVERYONE, 302), method="post")],
    "accessibility": [Case("/accessibility/", dict.fromkeys(EVERYONE, 200))],
    "healthz": [Case("/healthz", dict.fromkeys(EVERYONE, 200))],
    "favicon": [Case("/favicon.ico", dict.fromkeys(EVERYONE, 301))],
    "directory:organisations": [page("/directory/"), page("/directory/?kind=rocu")],
    "directory:organisation": [
        page("/directory/{kent}/"),
        page("/directory/999999/", **dict.fromkeys(SIGNED_IN, 404)),
    ],
    "api-token": [Case("/api/auth/token/", dict.fromkeys(EVERYONE, 400), method="post")],
    "api-me": [api("/api/me/")],
    "api-schema": [api("/api/schema/")],
    "api-docs": [page("/api/docs/")],
    "organisation-list": [api("/api/organisations/")],
    "organisation-detail": [api("/api/organisations/{kent}/")],
    "region-list": [api("/api/regions/")],
    "region-detail": [api("/api/regions/eastern/")],
    "contact-point-list": [api("/api/contact-points/")],
    "contact-point-detail": [
        api("/api/contact-points/{open_route}/"),
        # NCA-only and SECRET: the NCA's people vetted SC and above.
        only(NCA_PERSONAS, "/api/contact-points/{secret_route}/"),
        # ERSOU's own route: ERSOU and the NCA, not another ROCU or a force.
        only([*NCA_PERSONAS, "outsider", "low_clearance"], "/api/contact-points/{ersou_route}/"),
    ],
    "admin": [
        admin_page("/admin/"),
        admin_page("/admin/directory/organisation/"),
        admin_page("/admin/audit/accessevent/"),
    ],
}  # fmt: skip


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
            names.add(
                f"{namespace}{pattern.name}" if pattern.name else f"{namespace}{pattern.pattern}"
            )
    return names


def test_every_url_the_portal_serves_has_an_entry_in_the_matrix():
    missing = served_url_names() - set(MATRIX)
    assert not missing, f"Add these to the authorization matrix: {sorted(missing)}"
    assert not set(MATRIX) - served_url_names(), "The matrix names URLs that no longer exist"


@pytest.fixture
def records(db):
    nca = organisation(NCA)
    ersou = organisation("Eastern Region Special Operations Unit")
    return {
        "kent": organisation("Kent Police").pk,
        "open_route": ContactPointFactory(organisation=nca).pk,
        "secret_route": ContactPointFactory(
            organisation=nca, marking=Marking.SECRET, audience=ContactAudience.OWN_ORGANISATION
        ).pk,
        "ersou_route": ContactPointFactory(
            organisation=ersou,
            marking=Marking.OFFICIAL_SENSITIVE,
            audience=ContactAudience.OWN_ORGANISATION,
        ).pk,
    }


@pytest.fixture
def people(db):
    made = {}
    for name, (organisation_name, role, clearance) in PERSONAS.items():
        extra = {"is_staff": True, "is_superuser": True} if role == Role.ADMIN else {}
        if role == Role.ROCC:
            extra["posted_to"] = organisation("Eastern Region Special Operations Unit")
        made[name] = person(name, organisation_name, role, clearance=clearance, **extra)
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_each_persona_gets_what_the_matrix_says(url_name, records, people):
    wrong = []
    for case in MATRIX[url_name]:
        assert set(case.expect) == set(EVERYONE), f"{case.path}: give every persona a status"
        path = case.path.format(**records)
        for persona, expected in case.expect.items():
            client = APIClient()
            if persona != "anonymous":
                client.force_login(people[persona])
            response = getattr(client, case.method)(path, case.data)
            if response.status_code != expected:
                got = response.status_code
                wrong.append(f"{persona} {case.method.upper()} {path}: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)
