"""Shared fixtures: the test database with its reference data, and the people of the
domain.

The test database is migrated once and every app's reference data (`<app>/reference.py`)
loaded into it, committed, so that every test sees the real directory, catalogue, groups
and rules. That database is then kept, as it stands, as a PostgreSQL template named from
a digest of every migration, every reference-data file and this file: the next run whose
digest is the same copies it (`CREATE DATABASE ... TEMPLATE`, a second or two) instead of
migrating and loading again. A run with `--create-db` builds it afresh; `--reuse-db` runs
keep their own database and leave the template alone.

Transactional tests (browser journeys) commit, so the database is emptied when each ends
(pytest-django runs them after the others). `committed_reference_data` puts the reference
data back before the next one from a copy of every table taken once, in the schema
`reference_snapshot` of the test database: the very rows the other tests saw, ids and
history included, copied by PostgreSQL in a fraction of a second rather than loaded again
in seconds.
"""

import functools
import hashlib
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.backends.base.creation import TEST_DATABASE_PREFIX
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from directory.choices import Clearance, Role
from directory.discovery import app_modules
from directory.models import Organisation
from directory.two_factor import session_verified_by
from tests.celery_broker import Inbox, OwnRedis, free_port
from tests.factories import UserFactory, organisation, totp_device

SNAPSHOT = "reference_snapshot"


def load_reference_data():
    for _, reference in app_modules("reference"):
        reference.load()


def _database_digest() -> str:
    """What the template's content follows from: every app's migrations, the reference
    data and how it is loaded, and this file."""
    files = [Path(__file__)]
    for app in apps.get_app_configs():
        files += sorted((Path(app.path) / "migrations").glob("*.py"))
    for app, reference in app_modules("reference"):
        files.append(Path(reference.__file__))
        files += sorted(
            path for path in (Path(app.path) / "reference").rglob("*") if path.is_file()
        )
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _test_database_name() -> str:
    return (
        connection.settings_dict["TEST"]["NAME"]
        or TEST_DATABASE_PREFIX + connection.settings_dict["NAME"]
    )


def _template_name() -> str:
    return f"{_test_database_name()}_template_{_database_digest()}"


def _server(sql: str, params=()) -> list[tuple]:
    """Run `sql` against the server's maintenance database, outside any test database."""
    with connection._nodb_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


@pytest.fixture(scope="session")
def reference_template(django_db_use_migrations, django_db_keepdb, django_db_createdb):
    """The template this run's test database is copied from, if there is one to trust:
    None when the run keeps its own database or builds without migrations."""
    if not django_db_use_migrations or (django_db_keepdb and not django_db_createdb):
        return None
    return _template_name()


@pytest.fixture(scope="session")
def _template_exists(reference_template, django_db_blocker, django_db_createdb):
    if reference_template is None or django_db_createdb:
        return False
    with django_db_blocker.unblock():
        return bool(_server("SELECT 1 FROM pg_database WHERE datname = %s", [reference_template]))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings, reference_template, _template_exists
):
    if _template_exists:
        connection.settings_dict["TEST"]["TEMPLATE"] = reference_template


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, reference_template, _template_exists):
    if _template_exists:
        return
    with django_db_blocker.unblock():
        load_reference_data()
        _take_snapshot()
        if reference_template is not None:
            _keep_as_template(reference_template)


def _reference_tables() -> list[str]:
    return connection.introspection.django_table_names(only_existing=True, include_views=False)


def _take_snapshot():
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT} CASCADE")
        cursor.execute(f"CREATE SCHEMA {SNAPSHOT}")
        for table in _reference_tables():
            # Table names from the database's own catalogue, quoted.
            cursor.execute(f"SELECT EXISTS (SELECT FROM {quote(table)})")  # noqa: S608
            if cursor.fetchone()[0]:
                cursor.execute(f"CREATE TABLE {SNAPSHOT}.{quote(table)} AS TABLE {quote(table)}")


def _keep_as_template(name: str):
    """Copy the test database as it stands to `name`, and drop the templates of earlier
    digests. PostgreSQL copies only a database nobody is connected to."""
    test_database = connection.settings_dict["NAME"]  # the test database's, once set up
    connections.close_all()
    quote = connection.ops.quote_name
    for (stale,) in _server(
        "SELECT datname FROM pg_database WHERE starts_with(datname, %s)",
        [f"{test_database}_template_"],
    ):
        _server(f"DROP DATABASE IF EXISTS {quote(stale)}")
    _server(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(test_database)}")


@functools.cache
def _may_turn_triggers_off() -> bool:
    """`session_replication_role` is a superuser's, as the test role is under `make test`
    and in CI; another role reloads the reference data instead."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        return cursor.fetchone()[0]


def restore_reference_data():
    """Put the snapshot back after a flush, with every trigger off for this transaction
    only: the rows come back exactly as they were, history rows included, and nothing is
    recorded twice. What the flush left (content types and permissions made afresh, with
    other ids) is deleted first: on a few small tables that is much quicker than
    truncating every table again."""
    quote = connection.ops.quote_name
    tables = _reference_tables()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        # Table names from the database's own catalogue, quoted.
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT %s WHERE EXISTS (SELECT FROM {quote(table)})"  # noqa: S608
                for table in tables
            ),
            tables,
        )
        for (table,) in cursor.fetchall():
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            [SNAPSHOT],
        )
        for (table,) in cursor.fetchall():
            cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {SNAPSHOT}.{quote(table)}")  # noqa: S608
    ContentType.objects.clear_cache()


@pytest.fixture
def committed_reference_data(transactional_db):
    """The reference data, committed, for a test that commits (a browser journey)."""
    if not Organisation.objects.exists():
        if _may_turn_triggers_off():
            restore_reference_data()
        else:
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


@pytest.fixture
def smtp(settings):
    """The portal's mail goes to a real SMTP server (aiosmtpd) on 127.0.0.1, as
    EMAIL_URL=smtp://127.0.0.1:port would send it; the fixture is its inbox."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()


@pytest.fixture
def own_redis():
    """A Redis of the test's own, as the broker, to stop and start."""
    server = OwnRedis()
    server.start()
    yield server
    server.stop()
