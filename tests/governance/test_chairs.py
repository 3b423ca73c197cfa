"""Chairs as data (OP Annex C ¶1-3): every group's chair post is loaded with the group, a
group's chair and a meeting's chair must fit it, and a stand-in chair of a meeting is
recorded with the reason (issue 12 §6)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from directory.choices import Role
from governance import rules, services
from governance.choices import ChairFrom
from tests.conftest import VerifiedAPIClient, person
from tests.factories import organisation
from tests.governance.conftest import coming, group

pytestmark = pytest.mark.django_db
AWAY = "The Director General is at the Home Office for the Spending Review."


def test_every_chair_the_documents_name_is_data_on_its_group():
    assert group("nstcg").chair_roles == [Role.DIRECTOR_GENERAL]
    assert group("nttcg").chair_roles == [Role.DEPUTY_DIRECTOR_GENERAL]
    ntig = group("ntig")
    assert (ntig.chair_from, ntig.chair_organisation) == (
        ChairFrom.ORGANISATION,
        organisation("National Intelligence Hub"),
    )
    rtig = group("rtig-eastern")
    assert rtig.chair_organisation == organisation("Eastern Region Special Operations Unit")
    assert group("rttcg-eastern").chair_from == ChairFrom.REGION_FORCE
    assert group("dbm").chair_from == ChairFrom.NCA
    assert group("nsig").chair_roles == []  # the documents name no chair


def test_the_ntig_is_chaired_by_the_deputy_director_of_the_intelligence_hub(
    secretariat, hub_deputy_director
):
    ntig = group("ntig")
    iod_director = person("iod-director", "Intelligence and Operations Directorate", Role.DIRECTOR)
    with pytest.raises(ValidationError) as refused:
        services.group_set_chair(actor=secretariat, group=ntig, chair=iod_director)
    assert "is not of National Intelligence Hub" in refused.value.message_dict["chair"][0]
    assert "OP Annex C" in refused.value.message_dict["chair"][0]
    chaired = services.group_set_chair(actor=secretariat, group=ntig, chair=hub_deputy_director)
    assert chaired.chair == hub_deputy_director


def test_an_rtig_is_chaired_from_its_own_regions_rocu(
    secretariat, eastern_rocu_officer, south_east_rocu_officer
):
    rtig = group("rtig-eastern")
    with pytest.raises(ValidationError) as refused:
        services.group_set_chair(actor=secretariat, group=rtig, chair=south_east_rocu_officer)
    assert "Eastern Region Special Operations Unit" in refused.value.message_dict["chair"][0]
    chaired = services.group_set_chair(actor=secretariat, group=rtig, chair=eastern_rocu_officer)
    assert chaired.chair == eastern_rocu_officer


def test_a_regional_tasking_group_is_chaired_by_a_chief_officer_of_its_region(
    secretariat, kent_chief_officer, kent_officer
):
    with pytest.raises(ValidationError, match="not of a police force of the South East region"):
        services.group_set_chair(
            actor=secretariat, group=group("rttcg-south-east"), chair=kent_chief_officer
        )
    with pytest.raises(ValidationError, match="is not the Chief officer"):
        services.group_set_chair(
            actor=secretariat, group=group("rttcg-eastern"), chair=kent_officer
        )
    rttcg = services.group_set_chair(
        actor=secretariat, group=group("rttcg-eastern"), chair=kent_chief_officer
    )
    assert rttcg.chair == kent_chief_officer


def test_a_stand_in_chair_of_a_meeting_is_refused_without_a_reason(secretariat, ddg):
    meeting = coming("nstcg")
    with pytest.raises(ValidationError) as refused:
        services.meeting_set_chair(actor=secretariat, meeting=meeting, chair=ddg)
    message = refused.value.message_dict["stand_in_reason"][0]
    assert "chaired by the Director General, NCA (OP Annex C)" in message
    assert "Give the reason" in message
    meeting.refresh_from_db()
    assert meeting.chair is None


def test_a_stand_in_chair_of_a_meeting_is_recorded_with_the_reason(secretariat, ddg, dg):
    meeting = coming("nstcg")
    services.meeting_set_chair(
        actor=secretariat, meeting=meeting, chair=ddg, stand_in_reason=f"  {AWAY} "
    )
    meeting.refresh_from_db()
    assert (meeting.chair, meeting.chair_stand_in_reason) == (ddg, AWAY)
    assert rules.is_chair(ddg, meeting)
    # The holder of the post needs no reason, and none is kept.
    services.meeting_set_chair(actor=secretariat, meeting=meeting, chair=dg, stand_in_reason=AWAY)
    meeting.refresh_from_db()
    assert (meeting.chair, meeting.chair_stand_in_reason) == (dg, "")


def test_only_the_secretariat_names_a_meetings_chair(ddg):
    with pytest.raises(PermissionDenied, match=r"may name a meeting.s chair"):
        services.meeting_set_chair(actor=ddg, meeting=coming("nttcg"), chair=ddg)


def test_the_page_names_a_stand_in_chair_only_with_a_reason(client, secretariat, ddg):
    meeting = coming("nstcg")
    client.force_login(secretariat)
    url = f"/governance/meetings/{meeting.pk}/chair/"
    refused = client.post(url, {"chair": "ddg", "stand_in_reason": ""})
    assert refused.status_code == 400
    assert "Give the reason they stand in as chair" in refused.content.decode()
    assert client.post(url, {"chair": "ddg", "stand_in_reason": AWAY}).status_code == 302
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f"standing in for the Director General, NCA: {AWAY}" in page


def test_the_api_names_a_stand_in_chair_only_with_a_reason(secretariat, ddg):
    meeting = coming("nstcg")
    api = VerifiedAPIClient()
    api.force_authenticate(secretariat)
    url = f"/api/meetings/{meeting.pk}/chair/"
    refused = api.post(url, {"chair": "ddg"}, format="json")
    assert refused.status_code == 400
    assert "Give the reason" in refused.json()["errors"]["stand_in_reason"][0]
    named = api.post(url, {"chair": "ddg", "stand_in_reason": AWAY}, format="json")
    assert named.status_code == 200, named.content
    assert (named.json()["chair"], named.json()["chair_stand_in_reason"]) == (ddg.pk, AWAY)
    unknown = api.post(url, {"chair": "nobody-at-all"}, format="json")
    assert "nobody-at-all" in unknown.json()["errors"]["chair"][0]
