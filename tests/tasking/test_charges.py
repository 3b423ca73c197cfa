"""Charges by exception (PCC §7, §21; OP §10): the tasking desk proposes a charge with
the reason it is an exception, an NCA director or above approves it before the partner
hears of it, the partner's chief officer (or their delegate) agrees it, and the PCC
office of the force sees it. Each rule both ways, through the services, the pages and
the API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from directory.choices import Clearance, Role
from directory.rules import check_role_fits_organisation
from notifications.choices import Kind
from notifications.models import Notification
from tasking import panels, rules, services
from tasking.models import ChargeAgreement, TaskingRequest
from tests.conftest import VerifiedAPIClient, person
from tests.factories import organisation

pytestmark = pytest.mark.django_db

TERMS = "Overtime of the surveillance team for two weeks, at cost."
WHY = "Six weeks of round-the-clock cover is far beyond the support the NCA gives free."
CONFIRM = {"confirm": "yes"}


@pytest.fixture
def director(db):
    return person(
        "director", "Intelligence and Operations Directorate", Role.DIRECTOR, clearance=Clearance.DV
    )


@pytest.fixture
def kent_charge_delegate(db):
    return person("kent-delegate", "Kent Police", Role.CHARGE_DELEGATE)


@pytest.fixture
def essex_chief_officer(db):
    return person("essex-chief", "Essex Police", Role.CHIEF_OFFICER)


@pytest.fixture
def kent_request(kent_detective, make_request):
    """Kent Police asks the NCA for surveillance support, submitted."""
    request = make_request(kent_detective)
    return services.request_submit(actor=kent_detective, request=request)


@pytest.fixture
def proposed(kent_request, tasking_officer):
    return services.charge_propose(
        actor=tasking_officer, request=kent_request, terms=TERMS, exception_reason=WHY
    )


@pytest.fixture
def approved(proposed, director, kent_request):
    return services.charge_approve(actor=director, request=kent_request)


def api_for(user):
    api = VerifiedAPIClient()
    api.force_login(user)
    return api


def told(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind).order_by("pk"))


# --- proposing: the tasking desk, with the reason it is an exception -----------------


def test_the_tasking_desk_proposes_a_charge_with_its_reason(director, proposed):
    assert proposed.exception_reason == WHY
    assert not proposed.approved
    assert not proposed.agreed
    [notification] = told(director, Kind.CHARGE_TO_APPROVE)
    assert proposed.request.reference in notification.text


def test_a_charge_without_a_reason_is_refused_naming_the_field(kent_request, tasking_officer):
    with pytest.raises(ValidationError) as refused:
        services.charge_propose(
            actor=tasking_officer, request=kent_request, terms=TERMS, exception_reason="  "
        )
    assert "exception_reason" in refused.value.message_dict
    assert not ChargeAgreement.objects.exists()


def test_a_partner_does_not_propose_a_charge(kent_request, kent_chief_officer, kent_detective):
    for partner in (kent_chief_officer, kent_detective):
        with pytest.raises(PermissionDenied):
            services.charge_propose(
                actor=partner, request=kent_request, terms=TERMS, exception_reason=WHY
            )


def test_an_nca_request_to_a_partner_carries_no_nca_charge(tasking_officer, make_request):
    request = make_request(tasking_officer, addressed="HM Revenue and Customs")
    with pytest.raises(ValidationError, match="Only a service the NCA provides"):
        services.charge_propose(
            actor=tasking_officer, request=request, terms=TERMS, exception_reason=WHY
        )


# --- approving: an NCA director or above, before the partner hears of it ---------------


def test_a_director_approves_and_only_then_the_partner_is_asked(
    proposed, director, kent_request, kent_detective, kent_chief_officer
):
    assert told(kent_chief_officer, Kind.REQUEST_CHARGED) == []
    assert not ChargeAgreement.objects.restrict(kent_chief_officer).exists()
    services.charge_approve(actor=director, request=kent_request)
    assert ChargeAgreement.objects.restrict(kent_chief_officer).get().approved_by == director
    for partner in (kent_chief_officer, kent_detective):
        [notification] = told(partner, Kind.REQUEST_CHARGED)
        assert "charged only if your chief officer agrees" in notification.text
        assert TERMS not in notification.text  # the terms are read in the portal


def test_a_tasking_officer_does_not_approve_a_charge(proposed, tasking_officer, kent_request):
    with pytest.raises(PermissionDenied, match="director or above"):
        services.charge_approve(actor=tasking_officer, request=kent_request)


def test_a_director_does_not_approve_their_own_proposal(kent_request, director):
    services.charge_propose(actor=director, request=kent_request, terms=TERMS, exception_reason=WHY)
    with pytest.raises(PermissionDenied, match="other than the one who proposed"):
        services.charge_approve(actor=director, request=kent_request)


def test_the_dg_approves_as_one_above_a_director(proposed, dg, kent_request):
    assert services.charge_approve(actor=dg, request=kent_request).approved


# --- agreeing: the partner's chief officer or their delegate ---------------------------


def test_the_chief_officer_agrees_an_approved_charge(approved, kent_chief_officer, kent_request):
    agreement = services.charge_accept(actor=kent_chief_officer, request=kent_request)
    assert agreement.agreed
    assert agreement.accepted_by == kent_chief_officer


def test_the_chief_officers_delegate_agrees_it_too(approved, kent_charge_delegate, kent_request):
    assert services.charge_accept(actor=kent_charge_delegate, request=kent_request).agreed


def test_a_force_officer_does_not_agree_a_charge(approved, kent_detective, kent_request):
    with pytest.raises(PermissionDenied, match="chief officer, or their delegate"):
        services.charge_accept(actor=kent_detective, request=kent_request)


def test_a_charge_not_yet_approved_cannot_be_agreed(proposed, kent_chief_officer, kent_request):
    with pytest.raises(ValidationError) as refused:
        services.charge_accept(actor=kent_chief_officer, request=kent_request)
    assert "charge" in refused.value.message_dict
    assert not ChargeAgreement.objects.get().agreed


def test_another_forces_chief_officer_cannot_even_find_the_request(
    approved, essex_chief_officer, kent_request
):
    with pytest.raises(TaskingRequest.DoesNotExist):
        services.charge_accept(actor=essex_chief_officer, request=kent_request)


def test_the_delegate_role_belongs_to_a_force_agency_or_rocu_not_a_pcc_office():
    check_role_fits_organisation(Role.CHARGE_DELEGATE, organisation("Kent Police"))
    with pytest.raises(ValidationError):
        check_role_fits_organisation(
            Role.CHARGE_DELEGATE, organisation("Police and Crime Commissioner for Kent")
        )


# --- the PCC office of the force sees agreed charges (PCC §15, §21) -------------------


def test_the_pcc_office_of_the_force_is_told_and_sees_the_agreed_charge(
    approved, kent_chief_officer, kent_request, kent_pcc_office, essex_pcc_office
):
    assert not ChargeAgreement.objects.restrict(kent_pcc_office).exists()  # not yet agreed
    services.charge_accept(actor=kent_chief_officer, request=kent_request)
    [notification] = told(kent_pcc_office, Kind.CHARGE_AGREED)
    assert notification.marking == "official"
    assert notification.link == "/tasking/charges/"
    assert ChargeAgreement.objects.restrict(kent_pcc_office).get().terms == TERMS
    assert told(essex_pcc_office, Kind.CHARGE_AGREED) == []
    assert not ChargeAgreement.objects.restrict(essex_pcc_office).exists()


def test_a_charge_agreed_by_a_rocu_is_seen_by_the_pcc_offices_of_its_forces(
    eastern_rocu_officer, tasking_officer, director, make_request, kent_pcc_office,
    essex_pcc_office,
):  # fmt: skip
    request = make_request(eastern_rocu_officer)
    services.request_submit(actor=eastern_rocu_officer, request=request)
    services.charge_propose(
        actor=tasking_officer, request=request, terms=TERMS, exception_reason=WHY
    )
    services.charge_approve(actor=director, request=request)
    delegate = person(
        "ersou-delegate", "Eastern Region Special Operations Unit", Role.CHARGE_DELEGATE
    )
    services.charge_accept(actor=delegate, request=request)
    for office in (kent_pcc_office, essex_pcc_office):  # both forces belong to ERSOU
        assert len(told(office, Kind.CHARGE_AGREED)) == 1
        assert ChargeAgreement.objects.restrict(office).count() == 1


def test_charge_forces_of_a_force_and_of_a_rocu():
    kent = organisation("Kent Police")
    assert rules.charge_forces(kent) == [kent]
    assert kent in rules.charge_forces(kent.rocu)
    assert rules.charge_forces(organisation("National Crime Agency")) == []


def test_the_home_page_tells_the_director_then_the_chief_officer_a_charge_waits(
    proposed, director, tasking_officer, kent_request, kent_chief_officer, kent_detective
):
    def titles(user):
        return [need.title for need in panels.needs(user, today=timezone.localdate())]

    assert "1 charge waits for your approval" in titles(director)
    assert not any("charge" in title for title in titles(tasking_officer))
    assert not any("charge" in title for title in titles(kent_chief_officer))
    services.charge_approve(actor=director, request=kent_request)
    assert not any("charge" in title for title in titles(director))
    assert "1 charge waits for your agreement" in titles(kent_chief_officer)
    assert not any("charge" in title for title in titles(kent_detective))


# --- the pages -------------------------------------------------------------------------


def test_the_charge_page_refuses_a_missing_reason_on_its_field(
    client, kent_request, tasking_officer
):
    client.force_login(tasking_officer)
    url = f"/tasking/requests/{kent_request.pk}/charge/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"terms": TERMS, "exception_reason": ""})
    assert refused.status_code == 400
    assert "Enter why this service is an exception" in refused.content.decode()
    assert not ChargeAgreement.objects.exists()
    assert client.post(url, {"terms": TERMS, "exception_reason": WHY}).status_code == 302
    assert ChargeAgreement.objects.get().exception_reason == WHY


def test_an_nca_request_has_no_charge_page(client, tasking_officer, make_request):
    request = make_request(tasking_officer, addressed="HM Revenue and Customs")
    client.force_login(tasking_officer)
    assert client.get(f"/tasking/requests/{request.pk}/charge/").status_code == 404


def test_a_partner_is_refused_the_charge_page(client, kent_request, kent_chief_officer):
    client.force_login(kent_chief_officer)
    assert client.get(f"/tasking/requests/{kent_request.pk}/charge/").status_code == 403


def test_the_director_approves_and_the_chief_officer_agrees_on_confirm(
    client, proposed, kent_request, director, kent_chief_officer
):
    client.force_login(director)
    approve = f"/tasking/requests/{kent_request.pk}/charge/approve/"
    page = client.get(approve).content.decode()
    assert f"Are you sure you want to approve the charge on {kent_request.reference}?" in page
    assert client.post(approve, CONFIRM).status_code == 302
    client.force_login(kent_chief_officer)
    agree = f"/tasking/requests/{kent_request.pk}/charge/agree/"
    assert client.post(agree).status_code == 200  # asked first
    assert not ChargeAgreement.objects.get().agreed
    assert client.post(agree, CONFIRM).status_code == 302
    assert ChargeAgreement.objects.get().agreed


def test_the_chief_officer_is_not_asked_to_agree_before_approval(
    client, proposed, kent_request, kent_chief_officer, tasking_officer
):
    client.force_login(kent_chief_officer)
    # The partner does not yet know of the charge: it is not theirs to see.
    assert client.get(f"/tasking/requests/{kent_request.pk}/charge/agree/").status_code == 404
    client.force_login(tasking_officer)
    assert client.get(f"/tasking/requests/{kent_request.pk}/charge/approve/").status_code == 403


def test_the_pcc_office_list_shows_its_forces_agreed_charges_not_anothers(
    client, approved, kent_request, kent_chief_officer, kent_pcc_office, essex_pcc_office
):
    services.charge_accept(actor=kent_chief_officer, request=kent_request)
    client.force_login(kent_pcc_office)
    page = client.get("/tasking/charges/").content.decode()
    assert kent_request.reference in page
    assert WHY in page
    assert kent_request.summary not in page  # the request itself stays the partner's
    client.force_login(essex_pcc_office)
    page = client.get("/tasking/charges/").content.decode()
    assert kent_request.reference not in page


def test_the_charge_list_keeps_its_query_count(
    client, django_assert_num_queries, kent_pcc_office, tasking_officer, director,
    kent_chief_officer, make_request, kent_detective,
):  # fmt: skip
    def agree_one():
        request = make_request(kent_detective)
        services.request_submit(actor=kent_detective, request=request)
        services.charge_propose(
            actor=tasking_officer, request=request, terms=TERMS, exception_reason=WHY
        )
        services.charge_approve(actor=director, request=request)
        services.charge_accept(actor=kent_chief_officer, request=request)

    client.force_login(kent_pcc_office)
    agree_one()
    client.get("/tasking/charges/")
    with django_assert_num_queries(QUERIES_ON_CHARGE_LIST) as one:
        client.get("/tasking/charges/")
    for _ in range(3):
        agree_one()
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get("/tasking/charges/").content.decode().count(WHY) == 4


QUERIES_ON_CHARGE_LIST = 4


# --- the API ---------------------------------------------------------------------------


def test_the_api_refuses_a_charge_without_a_reason_naming_the_field(kent_request, tasking_officer):
    answer = api_for(tasking_officer).post(
        f"/api/tasking-requests/{kent_request.pk}/charge/", {"terms": TERMS}, format="json"
    )
    assert answer.status_code == 400
    assert "exception_reason" in answer.json()["errors"]
    assert not ChargeAgreement.objects.exists()


def test_the_api_carries_a_charge_through_approval_and_agreement(
    kent_request, tasking_officer, director, kent_chief_officer, kent_detective, kent_pcc_office
):
    base = f"/api/tasking-requests/{kent_request.pk}"
    proposed = api_for(tasking_officer).post(
        f"{base}/charge/", {"terms": TERMS, "exception_reason": WHY}, format="json"
    )
    assert proposed.status_code == 200, proposed.json()
    assert proposed.json()["charge"]["status"] == "awaiting_approval"
    # The partner sees no charge until a director approves one.
    seen = api_for(kent_detective).get(f"{base}/").json()["charge"]
    assert seen == {"status": "no_charge", "terms": "", "exception_reason": ""}
    early = api_for(kent_chief_officer).post(f"{base}/charge/accept/")
    assert early.status_code == 400
    assert "charge" in early.json()["errors"]
    assert api_for(tasking_officer).post(f"{base}/charge/approve/").status_code == 403
    approved = api_for(director).post(f"{base}/charge/approve/")
    assert approved.json()["charge"]["status"] == "proposed"
    assert api_for(kent_detective).post(f"{base}/charge/accept/").status_code == 403
    agreed = api_for(kent_chief_officer).post(f"{base}/charge/accept/")
    assert agreed.json()["charge"]["status"] == "agreed"
    listed = api_for(kent_detective).get("/api/tasking-requests/").json()["results"]
    [row] = [row for row in listed if row["id"] == kent_request.pk]
    assert row["charge"] == {"status": "agreed", "terms": TERMS, "exception_reason": WHY}
    [charge] = api_for(kent_pcc_office).get("/api/charges/").json()["results"]
    assert (charge["reference"], charge["status"]) == (kent_request.reference, "agreed")


def test_the_api_answers_not_yours_as_not_found(
    approved, kent_request, essex_chief_officer, essex_pcc_office, kent_pcc_office
):
    base = f"/api/tasking-requests/{kent_request.pk}"
    assert api_for(essex_chief_officer).post(f"{base}/charge/accept/").status_code == 404
    assert api_for(kent_pcc_office).post(f"{base}/charge/accept/").status_code == 404
    assert api_for(essex_pcc_office).get("/api/charges/").json()["results"] == []
