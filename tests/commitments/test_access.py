"""Who sees which commitment, and that evidence only ever names records the reader may
open (issue 13 §3)."""

import datetime

import pytest
from django.utils import timezone

from commitments.selectors import commitments_for
from directory.models import Region
from engagement.choices import EventKind
from tests.engagement.conftest import delivered_notice
from tests.factories import circulated_report, engagement_event, held_meeting, organisation

pytestmark = pytest.mark.django_db
D = datetime.date
KENT_PCC = "Police and Crime Commissioner for Kent"
ESSEX_PCC = "Police, Fire and Crime Commissioner for Essex"
ON = D(2026, 4, 1)


def scopes(entries):
    return {(entry.scope_kind, entry.scope_name) for entry in entries}


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def test_the_nca_sees_every_commitment_in_every_scope(tasking_officer):
    seen = scopes(commitments_for(user=tasking_officer, on=ON))
    assert ("region", "Eastern") in seen
    assert ("region", "South East") in seen
    assert ("governing_body", KENT_PCC) in seen
    assert ("governing_body", ESSEX_PCC) in seen


def test_a_rocu_officer_sees_the_national_ones_and_their_regions(south_east_rocu_officer):
    seen = scopes(commitments_for(user=south_east_rocu_officer, on=ON))
    assert {kind for kind, _ in seen} == {"national", "region"}
    assert {name for kind, name in seen if kind == "region"} == {"South East"}


def test_a_pcc_office_sees_the_national_ones_its_regions_and_its_own_bodys(kent_pcc_office):
    seen = scopes(commitments_for(user=kent_pcc_office, on=ON))
    assert {name for kind, name in seen if kind == "region"} == {"Eastern"}
    assert {name for kind, name in seen if kind == "governing_body"} == {KENT_PCC}


def test_another_pcc_office_never_sees_kents(essex_pcc_office, dg):
    delivered_notice(dg)
    seen = scopes(commitments_for(user=essex_pcc_office, on=timezone.localdate()))
    assert ("governing_body", KENT_PCC) not in seen


def test_a_pcc_office_is_not_shown_a_regional_groups_meeting_it_cannot_open(
    kent_pcc_office, tasking_officer
):
    held_meeting("rstcg-eastern", D(2026, 1, 20))
    [for_the_nca] = [
        e
        for e in commitments_for(user=tasking_officer, on=ON)
        if e.code == "rstcg-cadence" and e.scope_name == "Eastern"
    ]
    [for_kent] = [
        e for e in commitments_for(user=kent_pcc_office, on=ON) if e.code == "rstcg-cadence"
    ]
    assert for_the_nca.status == for_kent.status == "met"
    assert len(for_the_nca.evidence) == 1
    assert for_kent.evidence == []


def test_a_report_above_the_offices_clearance_is_not_evidence_for_it(kent_pcc_office, dg, analyst):
    kent = organisation(KENT_PCC)
    circulated_report(analyst, kent, at(D(2026, 3, 1)), marking="secret")
    [for_kent] = [
        e for e in commitments_for(user=kent_pcc_office, on=ON) if e.code == "report-circulation"
    ]
    [for_dg] = [
        e
        for e in commitments_for(user=dg, on=ON, scope="governing_body")
        if e.code == "report-circulation" and e.scope_name == KENT_PCC
    ]
    assert for_kent.status == for_dg.status == "met"
    assert for_kent.evidence == []
    assert len(for_dg.evidence) == 1


def test_a_regional_meeting_is_evidence_only_for_those_invited_or_the_nca(
    kent_pcc_office, dg, tasking_officer
):
    engagement_event(
        EventKind.REGIONAL_MEETING, D(2026, 2, 2), region=Region.objects.get(code="eastern"),
        senior_officer=dg,
    )  # fmt: skip
    [for_kent] = [
        e for e in commitments_for(user=kent_pcc_office, on=ON) if e.code == "regional-meeting"
    ]
    [for_the_nca] = [
        e
        for e in commitments_for(user=tasking_officer, on=ON, scope="region")
        if e.code == "regional-meeting" and e.scope_name == "Eastern"
    ]
    assert for_kent.status == for_the_nca.status == "met"
    assert for_kent.evidence == []
    assert len(for_the_nca.evidence) == 1


def test_filters_keep_only_the_status_and_scope_asked_for(tasking_officer):
    missed = commitments_for(user=tasking_officer, on=ON, status="missed", scope="region")
    assert missed
    assert {(e.status, e.scope_kind) for e in missed} == {("missed", "region")}
