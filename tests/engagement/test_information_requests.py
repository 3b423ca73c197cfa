import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.choices import Marking
from engagement import services
from engagement.models import InformationRequest
from notifications.choices import Kind
from notifications.models import Notification
from tests.conftest import VerifiedAPIClient
from tests.factories import date_boxes

pytestmark = pytest.mark.django_db
NEXT_WEEK = timezone.localdate() + datetime.timedelta(days=7)


@pytest.fixture
def api():
    return VerifiedAPIClient()


def ask(office, **overrides):
    values = {
        "subject": "Firearms supply in Medway",
        "question": "Is the NCA aware of converted weapons reaching Medway from abroad?",
        "threat_area": "organised_crime",
        **overrides,
    }
    return services.information_request_submit(actor=office, **values)


def test_a_pcc_office_asks_and_the_nca_considers_then_answers(
    kent_pcc_office, nca_analyst, tasking_officer
):
    rfi = ask(kent_pcc_office)
    assert (rfi.status, rfi.governing_body, rfi.asked_by) == (
        "submitted",
        kent_pcc_office.organisation,
        kent_pcc_office,
    )
    rfi = services.information_request_consider(
        actor=nca_analyst, request=rfi, due_on=NEXT_WEEK, note="With the firearms desk."
    )
    assert (rfi.status, rfi.due_on) == ("under_consideration", NEXT_WEEK)
    rfi = services.information_request_respond(
        actor=tasking_officer,
        request=rfi,
        outcome="answered",
        response="Yes: two importations this year.",
        response_marking=Marking.OFFICIAL_SENSITIVE,
    )
    assert (rfi.status, rfi.marking, rfi.closed_at is not None) == (
        "answered",
        Marking.OFFICIAL_SENSITIVE,
        True,
    )
    assert [step.status for step in rfi.timeline.all()] == [
        "submitted",
        "under_consideration",
        "answered",
    ]


@pytest.mark.parametrize("outcome", ["answered_in_part", "declined"])
def test_answering_in_part_or_declining_gives_the_reason(kent_pcc_office, nca_analyst, outcome):
    rfi = services.information_request_consider(
        actor=nca_analyst, request=ask(kent_pcc_office), due_on=NEXT_WEEK
    )
    with pytest.raises(ValidationError) as refused:
        services.information_request_respond(
            actor=nca_analyst, request=rfi, outcome=outcome, response="Part of it."
        )
    assert "Say why" in refused.value.message_dict["reason"][0]
    rfi = services.information_request_respond(
        actor=nca_analyst,
        request=rfi,
        outcome=outcome,
        response="Part of it." if outcome != "declined" else "",
        reason="Live operations elsewhere.",
    )
    assert rfi.status == outcome
    assert rfi.timeline.last().note == "Live operations elsewhere."


def test_the_date_the_nca_will_answer_by_is_set_and_not_past(kent_pcc_office, nca_analyst):
    rfi = ask(kent_pcc_office)
    for due_on in (None, timezone.localdate() - datetime.timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            services.information_request_consider(actor=nca_analyst, request=rfi, due_on=due_on)
        assert "due_on" in refused.value.message_dict


def test_an_answer_is_never_marked_above_what_the_asker_can_read(kent_pcc_office, nca_analyst):
    rfi = services.information_request_consider(
        actor=nca_analyst, request=ask(kent_pcc_office), due_on=NEXT_WEEK
    )
    with pytest.raises(ValidationError) as refused:
        services.information_request_respond(
            actor=nca_analyst,
            request=rfi,
            outcome="answered",
            response="The details.",
            response_marking=Marking.SECRET,
        )
    assert "cleared BPSS" in refused.value.message_dict["response_marking"][0]


def test_a_request_cannot_be_answered_before_it_is_considered_or_twice(
    kent_pcc_office, nca_analyst
):
    rfi = ask(kent_pcc_office)
    with pytest.raises(ValidationError, match="submitted"):
        services.information_request_respond(
            actor=nca_analyst, request=rfi, outcome="answered", response="Yes."
        )
    services.information_request_respond(
        actor=nca_analyst, request=rfi, outcome="declined", reason="Not an NCA matter."
    )
    with pytest.raises(ValidationError, match="declined"):
        services.information_request_withdraw(actor=kent_pcc_office, request=rfi)


def test_the_pcc_office_withdraws_its_own_request_only(kent_pcc_office, essex_pcc_office):
    rfi = ask(kent_pcc_office)
    with pytest.raises(PermissionDenied):
        services.information_request_withdraw(actor=essex_pcc_office, request=rfi)
    rfi = services.information_request_withdraw(
        actor=kent_pcc_office, request=rfi, note="Answered locally."
    )
    assert rfi.status == "withdrawn"


def test_only_pcc_offices_ask_and_only_nca_analysts_and_tasking_officers_answer(
    kent_chief_officer, kent_pcc_office, dg, nca_bpss_analyst
):
    with pytest.raises(PermissionDenied):
        ask(kent_chief_officer)
    rfi = ask(kent_pcc_office)
    with pytest.raises(PermissionDenied):
        services.information_request_consider(actor=dg, request=rfi, due_on=NEXT_WEEK)
    with pytest.raises(PermissionDenied):
        services.information_request_consider(actor=kent_pcc_office, request=rfi, due_on=NEXT_WEEK)


def test_both_sides_see_the_history_and_other_offices_do_not(
    api, kent_pcc_office, essex_pcc_office, nca_analyst, kent_chief_officer
):
    rfi = ask(kent_pcc_office)
    services.information_request_consider(
        actor=nca_analyst, request=rfi, due_on=NEXT_WEEK, note="With the firearms desk."
    )
    for reader in (kent_pcc_office, nca_analyst, kent_chief_officer):
        api.force_authenticate(reader)
        body = api.get(f"/api/information-requests/{rfi.pk}/").json()
        assert [step["status"] for step in body["timeline"]] == [
            "submitted",
            "under_consideration",
        ]
        assert body["timeline"][1]["note"] == "With the firearms desk."
        assert body["due_on"] == NEXT_WEEK.isoformat()
    api.force_authenticate(essex_pcc_office)
    assert api.get("/api/information-requests/").json()["count"] == 0
    assert api.get(f"/api/information-requests/{rfi.pk}/").status_code == 404


def test_a_pcc_office_is_not_told_which_nca_officer_took_a_step(
    api, client, kent_pcc_office, nca_analyst
):
    """The directory hides NCA staff from a PCC office; so does the request's timeline:
    the office reads the NCA's organisation where the NCA reads the officer's name."""
    nca_analyst.first_name, nca_analyst.last_name = "Priya", "Okafor"
    nca_analyst.save()
    rfi = ask(kent_pcc_office)
    services.information_request_consider(actor=nca_analyst, request=rfi, due_on=NEXT_WEEK)
    hub = nca_analyst.organisation.name

    api.force_authenticate(kent_pcc_office)
    steps = api.get(f"/api/information-requests/{rfi.pk}/").json()["timeline"]
    assert [step["actor"] for step in steps] == [str(kent_pcc_office), hub]
    client.force_login(kent_pcc_office)
    page = client.get(f"/engagement/information-requests/{rfi.pk}/").content.decode()
    assert "Priya Okafor" not in page
    assert f"by {hub}" in page

    api.force_authenticate(nca_analyst)
    steps = api.get(f"/api/information-requests/{rfi.pk}/").json()["timeline"]
    assert [step["actor"] for step in steps] == [str(kent_pcc_office), "Priya Okafor"]
    client.force_login(nca_analyst)
    page = client.get(f"/engagement/information-requests/{rfi.pk}/").content.decode()
    assert "by Priya Okafor" in page


def test_the_api_journey_of_a_request(api, kent_pcc_office, nca_analyst, dg):
    api.force_authenticate(kent_pcc_office)
    refused = api.post("/api/information-requests/", {"subject": "Drugs"}, format="json")
    assert refused.status_code == 400
    assert "question" in refused.json()["errors"]
    created = api.post(
        "/api/information-requests/",
        {"subject": "Drugs in Dover", "question": "Which groups use the port?"},
        format="json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    api.force_authenticate(dg)
    assert (
        api.post(f"/api/information-requests/{pk}/consider/", {}, format="json").status_code == 403
    )
    api.force_authenticate(nca_analyst)
    assert (
        api.post(f"/api/information-requests/{pk}/consider/", {}, format="json").status_code == 400
    )
    considered = api.post(
        f"/api/information-requests/{pk}/consider/",
        {"due_on": NEXT_WEEK.isoformat()},
        format="json",
    )
    assert considered.json()["status"] == "under_consideration"
    answered = api.post(
        f"/api/information-requests/{pk}/respond/",
        {"outcome": "answered_in_part", "response": "Two groups.", "reason": "A third is live."},
        format="json",
    )
    assert (answered.status_code, answered.json()["status"]) == (200, "answered_in_part")
    api.force_authenticate(kent_pcc_office)
    assert (
        api.post(f"/api/information-requests/{pk}/withdraw/", {}, format="json").status_code == 400
    )


def test_a_pcc_office_asks_in_the_browser_and_sees_the_answer(client, kent_pcc_office, nca_analyst):
    client.force_login(kent_pcc_office)
    response = client.post(
        "/engagement/information-requests/new/",
        {"subject": "", "question": "", "marking": "official"},
    )
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    response = client.post(
        "/engagement/information-requests/new/",
        {
            "subject": "Drugs in Dover",
            "question": "Which groups use the port?",
            "marking": "official",
        },
    )
    rfi = InformationRequest.objects.get()
    assert response["Location"] == rfi.get_absolute_url()
    client.force_login(nca_analyst)
    consider = f"/engagement/information-requests/{rfi.pk}/consider/"
    client.post(consider, date_boxes("due_on", NEXT_WEEK))
    client.post(
        f"/engagement/information-requests/{rfi.pk}/respond/",
        {
            "outcome": "answered",
            "response": "Two groups, named in the annex.",
            "response_marking": "official",
        },
    )
    client.force_login(kent_pcc_office)
    page = client.get(rfi.get_absolute_url()).content.decode()
    assert "Two groups, named in the annex." in page
    assert "Under consideration" in page
    assert "Answered" in page


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/engagement/information-requests/", 4), ("/api/information-requests/", 5)],
)
def test_request_lists_keep_a_constant_number_of_queries(
    client, kent_pcc_office, nca_analyst, path, expected
):
    ask(kent_pcc_office)
    client.force_login(nca_analyst)
    client.get(path)
    assert _queries(client, path) == expected
    for _ in range(6):
        ask(kent_pcc_office)
    assert _queries(client, path) == expected


def test_the_asking_office_is_told_when_its_request_is_answered(
    kent_pcc_office, kent_pcc_colleague, essex_pcc_office, nca_analyst
):
    rfi = ask(kent_pcc_office)
    rfi = services.information_request_consider(actor=nca_analyst, request=rfi, due_on=NEXT_WEEK)
    services.information_request_respond(
        actor=nca_analyst, request=rfi, outcome="answered", response="Yes: two this year."
    )
    told = Notification.objects.filter(kind=Kind.RFI_ANSWERED)
    assert {n.recipient for n in told} == {kent_pcc_office, kent_pcc_colleague}
    assert told[0].text == (
        f"The NCA has answered your request for information {rfi.reference}: "
        "Firearms supply in Medway"
    )
    assert told[0].link == rfi.get_absolute_url()
