"""Shared fixtures: the reference data, and the people of the domain.

Every app's reference data (`<app>/reference.py`) is loaded once per session, committed,
so that every test sees the real directory, catalogue, groups and rules. Transactional
tests (browser journeys) empty the database when they end; pytest-django runs them
after the others, and `committed_reference_data` loads it all again for each of them.
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from directory.choices import Clearance, Role
from directory.discovery import app_modules
from directory.models import Organisation
from directory.two_factor import session_verified_by
from tests.factories import UserFactory, organisation, totp_device


def load_reference_data():
    for _, reference in app_modules("reference"):
        reference.load()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def committed_reference_data(transactional_db):
    if not Organisation.objects.filter(name="National Crime Agency").exists():
        load_reference_data()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttles and caches live in Redis; each test starts with none."""
    cache.clear()


# Two addresses on the internet, for the lockout: an attacker's and a Kent officer's own.
ATTACKER = "203.0.113.66"
KENT_OFFICER_AT_HOME = "198.51.100.7"


@pytest.fixture
def behind_one_proxy(settings):
    """As deployed: one TLS-terminating proxy in front, which appends the address it
    received from to X-Forwarded-For (in tests, the client's address is 127.0.0.1)."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


class SecondFactorClientMixin:
    """`force_login` leaves the person as the portal's sign-in does once they have given
    both factors: signed in, and verified by a real authenticator app of theirs (one is
    added if they have none), recorded where django-otp keeps it in the session. A test of
    a session that has given only a password signs in with a plain Client."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or totp_device(user)
        session_verified_by(self.session, device)


class VerifiedClient(SecondFactorClientMixin, Client):
    pass


class VerifiedAPIClient(SecondFactorClientMixin, APIClient):
    pass


@pytest.fixture
def client():
    """pytest-django's `client`, whose force_login gives the second factor too."""
    return VerifiedClient()


def person(username, organisation_name, *roles, clearance=Clearance.SC, **extra):
    return UserFactory(
        username=username,
        organisation=organisation(organisation_name),
        roles=list(roles),
        clearance=clearance,
        **extra,
    )


@pytest.fixture
def dg(db):
    return person("dg", "National Crime Agency", Role.DIRECTOR_GENERAL, clearance=Clearance.DV)


@pytest.fixture
def tasking_officer(db):
    return person("tasking", "National Crime Agency", Role.TASKING_OFFICER)


@pytest.fixture
def nca_bpss_analyst(db):
    """An NCA analyst whose vetting is only BPSS: sees up to OFFICIAL-SENSITIVE."""
    return person(
        "new-analyst", "National Intelligence Hub", Role.ANALYST, clearance=Clearance.BPSS
    )


@pytest.fixture
def portal_admin(db):
    """The portal administrator: staff on the admin site, never a superuser (issue 9 §1)."""
    return person("admin", "National Crime Agency", Role.ADMIN, is_staff=True)


@pytest.fixture
def eastern_rocc(db):
    return person(
        "rocc",
        "National Crime Agency",
        Role.ROCC,
        posted_to=organisation("Eastern Region Special Operations Unit"),
    )


@pytest.fixture
def south_east_rocu_officer(db):
    return person("se-rocu", "South East Regional Organised Crime Unit", Role.ROCU_OFFICER)


@pytest.fixture
def eastern_rocu_officer(db):
    return person("ersou", "Eastern Region Special Operations Unit", Role.ROCU_OFFICER)


@pytest.fixture
def kent_officer(db):
    return person("kent-officer", "Kent Police", Role.FORCE_OFFICER, clearance=Clearance.CTC)


@pytest.fixture
def kent_chief_officer(db):
    return person("kent-chief", "Kent Police", Role.CHIEF_OFFICER)


@pytest.fixture
def hmrc_officer(db):
    return person("hmrc", "HM Revenue and Customs", Role.PARTNER_OFFICER)


@pytest.fixture
def kent_pcc_office(db):
    return person(
        "kent-pcc",
        "Police and Crime Commissioner for Kent",
        Role.PCC_OFFICE,
        clearance=Clearance.BPSS,
    )


@pytest.fixture
def essex_pcc_office(db):
    return person(
        "essex-pcc",
        "Police, Fire and Crime Commissioner for Essex",
        Role.PCC_OFFICE,
        clearance=Clearance.BPSS,
    )
