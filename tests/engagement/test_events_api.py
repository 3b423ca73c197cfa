"""Regional meetings and invitations over the API (issue 12 §10), through the same
services as the pages: each rule refused the same whichever way it is reached."""

import datetime

import pytest
from django.utils import timezone

from directory.choices import Clearance, Role
from engagement.models import EngagementEvent, EventInvitation
from tests.conftest import VerifiedAPIClient, person
from tests.engagement.test_events import endorse
from tests.factories import date_boxes, organisation

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
URL = "/api/engagement-events/regional-meetings/"


def api(user):
    client = VerifiedAPIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def director(db):
    return person(
        "director", "Intelligence and Operations Directorate", Role.DIRECTOR, clearance=Clearance.DV
    )


@pytest.fixture
def secretariat(db):
    return person("secretariat", "National Crime Agency", Role.SECRETARIAT)


def meeting(senior, *, held_on=TODAY, attendees=("Police and Crime Commissioner for Kent",)):
    return {
        "region": "eastern",
        "held_on": held_on.isoformat(),
        "senior_officer": senior.pk,
        "attendees": [organisation(name).pk for name in attendees],
        "location": "Maidstone",
    }


def test_the_secretariat_records_a_regional_meeting_over_the_api(secretariat, director):
    response = api(secretariat).post(URL, meeting(director), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["region"], body["senior_officer"]) == (
        "regional_meeting", "eastern", director.pk,
    )  # fmt: skip
    assert [i["status"] for i in body["invitations"]] == ["attended"]


def test_a_force_officer_may_not_record_a_regional_meeting(kent_officer, director):
    response = api(kent_officer).post(URL, meeting(director), format="json")
    assert response.status_code == 403
    assert not EngagementEvent.objects.exists()


def test_a_tasking_officer_does_not_count_as_the_senior_officer_on_the_page_or_the_api(
    client, secretariat, tasking_officer
):
    response = api(secretariat).post(URL, meeting(tasking_officer), format="json")
    assert response.status_code == 400
    message = response.json()["errors"]["senior_officer"][0]
    assert "Director General" in message
    # The page offers only the senior officers, so the same person is refused at the form.
    client.force_login(secretariat)
    page = client.post(
        "/engagement/regions/eastern/meetings/new/",
        {
            **date_boxes("held_on", TODAY),
            "senior_officer": tasking_officer.pk,
            "attendees": [organisation("Police and Crime Commissioner for Kent").pk],
        },
    )
    assert page.status_code == 400
    assert not EngagementEvent.objects.exists()


def test_a_meeting_without_the_regions_pccs_is_refused_naming_the_attendees(secretariat, director):
    response = api(secretariat).post(
        URL, meeting(director, attendees=["Kent Police"]), format="json"
    )
    assert response.status_code == 400
    assert "PCC" in response.json()["errors"]["attendees"][0]


def test_a_meeting_yet_to_happen_is_refused_naming_its_date(secretariat, director):
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = api(secretariat).post(URL, meeting(director, held_on=tomorrow), format="json")
    assert response.status_code == 400
    assert "held_on" in response.json()["errors"]


# --- invitations -------------------------------------------------------------------------


@pytest.fixture
def engagement_day():
    endorse()
    return EngagementEvent.objects.get()


def invitation_url(event, organisation_name):
    invitation = EventInvitation.objects.get(event=event, organisation__name=organisation_name)
    return f"/api/engagement-events/{event.pk}/invitations/{invitation.pk}/", invitation


def test_the_kent_pcc_office_accepts_its_invitation_over_the_api(kent_pcc_office, engagement_day):
    url, invitation = invitation_url(engagement_day, "Police and Crime Commissioner for Kent")
    response = api(kent_pcc_office).post(url, {"status": "accepted"}, format="json")
    assert response.status_code == 200, response.content
    invitation.refresh_from_db()
    assert invitation.status == "accepted"


def test_the_essex_pcc_office_may_not_answer_for_kent(essex_pcc_office, engagement_day):
    url, invitation = invitation_url(engagement_day, "Police and Crime Commissioner for Kent")
    response = api(essex_pcc_office).post(url, {"status": "declined"}, format="json")
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == "invited"


def test_an_organisation_not_invited_is_told_the_event_does_not_exist(kent_officer, engagement_day):
    url, _ = invitation_url(engagement_day, "Police and Crime Commissioner for Kent")
    assert api(kent_officer).post(url, {"status": "accepted"}, format="json").status_code == 404


def test_attendance_before_the_day_is_refused_the_same_on_the_page_and_the_api(
    client, director, engagement_day
):
    url, invitation = invitation_url(engagement_day, "Police and Crime Commissioner for Kent")
    response = api(director).post(url, {"status": "attended"}, format="json")
    assert response.status_code == 400
    message = response.json()["errors"]["status"][0]
    client.force_login(director)
    page = client.post(
        f"/engagement/events/{engagement_day.pk}/invitations/{invitation.pk}/",
        {"status": "attended"},
    )
    assert page.status_code == 400
    assert message in page.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "invited"


def test_the_nca_records_who_attended_on_the_day_over_the_api(director, engagement_day):
    EngagementEvent.objects.filter(pk=engagement_day.pk).update(starts_on=TODAY)
    url, invitation = invitation_url(engagement_day, "Police and Crime Commissioner for Kent")
    response = api(director).post(url, {"status": "attended"}, format="json")
    assert response.status_code == 200, response.content
    invitation.refresh_from_db()
    assert invitation.status == "attended"
