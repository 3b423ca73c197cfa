import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.choices import Marking
from engagement import reference, services
from engagement.models import Direction, DirectionEligibility, EngagementEvent, EngagementSettings
from tests.conftest import person
from tests.engagement.conftest import delivered_notice, issue
from tests.engagement.test_information_requests import ask
from tests.engagement.test_reports import publish
from tests.factories import date_boxes, organisation

pytestmark = pytest.mark.django_db


def html(response, status=200) -> str:
    assert response.status_code == status
    return response.content.decode()


def direction_form(**overrides):
    return {
        "kind": "directed_tasking",
        "recipient_organisation": organisation("Kent Police").pk,
        "summary": "Provide a surveillance team for Operation Larch.",
        "detail": "",
        "voluntary_ground": "not_in_time",
        "voluntary_arrangements_failure": "Kent could not release a team in time.",
        "related_request": "",
        "secretary_of_state_consent_reference": "",
        "conditions_basis": "",
        "marking": "official_sensitive",
        **overrides,
    }


def test_the_dg_issues_a_direction_through_the_form_after_a_missing_reason(client, dg):
    client.force_login(dg)
    page = html(client.get("/engagement/directions/new/"))
    assert "Who may be directed today" in page
    assert "the Chief Constable of British Transport Police" in page
    page = html(
        client.post(
            "/engagement/directions/new/",
            {**direction_form(voluntary_arrangements_failure=""), "confirm": "yes"},
        ),
        400,
    )
    assert "<title>Error: Issue a direction" in page
    assert 'href="#id_voluntary_arrangements_failure"' in page
    assert "could not be made in time." in page  # in words: the paragraphs are behind Why?
    assert "(OP §9, PCC §6)" not in page
    assert not Direction.objects.exists()
    response = client.post("/engagement/directions/new/", {**direction_form(), "confirm": "yes"})
    direction = Direction.objects.get()
    assert response["Location"] == direction.get_absolute_url()
    page = html(client.get(response["Location"]))
    assert "Directed tasking DIR-" in page
    assert "issued to the chief officer of Kent Police" in page
    assert "Police and Crime Commissioner for Kent" in page
    assert page.count('data-marking="official_sensitive"') == 2


def test_the_form_refuses_a_recipient_it_does_not_offer_naming_the_field(client, dg):
    client.force_login(dg)
    page = html(
        client.post(
            "/engagement/directions/new/",
            {
                **direction_form(recipient_organisation=organisation("Police Scotland").pk),
                "confirm": "yes",
            },
        ),
        400,
    )
    assert 'href="#id_recipient_organisation"' in page
    assert "Choose an organisation the Director General may direct today" in page


def test_a_direction_shows_a_missing_field_and_the_last_resort_rule_in_one_round(client, dg):
    client.force_login(dg)
    posted = direction_form(summary="", voluntary_arrangements_failure="")
    page = html(client.post("/engagement/directions/new/", posted), 400)
    assert 'href="#id_summary">Say what the recipient is directed to do' in page
    assert 'href="#id_voluntary_arrangements_failure">A direction is a last resort' in page
    assert "Check your answers" not in page
    # With both answered, the same rules let it through to the answers to check.
    page = html(client.post("/engagement/directions/new/", direction_form()))
    assert "Confirm and issue the direction" in page
    assert not Direction.objects.exists()


def test_a_refused_ground_without_its_request_is_asked_for_before_checking_answers(client, dg):
    client.force_login(dg)
    posted = direction_form(voluntary_ground="refused", marking="")
    page = html(client.post("/engagement/directions/new/", posted), 400)
    assert 'href="#id_marking">' in page
    assert 'href="#id_related_request">Give the reference of the voluntary request' in page


def test_nobody_but_the_dg_opens_the_direction_form(client, ddg, tasking_officer):
    for officer in (ddg, tasking_officer):
        client.force_login(officer)
        page = html(client.get("/engagement/directions/new/"), 403)
        assert "Only Director General may issue, vary or revoke a direction." in page


def test_the_dg_revokes_in_the_browser_and_the_original_shows_it(client, dg):
    direction = issue(dg)
    client.force_login(dg)
    assert "Revoke this direction" in html(client.get(direction.get_absolute_url()))
    html(
        client.post(
            f"/engagement/directions/{direction.pk}/revoke/", {"reason": "", "confirm": "y"}
        ),
        400,
    )
    response = client.post(
        f"/engagement/directions/{direction.pk}/revoke/", {"reason": "Done.", "confirm": "yes"}
    )
    assert response.status_code == 302
    page = html(client.get(direction.get_absolute_url()))
    assert "This direction has been revoked." in page
    assert "Revoke this direction" not in page


def test_the_kent_pcc_offices_portal_shows_its_own_force_only(
    client, dg, nca_analyst, kent_pcc_office, essex_pcc_office
):
    kent = delivered_notice(dg)
    essex = delivered_notice(dg, "Essex Police")
    publish(nca_analyst, title="Medway county lines")
    ask(essex_pcc_office, subject="Essex's question")
    ask(kent_pcc_office, subject="Kent's question")
    client.force_login(kent_pcc_office)
    page = html(client.get("/engagement/"))
    assert "Your PCC office portal" in page
    for shown in (kent.reference, "Medway county lines", "Kent&#x27;s question"):
        assert shown in page
    for hidden in (essex.reference, "Essex&#x27;s question"):
        assert hidden not in page
    home = html(client.get("/"))
    assert "<strong>1</strong> notice of directions awaiting your acknowledgement" in home
    assert "1 key intelligence report you have not opened" in home
    assert "<strong>1</strong> open request for information" in home


def test_the_chief_officers_home_shows_directions_to_the_force_and_the_pack(
    client, dg, kent_chief_officer
):
    direction = issue(dg)
    client.force_login(kent_chief_officer)
    page = html(client.get("/"))
    assert "<strong>1</strong> direction issued to your force" in page
    assert direction.reference in html(client.get("/engagement/directions/"))
    assert "Download the briefing pack for Police and Crime Commissioner for Kent (PDF)" in page


def test_an_analysts_home_lists_the_requests_awaiting_the_nca(client, nca_analyst, kent_pcc_office):
    rfi = ask(kent_pcc_office)
    client.force_login(nca_analyst)
    assert rfi.reference in html(client.get("/"))


@pytest.mark.parametrize(
    ("fixture", "shown"),
    [
        ("dg", True),
        ("nca_analyst", True),
        ("kent_pcc_office", True),
        ("kent_chief_officer", True),
        ("south_east_rocu_officer", True),
        ("kent_officer", False),
        ("hmrc_officer", False),
    ],
)
def test_engagement_is_in_the_navigation_of_those_it_serves(client, request, fixture, shown):
    client.force_login(request.getfixturevalue(fixture))
    assert ('href="/engagement/"' in html(client.get("/"))) is shown


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("fixture", "path", "expected"),
    [
        ("kent_pcc_office", "/engagement/", 7),
        ("dg", "/engagement/", 6),
        # The home page also holds other apps' panels: engagement's add a constant number.
        ("kent_pcc_office", "/", None),
        ("kent_chief_officer", "/", None),
        ("dg", "/", None),
    ],
)
def test_engagement_pages_keep_a_constant_number_of_queries(
    client, request, dg, nca_analyst, kent_pcc_office, fixture, path, expected
):
    client.force_login(request.getfixturevalue(fixture))
    delivered_notice(dg)
    client.get(path)
    before = _queries(client, path)
    if expected is not None:
        assert before == expected
    for _ in range(4):
        delivered_notice(dg)
        publish(nca_analyst)
        ask(kent_pcc_office)
    assert _queries(client, path) == before


def test_a_detail_page_is_marked_with_its_records_marking(client, dg, kent_pcc_office):
    notice = delivered_notice(dg, marking=Marking.OFFICIAL)
    client.force_login(kent_pcc_office)
    assert html(client.get(notice.get_absolute_url())).count('data-marking="official"') == 2


def test_an_organiser_confirms_the_engagement_days_date_and_venue(client, director_user):
    event, _ = services.engagement_day_schedule(version_id=7, endorsed_on=timezone.localdate())
    client.force_login(director_user)
    day = event.starts_on + datetime.timedelta(days=1)
    response = client.post(
        f"/engagement/events/{event.pk}/edit/",
        {**date_boxes("starts_on", day), "location": "Queen Elizabeth II Centre", "notes": ""},
    )
    assert response.status_code == 302
    event = EngagementEvent.objects.get(pk=event.pk)
    assert (event.starts_on, event.location) == (day, "Queen Elizabeth II Centre")


@pytest.fixture
def director_user(db):
    return person("director", "Intelligence and Operations Directorate", "director")


def test_a_recorder_records_a_regional_meeting_in_the_browser(
    client, secretariat_user, director_user
):
    client.force_login(secretariat_user)
    page = html(client.get("/engagement/regions/eastern/meetings/new/"))
    assert "Police and Crime Commissioner for Kent" in page
    response = client.post(
        "/engagement/regions/eastern/meetings/new/",
        {
            **date_boxes("held_on", timezone.localdate()),
            "senior_officer": director_user.pk,
            "attendees": [organisation("Police and Crime Commissioner for Kent").pk],
        },
    )
    assert response.status_code == 302
    assert EngagementEvent.objects.get(kind="regional_meeting").region.code == "eastern"


@pytest.fixture
def secretariat_user(db):
    return person("secretariat", "National Crime Agency", "secretariat")


# --- settings and reference data ---------------------------------------------------


def test_a_portal_administrator_changes_the_working_days_in_the_admin(client, portal_admin):
    client.force_login(portal_admin)
    path = "/admin/engagement/engagementsettings/1/change/"
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"acknowledgement_working_days": 3, "engagement_day_weeks_after_endorsement": 6}
    )
    assert response.status_code == 302
    assert EngagementSettings.current().acknowledgement_working_days == 3


def test_reference_data_loads_the_dated_rules_once(db):
    call_command("load_reference_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    again = reference.load()
    assert again["direction eligibility rules"].created == 0
    assert again["direction eligibility rules"].unchanged == 4
    sfo = DirectionEligibility.objects.get(code="serious-fraud-office-director")
    assert sfo.effective_from == datetime.date(2024, 5, 10)
    assert "SI 2024/629" in sfo.legal_basis
    btp = DirectionEligibility.objects.get(code="british-transport-police-chief-constable")
    assert (btp.requires_transport_secretary_consent, btp.pcc_notice_owed) == (True, True)


# --- detail pages keep a constant number of queries, whatever they hold ------------------


def test_a_directions_page_keeps_its_queries_whatever_its_variations(client, dg):
    direction = issue(dg)
    client.force_login(dg)
    client.get(direction.get_absolute_url())
    before = _queries(client, direction.get_absolute_url())
    for number in range(4):
        services.direction_vary(
            actor=dg, direction=direction, summary=f"Variation {number}", reason="Changed."
        )
    assert _queries(client, direction.get_absolute_url()) == before == 5


def test_a_reports_page_keeps_its_queries_whatever_its_readers(client, nca_analyst):
    report = publish(nca_analyst, audience="all", governing_bodies=[])
    client.force_login(nca_analyst)
    client.get(report.get_absolute_url())
    before = _queries(client, report.get_absolute_url())
    for number in range(5):
        reader = person(f"reader-{number}", "Police and Crime Commissioner for Kent", "pcc_office")
        services.report_opened(reader=reader, report=report)
    assert _queries(client, report.get_absolute_url()) == before


def test_an_events_page_keeps_its_queries_whatever_its_invitations(
    client, secretariat_user, director_user
):
    small = services.regional_meeting_record(
        actor=secretariat_user,
        region=organisation("Kent Police").region,
        held_on=timezone.localdate(),
        senior_officer=director_user,
        attendees=[organisation("Police and Crime Commissioner for Kent")],
    )
    large, _ = services.engagement_day_schedule(version_id=9, endorsed_on=timezone.localdate())
    assert large.invitations.count() > 40
    client.force_login(secretariat_user)
    client.get(small.get_absolute_url())
    assert _queries(client, small.get_absolute_url()) == _queries(client, large.get_absolute_url())


@pytest.mark.parametrize("kind", ["notice", "information_request"])
def test_notice_and_request_pages_keep_a_constant_number_of_queries(
    client, dg, kent_pcc_office, nca_analyst, kind
):
    if kind == "notice":
        record = delivered_notice(dg)
        reader = kent_pcc_office
    else:
        record = ask(kent_pcc_office)
        reader = nca_analyst
    client.force_login(reader)
    client.get(record.get_absolute_url())
    before = _queries(client, record.get_absolute_url())
    if kind == "notice":
        services.pcc_notice_acknowledge(actor=kent_pcc_office, notice=record)
    else:
        services.information_request_consider(
            actor=nca_analyst,
            request=record,
            due_on=timezone.localdate() + datetime.timedelta(days=3),
            note="Noted.",
        )
    assert _queries(client, record.get_absolute_url()) == before


def test_an_empty_request_for_information_answers_400_naming_and_linking_each_field(
    client, kent_pcc_office
):
    client.force_login(kent_pcc_office)
    page = html(client.post("/engagement/information-requests/new/", {}), 400)
    assert '<a href="#id_subject">Enter the subject: what your request is about</a>' in page
    assert '<a href="#id_question">Enter what you would like to know</a>' in page
    assert '<a href="#id_marking">' in page
    assert "This field is required." not in page
