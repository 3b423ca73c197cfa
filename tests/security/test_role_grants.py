"""Issue 9 §1: nobody changes their own roles or clearance; the senior roles and DV need
a second administrator; every grant is kept, with who asked and who decided."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from directory.choices import Clearance, Role, RoleGrantStatus
from directory.models import RoleGrant, User
from directory.services import role_grant_approve, role_grant_refuse, role_grant_request
from tests.conftest import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_admin(db):
    return person("second-admin", "National Crime Agency", Role.ADMIN, is_staff=True)


def grant(actor, subject, roles, clearance=Clearance.SC, **extra):
    return role_grant_request(
        actor=actor, subject=subject, roles=roles, clearance=clearance, reason="Posting", **extra
    )


def test_an_administrator_may_not_give_themselves_the_director_generals_role(portal_admin):
    with pytest.raises(ValidationError, match="your own roles"):
        grant(portal_admin, portal_admin, [Role.ADMIN, Role.DIRECTOR_GENERAL])
    with pytest.raises(ValidationError, match="your own roles"):
        grant(portal_admin, portal_admin, [Role.ADMIN], Clearance.DV)
    portal_admin.refresh_from_db()
    assert portal_admin.roles == [Role.ADMIN]
    assert portal_admin.clearance == Clearance.SC


def test_only_an_administrator_grants_roles(tasking_officer, kent_officer):
    with pytest.raises(PermissionDenied):
        grant(tasking_officer, kent_officer, [Role.FORCE_OFFICER, Role.CHIEF_OFFICER])


def test_an_ordinary_grant_applies_at_once_and_is_recorded(portal_admin, kent_officer):
    made = grant(portal_admin, kent_officer, [Role.CHIEF_OFFICER])
    kent_officer.refresh_from_db()
    assert kent_officer.roles == [Role.CHIEF_OFFICER]
    assert (made.status, made.requested_by, made.previous_roles) == (
        RoleGrantStatus.APPLIED, portal_admin, [Role.FORCE_OFFICER],
    )  # fmt: skip


def test_a_grant_meets_the_same_rules_as_provisioning(portal_admin, kent_officer):
    with pytest.raises(ValidationError, match="does not fit Kent Police"):
        grant(portal_admin, kent_officer, [Role.PCC_OFFICE])


def test_a_grants_reason_is_bounded_and_nothing_is_granted_past_it(portal_admin, kent_officer):
    with pytest.raises(ValidationError, match="at most 10,000 characters"):
        role_grant_request(
            actor=portal_admin, subject=kent_officer, roles=[Role.CHIEF_OFFICER],
            clearance=Clearance.SC, reason="x" * 10_001,
        )  # fmt: skip
    kent_officer.refresh_from_db()
    assert kent_officer.roles == [Role.FORCE_OFFICER]
    assert not RoleGrant.objects.filter(subject=kent_officer).exists()


def test_dv_waits_for_a_second_administrator_who_did_not_ask(
    portal_admin, second_admin, tasking_officer
):
    pending = grant(portal_admin, tasking_officer, [Role.TASKING_OFFICER], Clearance.DV)
    tasking_officer.refresh_from_db()
    assert (pending.status, tasking_officer.clearance) == (RoleGrantStatus.PENDING, Clearance.SC)
    with pytest.raises(ValidationError, match="not the one who asked"):
        role_grant_approve(actor=portal_admin, grant=pending)
    role_grant_approve(actor=second_admin, grant=pending)
    tasking_officer.refresh_from_db()
    assert tasking_officer.clearance == Clearance.DV
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == (RoleGrantStatus.APPLIED, second_admin)


def test_the_subject_of_a_senior_grant_may_not_approve_it(portal_admin, second_admin):
    pending = grant(second_admin, portal_admin, [Role.ADMIN], Clearance.DV)
    with pytest.raises(ValidationError, match="their own roles"):
        role_grant_approve(actor=portal_admin, grant=pending)
    portal_admin.refresh_from_db()
    assert portal_admin.clearance == Clearance.SC


def test_a_refused_grant_changes_nothing(portal_admin, second_admin, tasking_officer):
    pending = grant(portal_admin, tasking_officer, [Role.TASKING_OFFICER], Clearance.DV)
    role_grant_refuse(actor=second_admin, grant=pending)
    tasking_officer.refresh_from_db()
    assert tasking_officer.clearance == Clearance.SC
    with pytest.raises(ValidationError, match="already Refused"):
        role_grant_approve(actor=second_admin, grant=pending)


def test_provisioning_a_senior_role_for_an_existing_account_waits_for_approval(
    tasking_officer, capsys
):
    call_command(
        "create_portal_user", "--username", "tasking", "--organisation",
        "National Crime Agency", "--role", "director_general", "--clearance", "dv",
    )  # fmt: skip
    tasking_officer.refresh_from_db()
    assert tasking_officer.roles == [Role.TASKING_OFFICER]
    assert "Pending:" in capsys.readouterr().out
    assert RoleGrant.objects.get(subject=tasking_officer, requested_by=None).needs_approval


def test_nobody_provisioned_as_an_administrator_is_a_superuser():
    call_command(
        "create_portal_user", "--username", "alex", "--password", "A-long-enough-passphrase",
        "--organisation", "National Crime Agency", "--role", "admin",
    )  # fmt: skip
    alex = User.objects.get(username="alex")
    assert alex.is_staff
    assert not alex.is_superuser


def test_an_administrator_grants_in_the_browser_and_a_second_one_approves(
    client, portal_admin, second_admin, tasking_officer
):
    client.force_login(portal_admin)
    response = client.post(
        "/admin/directory/rolegrant/add/",
        {
            "subject": tasking_officer.pk,
            "roles": [Role.TASKING_OFFICER],
            "clearance": Clearance.DV,
            "reason": "Joins the covert desk",
        },
    )
    assert response.status_code == 302, response.content
    pending = RoleGrant.objects.get(subject=tasking_officer, status=RoleGrantStatus.PENDING)
    client.post(
        "/admin/directory/rolegrant/",
        {"action": "approve", "_selected_action": [pending.pk]},
    )
    tasking_officer.refresh_from_db()
    assert tasking_officer.clearance == Clearance.SC  # the one who asked cannot approve
    client.force_login(second_admin)
    client.post(
        "/admin/directory/rolegrant/",
        {"action": "approve", "_selected_action": [pending.pk]},
    )
    tasking_officer.refresh_from_db()
    assert tasking_officer.clearance == Clearance.DV


def test_granting_oneself_in_the_browser_is_a_form_error_naming_the_field(client, portal_admin):
    client.force_login(portal_admin)
    response = client.post(
        "/admin/directory/rolegrant/add/",
        {
            "subject": portal_admin.pk,
            "roles": [Role.ADMIN, Role.DIRECTOR_GENERAL],
            "clearance": Clearance.DV,
            "reason": "Promotion",
        },
    )
    assert response.status_code == 200
    assert "your own roles" in response.content.decode()
    assert not RoleGrant.objects.filter(subject=portal_admin).exists()
