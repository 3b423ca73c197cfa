import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from activity.signals import strategic_product_endorsed
from directory.choices import Clearance, OrganisationKind, Role
from engagement import services
from engagement.models import EngagementEvent, EventInvitation
from engagement.rules import engagement_day_date, engagement_day_owed
from engagement.selectors import current_pcc_bodies, regional_engagement
from tests.conftest import VerifiedAPIClient, person
from tests.factories import organisation

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def endorse(version_id=41, product_kind="nsa", group_code="NSTCG", actor=None, on=TODAY):
    strategic_product_endorsed.send(
        sender=None,
        product_kind=product_kind,
        group_code=group_code,
        product_id=7,
        version_id=version_id,
        version="2026",
        endorsed_on=on,
        actor=actor,
    )


# --- the annual engagement day (PCC §17) ----------------------------------------------


def test_the_nstcgs_endorsement_of_the_nsa_schedules_the_engagement_day(secretariat):
    endorse(actor=secretariat)
    event = EngagementEvent.objects.get(kind="engagement_day")
    assert event.nsa_version_id == "41"
    assert event.starts_on == engagement_day_date(endorsed_on=TODAY, weeks_after=8)
    assert event.starts_on >= TODAY + datetime.timedelta(weeks=8)
    invited = EventInvitation.objects.filter(event=event)
    assert set(invited.filter(capacity="pcc_body").values_list("organisation", flat=True)) == set(
        current_pcc_bodies(TODAY).values_list("pk", flat=True)
    )
    assert invited.filter(capacity="rocu_head").count() == (
        organisation("Kent Police").__class__.objects.filter(kind=OrganisationKind.ROCU).count()
    )
    assert set(
        invited.filter(capacity="national_policing_lead").values_list("invitee_name", flat=True)
    ) == {
        "Chair of the National Police Chiefs' Council",
        "National Police Chiefs' Council lead for serious and organised crime",
    }


def test_one_engagement_day_per_endorsed_nsa_however_often_the_signal_comes(secretariat):
    endorse()
    endorse()
    event, created = services.engagement_day_schedule(version_id=41, endorsed_on=TODAY)
    assert created is False
    assert EngagementEvent.objects.filter(kind="engagement_day").count() == 1
    assert (
        EventInvitation.objects.filter(
            event=event, organisation=organisation("Police and Crime Commissioner for Kent")
        ).count()
        == 1
    )
    endorse(version_id=42)  # another version the same year: briefed at this year's day
    assert EngagementEvent.objects.filter(kind="engagement_day").count() == 1
    endorse(version_id=43, on=TODAY.replace(year=TODAY.year + 1))
    assert EngagementEvent.objects.filter(kind="engagement_day").count() == 2


def test_an_engagement_day_is_owed_once_a_year():
    """PCC §17, the rule itself, both ways."""
    assert engagement_day_owed(endorsed_on=TODAY, endorsements_with_a_day=[])
    assert engagement_day_owed(
        endorsed_on=TODAY, endorsements_with_a_day=[TODAY.replace(year=TODAY.year - 1)]
    )
    assert not engagement_day_owed(endorsed_on=TODAY, endorsements_with_a_day=[TODAY])


@pytest.mark.parametrize(("kind", "group"), [("nca", "NSTCG"), ("nsa", "RSTCG")])
def test_other_endorsements_schedule_nothing(kind, group):
    endorse(product_kind=kind, group_code=group)
    assert not EngagementEvent.objects.exists()


def test_the_kent_pcc_office_accepts_its_invitation_and_the_nca_records_who_came(
    client, kent_pcc_office, essex_pcc_office
):
    endorse()
    event = EngagementEvent.objects.get()
    client.force_login(kent_pcc_office)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Your invitation" in page
    invitation = EventInvitation.objects.get(event=event, organisation=kent_pcc_office.organisation)
    client.post(
        f"/engagement/events/{event.pk}/invitations/{invitation.pk}/", {"status": "accepted"}
    )
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    # Essex's office cannot answer for Kent.
    with pytest.raises(PermissionDenied):
        services.invitation_reply(actor=essex_pcc_office, invitation=invitation, status="declined")
    organiser = person("dir", "Intelligence and Operations Directorate", Role.DIRECTOR)
    with pytest.raises(ValidationError, match="on or after the day"):
        services.invitation_record_attendance(
            actor=organiser, invitation=invitation, status="attended"
        )
    EngagementEvent.objects.filter(pk=event.pk).update(starts_on=TODAY)
    services.invitation_record_attendance(actor=organiser, invitation=invitation, status="attended")
    invitation.refresh_from_db()
    assert invitation.status == "attended"


def test_an_organisation_sees_only_the_events_it_is_invited_to(
    kent_pcc_office, kent_officer, director
):
    endorse()
    api = VerifiedAPIClient()
    api.force_authenticate(kent_pcc_office)
    assert api.get("/api/engagement-events/").json()["count"] == 1
    api.force_authenticate(kent_officer)
    assert api.get("/api/engagement-events/").json()["count"] == 0


# --- regional meetings (PCC §18) ------------------------------------------------------


@pytest.fixture
def director(db):
    return person(
        "director", "Intelligence and Operations Directorate", Role.DIRECTOR, clearance=Clearance.DV
    )


@pytest.fixture
def secretariat(db):
    return person("secretariat", "National Crime Agency", Role.SECRETARIAT)


def record(actor, senior, held_on, region_of="Kent Police", attendees=None):
    return services.regional_meeting_record(
        actor=actor,
        region=organisation(region_of).region,
        held_on=held_on,
        senior_officer=senior,
        attendees=[
            organisation(name)
            for name in (attendees or ["Police and Crime Commissioner for Kent", "Kent Police"])
        ],
    )


def test_a_region_met_within_twelve_months_is_not_flagged_and_one_not_met_is(
    secretariat, director, eastern_rocc
):
    record(secretariat, director, TODAY - datetime.timedelta(days=30))
    regions = {region.code: region for region in regional_engagement(user=secretariat)}
    eastern = regions["eastern"]
    assert (eastern.last_met_on, eastern.last_senior_officer, eastern.overdue) == (
        TODAY - datetime.timedelta(days=30),
        director,
        False,
    )
    assert regions["south-east"].overdue
    assert "scotland" not in regions  # no PCCs there
    assert [rocc for rocu in eastern.rocus for rocc in rocu.roccs] == [eastern_rocc]


def test_a_meeting_over_a_year_ago_leaves_the_region_flagged(secretariat, director):
    record(secretariat, director, TODAY - datetime.timedelta(days=400))
    eastern = next(r for r in regional_engagement(user=secretariat) if r.code == "eastern")
    assert eastern.overdue


@pytest.mark.parametrize(
    ("senior", "attendees", "field"),
    [
        ("tasking_officer", None, "senior_officer"),
        ("director", ["Surrey Police", "Police and Crime Commissioner for Surrey"], "attendees"),
        ("director", ["Kent Police"], "attendees"),
    ],
)
def test_a_regional_meeting_that_breaks_a_rule_is_refused(
    request, secretariat, senior, attendees, field
):
    with pytest.raises(ValidationError) as refused:
        record(secretariat, request.getfixturevalue(senior), TODAY, attendees=attendees)
    assert field in refused.value.message_dict


def test_a_meeting_is_recorded_once_it_has_taken_place(secretariat, director):
    with pytest.raises(ValidationError, match="once it has taken place"):
        record(secretariat, director, TODAY + datetime.timedelta(days=1))


def test_a_force_officer_does_not_record_meetings_or_see_the_regions(
    client, kent_officer, director
):
    with pytest.raises(PermissionDenied):
        record(kent_officer, director, TODAY)
    client.force_login(kent_officer)
    assert client.get("/engagement/regions/").status_code == 403


def test_the_regions_page_shows_each_region_with_its_rocc_and_flags(
    client, secretariat, director, eastern_rocc
):
    record(secretariat, director, TODAY - datetime.timedelta(days=3))
    client.force_login(secretariat)
    page = client.get("/engagement/regions/").content.decode()
    assert escape(str(eastern_rocc)) in page
    assert escape(str(director)) in page
    # Ten regions of England and Wales; all but the Eastern region are flagged.
    assert page.count("No meeting in 12 months") == 9


def test_the_regions_page_keeps_a_constant_number_of_queries(client, secretariat, director):
    client.force_login(secretariat)
    record(secretariat, director, TODAY)
    client.get("/engagement/regions/")
    with CaptureQueriesContext(connection) as before:
        client.get("/engagement/regions/")
    for days in range(1, 6):
        record(secretariat, director, TODAY - datetime.timedelta(days=days))
        record(secretariat, director, TODAY - datetime.timedelta(days=days), "Surrey Police",
               ["Surrey Police", "Police and Crime Commissioner for Surrey"])  # fmt: skip
    with CaptureQueriesContext(connection) as after:
        client.get("/engagement/regions/")
    assert len(after) == len(before) == 6


def test_the_events_list_keeps_a_constant_number_of_queries(client, secretariat, director):
    client.force_login(secretariat)
    record(secretariat, director, TODAY)
    client.get("/engagement/events/")
    with CaptureQueriesContext(connection) as before:
        client.get("/engagement/events/")
    for year in range(5):
        endorse(version_id=year, on=TODAY.replace(year=TODAY.year + year))
    with CaptureQueriesContext(connection) as after:
        client.get("/engagement/events/")
    assert len(after) == len(before) == 4
