"""The public API: /api/governance-groups/, /api/meetings/ and /api/actions/."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance import services
from governance.models import Action
from tests.conftest import VerifiedAPIClient
from tests.governance.conftest import coming, group, member, started

pytestmark = pytest.mark.django_db
DUE = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()


def api(user):
    client = VerifiedAPIClient()
    client.force_authenticate(user)
    return client


def results(response, status=200):
    assert response.status_code == status, response.content
    return response.json()["results"]


# --- Groups -------------------------------------------------------------------------------


def test_the_groups_come_with_code_level_region_chair_and_cadence(kent_officer):
    groups = {
        g["code"] + (g["region"] or ""): g
        for g in results(api(kent_officer).get("/api/governance-groups/"))
    }
    nstcg = groups["NSTCG"]
    assert {"id", "code", "name", "level", "region", "chair_role", "cadence"} <= set(nstcg)
    assert (nstcg["level"], nstcg["region"], nstcg["chair_role"]) == (
        "national_strategic", None, "Director General, NCA",
    )  # fmt: skip
    assert nstcg["cadence"]["description"] == "Every six months at 10:00"
    assert nstcg["cadence"]["is_setting"] is False
    assert groups["RTTCGeastern"]["cadence"]["is_setting"] is True


def test_regional_groups_share_a_code_and_differ_by_region(kent_officer):
    rttcgs = results(api(kent_officer).get("/api/governance-groups/?code=RTTCG"))
    assert len(rttcgs) == 9
    assert len({g["region"] for g in rttcgs}) == 9


# --- Meetings -----------------------------------------------------------------------------


@pytest.fixture
def meetings():
    return {
        "ntig": coming("ntig", days=3),
        "nttcg": coming("nttcg", days=10),
        "nttcg later": coming("nttcg", days=100),
        "rttcg": coming("rttcg-eastern", days=5),
    }


def test_meetings_filter_by_group_code(meetings, tasking_officer):
    found = results(api(tasking_officer).get("/api/meetings/?group=NTTCG"))
    assert [m["id"] for m in found] == [meetings["nttcg"].pk, meetings["nttcg later"].pk]
    assert {"id", "group", "starts_at", "status"} <= set(found[0])
    assert (found[0]["group_code"], found[0]["status"]) == ("NTTCG", "scheduled")


def test_meetings_filter_by_when_they_start(meetings, tasking_officer):
    after = (timezone.now() + datetime.timedelta(days=4)).isoformat()
    before = (timezone.now() + datetime.timedelta(days=50)).isoformat()
    found = results(
        api(tasking_officer).get("/api/meetings/", {"start_after": after, "start_before": before})
    )
    assert [m["id"] for m in found] == [meetings["rttcg"].pk, meetings["nttcg"].pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"group": "NOPE"}, "group"),
        ({"start_after": "next tuesday"}, "start_after"),
        ({"start_before": "2027-02-30"}, "start_before"),
    ],
)
def test_a_bad_meeting_filter_is_a_400_naming_the_field(tasking_officer, query, field):
    response = api(tasking_officer).get("/api/meetings/", query)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_a_force_officer_sees_no_meetings_unless_a_member(meetings, kent_officer):
    assert results(api(kent_officer).get("/api/meetings/")) == []
    member("rttcg-eastern", kent_officer)
    assert [m["id"] for m in results(api(kent_officer).get("/api/meetings/"))] == [
        meetings["rttcg"].pk
    ]


# --- Actions ------------------------------------------------------------------------------


@pytest.fixture
def nttcg_now():
    return started("nttcg")


def test_the_secretariat_creates_an_action(nttcg_now, secretariat, tasking_officer):
    response = api(secretariat).post(
        "/api/actions/",
        {
            "meeting": nttcg_now.pk,
            "description": "Brief the regions.",
            "owner": tasking_officer.pk,
            "due_on": DUE,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["owner"], body["group"], body["due_on"]) == (
        "open", tasking_officer.pk, "NTTCG", DUE,
    )  # fmt: skip


def test_a_bad_action_is_a_400_naming_each_field(nttcg_now, secretariat):
    response = api(secretariat).post(
        "/api/actions/",
        {"meeting": nttcg_now.pk, "due_on": "soon", "status": "maybe"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"description", "owner", "due_on", "status"}


def test_an_action_at_a_meeting_yet_to_start_is_refused_naming_the_meeting(
    secretariat, tasking_officer
):
    response = api(secretariat).post(
        "/api/actions/",
        {
            "meeting": coming("nttcg").pk,
            "description": "Early.",
            "owner": tasking_officer.pk,
            "due_on": DUE,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "once it has started" in response.json()["errors"]["meeting"][0]


def test_a_tasking_officer_does_not_create_actions(nttcg_now, tasking_officer):
    response = api(tasking_officer).post(
        "/api/actions/",
        {
            "meeting": nttcg_now.pk,
            "description": "Mine.",
            "owner": tasking_officer.pk,
            "due_on": DUE,
        },
        format="json",
    )
    assert response.status_code == 403


def test_the_chair_creates_actions_at_their_meeting(nttcg_now, ddg, tasking_officer):
    group("nttcg").__class__.objects.filter(slug="nttcg").update(chair=ddg)
    response = api(ddg).post(
        "/api/actions/",
        {
            "meeting": nttcg_now.pk,
            "description": "Report back.",
            "owner": tasking_officer.pk,
            "due_on": DUE,
        },
        format="json",
    )
    assert response.status_code == 201


@pytest.fixture
def action(nttcg_now, secretariat, tasking_officer):
    return services.action_create(
        actor=secretariat, meeting=nttcg_now, description="Brief the regions.",
        owner=tasking_officer, due_on=timezone.localdate() + datetime.timedelta(days=14),
    )  # fmt: skip


def test_the_owner_marks_their_action_done(action, tasking_officer):
    response = api(tasking_officer).patch(
        f"/api/actions/{action.pk}/", {"status": "done"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "done"


def test_the_owner_does_not_rewrite_their_action(action, tasking_officer):
    response = api(tasking_officer).patch(
        f"/api/actions/{action.pk}/", {"description": "Something easier."}, format="json"
    )
    assert response.status_code == 403
    assert Action.objects.get().description == "Brief the regions."


def test_an_unknown_status_is_a_400_naming_it(action, tasking_officer):
    response = api(tasking_officer).patch(
        f"/api/actions/{action.pk}/", {"status": "finished"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["status"]


def test_someone_else_cannot_change_an_action(action, hmrc_officer, dg):
    """The DG may see the action but not change it (403); HMRC may not see it (404)."""
    for someone, refused in ((hmrc_officer, 404), (dg, 403)):
        response = api(someone).patch(
            f"/api/actions/{action.pk}/", {"status": "done"}, format="json"
        )
        assert response.status_code == refused


def test_an_action_is_not_replaced_wholesale(action, secretariat):
    assert api(secretariat).put(f"/api/actions/{action.pk}/", {}, format="json").status_code == 405


def test_the_owner_lists_their_actions_and_others_see_none(action, tasking_officer, kent_officer):
    assert [a["id"] for a in results(api(tasking_officer).get("/api/actions/?mine=true"))] == [
        action.pk
    ]
    assert results(api(kent_officer).get("/api/actions/")) == []


# --- Query counts -------------------------------------------------------------------------


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/api/governance-groups/", 2), ("/api/meetings/", 2), ("/api/actions/", 2)],
)
def test_api_lists_keep_a_constant_number_of_queries_whatever_the_rows(
    path, expected, secretariat, tasking_officer
):
    client = api(tasking_officer)
    client.get(path)  # warm the content-type cache

    def more(n):
        for _ in range(n):
            meeting = started("nttcg", hours_ago=1 + Action.objects.count())
            services.action_create(
                actor=secretariat, meeting=meeting, description="More.", owner=tasking_officer,
                due_on=timezone.localdate() + datetime.timedelta(days=3),
            )  # fmt: skip

    more(1)
    assert _queries(client, path) == expected
    more(10)
    assert _queries(client, path) == expected
