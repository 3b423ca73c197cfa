"""A form offers only the choices its user may make, and the server still refuses the
others when they are posted anyway: no SECRET to someone vetted to BPSS, no recipient
of a direction whom no rule in force lets the Director General direct."""

import re
from datetime import timedelta

from django.utils import timezone

from engagement.models import InformationRequest
from engagement.services import information_request_consider
from tasking.models import TaskingRequest
from tests.engagement.test_information_requests import ask
from tests.factories import organisation


def offered_markings(page: str) -> set[str]:
    return set(re.findall(r'name="(?:response_)?marking"[^>]*value="([a-z_]+)"', page)) | set(
        re.findall(r'<option value="([a-z_]+)"[^>]*>(?:OFFICIAL|SECRET|TOP SECRET)', page)
    )


def test_a_bpss_pcc_office_is_offered_only_official_markings_for_its_question(
    client, kent_pcc_office
):
    client.force_login(kent_pcc_office)
    page = client.get("/engagement/information-requests/new/").content.decode()
    assert offered_markings(page) == {"official", "official_sensitive"}


def test_a_bpss_pcc_office_posting_secret_is_refused_in_words(client, kent_pcc_office):
    client.force_login(kent_pcc_office)
    response = client.post(
        "/engagement/information-requests/new/",
        {"subject": "Drugs in Dover", "question": "Which groups?", "marking": "secret"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Select a protective marking no higher than your clearance" in page
    assert not InformationRequest.objects.exists()


def test_an_sc_officer_is_offered_secret_on_a_request(client, south_east_rocu_officer):
    client.force_login(south_east_rocu_officer)
    page = client.get("/tasking/requests/new/").content.decode()
    assert offered_markings(page) == {"official", "official_sensitive", "secret"}


def test_a_bpss_analyst_is_not_offered_secret_on_a_request_and_posting_it_is_refused(
    client, nca_bpss_analyst
):
    client.force_login(nca_bpss_analyst)
    page = client.get("/tasking/requests/new/").content.decode()
    assert offered_markings(page) == {"official", "official_sensitive"}
    response = client.post(
        "/tasking/requests/new/",
        {"addressed_organisation": organisation("Kent Police").pk, "summary": "Help",
         "how_this_assists": "Arrests.", "urgency": "routine", "marking": "secret"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "no higher than your clearance" in response.content.decode()
    assert not TaskingRequest.objects.exists()


def test_an_answer_to_a_bpss_pcc_office_is_offered_only_markings_it_can_read(
    client, kent_pcc_office, tasking_officer
):
    rfi = ask(kent_pcc_office)
    client.force_login(tasking_officer)
    path = f"/engagement/information-requests/{rfi.pk}/respond/"
    page = client.get(path).content.decode()
    assert offered_markings(page) == {"official", "official_sensitive"}
    response = client.post(
        path, {"outcome": "answered", "response": "Two groups.", "response_marking": "secret"}
    )
    assert response.status_code == 400
    assert "Select a protective marking the person who asked can read" in (
        response.content.decode()
    )
    rfi.refresh_from_db()
    assert rfi.response == ""


def test_an_answer_in_a_marking_the_pcc_office_can_read_is_given(
    client, kent_pcc_office, tasking_officer
):
    rfi = ask(kent_pcc_office)
    information_request_consider(
        actor=tasking_officer, request=rfi, due_on=timezone.localdate() + timedelta(days=7)
    )
    client.force_login(tasking_officer)
    response = client.post(
        f"/engagement/information-requests/{rfi.pk}/respond/",
        {"outcome": "answered", "response": "Two groups.",
         "response_marking": "official_sensitive"},
    )  # fmt: skip
    assert response.status_code == 302
    rfi.refresh_from_db()
    assert rfi.response_marking == "official_sensitive"


def test_the_direction_form_offers_only_those_who_may_be_directed(client, dg):
    client.force_login(dg)
    page = client.get("/engagement/directions/new/").content.decode()
    for directable in ("Kent Police", "British Transport Police", "Border Force"):
        assert f'value="{organisation(directable).pk}"' in page, directable
    for never in ("Police Scotland", "Civil Nuclear Constabulary", "HM Revenue and Customs"):
        assert f'value="{organisation(never).pk}"' not in page, never
    # Posted anyway, it is refused: tests/engagement/test_views.py (the form) and
    # tests/engagement/test_directions.py (the API, through the service's rule).


def test_a_list_filter_offers_any_status_and_a_yes_no_filter_offers_any_yes_no(
    client, south_east_rocu_officer
):
    client.force_login(south_east_rocu_officer)
    page = client.get("/tasking/requests/").content.decode()
    assert '<option value="" selected>Any status</option>' in page
    overdue = page[page.index('name="overdue"') :]
    overdue = overdue[: overdue.index("</select>")]
    assert re.findall(r">([^<]+)</option>", overdue) == ["Any", "Yes", "No"]
