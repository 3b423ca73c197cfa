import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tasking.choices import CommitmentTest, Outcome, Urgency
from tasking.rules import (
    check_departure_explained,
    check_may_request,
    check_name_has_letters,
    normalise_name,
    response_due,
    route_request,
    suggest_outcome,
)
from tests.factories import organisation
from tests.tasking.conftest import answers

pytestmark = pytest.mark.django_db
T = CommitmentTest


def test_names_are_compared_without_case_accents_or_punctuation():
    assert normalise_name("  Ólafsson\u2013BROTHERS ") == normalise_name("olafsson brothers")
    assert normalise_name("O'Neill & Co.") == "o neill co"


@pytest.mark.parametrize(
    ("tests", "context", "expected"),
    [
        (answers(T.PRIORITY_TARGET, T.BEYOND_PARTNER_CAPABILITY), {}, Outcome.LEAD),
        (answers(T.PRIORITY_TARGET, T.URGENT_ACTION, T.SPECIALIST_CAPABILITY), {}, Outcome.LEAD),
        (answers(T.BEYOND_PARTNER_CAPABILITY), {"several_jurisdictions": True}, Outcome.LEAD),
        (answers(T.SPECIALIST_CAPABILITY), {"several_jurisdictions": True}, Outcome.COORDINATE),
        (answers(T.PRIORITY_TARGET), {"international": True}, Outcome.COORDINATE),
        (answers(T.SPECIALIST_CAPABILITY), {}, Outcome.SUPPORT),
        (answers(T.URGENT_ACTION), {}, Outcome.SUPPORT),
        (answers(), {}, Outcome.DECLINE),
    ],
)
def test_the_portal_suggests_a_role_from_the_tests_and_says_why(tests, context, expected):
    suggestion = suggest_outcome(tests=tests, context=context)
    assert suggestion.outcome == expected
    assert suggestion.reasons


def test_each_test_met_is_named_in_the_reasons():
    reasons = suggest_outcome(tests=answers(T.SPECIALIST_CAPABILITY), context={}).reasons
    assert any("specialist national capability" in reason for reason in reasons)


def test_departing_from_the_suggestion_needs_a_reason():
    check_departure_explained(outcome="lead", suggested="lead", departure_reason="")
    check_departure_explained(outcome="support", suggested="lead", departure_reason="Force leads")
    with pytest.raises(ValidationError) as refused:
        check_departure_explained(outcome="support", suggested="lead", departure_reason=" ")
    assert "suggested “The NCA leads”" in refused.value.message_dict["departure_reason"][0]


def nca():
    return organisation("National Crime Agency")


def test_an_nca_request_to_a_force_of_england_and_wales_goes_through_its_rocu():
    route = route_request(
        requesting_organisation=nca(), addressed_organisation=organisation("Kent Police")
    )
    assert route.via == organisation("Eastern Region Special Operations Unit")
    assert "OP §21" in route.reason


def test_a_route_asked_for_that_does_not_fit_is_refused_never_replaced():
    """OP §21: Kent is reached through ERSOU; asking for SEROCU is a 400 naming the field,
    not a request silently sent through ERSOU."""
    kent = organisation("Kent Police")
    ersou = organisation("Eastern Region Special Operations Unit")
    serocu = organisation("South East Regional Organised Crime Unit")
    with pytest.raises(ValidationError) as refused:
        route_request(requesting_organisation=nca(), addressed_organisation=kent, via=serocu)
    assert "reached through its ROCU, Eastern Region" in refused.value.message_dict["routed_via"][0]
    assert (
        route_request(requesting_organisation=nca(), addressed_organisation=kent, via=ersou).via
        == ersou
    )
    with pytest.raises(ValidationError) as refused:
        route_request(
            requesting_organisation=nca(),
            addressed_organisation=organisation("Police Scotland"),
            via=ersou,
        )
    assert "routed_via" in refused.value.message_dict


def test_a_force_is_reached_directly_only_with_a_recorded_reason():
    """OP §21 says "primarily" through the ROCU; OP §24 allows a direct route."""
    kent = organisation("Kent Police")
    route = route_request(
        requesting_organisation=nca(),
        addressed_organisation=kent,
        direct_reason="Life at risk tonight; ERSOU's desk is closed.",
    )
    assert route.via is None
    assert route.reason.endswith("Life at risk tonight; ERSOU's desk is closed.")
    with pytest.raises(ValidationError) as refused:
        route_request(
            requesting_organisation=nca(),
            addressed_organisation=organisation("Metropolitan Police Service"),
            direct_reason="Quicker.",
        )
    assert "direct_reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        route_request(
            requesting_organisation=nca(), addressed_organisation=kent, direct_reason="x" * 10_001
        )
    assert "no more than 10,000" in refused.value.message_dict["direct_reason"][0]


def test_which_agencies_are_reached_through_a_jbiu_is_reference_data():
    assert organisation("Border Force").reached_through_jbiu
    assert organisation("Immigration Enforcement").reached_through_jbiu
    assert not organisation("Financial Conduct Authority").reached_through_jbiu
    assert not organisation("Joint Border Intelligence Unit (Heathrow)").verified
    assert organisation("Kent Police").verified


def test_a_london_force_with_no_rocu_is_reached_directly():
    met = organisation("Metropolitan Police Service")
    route = route_request(requesting_organisation=nca(), addressed_organisation=met)
    assert route.via is None
    assert "OP §23" in route.reason


def test_a_border_request_goes_through_a_jbiu_and_one_must_be_chosen():
    border_force = organisation("Border Force")
    with pytest.raises(ValidationError, match="through a JBIU"):
        route_request(requesting_organisation=nca(), addressed_organisation=border_force)
    jbiu = organisation("Joint Border Intelligence Unit (Heathrow)")
    route = route_request(
        requesting_organisation=nca(), addressed_organisation=border_force, via=jbiu
    )
    assert route.via == jbiu
    assert "OP §22" in route.reason


def test_scotland_and_northern_ireland_are_reached_through_their_forces():
    route = route_request(
        requesting_organisation=nca(), addressed_organisation=organisation("Police Scotland")
    )
    assert (route.via, "footnote 13" in route.reason) == (None, True)


def test_a_partner_asks_the_nca_and_nobody_else():
    kent = organisation("Kent Police")
    route_request(
        requesting_organisation=kent, addressed_organisation=organisation("Economic Crime Command")
    )
    with pytest.raises(ValidationError, match="goes to the NCA"):
        route_request(
            requesting_organisation=kent, addressed_organisation=organisation("Essex Police")
        )


def test_the_nca_does_not_task_a_pcc_body():
    with pytest.raises(ValidationError, match="not an operational partner"):
        route_request(
            requesting_organisation=nca(),
            addressed_organisation=organisation("Police and Crime Commissioner for Kent"),
        )


def test_a_pcc_office_makes_no_tasking_requests(kent_pcc_office, kent_officer, tasking_officer):
    check_may_request(kent_officer)
    check_may_request(tasking_officer)
    with pytest.raises(PermissionDenied):
        check_may_request(kent_pcc_office)


def test_each_urgency_has_its_response_deadline():
    standards = {Urgency.IMMEDIATE: datetime.timedelta(hours=2)}
    start = datetime.datetime(2026, 11, 23, 9, tzinfo=datetime.UTC)
    assert response_due(submitted_at=start, urgency=Urgency.IMMEDIATE, standards=standards) == (
        start + datetime.timedelta(hours=2)
    )


def test_a_force_cannot_ask_a_security_and_intelligence_agency_directly():
    """OP §4: the NCA is the conduit between the forces and the agencies. A force's
    request to one is refused, naming the field and the paragraph; the NCA's goes."""
    mi5 = organisation("Security Service")
    with pytest.raises(ValidationError) as refused:
        route_request(
            requesting_organisation=organisation("Kent Police"), addressed_organisation=mi5
        )
    assert "the NCA is the conduit" in refused.value.message_dict["addressed_organisation"][0]
    assert "OP §4" in refused.value.message_dict["addressed_organisation"][0]
    route = route_request(requesting_organisation=nca(), addressed_organisation=mi5)
    assert route.via is None
    assert "OP §4" in route.reason


def test_the_nca_does_not_task_the_bodies_and_task_forces_it_works_with():
    """OP §3: the Scottish Police Authority, the Northern Ireland Policing Board and the
    task forces are relationships, not operational partners to task."""
    for name in ("Scottish Police Authority", "Northern Ireland Organised Crime Task Force"):
        with pytest.raises(ValidationError) as refused:
            route_request(requesting_organisation=nca(), addressed_organisation=organisation(name))
        assert "addressed_organisation" in refused.value.message_dict


def test_a_name_needs_a_letter_or_digit_to_be_compared():
    check_name_has_letters("Ólafsson Brothers", what="A target")
    check_name_has_letters("7", what="An operation")
    with pytest.raises(ValidationError) as refused:
        check_name_has_letters(" -!- ", what="An operation")
    assert refused.value.message_dict == {
        "name": ["An operation needs a name with at least one letter or digit."]
    }
