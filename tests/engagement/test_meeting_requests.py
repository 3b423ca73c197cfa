"""Meetings as requested (PCC §18): a PCC office asks the NCA to attend a meeting; the
NCA's engagement staff accept it, or decline it with a reason; whether the NCA attended
is recorded; both sides are told. Each rule is refused the same on the page and over
the API, and the regional meetings count (PCC §18 "at least once a year") is untouched."""

import datetime
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.choices import Clearance, Role
from engagement import services
from engagement.models import MeetingRequest
from engagement.rules import (
    check_meeting_attendance,
    check_meeting_request_answer,
    check_meeting_request_date,
)
from engagement.selectors import regional_engagement
from notifications.models import Notification
from tests.conftest import VerifiedAPIClient, person
from tests.factories import date_boxes

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NEXT_MONTH = TODAY + datetime.timedelta(days=30)
URL = "/api/meeting-requests/"


def api(user):
    client = VerifiedAPIClient()
    client.force_authenticate(user)
    return client


def errors(response, status=400):
    assert response.status_code == status, response.content
    return response.json()["errors"]


@pytest.fixture
def secretariat(db):
    return person("secretariat", "National Crime Agency", Role.SECRETARIAT)


@pytest.fixture
def director(db):
    return person(
        "director", "Intelligence and Operations Directorate", Role.DIRECTOR, clearance=Clearance.DV
    )


@pytest.fixture
def asked(kent_pcc_office):
    return services.meeting_request_submit(
        actor=kent_pcc_office,
        meets_on=NEXT_MONTH,
        purpose="The police and crime panel on county lines.",
        place="Maidstone",
    )


def held_today(meeting_request):
    MeetingRequest.objects.filter(pk=meeting_request.pk).update(meets_on=TODAY)


# --- asking (PCC §18) ----------------------------------------------------------------


def test_the_kent_pcc_office_asks_the_nca_to_attend_and_the_engagement_staff_are_told(
    kent_pcc_office, secretariat, director, tasking_officer
):
    response = api(kent_pcc_office).post(
        URL,
        {"meets_on": NEXT_MONTH.isoformat(), "purpose": "Panel.", "place": "Maidstone"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["governing_body"]) == (
        "requested", kent_pcc_office.organisation_id,
    )  # fmt: skip
    told = set(
        Notification.objects.filter(kind="meeting_requested").values_list("recipient", flat=True)
    )
    assert set(told) == {secretariat.pk, director.pk}  # not the tasking officer


@pytest.mark.parametrize("who", ["kent_officer", "secretariat"])
def test_only_a_pcc_office_asks_the_nca_to_attend_a_meeting(request, who):
    response = api(request.getfixturevalue(who)).post(
        URL,
        {"meets_on": NEXT_MONTH.isoformat(), "purpose": "Panel.", "place": "Maidstone"},
        format="json",
    )
    assert response.status_code == 403
    assert not MeetingRequest.objects.exists()


def test_a_meeting_in_the_past_is_refused_the_same_on_the_page_and_over_the_api(
    client, kent_pcc_office
):
    yesterday = TODAY - datetime.timedelta(days=1)
    response = api(kent_pcc_office).post(
        URL, {"meets_on": yesterday.isoformat(), "purpose": "P.", "place": "M."}, format="json"
    )
    message = errors(response)["meets_on"][0]
    client.force_login(kent_pcc_office)
    page = client.post(
        "/engagement/meeting-requests/new/",
        {**date_boxes("meets_on", yesterday), "purpose": "P.", "place": "M."},
    )
    assert page.status_code == 400
    assert escape(message) in page.content.decode()
    assert not MeetingRequest.objects.exists()


def test_a_request_without_its_place_is_refused_naming_it(kent_pcc_office):
    response = api(kent_pcc_office).post(
        URL, {"meets_on": NEXT_MONTH.isoformat(), "purpose": "P.", "place": " "}, format="json"
    )
    assert "place" in errors(response)


def test_the_pcc_office_asks_on_the_page_and_sees_its_request(client, kent_pcc_office):
    client.force_login(kent_pcc_office)
    response = client.post(
        "/engagement/meeting-requests/new/",
        {**date_boxes("meets_on", NEXT_MONTH), "purpose": "Panel.", "place": "Maidstone"},
    )
    asked = MeetingRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == asked.get_absolute_url()
    page = client.get(asked.get_absolute_url()).content.decode()
    assert "Waiting for the NCA" in page
    assert "Maidstone" in page
    assert "Answer the request" not in page


# --- who sees what ---------------------------------------------------------------------


def test_the_essex_pcc_office_is_told_kents_request_does_not_exist(asked, essex_pcc_office, client):
    assert api(essex_pcc_office).get(f"{URL}{asked.pk}/").status_code == 404
    assert api(essex_pcc_office).get(URL).json()["count"] == 0
    client.force_login(essex_pcc_office)
    assert client.get(asked.get_absolute_url()).status_code == 404


def test_kents_chief_officer_sees_the_request_of_the_body_governing_kent(asked, kent_chief_officer):
    assert api(kent_chief_officer).get(f"{URL}{asked.pk}/").status_code == 200


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/engagement/meeting-requests/").status_code == 200
    return len(captured)


def test_the_list_page_keeps_a_constant_number_of_queries(client, kent_pcc_office, secretariat):
    client.force_login(secretariat)
    ask = {"actor": kent_pcc_office, "meets_on": NEXT_MONTH, "purpose": "P.", "place": "M."}
    services.meeting_request_submit(**ask)
    _queries(client)  # the session and the caches warmed
    one = _queries(client)
    for _ in range(5):
        services.meeting_request_submit(**ask)
    assert _queries(client) == one


# --- answering (PCC §18) ---------------------------------------------------------------


def test_the_secretariat_accepts_and_the_pcc_office_is_told(asked, secretariat, kent_pcc_office):
    response = api(secretariat).post(
        f"{URL}{asked.pk}/answer/", {"answer": "accept"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    told = Notification.objects.get(kind="meeting_request_answered")
    assert told.recipient == kent_pcc_office
    assert "will attend" in told.text


def test_a_decline_gives_its_reason_which_the_pcc_office_reads(
    asked, director, kent_pcc_office, client
):
    response = api(director).post(
        f"{URL}{asked.pk}/answer/",
        {"answer": "decline", "reason": "The Director is abroad that week."},
        format="json",
    )
    assert response.status_code == 200, response.content
    client.force_login(kent_pcc_office)
    page = client.get(asked.get_absolute_url()).content.decode()
    assert "The Director is abroad that week." in page
    assert "cannot attend" in Notification.objects.get(kind="meeting_request_answered").text


def test_a_decline_without_a_reason_is_refused_the_same_on_the_page_and_over_the_api(
    asked, secretariat, client
):
    response = api(secretariat).post(
        f"{URL}{asked.pk}/answer/", {"answer": "decline", "reason": ""}, format="json"
    )
    message = errors(response)["reason"][0]
    assert "PCC" in message
    client.force_login(secretariat)
    page = client.post(f"/engagement/meeting-requests/{asked.pk}/answer/", {"answer": "decline"})
    assert page.status_code == 400
    # The page gives the paragraph behind its "Why?" rather than in the sentence.
    assert escape(message.split(" (PCC")[0]) in page.content.decode()
    asked.refresh_from_db()
    assert asked.status == "requested"
    assert not Notification.objects.filter(kind="meeting_request_answered").exists()


def test_a_request_is_answered_once(asked, secretariat):
    services.meeting_request_answer(actor=secretariat, request=asked, answer="accept")
    response = api(secretariat).post(
        f"{URL}{asked.pk}/answer/", {"answer": "decline", "reason": "Changed."}, format="json"
    )
    assert "already been answered" in errors(response)["answer"][0]


def test_a_meeting_that_has_taken_place_is_not_answered(asked, secretariat):
    MeetingRequest.objects.filter(pk=asked.pk).update(meets_on=TODAY - datetime.timedelta(days=1))
    response = api(secretariat).post(
        f"{URL}{asked.pk}/answer/", {"answer": "accept"}, format="json"
    )
    assert "answer" in errors(response)


@pytest.mark.parametrize("who", ["tasking_officer", "kent_pcc_office"])
def test_only_the_engagement_staff_answer(request, asked, who):
    response = api(request.getfixturevalue(who)).post(
        f"{URL}{asked.pk}/answer/", {"answer": "accept"}, format="json"
    )
    assert response.status_code == 403
    asked.refresh_from_db()
    assert asked.status == "requested"


def test_the_engagement_staff_answer_on_the_page(asked, secretariat, client):
    client.force_login(secretariat)
    assert "Answer the request" in client.get(asked.get_absolute_url()).content.decode()
    response = client.post(f"/engagement/meeting-requests/{asked.pk}/answer/", {"answer": "accept"})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == "accepted"


# --- attendance (PCC §18) --------------------------------------------------------------


@pytest.fixture
def accepted(asked, secretariat):
    return services.meeting_request_answer(actor=secretariat, request=asked, answer="accept")


def test_the_nca_records_who_attended_and_the_regional_count_stays_as_it_was(
    accepted, secretariat, director, kent_pcc_office
):
    held_today(accepted)
    response = api(secretariat).post(
        f"{URL}{accepted.pk}/attendance/",
        {"attended": True, "attended_by": director.pk},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["attended_by"]) == ("attended", director.pk)
    assert (
        "attended"
        in Notification.objects.filter(kind="meeting_request_answered", recipient=kent_pcc_office)
        .latest("pk")
        .text
    )
    eastern = next(r for r in regional_engagement(user=secretariat) if r.code == "eastern")
    assert (eastern.last_met_on, eastern.overdue) == (None, True)


def test_the_rocc_records_that_the_nca_did_not_attend_with_the_reason(accepted, eastern_rocc):
    held_today(accepted)
    response = api(eastern_rocc).post(
        f"{URL}{accepted.pk}/attendance/",
        {"attended": False, "note": "Called to an incident."},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "not_attended"


def test_attendance_before_the_day_is_refused_the_same_on_the_page_and_over_the_api(
    accepted, secretariat, director, client
):
    response = api(secretariat).post(
        f"{URL}{accepted.pk}/attendance/",
        {"attended": True, "attended_by": director.pk},
        format="json",
    )
    message = errors(response)["attended"][0]
    client.force_login(secretariat)
    page = client.post(
        f"/engagement/meeting-requests/{accepted.pk}/attendance/",
        {"attended": "yes", "attended_by": director.pk},
    )
    assert page.status_code == 400
    assert escape(message) in page.content.decode()
    accepted.refresh_from_db()
    assert accepted.status == "accepted"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"attended": True}, "attended_by"),
        ({"attended": True, "attended_by": "kent_officer"}, "attended_by"),
        ({"attended": False, "note": ""}, "note"),
    ],
)
def test_attendance_names_who_went_or_why_nobody_did(request, accepted, secretariat, body, field):
    held_today(accepted)
    if body.get("attended_by"):
        body = {**body, "attended_by": request.getfixturevalue(body["attended_by"]).pk}
    response = api(secretariat).post(f"{URL}{accepted.pk}/attendance/", body, format="json")
    assert field in errors(response)
    accepted.refresh_from_db()
    assert accepted.status == "accepted"


def test_a_declined_request_has_no_attendance(asked, secretariat, director):
    services.meeting_request_answer(
        actor=secretariat, request=asked, answer="decline", reason="Abroad."
    )
    held_today(asked)
    response = api(secretariat).post(
        f"{URL}{asked.pk}/attendance/",
        {"attended": True, "attended_by": director.pk},
        format="json",
    )
    assert "attended" in errors(response)


def test_a_tasking_officer_does_not_record_attendance(accepted, tasking_officer, director):
    held_today(accepted)
    response = api(tasking_officer).post(
        f"{URL}{accepted.pk}/attendance/",
        {"attended": True, "attended_by": director.pk},
        format="json",
    )
    assert response.status_code == 403


def test_the_engagement_staff_record_attendance_on_the_page(
    accepted, secretariat, director, client
):
    held_today(accepted)
    client.force_login(secretariat)
    assert "Record attendance" in client.get(accepted.get_absolute_url()).content.decode()
    response = client.post(
        f"/engagement/meeting-requests/{accepted.pk}/attendance/",
        {"attended": "yes", "attended_by": director.pk},
    )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert (accepted.status, accepted.attended_by) == ("attended", director)


# --- the rules themselves, each both ways ----------------------------------------------


def test_a_meeting_request_is_for_a_day_to_come():
    check_meeting_request_date(meets_on=TODAY, today=TODAY)
    with pytest.raises(ValidationError) as refused:
        check_meeting_request_date(meets_on=TODAY - datetime.timedelta(days=1), today=TODAY)
    assert "meets_on" in refused.value.message_dict


def test_an_answer_accepts_or_declines_with_a_reason():
    ask = {"status": "requested", "meets_on": NEXT_MONTH, "today": TODAY}
    check_meeting_request_answer(answer="accept", reason="", **ask)
    check_meeting_request_answer(answer="decline", reason="Abroad.", **ask)
    with pytest.raises(ValidationError) as refused:
        check_meeting_request_answer(answer="decline", reason=" ", **ask)
    assert "reason" in refused.value.message_dict


def test_attendance_is_recorded_for_an_accepted_meeting_once_it_is_held(director, kent_officer):
    held = {"status": "accepted", "meets_on": TODAY, "today": TODAY}
    check_meeting_attendance(attended=True, attended_by=director, note="", **held)
    check_meeting_attendance(attended=False, attended_by=None, note="An incident.", **held)
    with pytest.raises(ValidationError, match="NCA officer"):
        check_meeting_attendance(attended=True, attended_by=kent_officer, note="", **held)
    with pytest.raises(ValidationError, match="on or after the day"):
        check_meeting_attendance(
            attended=True, attended_by=director, note="", **{**held, "meets_on": NEXT_MONTH}
        )


def test_the_api_list_keeps_a_constant_number_of_queries(kent_pcc_office, secretariat):
    client = api(secretariat)
    ask = {"actor": kent_pcc_office, "meets_on": NEXT_MONTH, "purpose": "P.", "place": "M."}
    services.meeting_request_submit(**ask)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    queries()
    one = queries()
    for _ in range(5):
        services.meeting_request_submit(**ask)
    assert queries() == one
