import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.choices import Clearance, Marking, Role
from directory.models import Organisation
from tasking import services
from tasking.models import DeconflictionAlert, Target, TaskingRequest
from tests.conftest import VerifiedAPIClient, person
from tests.factories import organisation

pytestmark = pytest.mark.django_db

TESTS = {
    "priority_target": False,
    "specialist_capability": True,
    "urgent_action": False,
    "beyond_partner_capability": False,
}


def client_for(user):
    api = VerifiedAPIClient()
    api.force_login(user)
    return api


@pytest.fixture
def nca_id():
    return organisation("National Crime Agency").pk


def new_request(api, nca_id, **fields):
    body = {
        "addressed_organisation": nca_id,
        "summary": "Armed surveillance",
        "how_this_assists": "Would let us arrest the team.",
        "urgency": "urgent",
        **fields,
    }
    return api.post("/api/tasking-requests/", body, format="json")


def test_a_rocu_officer_creates_and_submits_a_request_and_the_desk_decides_support(
    south_east_rocu_officer, tasking_officer, nca_id
):
    rocu = client_for(south_east_rocu_officer)
    created = new_request(rocu, nca_id, capabilities=[])
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["direction"], body["nca_role"]) == ("draft", "to_nca", "")
    assert body["requesting_organisation"] == south_east_rocu_officer.organisation_id
    assert body["charge"] == {"status": "no_charge", "terms": "", "exception_reason": ""}
    pk = body["id"]
    assert rocu.post(f"/api/tasking-requests/{pk}/submit/").json()["status"] == "submitted"
    decided = client_for(tasking_officer).post(
        f"/api/tasking-requests/{pk}/decide/",
        {"decision": "support", "rationale": "Specialist surveillance they lack.", "tests": TESTS},
        format="json",
    )
    assert decided.status_code == 200, decided.json()
    assert (decided.json()["status"], decided.json()["nca_role"]) == ("accepted", "support")
    assert rocu.get(f"/api/tasking-requests/{pk}/").json()["nca_role"] == "support"


def test_how_this_assists_is_required_and_named(south_east_rocu_officer, nca_id):
    response = new_request(client_for(south_east_rocu_officer), nca_id, how_this_assists="")
    assert response.status_code == 400
    assert "how_this_assists" in response.json()["errors"]


def test_a_marking_above_the_authors_clearance_is_refused(nca_id):
    officer = person("bpss-rocu", "South East Regional Organised Crime Unit", Role.ROCU_OFFICER,
                     clearance=Clearance.BPSS)  # fmt: skip
    response = new_request(client_for(officer), nca_id, marking="secret")
    assert response.status_code == 400
    assert "up to OFFICIAL-SENSITIVE" in response.json()["errors"]["marking"][0]


def test_a_target_the_caller_cannot_see_answers_like_one_that_does_not_exist(
    south_east_rocu_officer, kent_officer, nca_id
):
    hidden = services.target_create(actor=kent_officer, name="Medway Vipers", kind="group")
    api = client_for(south_east_rocu_officer)
    not_theirs = new_request(api, nca_id, target=hidden.pk).json()["errors"]
    missing = new_request(api, nca_id, target=999_999).json()["errors"]
    assert not_theirs["target"][0].replace(str(hidden.pk), "N") == missing["target"][0].replace(
        "999999", "N"
    )


def test_a_partner_cannot_decide_and_a_decided_request_cannot_be_withdrawn(
    south_east_rocu_officer, tasking_officer, nca_id
):
    rocu = client_for(south_east_rocu_officer)
    pk = new_request(rocu, nca_id).json()["id"]
    rocu.post(f"/api/tasking-requests/{pk}/submit/")
    body = {"decision": "support", "rationale": "x", "tests": TESTS}
    refused = rocu.post(f"/api/tasking-requests/{pk}/decide/", body, format="json")
    assert refused.status_code == 403
    assert "Only an NCA tasking officer" in refused.json()["detail"]
    client_for(tasking_officer).post(f"/api/tasking-requests/{pk}/decide/", body, format="json")
    late = rocu.post(f"/api/tasking-requests/{pk}/withdraw/")
    assert late.status_code == 400
    assert late.json()["errors"] == {"status": ["A request that is accepted cannot be withdrawn."]}


def test_a_decision_needs_every_test_answered(south_east_rocu_officer, tasking_officer, nca_id):
    rocu = client_for(south_east_rocu_officer)
    pk = new_request(rocu, nca_id).json()["id"]
    rocu.post(f"/api/tasking-requests/{pk}/submit/")
    response = client_for(tasking_officer).post(
        f"/api/tasking-requests/{pk}/decide/",
        {"decision": "lead", "rationale": "x", "tests": {"priority_target": True}},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {
        "tests.specialist_capability", "tests.urgent_action", "tests.beyond_partner_capability",
    }  # fmt: skip


def test_targets_are_created_with_aliases_and_found_by_them(kent_officer):
    api = client_for(kent_officer)
    created = api.post(
        "/api/targets/",
        {"name": "Medway Vipers", "kind": "group", "priority": "priority",
         "aliases": ["The Vipers", "Snake Crew"], "marking": "official_sensitive"},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    body = created.json()
    assert set(body) >= {"id", "name", "kind", "priority", "aliases", "marking"}
    assert sorted(body["aliases"]) == ["Snake Crew", "The Vipers"]
    found = api.get("/api/targets/?search=snake").json()["results"]
    assert [t["name"] for t in found] == ["Medway Vipers"]
    changed = api.patch(f"/api/targets/{body['id']}/", {"name": "Medway Adders"}, format="json")
    assert (changed.status_code, changed.json()["name"]) == (200, "Medway Adders")


def test_a_target_another_force_may_not_change_answers_403_if_seen_and_404_if_not(
    kent_officer, tasking_officer, hmrc_officer
):
    target = services.target_create(actor=kent_officer, name="Medway Vipers", kind="group")
    secretariat = person("sec", "National Crime Agency", Role.SECRETARIAT)
    assert (
        client_for(secretariat)
        .patch(f"/api/targets/{target.pk}/", {"name": "x"}, format="json")
        .status_code
        == 403
    )
    assert (
        client_for(hmrc_officer)
        .patch(f"/api/targets/{target.pk}/", {"name": "x"}, format="json")
        .status_code
        == 404
    )


def test_the_capability_catalogue_lists_annex_e(kent_officer):
    body = client_for(kent_officer).get("/api/capabilities/").json()
    names = {c["name"] for c in body["results"]}
    assert {"UK Protected Persons Service", "Lawful intercept", "Specialist surveillance"} <= names
    assert body["count"] >= 30


def test_the_deconfliction_check_shows_only_what_the_caller_may_see(kent_officer, tasking_officer):
    hampshire = person("hants", "Hampshire and Isle of Wight Constabulary", Role.FORCE_OFFICER)
    services.target_create(actor=kent_officer, name="Kestrel Network", kind="group")
    services.target_create(actor=hampshire, name="Kestrel Networks", kind="group")
    services.target_create(
        actor=tasking_officer, name="Kestrel Netwerk", kind="group", marking=Marking.SECRET
    )
    response = client_for(kent_officer).post(
        "/api/deconfliction/check/", {"names": ["kestrel network"]}, format="json"
    )
    assert response.status_code == 200
    matches = {m["organisation"]["name"]: m for m in response.json()["matches"]}
    assert set(matches) == {"Kent Police", "Hampshire and Isle of Wight Constabulary"}
    assert matches["Kent Police"]["record"]["name"] == "Kestrel Network"
    assert matches["Hampshire and Isle of Wight Constabulary"]["record"] is None  # held by, no name
    nca_view = client_for(tasking_officer).post(
        "/api/deconfliction/check/", {"names": ["kestrel network"]}, format="json"
    )
    assert len(nca_view.json()["matches"]) == 3


def test_the_deconfliction_check_refuses_an_empty_list(kent_officer):
    response = client_for(kent_officer).post(
        "/api/deconfliction/check/", {"names": []}, format="json"
    )
    assert response.status_code == 400
    assert "names" in response.json()["errors"]


def test_an_overlap_alert_is_seen_by_both_owners_and_resolved_by_either(kent_officer):
    hampshire = person("hants", "Hampshire and Isle of Wight Constabulary", Role.FORCE_OFFICER)
    services.target_create(actor=kent_officer, name="Kestrel Network", kind="group")
    services.target_create(actor=hampshire, name="Kestrel Networks", kind="group")
    alert = DeconflictionAlert.objects.get()
    for user in (kent_officer, hampshire):
        assert client_for(user).get(f"/api/deconfliction/alerts/{alert.pk}/").status_code == 200
    essex = person("essex", "Essex Police", Role.FORCE_OFFICER)
    assert client_for(essex).get(f"/api/deconfliction/alerts/{alert.pk}/").status_code == 404
    resolved = client_for(hampshire).post(
        f"/api/deconfliction/alerts/{alert.pk}/resolve/",
        {"resolution": "Spoke to Kent: different groups."},
        format="json",
    )
    assert resolved.json()["status"] == "resolved"


def _count(api, path):
    with CaptureQueriesContext(connection) as queries:
        assert api.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("filters", "indexes"),
    [
        ("status=withdrawn&urgency=immediate", ("request_status", "request_urgency")),
        ("direction=to_nca&urgency=immediate", ("request_urgency",)),
    ],
)
def test_a_filtered_lists_count_reads_the_filters_indexes_not_every_request(
    tasking_officer, kent_officer, filters, indexes
):
    from tests.tasking.test_views import populate

    populate(tasking_officer, kent_officer, 3)
    with CaptureQueriesContext(connection) as queries:
        answer = client_for(tasking_officer).get(f"/api/tasking-requests/?{filters}")
        assert answer.status_code == 200
    [count_sql] = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"]]
    with transaction.atomic(), connection.cursor() as cursor:
        # A handful of rows would be read whole; the plan is the one of a national list.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {count_sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert any(f" {index} " in plan for index in indexes), plan


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/targets/", 9),  # the priorities each serves: one prefetch
        ("/api/tasking-requests/", 5),  # capabilities and priorities gathered in its rows
        ("/api/capabilities/", 4),
        ("/api/decisions/", 4),
        ("/api/deconfliction/alerts/", 4),
    ],
)
def test_api_lists_keep_a_constant_number_of_queries(tasking_officer, kent_officer, path, expected):
    from tests.tasking.test_views import populate

    api = client_for(tasking_officer)
    populate(tasking_officer, kent_officer, 1)
    api.get(path)
    assert _count(api, path) == expected
    populate(tasking_officer, kent_officer, 15, first=1)
    assert _count(api, path) == expected


def test_targets_endpoint_lists_what_the_caller_may_see(kent_officer, hmrc_officer):
    services.target_create(actor=kent_officer, name="Medway Vipers", kind="group")
    assert client_for(kent_officer).get("/api/targets/").json()["count"] == 1
    assert client_for(hmrc_officer).get("/api/targets/").json()["count"] == 0
    assert Target.objects.count() == 1


def test_op18_the_cvit_lead_moves_to_the_nca_through_the_api(kent_officer, tasking_officer):
    """The first OP §18 example end to end over the API: force-led with NCA support,
    then, as the robberies displace across regions, NCA-led; both decisions kept."""
    kent_api, desk = client_for(kent_officer), client_for(tasking_officer)
    kent = organisation("Kent Police")
    target = kent_api.post(
        "/api/targets/", {"name": "Thames Estuary CViT team", "kind": "group",
                          "priority": "priority"}, format="json",
    ).json()  # fmt: skip
    operation = kent_api.post(
        "/api/operations/",
        {"name": "Operation Gatehouse", "target": target["id"], "lead_organisation": kent.pk},
        format="json",
    ).json()
    support = desk.post(
        f"/api/operations/{operation['id']}/decide/",
        {"decision": "support", "lead_organisation": kent.pk,
         "rationale": "Force-led; NCA armed surveillance and technical collection.",
         "tests": {**TESTS, "priority_target": True}},
        format="json",
    )  # fmt: skip
    assert support.status_code == 201, support.json()
    lead = desk.post(
        f"/api/operations/{operation['id']}/decide/",
        {"decision": "lead", "lead_organisation": organisation("National Crime Agency").pk,
         "rationale": "Displaced across several regions.",
         "tests": {**TESTS, "priority_target": True, "beyond_partner_capability": True},
         "context": {"several_jurisdictions": True}},
        format="json",
    )  # fmt: skip
    assert lead.status_code == 201, lead.json()
    log = desk.get(f"/api/decisions/?operation={operation['id']}").json()["results"]
    assert [(d["sequence"], d["outcome"]) for d in log] == [(1, "support"), (2, "lead")]
    assert log[1]["supersedes"] == log[0]["id"]
    now = kent_api.get(f"/api/operations/{operation['id']}/").json()
    assert (now["nca_role"], now["lead_organisation"]) == (
        "lead",
        organisation("National Crime Agency").pk,
    )


def test_post_a_request_via_the_wrong_rocu_is_a_400_naming_routed_via(tasking_officer):
    api = VerifiedAPIClient()
    api.force_login(tasking_officer)
    body = {
        "addressed_organisation": organisation("Kent Police").pk,
        "routed_via": organisation("South East Regional Organised Crime Unit").pk,
        "summary": "Surveillance support for Operation Larch",
        "how_this_assists": "Covers the group's movements in the county.",
    }
    refused = api.post("/api/tasking-requests/", body, format="json")
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["routed_via"]
    assert not TaskingRequest.objects.exists()
    direct = api.post(
        "/api/tasking-requests/",
        {**body, "routed_via": None, "direct_reason": "Life at risk tonight."},
        format="json",
    )
    assert direct.status_code == 201
    assert direct.json()["routed_via"] is None
    assert direct.json()["routing_reason"].endswith("Life at risk tonight.")


# --- an organisation that no longer exists is not asked (issue 12 §8) -------------------


def _last_day(name, day):
    Organisation.objects.filter(name=name).update(valid_to=day)
    return organisation(name).pk


def test_a_request_to_an_agency_on_its_last_day_is_made_and_after_it_refused(tasking_officer):
    api, today = client_for(tasking_officer), timezone.localdate()
    hmrc = _last_day("HM Revenue and Customs", today)
    made = new_request(api, hmrc)
    assert made.status_code == 201
    _last_day("HM Revenue and Customs", today - datetime.timedelta(days=1))
    refused = new_request(api, hmrc)
    assert refused.status_code == 400
    assert (
        "HM Revenue and Customs ceased to exist"
        in (refused.json()["errors"]["addressed_organisation"][0])
    )
    assert TaskingRequest.objects.count() == 1


def test_a_draft_to_an_organisation_that_has_since_ceased_is_not_submitted(tasking_officer):
    api, today = client_for(tasking_officer), timezone.localdate()
    pk = new_request(api, organisation("HM Revenue and Customs").pk).json()["id"]
    _last_day("HM Revenue and Customs", today - datetime.timedelta(days=1))
    refused = api.post(f"/api/tasking-requests/{pk}/submit/")
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["addressed_organisation"]
    assert TaskingRequest.objects.get(pk=pk).status == "draft"
    _last_day("HM Revenue and Customs", today)
    assert api.post(f"/api/tasking-requests/{pk}/submit/").json()["status"] == "submitted"


def test_a_border_request_goes_through_a_jbiu_that_exists_and_not_one_that_has_ceased(
    tasking_officer,
):
    api, today = client_for(tasking_officer), timezone.localdate()
    border_force = organisation("Border Force").pk
    heathrow = _last_day("Joint Border Intelligence Unit (Heathrow)", today)
    assert new_request(api, border_force, routed_via=heathrow).status_code == 201
    _last_day("Joint Border Intelligence Unit (Heathrow)", today - datetime.timedelta(days=1))
    refused = new_request(api, border_force, routed_via=heathrow)
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["routed_via"]
    assert TaskingRequest.objects.count() == 1
