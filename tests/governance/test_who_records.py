"""Who records what a meeting did is one rule (governance.rules `may_record_at`): the
service, the page that offers the form and the API give the same answer."""

import datetime

import pytest
from django.utils import timezone

from governance import rules, services
from governance.models import Action, GovernanceGroup
from tests.conftest import VerifiedAPIClient
from tests.factories import date_boxes
from tests.governance.conftest import member, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def nttcg_now(ddg, hub_deputy_director, tasking_officer):
    """The NTTCG in session, chaired by the DDG; the Hub's Deputy Director chairs the
    NTIG and sits on the NTTCG as a member."""
    GovernanceGroup.objects.filter(slug="nttcg").update(chair=ddg)
    GovernanceGroup.objects.filter(slug="ntig").update(chair=hub_deputy_director)
    member("nttcg", ddg, hub_deputy_director, tasking_officer)
    return started("nttcg")


def record_an_action(client, meeting, owner, *, api: bool):
    due = timezone.localdate() + datetime.timedelta(days=14)
    if api:
        return client.post(
            "/api/actions/",
            {"meeting": meeting.pk, "description": "Brief the regions.", "owner": owner.pk,
             "due_on": due.isoformat()},
            format="json",
        )  # fmt: skip
    return client.post(
        f"/governance/meetings/{meeting.pk}/actions/",
        {"description": "Brief the regions.", "owner": owner.pk, **date_boxes("due_on", due),
         "marking": "official"},
    )  # fmt: skip


def answers(user, meeting, owner, client):
    """What the rule, the meeting page, the form page and both writes say to `user`."""
    client.force_login(user)
    api = VerifiedAPIClient()
    api.force_authenticate(user)
    form = client.get(f"/governance/meetings/{meeting.pk}/actions/").status_code
    offered = f"/governance/meetings/{meeting.pk}/actions/" in (
        client.get(meeting.get_absolute_url()).content.decode()
    )
    page = record_an_action(client, meeting, owner, api=False).status_code
    by_api = record_an_action(api, meeting, owner, api=True).status_code
    return rules.may_record_at(user, meeting), offered, form, page, by_api


@pytest.mark.parametrize("who", ["secretariat", "ddg"])
def test_the_secretariat_and_the_meetings_chair_record_actions_on_the_page_and_by_the_api(
    request, who, nttcg_now, tasking_officer, client
):
    user = request.getfixturevalue(who)
    assert answers(user, nttcg_now, tasking_officer, client) == (True, True, 200, 302, 201)
    assert Action.objects.filter(meeting=nttcg_now, created_by=user).count() == 2


@pytest.mark.parametrize("who", ["hub_deputy_director", "tasking_officer"])
def test_a_member_who_chairs_another_group_or_none_is_refused_alike_on_the_page_and_the_api(
    request, who, nttcg_now, tasking_officer, client
):
    """The API once let anyone who chaired some group through to the service; now the
    page and the API ask the same rule and refuse the same people."""
    user = request.getfixturevalue(who)
    assert answers(user, nttcg_now, tasking_officer, client) == (False, False, 403, 403, 403)
    assert not Action.objects.exists()


def test_an_action_is_changed_by_its_owner_in_status_only_and_by_nobody_else(
    nttcg_now, secretariat, tasking_officer, hub_deputy_director, client
):
    action = services.action_create(
        actor=secretariat, meeting=nttcg_now, description="Brief the regions.",
        owner=tasking_officer, due_on=timezone.localdate() + datetime.timedelta(days=14),
    )  # fmt: skip
    for user, status in ((tasking_officer, 302), (hub_deputy_director, 403)):
        client.force_login(user)
        response = client.post(action.get_absolute_url(), {"status-status": "done"})
        assert response.status_code == status
        api = VerifiedAPIClient()
        api.force_authenticate(user)
        patch = api.patch(f"/api/actions/{action.pk}/", {"status": "open"}, format="json")
        assert patch.status_code == {302: 200, 403: 403}[status]
