"""Issue 9 §5: the database keeps its promises to the runtime role, whatever it SETs.

The portal runs as a role that owns nothing (portal_app). On every append-only table it
may not UPDATE, DELETE or TRUNCATE, by privilege; where only some rows are frozen
(approved minutes), the trigger guards them and the runtime role cannot skip it with
`SET pgtrigger.ignore`, which any role may set."""

import datetime

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.grants import append_only_tables, protect_history_from_app_role
from governance.models import GovernanceGroup, Meeting, Minutes

pytestmark = pytest.mark.django_db

EXPECTED_APPEND_ONLY = {
    "audit_accessevent",  # the access log
    "tasking_decision",  # the decision log
    "engagement_direction",  # issued directions
    "engagement_informationrequeststep",  # the RFI timeline
    "engagement_intelligencereport",  # published reports
    "governance_minutesrevision",
    "directory_organisationevent",  # history, one of many
    "engagement_directionevent",
}


@pytest.fixture
def runtime_role():
    """A role with the runtime role's privileges, named for this test database."""
    role = f"{connection.settings_dict['NAME']}_runtime"[:63]
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
    protect_history_from_app_role(role=role)
    return role


def every_trigger_of(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [table],
        )
        return "{" + ",".join(name for (name,) in cursor.fetchall()) + "}"


def as_role(role, statement, *, ignore="{}"):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", [ignore])
        cursor.execute(statement)
        return cursor.rowcount


def test_the_append_only_tables_are_found_from_their_triggers():
    assert set(append_only_tables()) >= EXPECTED_APPEND_ONLY


@pytest.mark.parametrize("table", sorted(EXPECTED_APPEND_ONLY))
@pytest.mark.parametrize(
    "statement",
    ["UPDATE {table} SET id = id", "DELETE FROM {table}", "TRUNCATE {table} CASCADE"],
)
def test_the_runtime_role_may_not_rewrite_an_append_only_table_even_ignoring_triggers(
    runtime_role, table, statement
):
    with pytest.raises(DatabaseError, match="permission denied"):
        as_role(runtime_role, statement.format(table=table), ignore=every_trigger_of(table))


def test_the_runtime_role_still_reads_and_appends(runtime_role, kent_officer):
    as_role(
        runtime_role,
        "INSERT INTO audit_accessevent (at, kind, username, channel, object_type, object_id,"
        " marking, object_ids) VALUES (now(), 'sign_in', 'kent-officer', 'web', '', '', '', '{}')",
    )
    as_role(runtime_role, "UPDATE directory_organisation SET note = note")


@pytest.fixture
def approved_minutes(secretariat_person):
    group = GovernanceGroup.objects.get(slug="nttcg")
    starts_at = timezone.now() - datetime.timedelta(days=3)
    meeting = Meeting.objects.create(
        group=group, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
    )
    return Minutes.objects.create(
        meeting=meeting,
        text="Agreed.",
        status="approved",
        approved_by=secretariat_person,
        approved_at=timezone.now(),
    )


@pytest.fixture
def secretariat_person(db):
    from directory.choices import Role
    from tests.conftest import person

    return person("secretariat", "National Crime Agency", Role.SECRETARIAT)


def test_approved_minutes_stay_frozen_for_the_runtime_role_even_ignoring_the_trigger(
    runtime_role, approved_minutes
):
    ignore = every_trigger_of("governance_minutes")
    for statement in (
        f"UPDATE governance_minutes SET text = 'Rewritten' WHERE id = {approved_minutes.pk}",  # noqa: S608
        f"DELETE FROM governance_minutes WHERE id = {approved_minutes.pk}",  # noqa: S608
    ):
        with pytest.raises(DatabaseError, match="Cannot update or delete rows"):
            as_role(runtime_role, statement, ignore=ignore)
    with pytest.raises(DatabaseError, match="permission denied"):
        as_role(runtime_role, "TRUNCATE governance_minutes CASCADE", ignore=ignore)
    approved_minutes.refresh_from_db()
    assert approved_minutes.text == "Agreed."


def test_the_runtime_role_cannot_skip_the_triggers_that_write_history(runtime_role):
    Event = apps.get_model("directory", "OrganisationEvent")
    before = Event.objects.count()
    as_role(
        runtime_role,
        "UPDATE directory_organisation SET note = 'quietly' WHERE name = 'Kent Police'",
        ignore=every_trigger_of("directory_organisation"),
    )
    assert Event.objects.count() == before + 1


def test_the_runtime_role_cannot_turn_triggers_off(runtime_role):
    with pytest.raises(DatabaseError, match="permission denied"):
        as_role(runtime_role, "SET LOCAL session_replication_role = replica")
    with pytest.raises(DatabaseError, match="must be owner"):
        as_role(runtime_role, "ALTER TABLE governance_minutes DISABLE TRIGGER ALL")


def test_the_owner_may_still_skip_a_guard_to_repair_data(approved_minutes):
    """Migrations and the benchmarks' seeding run as the owner, who may."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pgtrigger.ignore', %s, true)",
            [every_trigger_of("governance_minutes")],
        )
        cursor.execute(
            "UPDATE governance_minutes SET text = 'Repaired' WHERE id = %s", [approved_minutes.pk]
        )
    approved_minutes.refresh_from_db()
    assert approved_minutes.text == "Repaired"
