"""Sign-ins, failed sign-ins and reads of marked records are logged."""

import pytest

from audit.models import AccessEvent, AccessEventKind
from directory.choices import Marking
from tests.factories import PASSWORD, ContactPointFactory, fresh_recovery_code, organisation

pytestmark = pytest.mark.django_db


def events(kind):
    return AccessEvent.objects.filter(kind=kind)


def test_a_sign_in_in_the_browser_is_logged(client, kent_officer):
    response = client.post("/sign-in/", {"username": "kent-officer", "password": PASSWORD})
    assert response.status_code == 302
    event = events(AccessEventKind.SIGN_IN).get()
    assert (event.user, event.channel, event.ip_address) == (kent_officer, "web", "127.0.0.1")


def test_a_failed_sign_in_is_logged_with_the_name_tried(client, kent_officer):
    response = client.post("/sign-in/", {"username": "kent-officer", "password": "wrong"})
    assert response.status_code == 400
    event = events(AccessEventKind.SIGN_IN_FAILED).get()
    assert (event.username, event.user) == ("kent-officer", None)


def test_a_sign_out_is_logged(client, kent_officer):
    client.force_login(kent_officer)
    client.post("/sign-out/")
    assert events(AccessEventKind.SIGN_OUT).get().user == kent_officer


def test_an_api_sign_in_and_a_failed_one_are_logged(client, kent_officer):
    otp = fresh_recovery_code(kent_officer)
    client.post("/api/auth/token/", {"username": "kent-officer", "password": "nope", "otp": otp})
    client.post("/api/auth/token/", {"username": "kent-officer", "password": PASSWORD, "otp": otp})
    assert events(AccessEventKind.SIGN_IN_FAILED).get().channel == "api"
    assert events(AccessEventKind.SIGN_IN).get().user == kent_officer


def test_reading_a_sensitive_record_over_the_api_is_logged(client, tasking_officer):
    route = ContactPointFactory(
        organisation=organisation("National Crime Agency"), marking=Marking.OFFICIAL_SENSITIVE
    )
    client.force_login(tasking_officer)
    assert client.get(f"/api/contact-points/{route.pk}/").status_code == 200
    read = events(AccessEventKind.READ).get()
    assert (read.user, read.object_id, read.channel) == (tasking_officer, str(route.pk), "api")


def test_ten_failed_sign_ins_lock_the_account_out_from_that_address(client, kent_officer):
    def attempt(password):
        return client.post("/sign-in/", {"username": "kent-officer", "password": password})

    assert [attempt("x").status_code for _ in range(10)] == [400] * 9 + [429]
    locked = attempt(PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert events(AccessEventKind.SIGN_IN).count() == 0


def test_a_successful_sign_in_clears_the_failures_before_the_limit(client, kent_officer):
    for _ in range(9):
        client.post("/sign-in/", {"username": "kent-officer", "password": "x"})
    assert (
        client.post("/sign-in/", {"username": "kent-officer", "password": PASSWORD}).status_code
        == 302
    )
    client.post("/sign-out/")
    for _ in range(9):
        client.post("/sign-in/", {"username": "kent-officer", "password": "x"})
    assert (
        client.post("/sign-in/", {"username": "kent-officer", "password": PASSWORD}).status_code
        == 302
    )
