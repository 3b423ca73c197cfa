"""Issue 9 §1: the administrator is not a superuser. The admin site shows what the one
permission entry point allows, within the viewer's clearance and organisation, history
included; it shows no secret; rule-bearing records are read-only there."""

import pghistory
import pytest
from django.contrib import admin
from pghistory.models import Events

from directory.admin_base import AdministratorsReadOnlyAdmin, HistoryAdmin, RestrictedAdmin
from directory.choices import ContactAudience, Marking
from directory.history import events_visible_to
from tests.factories import ContactPointFactory, organisation

pytestmark = pytest.mark.django_db


def test_every_page_of_the_admin_site_goes_through_the_entry_point_or_is_read_only():
    unbounded = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, RestrictedAdmin | AdministratorsReadOnlyAdmin | HistoryAdmin)
    ]
    assert not unbounded


def test_no_secret_has_a_page(client, portal_admin):
    registered = {model._meta.label for model in admin.site._registry}
    assert not registered & {
        "directory.ApiToken", "otp_totp.TOTPDevice",
        "otp_static.StaticDevice", "auth.Group",
    }  # fmt: skip
    client.force_login(portal_admin)
    assert client.get("/admin/directory/apitoken/").status_code == 404
    page = client.get(f"/admin/directory/user/{portal_admin.pk}/change/").content.decode()
    assert "md5$" not in page
    assert 'name="password"' not in page
    assert "Raw passwords are not stored" not in page
    reset = client.get(f"/admin/directory/user/{portal_admin.pk}/password/", follow=True)
    assert 'name="password1"' not in reset.content.decode()


def test_an_sc_administrator_does_not_see_a_top_secret_contact_point(client, portal_admin):
    route = ContactPointFactory(
        organisation=organisation("National Crime Agency"), marking=Marking.TOP_SECRET,
        name="Top secret desk", audience=ContactAudience.OWN_ORGANISATION,
    )  # fmt: skip
    client.force_login(portal_admin)
    assert "Top secret desk" not in client.get("/admin/directory/contactpoint/").content.decode()
    assert client.get(f"/admin/directory/contactpoint/{route.pk}/change/").status_code == 302


def test_the_history_page_shows_a_version_only_to_a_reader_cleared_for_it(client, portal_admin):
    route = ContactPointFactory(
        organisation=organisation("National Crime Agency"), marking=Marking.TOP_SECRET,
        name="Covert desk", purpose="Top secret purpose",
    )  # fmt: skip
    with pghistory.context(user=portal_admin.pk):
        route.marking = Marking.OFFICIAL
        route.purpose = "Open purpose"
        route.save()
    client.force_login(portal_admin)
    shown = events_visible_to(portal_admin, Events.objects.all(), with_changes=False).filter(
        pgh_obj_model="directory.ContactPoint", pgh_obj_id=str(route.pk)
    )
    assert {event.pgh_data["marking"] for event in shown} == {Marking.OFFICIAL}
    page = client.get("/admin/pghistory/events/").content.decode()
    assert "Top secret purpose" not in page


def test_the_administrator_may_not_edit_a_direction_or_a_meeting(client, portal_admin):
    client.force_login(portal_admin)
    assert client.get("/admin/engagement/direction/add/").status_code == 403
    assert client.get("/admin/governance/meeting/add/").status_code == 403
    assert client.get("/admin/engagement/engagementevent/add/").status_code == 403


def test_someone_who_is_not_staff_is_sent_to_sign_in(client, kent_officer):
    client.force_login(kent_officer)
    assert client.get("/admin/").status_code == 302
