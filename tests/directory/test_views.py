import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from directory.choices import ContactAudience, Marking, OrganisationKind
from directory.models import Organisation
from directory.two_factor import current_code
from tests.factories import PASSWORD, ContactPointFactory, organisation, totp_device

pytestmark = pytest.mark.django_db


def html(response, status=200) -> str:
    assert response.status_code == status
    return response.content.decode()


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get("/directory/")
    assert (response.status_code, response["Location"]) == (302, "/sign-in/?next=/directory/")


def test_a_failed_sign_in_shows_an_error_summary_and_keeps_the_visitor_out(client, kent_officer):
    page = html(client.post("/sign-in/", {"username": "kent-officer", "password": "wrong"}), 400)
    assert "There is a problem" in page
    assert "Enter a correct username and password" in page
    assert "<title>Error: Sign in" in page
    assert client.get("/").status_code == 302


def test_an_empty_sign_in_names_each_missing_field(client):
    page = html(client.post("/sign-in/", {"username": "", "password": ""}), 400)
    assert '<a href="#id_username">Enter your username</a>' in page
    assert '<a href="#id_password">Enter your password</a>' in page


def test_a_sign_in_goes_to_the_page_asked_for_once_the_second_factor_is_given(client, kent_officer):
    app = totp_device(kent_officer)
    response = client.post(
        "/sign-in/", {"username": "kent-officer", "password": PASSWORD, "next": "/directory/"}
    )
    assert response["Location"] == "/sign-in/second-factor/?next=%2Fdirectory%2F"
    response = client.post(response["Location"], {"code": current_code(app)})
    assert response["Location"] == "/directory/"


def test_every_page_shows_its_marking_in_words_at_top_and_bottom(client, kent_officer):
    client.force_login(kent_officer)
    page = html(client.get("/directory/"))
    assert page.count('data-marking="official"') == 2
    assert page.count("Protective marking: </span>OFFICIAL") == 2


def test_a_page_holding_sensitive_records_is_marked_with_the_highest(client, tasking_officer):
    nca = organisation("National Crime Agency")
    ContactPointFactory(organisation=nca, marking=Marking.OFFICIAL_SENSITIVE)
    ContactPointFactory(
        organisation=nca, marking=Marking.SECRET, audience=ContactAudience.OWN_ORGANISATION
    )
    client.force_login(tasking_officer)
    page = html(client.get(f"/directory/{nca.pk}/"))
    assert page.count('data-marking="secret"') == 2


def test_the_header_shows_the_users_organisation_and_clearance(client, kent_officer):
    client.force_login(kent_officer)
    page = html(client.get("/"))
    assert "Kent Police" in page
    assert "Clearance: CTC" in page
    assert "Sign out" in page


def test_the_kent_pcc_offices_home_counts_the_force_it_governs(client, kent_pcc_office):
    client.force_login(kent_pcc_office)
    page = html(client.get("/"))
    assert "<strong>1</strong> force governed by your office" in page
    assert f'href="{kent_pcc_office.organisation.get_absolute_url()}"' in page
    assert "Regions and their ROCUs</h1>" not in page


def test_the_regions_page_shows_each_region_with_its_rocu_and_rocc(
    client, tasking_officer, eastern_rocc
):
    client.force_login(tasking_officer)
    home = html(client.get("/"))
    assert home.count('href="/directory/regions/"') == 1
    assert "ERSOU" not in home
    page = html(client.get("/directory/regions/"))
    assert "Regions and their ROCUs</h1>" in page
    assert "ERSOU" in page
    assert escape(str(eastern_rocc)) in page


def test_a_roccs_home_counts_the_forces_of_the_rocu_they_are_posted_to(client, eastern_rocc):
    rocu = organisation("Eastern Region Special Operations Unit")
    client.force_login(eastern_rocc)
    page = html(client.get("/"))
    forces = rocu.member_forces.count()
    assert f"<strong>{forces}</strong> forces in your ROCU, {rocu.name}" in page
    assert f'href="{rocu.get_absolute_url()}"' in page


def test_a_pcc_office_sees_the_rocc_on_its_regions_rocu_page(
    client, essex_pcc_office, eastern_rocc
):
    """The ROCC, an NCA officer, is the NCA's conduit to the ROCU and its forces (PCC §18),
    so partners, who see no other NCA staff, see who it is."""
    rocu = organisation("Eastern Region Special Operations Unit")
    client.force_login(essex_pcc_office)
    page = html(client.get(f"/directory/{rocu.pk}/"))
    assert f"{escape(str(eastern_rocc))}, the NCA's conduit to this ROCU and its forces" in page


def test_a_partner_sees_how_to_reach_the_nca_within_their_clearance(client, kent_officer):
    nca = organisation("National Crime Agency")
    ContactPointFactory(organisation=nca, name="NCA Control Centre")
    ContactPointFactory(organisation=nca, name="Secret line", marking=Marking.SECRET)
    client.force_login(kent_officer)
    page = html(client.get(f"/directory/{nca.pk}/"))
    assert "NCA Control Centre" in page
    assert "Secret line" not in page


def test_the_directory_filters_by_kind_and_region(client, kent_officer):
    client.force_login(kent_officer)
    page = html(client.get("/directory/?kind=territorial_force&region=eastern"))
    assert "7 organisations" in page
    assert "Kent Police" in page
    assert "Surrey Police" not in page


def test_a_bad_directory_filter_is_a_form_error_naming_the_field(client, kent_officer):
    client.force_login(kent_officer)
    page = html(client.get("/directory/?kind=sheriffs_office"))
    assert "There is a problem" in page
    assert "Select a kind from the list" in page
    assert "valid choice" not in page
    assert 'href="#id_kind"' in page


def test_a_force_page_shows_its_governing_body_region_and_rocu(client, kent_officer):
    client.force_login(kent_officer)
    page = html(client.get(f"/directory/{organisation('Kent Police').pk}/"))
    assert "Police and Crime Commissioner for Kent" in page
    assert "Eastern" in page
    assert "Eastern Region Special Operations Unit" in page


def test_a_mayoral_force_page_shows_its_governance_history(client, kent_officer):
    client.force_login(kent_officer)
    page = html(client.get(f"/directory/{organisation('Greater Manchester Police').pk}/"))
    assert "Governance history" in page
    assert "Mayor of Greater Manchester" in page
    assert "Police and Crime Commissioner for Greater Manchester" in page


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _more_forces(count, first=0):
    eastern = organisation("Kent Police")
    for n in range(first, first + count):
        force = Organisation.objects.create(
            name=f"Extra Constabulary {n}",
            kind=OrganisationKind.TERRITORIAL_FORCE,
            region=eastern.region,
            rocu=eastern.rocu,
        )
        ContactPointFactory(organisation=force)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", 15),  # 19 while it held the regions table; one more for the commitments owned
        ("/directory/regions/", 5),
        ("/directory/", 5),
        ("/directory/?kind=territorial_force&region=eastern", 6),
        ("/api/organisations/", 5),
        ("/api/contact-points/", 4),
    ],
)
def test_list_pages_keep_a_constant_number_of_queries_whatever_the_rows(
    client, tasking_officer, path, expected
):
    client.force_login(tasking_officer)
    _more_forces(1)
    client.get(path)  # warm the content-type cache
    assert _queries(client, path) == expected
    _more_forces(30, first=1)
    assert _queries(client, path) == expected


def test_a_rocu_page_keeps_a_constant_number_of_queries_whatever_its_forces(
    client, tasking_officer
):
    client.force_login(tasking_officer)
    ersou = organisation("Eastern Region Special Operations Unit")
    path = f"/directory/{ersou.pk}/"
    client.get(path)
    before = _queries(client, path)
    _more_forces(10)
    # 11: the two dated prefetches (ROCU memberships, former names) are one query each.
    assert _queries(client, path) == before == 11


def test_an_organisation_page_shows_its_dated_names_rocus_and_validity(client, kent_officer):
    """Issue 12 §8: a renamed body says what it was named until when; Kent's page shows
    the ROCU it left and the one it is in; an abolished office shows its last day."""
    client.force_login(kent_officer)
    essex = organisation("Police, Fire and Crime Commissioner for Essex")
    page = html(client.get(essex.get_absolute_url()))
    assert "Named Police and Crime Commissioner for Essex until 30 September 2017." in page
    page = html(client.get(organisation("Kent Police").get_absolute_url()))
    assert "ROCU history" in page
    assert "South East Regional Organised Crime Unit</a>: 7 October 2013 to 31 March 2017" in page
    assert "Eastern Region Special Operations Unit</a>: 1 April 2017 to today" in page
    manchester = organisation("Police and Crime Commissioner for Greater Manchester")
    page = html(client.get(manchester.get_absolute_url()))
    assert "From 22 November 2012 to 7 May 2017" in page
    page = html(client.get(organisation("Police Service of Northern Ireland").get_absolute_url()))
    assert "ROCU history" not in page
