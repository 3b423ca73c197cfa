"""Acts on directions, reports and requests for information that cannot be undone are
checked or confirmed first: only the confirming POST acts."""

import pytest

from engagement import services
from engagement.models import Direction, InformationRequest, IntelligenceReport
from tests.engagement.conftest import issue
from tests.engagement.test_information_requests import ask
from tests.engagement.test_views import direction_form, html
from tests.factories import organisation

pytestmark = pytest.mark.django_db

CONFIRM = {"confirm": "yes"}


def test_the_dg_checks_the_answers_before_a_direction_is_issued(client, dg):
    client.force_login(dg)
    page = html(client.post("/engagement/directions/new/", direction_form()))
    assert "Check your answers before you issue the direction" in page
    assert "Provide a surveillance team for Operation Larch." in page
    assert "Kent could not release a team in time." in page
    assert "Kent Police" in page
    assert "Confirm and issue the direction" in page
    assert "Once issued, a direction cannot be edited or withdrawn" in page
    assert 'name="summary" value="Provide a surveillance team for Operation Larch."' in page
    assert not Direction.objects.exists()

    response = client.post("/engagement/directions/new/", {**direction_form(), **CONFIRM})
    direction = Direction.objects.get()
    assert response["Location"] == direction.get_absolute_url()
    landed = html(client.get(response["Location"]))
    assert "govuk-panel govuk-panel--confirmation" in landed
    assert f"{direction.reference} issued to the chief officer of Kent Police.</h2>" in landed
    assert f"Reference<br><strong>{direction.reference}</strong>" in landed


def test_change_on_the_check_page_shows_the_form_holding_the_answers(client, dg):
    client.force_login(dg)
    page = html(client.post("/engagement/directions/new/", direction_form()))
    assert 'name="change" value="summary" formaction="#id_summary"' in page
    page = html(
        client.post("/engagement/directions/new/", {**direction_form(), "change": "summary"})
    )
    assert "<title>Issue a direction" in page
    assert "Provide a surveillance team for Operation Larch." in page
    assert "Kent could not release a team in time." in page
    assert "There is a problem" not in page
    assert not Direction.objects.exists()


def test_the_carried_answers_are_checked_again_on_confirm(client, dg):
    client.force_login(dg)
    tampered = {**direction_form(recipient_organisation=organisation("Police Scotland").pk)}
    page = html(client.post("/engagement/directions/new/", {**tampered, **CONFIRM}), 400)
    assert "There is a problem" in page
    assert "Choose an organisation the Director General may direct today" in page
    assert not Direction.objects.exists()


def test_revoking_a_direction_revoked_meanwhile_is_refused_with_an_error_summary(client, dg):
    direction = issue(dg)
    client.force_login(dg)
    url = f"/engagement/directions/{direction.pk}/revoke/"
    page = html(client.post(url, {"reason": "Done."}))
    assert "Check your answers before you revoke the direction" in page
    assert "A revoked direction cannot be restored" in page
    assert not direction.amendments.exists()
    services.direction_revoke(actor=dg, direction=direction, reason="Revoked at the desk.")
    page = html(client.post(url, {"reason": "Done.", **CONFIRM}), 400)
    assert "There is a problem" in page
    assert direction.amendments.count() == 1


def test_a_variation_is_made_only_on_confirm(client, dg):
    direction = issue(dg)
    client.force_login(dg)
    url = f"/engagement/directions/{direction.pk}/vary/"
    form = {"summary": "Two weeks, not four.", "reason": "Shortened.", "marking": direction.marking}
    assert "Confirm and vary the direction" in html(client.post(url, form))
    assert not direction.amendments.exists()
    assert client.post(url, {**form, **CONFIRM}).status_code == 302
    assert direction.amendments.get().summary == "Two weeks, not four."


def test_a_report_is_circulated_to_the_chosen_offices_only_on_confirm(client, nca_analyst):
    client.force_login(nca_analyst)
    kent = organisation("Police and Crime Commissioner for Kent")
    essex = organisation("Police, Fire and Crime Commissioner for Essex")
    form = {
        "title": "County lines into the Medway towns",
        "summary": "Three groups from London supply crack cocaine along the A2.",
        "marking": "official",
        "handling_instruction": "For the PCC and the office's cleared staff.",
        "source_evaluation": "2",
        "intelligence_assessment": "B",
        "handling_code": "P",
        "audience": "chosen",
        "governing_bodies": [kent.pk, essex.pk],
    }
    page = html(client.post("/engagement/reports/new/", form))
    assert "Check your answers before you circulate the report" in page
    assert f'name="governing_bodies" value="{kent.pk}"' in page
    assert f'name="governing_bodies" value="{essex.pk}"' in page
    assert not IntelligenceReport.objects.exists()
    assert client.post("/engagement/reports/new/", {**form, **CONFIRM}).status_code == 302
    assert IntelligenceReport.objects.get().title == "County lines into the Medway towns"


def test_the_kent_pcc_office_withdraws_its_request_for_information_only_on_confirm(
    client, kent_pcc_office
):
    rfi = ask(kent_pcc_office)
    client.force_login(kent_pcc_office)
    url = f"/engagement/information-requests/{rfi.pk}/withdraw/"
    page = html(client.post(url, {"note": "Answered locally."}))
    assert "Check your answers before you withdraw the request" in page
    assert "Answered locally." in page
    assert InformationRequest.objects.get(pk=rfi.pk).status != "withdrawn"
    assert client.post(url, {"note": "Answered locally.", **CONFIRM}).status_code == 302
    assert InformationRequest.objects.get(pk=rfi.pk).status == "withdrawn"
    page = html(client.post(url, {"note": "Again.", **CONFIRM}), 400)
    assert "There is a problem" in page
