"""The portal's front door on a developer's machine as well as in production: the demo
sign-ins on the sign-in page (only where the demo data is and only outside production),
a sign-out that says so, and the portal's own "not found" and "cannot do this" pages
even with DEBUG on, without a traceback in the log for either."""

import logging

import pytest
from django.test import override_settings

from directory import demo
from directory.two_factor import totp_device_register
from tests.factories import totp_device

pytestmark = pytest.mark.django_db


def html(response, status=200) -> str:
    assert response.status_code == status
    return response.content.decode()


def demo_data_loaded(person):
    totp_device_register(
        user=person, base32_secret=demo.DEMO_TOTP_SECRET, name=demo.DEMO_DEVICE_NAME
    )


@override_settings(DEMO_SIGN_INS_ON_SIGN_IN_PAGE=True)
def test_a_local_portal_with_the_demo_data_lists_the_demo_sign_ins(client, kent_officer):
    demo_data_loaded(kent_officer)
    page = html(client.get("/sign-in/"))
    assert "Demo sign-ins" in page
    assert demo.PASSWORD in page
    assert "<code>essex-pcc</code>: PCC office, Police, Fire and Crime Commissioner" in page
    assert demo.DEMO_TOTP_SECRET in page


@override_settings(DEMO_SIGN_INS_ON_SIGN_IN_PAGE=True)
def test_a_local_portal_without_the_demo_data_lists_no_sign_ins(client, kent_officer):
    totp_device(kent_officer)
    page = html(client.get("/sign-in/"))
    assert "Demo sign-ins" not in page
    assert demo.PASSWORD not in page


@override_settings(DEMO_SIGN_INS_ON_SIGN_IN_PAGE=False)
def test_production_never_lists_the_demo_sign_ins_even_where_the_demo_people_exist(
    client, kent_officer
):
    demo_data_loaded(kent_officer)
    page = html(client.get("/sign-in/"))
    assert "Demo sign-ins" not in page
    assert demo.PASSWORD not in page


def test_only_the_local_settings_turn_the_demo_sign_ins_on():
    from nca_portal.settings import base, local

    assert base.DEMO_SIGN_INS_ON_SIGN_IN_PAGE is False
    assert local.DEMO_SIGN_INS_ON_SIGN_IN_PAGE is True


def test_signing_out_says_so_on_the_sign_in_page(client, kent_officer):
    client.force_login(kent_officer)
    response = client.post("/sign-out/", follow=True)
    assert response.redirect_chain == [("/sign-in/", 302)]
    page = html(response)
    assert "You have signed out." in page
    assert "govuk-notification-banner--success" in page
    assert html(client.get("/directory/"), status=302) == ""


@override_settings(DEBUG=True)
def test_with_debug_on_a_missing_address_shows_the_portals_page_not_found(client, caplog):
    with caplog.at_level(logging.WARNING):
        page = html(client.get("/no-such-page/"), status=404)
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert "URLconf" not in page
    assert caplog.records == []


@override_settings(DEBUG=True)
def test_with_debug_on_a_record_that_is_not_there_shows_the_portals_page_not_found(
    client, kent_officer, caplog
):
    client.force_login(kent_officer)
    with caplog.at_level(logging.WARNING):
        page = html(client.get("/tasking/requests/999999/"), status=404)
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert "URLconf" not in page
    assert "Sign out" in page  # the portal's own page, for the signed-in reader
    assert caplog.records == []


@override_settings(DEBUG=True)
def test_with_debug_on_a_refused_page_shows_the_portals_page_and_logs_no_traceback(
    client, kent_officer, caplog
):
    client.force_login(kent_officer)
    with caplog.at_level(logging.WARNING):
        page = html(client.get("/tasking/desk/"), status=403)
    assert '<h1 class="govuk-heading-l">You cannot do this</h1>' in page
    assert "may work the tasking desk" in page
    assert caplog.records == []


def test_without_debug_a_missing_address_shows_the_portals_page_not_found(client):
    page = html(client.get("/no-such-page/"), status=404)
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page


def test_the_api_documentation_has_the_marking_and_a_way_back_to_the_portal(client, kent_officer):
    client.force_login(kent_officer)
    page = html(client.get("/api/docs/"))
    assert '<a class="govuk-back-link" href="/">Back to the portal</a>' in page
    assert page.count('data-marking="official"') == 2
    assert 'id="swagger-ui"' in page
