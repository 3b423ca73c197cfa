"""Passwords follow the NCSC's guidance (issue 9 §3): at least 12 characters, and none of
the common or predictable ones attackers try first; `aaaaaaaaaaaa` is refused. A person
changes their own only by giving the current one."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from directory.services import user_create_or_update
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaa",  # one character repeated
        "abcabcabcabc",  # a short sequence repeated
        "abababababab",
        "qwertyuiopas",  # along the keyboard
        "abcdefghijklm",  # along the alphabet
        "password1234",  # common
        "ncaportal2026",  # the portal's own words
        "National-Crime-Agency-1",
        "short-pass",  # under 12 characters
    ],
)
def test_a_predictable_password_is_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_kent_officer_may_not_use_the_name_of_their_force(kent_officer):
    with pytest.raises(ValidationError, match="organisation"):
        validate_password("KentPolice-2026!", kent_officer)
    validate_password("KentPolice-2026!")  # for someone elsewhere it is only unusual


@pytest.mark.parametrize(
    "password", ["three random words for kent", "violet-tractor-harbour", PASSWORD]
)
def test_a_long_unpredictable_password_is_accepted(password, kent_officer):
    validate_password(password, kent_officer)


def test_a_new_account_with_a_repeated_password_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as refused:
        user_create_or_update(
            username="kent-analyst",
            password="aaaaaaaaaaaa",
            organisation_name="Kent Police",
            roles=["force_officer"],
        )
    assert "password" in refused.value.message_dict


def change(client, old, new, again=None):
    return client.post(
        "/account/password/",
        {"old_password": old, "new_password1": new, "new_password2": again or new},
    )


def test_the_current_password_is_needed_to_change_it(client, kent_officer):
    client.force_login(kent_officer)
    response = change(client, "not-my-password", "three random words for kent")
    assert response.status_code == 400
    assert "Your current password is not right" in response.content.decode()
    kent_officer.refresh_from_db()
    assert kent_officer.check_password(PASSWORD)


def test_a_weak_new_password_is_refused_on_the_page(client, kent_officer):
    client.force_login(kent_officer)
    response = change(client, PASSWORD, "aaaaaaaaaaaa")
    assert response.status_code == 400
    assert "repeated or keyboard pattern" in response.content.decode()
    kent_officer.refresh_from_db()
    assert kent_officer.check_password(PASSWORD)


def test_the_kent_officer_changes_their_password(client, kent_officer):
    client.force_login(kent_officer)
    assert client.get("/account/password/").status_code == 200
    assert change(client, PASSWORD, "three random words for kent").status_code == 302
    kent_officer.refresh_from_db()
    assert kent_officer.check_password("three random words for kent")
