"""Every change to a domain record is kept, and history cannot be rewritten."""

import pghistory
import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from pghistory.models import Events

from audit.grants import history_tables, protect_history_from_app_role
from audit.models import AccessEvent
from directory.models import Organisation
from tests.factories import organisation

pytestmark = pytest.mark.django_db
OrganisationEvent = apps.get_model("directory", "OrganisationEvent")


def test_a_change_is_kept_with_who_when_and_before_and_after(portal_admin):
    kent = organisation("Kent Police")
    with pghistory.context(user=portal_admin.pk, url="/admin/"):
        kent.short_name = "Kent"
        kent.save()
    change = Events.objects.references(kent).filter(pgh_label="update").latest("pgh_created_at")
    assert change.pgh_diff == {"short_name": ["", "Kent"]}
    assert change.pgh_context["user"] == portal_admin.pk
    assert change.pgh_created_at is not None


def test_a_change_made_in_the_browser_records_who_made_it(client, portal_admin):
    kent = organisation("Kent Police")
    client.force_login(portal_admin)
    response = client.post(
        f"/admin/directory/organisation/{kent.pk}/change/",
        {
            "name": "Kent Police",
            "short_name": "KP",
            "kind": "territorial_force",
            "region": kent.region_id,
            "rocu": kent.rocu_id,
            "parent": "",
            "former_names": "",
            "source": kent.source,
            "note": kent.note,
            "governance_terms-TOTAL_FORMS": "0",
            "governance_terms-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content
    change = Events.objects.references(kent).filter(pgh_label="update").latest("pgh_created_at")
    assert change.pgh_diff["short_name"] == ["", "KP"]
    assert change.pgh_context["user"] == portal_admin.pk


def test_deleting_a_record_is_kept_too(portal_admin):
    unit = Organisation.objects.create(name="A Short-Lived Unit", kind="nca_command")
    pk = unit.pk
    unit.delete()
    assert OrganisationEvent.objects.filter(pgh_obj_id=pk, pgh_label="delete").exists()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE directory_organisationevent SET name = 'Rewritten'",
        "DELETE FROM directory_organisationevent",
        "UPDATE audit_accessevent SET username = 'someone else'",
        "DELETE FROM audit_accessevent",
    ],
)
def test_postgresql_refuses_to_update_or_delete_history_even_for_the_owner(statement, kent_officer):
    AccessEvent.objects.create(kind="sign_in", user=kent_officer, username="kent-officer")
    organisation("Kent Police").save()  # at least one event row to touch
    with (
        pytest.raises(DatabaseError, match="Cannot update or delete rows from"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)


def test_the_applications_runtime_role_has_no_update_or_delete_on_history():
    """In deployment the portal runs as a role that does not own the tables."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE nca_portal_runtime_test NOLOGIN")
    protect_history_from_app_role(role="nca_portal_runtime_test")
    organisation("Kent Police").save()
    with connection.cursor() as cursor:
        cursor.execute("SET ROLE nca_portal_runtime_test")
        try:
            # The runtime role may still work on domain records and append history…
            cursor.execute(
                "UPDATE directory_organisation SET note = note WHERE name = 'Kent Police'"
            )
            cursor.execute("SELECT count(*) FROM directory_organisationevent")
            for table in history_tables():
                for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):  # noqa: S608
                    with (
                        pytest.raises(DatabaseError, match="permission denied"),
                        transaction.atomic(),
                    ):
                        cursor.execute(statement)
        finally:
            cursor.execute("RESET ROLE")


def test_every_tracked_model_has_a_history_table():
    tables = history_tables()
    assert {
        "directory_organisationevent",
        "directory_userevent",
        "directory_contactpointevent",
        "directory_governingbodytermevent",
        "audit_accessevent",
    } <= set(tables)
