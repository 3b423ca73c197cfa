"""The one permission entry point: organisation, role and clearance."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from guardian.shortcuts import assign_perm

from audit.models import AccessEvent, AccessEventKind
from directory.access import get_visible_or_404
from directory.choices import ContactAudience, Marking
from directory.models import ContactPoint, Organisation, User
from tests.factories import ContactPointFactory, organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def routes(db):
    """Contact points of the NCA and of ERSOU, open and restricted, at each marking."""
    nca = organisation("National Crime Agency")
    ersou = organisation("Eastern Region Special Operations Unit")
    make = ContactPointFactory
    return {
        "nca open": make(organisation=nca, name="Control Centre"),
        "nca sensitive": make(
            organisation=nca, name="Tasking desk", marking=Marking.OFFICIAL_SENSITIVE
        ),
        "nca secret restricted": make(
            organisation=nca,
            name="Covert liaison",
            marking=Marking.SECRET,
            audience=ContactAudience.OWN_ORGANISATION,
        ),
        "nca top secret": make(organisation=nca, name="Special desk", marking=Marking.TOP_SECRET),
        "ersou restricted": make(
            organisation=ersou,
            name="Covert duty officer",
            audience=ContactAudience.OWN_ORGANISATION,
        ),
    }


def visible(user):
    return set(ContactPoint.objects.restrict(user).values_list("name", flat=True))


def test_a_force_officer_sees_open_routes_up_to_their_clearance_and_none_restricted(
    routes, kent_officer
):
    assert visible(kent_officer) == {"Control Centre", "Tasking desk"}


def test_a_rocu_officer_sees_their_own_restricted_routes_but_not_another_organisations(
    routes, eastern_rocu_officer, south_east_rocu_officer
):
    assert "Covert duty officer" in visible(eastern_rocu_officer)
    assert "Covert duty officer" not in visible(south_east_rocu_officer)
    assert "Covert liaison" not in visible(eastern_rocu_officer)


def test_nca_staff_see_every_route_within_their_clearance(routes, tasking_officer, dg):
    assert visible(tasking_officer) == {
        "Control Centre",
        "Tasking desk",
        "Covert liaison",
        "Covert duty officer",
    }
    assert "Special desk" in visible(dg)


def test_a_record_above_clearance_does_not_exist_even_for_the_nca(routes, nca_bpss_analyst):
    assert visible(nca_bpss_analyst) == {"Control Centre", "Tasking desk", "Covert duty officer"}


def test_counts_follow_the_same_restriction(routes, kent_officer, dg):
    assert ContactPoint.objects.restrict(kent_officer).count() == 2
    assert ContactPoint.objects.restrict(dg).count() == 5


def test_nobody_signed_out_or_inactive_sees_anything(routes, kent_officer):
    from django.contrib.auth.models import AnonymousUser

    assert not ContactPoint.objects.restrict(AnonymousUser()).exists()
    assert not Organisation.objects.restrict(AnonymousUser()).exists()
    kent_officer.is_active = False
    assert not ContactPoint.objects.restrict(kent_officer).exists()


def test_an_object_grant_shares_one_record_with_one_person(
    routes, kent_officer, kent_chief_officer
):
    assign_perm("view_contactpoint", kent_officer, routes["ersou restricted"])
    assert "Covert duty officer" in visible(kent_officer)
    assert "Covert duty officer" not in visible(kent_chief_officer)


def test_an_object_grant_never_lifts_a_record_above_the_users_clearance(routes, kent_officer):
    assign_perm("view_contactpoint", kent_officer, routes["nca top secret"])
    assert "Special desk" not in visible(kent_officer)


def test_a_group_grant_shares_a_record_with_the_groups_members(routes, kent_officer):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Kent covert liaison")
    kent_officer.groups.add(group)
    assign_perm("view_contactpoint", group, routes["ersou restricted"])
    assert "Covert duty officer" in visible(kent_officer)


def test_only_admins_may_change_directory_records(portal_admin, kent_officer):
    kent = organisation("Kent Police")
    assert Organisation.objects.restrict(portal_admin, "change").filter(pk=kent.pk).exists()
    assert not Organisation.objects.restrict(kent_officer, "change").filter(pk=kent.pk).exists()


def test_people_see_their_own_organisations_people_and_the_nca_sees_everyone(
    kent_officer, kent_chief_officer, essex_pcc_office, tasking_officer
):
    assert set(User.objects.restrict(kent_officer)) == {kent_officer, kent_chief_officer}
    assert {kent_officer, essex_pcc_office} <= set(User.objects.restrict(tasking_officer))


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_not_yours_answers_exactly_like_does_not_exist(routes, kent_officer):
    restricted = routes["ersou restricted"]
    with pytest.raises(Http404) as not_yours:
        get_visible_or_404(_request(kent_officer), ContactPoint.objects.all(), pk=restricted.pk)
    with pytest.raises(Http404) as missing:
        get_visible_or_404(_request(kent_officer), ContactPoint.objects.all(), pk=999_999)
    assert str(not_yours.value) == str(missing.value)


def test_reading_a_sensitive_record_is_logged_and_an_official_one_is_not(routes, tasking_officer):
    request = _request(tasking_officer)
    get_visible_or_404(request, ContactPoint.objects.all(), pk=routes["nca open"].pk)
    assert not AccessEvent.objects.filter(kind=AccessEventKind.READ).exists()
    get_visible_or_404(request, ContactPoint.objects.all(), pk=routes["nca sensitive"].pk)
    read = AccessEvent.objects.get(kind=AccessEventKind.READ)
    assert (read.user, read.object_type, read.object_id, read.marking) == (
        tasking_officer,
        "directory.contactpoint",
        str(routes["nca sensitive"].pk),
        Marking.OFFICIAL_SENSITIVE,
    )


def test_a_refused_read_is_not_logged_as_a_read(routes, kent_officer):
    with pytest.raises(Http404):
        get_visible_or_404(
            _request(kent_officer), ContactPoint.objects.all(), pk=routes["nca top secret"].pk
        )
    assert not AccessEvent.objects.filter(kind=AccessEventKind.READ).exists()


def test_everyone_sees_the_roccs_the_nca_posts_to_the_rocus(
    kent_officer, kent_pcc_office, eastern_rocc
):
    """The ROCC is the NCA's conduit to the ROCU and its forces (PCC §18)."""
    assert eastern_rocc in User.objects.restrict(kent_officer)
    assert eastern_rocc in User.objects.restrict(kent_pcc_office)
