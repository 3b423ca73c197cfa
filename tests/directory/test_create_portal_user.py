import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from directory.models import User

pytestmark = pytest.mark.django_db


def create(*args):
    call_command("create_portal_user", *args)


def test_it_creates_a_user_with_organisation_roles_and_clearance(capsys):
    create(
        "--username", "kent-pcc", "--password", "A-long-enough-passphrase",
        "--organisation", "Police and Crime Commissioner for Kent", "--role", "pcc_office",
    )  # fmt: skip
    user = User.objects.get(username="kent-pcc")
    assert user.organisation.name == "Police and Crime Commissioner for Kent"
    assert user.roles == ["pcc_office"]
    assert user.clearance == "bpss"
    assert user.check_password("A-long-enough-passphrase")
    assert "Created kent-pcc" in capsys.readouterr().out


def test_running_it_again_updates_the_same_user():
    base = ["--username", "tasker", "--organisation", "National Crime Agency"]
    create(*base, "--password", "A-long-enough-passphrase", "--role", "tasking_officer")
    create(*base, "--role", "tasking_officer", "--role", "analyst", "--clearance", "sc")
    user = User.objects.get(username="tasker")
    assert (user.roles, user.clearance) == (["tasking_officer", "analyst"], "sc")
    assert user.check_password("A-long-enough-passphrase")
    assert User.objects.filter(username="tasker").count() == 1


def test_an_unknown_organisation_is_refused_by_name():
    with pytest.raises(
        CommandError, match="organisation: No organisation is named “Kent Constabulary”"
    ):
        create(
            "--username", "x", "--password", "A-long-enough-passphrase",
            "--organisation", "Kent Constabulary", "--role", "force_officer",
        )  # fmt: skip
    assert not User.objects.filter(username="x").exists()


def test_a_role_that_does_not_fit_the_organisation_is_refused():
    with pytest.raises(CommandError, match="roles: The role PCC office does not fit Kent Police"):
        create(
            "--username", "x", "--password", "A-long-enough-passphrase",
            "--organisation", "Kent Police", "--role", "pcc_office",
        )  # fmt: skip
    assert not User.objects.filter(username="x").exists()


def test_a_weak_password_is_refused_and_nothing_is_written():
    with pytest.raises(CommandError, match="password: This password is too short"):
        create(
            "--username", "x", "--password", "kent",
            "--organisation", "Kent Police", "--role", "force_officer",
        )  # fmt: skip
    assert not User.objects.filter(username="x").exists()


def test_an_unknown_clearance_is_refused():
    with pytest.raises(CommandError, match="clearance: “top” is not a clearance"):
        create(
            "--username", "x", "--password", "A-long-enough-passphrase",
            "--organisation", "Kent Police", "--role", "force_officer", "--clearance", "top",
        )  # fmt: skip


def test_a_rocc_needs_the_rocu_they_are_posted_to():
    base = ["--username", "rocc", "--password", "A-long-enough-passphrase"]
    with pytest.raises(CommandError, match="posted_to: A ROCC must be posted to a ROCU"):
        create(*base, "--organisation", "National Crime Agency", "--role", "rocc")
    create(
        *base, "--organisation", "National Crime Agency", "--role", "rocc",
        "--posted-to", "Eastern Region Special Operations Unit",
    )  # fmt: skip
    assert User.objects.get(username="rocc").posted_to.short_name == "ERSOU"


def test_the_command_exits_non_zero_from_the_shell():
    db = connection.settings_dict
    test_database = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    result = subprocess.run(
        [sys.executable, "manage.py", "create_portal_user", "--username", "x",
         "--password", "A-long-enough-passphrase", "--organisation", "Nowhere Police",
         "--role", "force_officer"],
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": test_database},
    )  # fmt: skip
    assert result.returncode == 1
    assert "No organisation is named “Nowhere Police”" in result.stderr
