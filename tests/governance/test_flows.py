"""What one group records goes onto the next agenda of the groups it feeds (OP Annex C),
by itself, once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from directory.choices import Marking
from governance import services
from governance.models import AgendaItem, Feed, Meeting
from tests.governance.conftest import coming, group, started

pytestmark = pytest.mark.django_db


def agenda(meeting):
    return list(meeting.agenda_items.values_list("kind", "title"))


def test_ntigs_prioritised_recommendations_go_onto_the_next_nttcg_agenda(secretariat):
    ntig, later, next_nttcg = started("ntig"), coming("nttcg", days=80), coming("nttcg", days=20)
    for priority, title in [(1, "Refresh the firearms picture"), (2, "Collect on two networks")]:
        services.submission_record(
            actor=secretariat, meeting=ntig, kind="recommendation", title=title,
            priority=priority, marking=Marking.OFFICIAL_SENSITIVE,
        )  # fmt: skip
    assert agenda(next_nttcg) == [
        ("recommendation", "NTIG priority 1: Refresh the firearms picture"),
        ("recommendation", "NTIG priority 2: Collect on two networks"),
    ]
    assert agenda(later) == []
    item = next_nttcg.agenda_items.first()
    assert (item.marking, item.is_automatic, item.submission.status) == (
        Marking.OFFICIAL_SENSITIVE, True, "awaiting",
    )  # fmt: skip


def test_the_nttcg_approves_a_recommendation_by_its_decision(secretariat):
    nttcg = coming("nttcg")
    services.submission_record(
        actor=secretariat, meeting=started("ntig"), kind="recommendation", title="Task the regions"
    )
    item = nttcg.agenda_items.get()
    # The meeting comes round.
    now = timezone.now()
    Meeting.objects.filter(pk=nttcg.pk).update(
        starts_at=now - datetime.timedelta(minutes=30), ends_at=now + datetime.timedelta(hours=2)
    )
    nttcg.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.decision_record(actor=secretariat, meeting=nttcg, text="Noted.", agenda_item=item)
    assert "approved" in error.value.message_dict["outcome"][0]
    services.decision_record(
        actor=secretariat, meeting=nttcg, text="Approved.", agenda_item=item, outcome="approved"
    )
    item.refresh_from_db()
    assert (item.status, item.submission.status) == ("taken", "approved")


def test_an_rtigs_recommendations_go_to_its_own_regions_rttcg_only(secretariat):
    east, south_east = coming("rttcg-eastern"), coming("rttcg-south-east")
    services.submission_record(
        actor=secretariat, meeting=started("rtig-eastern"), kind="recommendation",
        title="Covert assets for Op Lantern",
    )  # fmt: skip
    assert agenda(east) == [("recommendation", "RTIG Eastern: Covert assets for Op Lantern")]
    assert agenda(south_east) == []


def test_each_regional_dmms_report_feeds_the_national_dbm(secretariat):
    dbm = coming("dbm", days=0.5)
    for slug in ("dmm-eastern", "dmm-south-east", "dmm-nca"):
        services.submission_record(
            actor=secretariat, meeting=started(slug), kind="report", title=f"Report of {slug}"
        )
    assert [title for _, title in agenda(dbm)] == [
        "DMM Eastern: Report of dmm-eastern",
        "DMM South East: Report of dmm-south-east",
        "DMM: Report of dmm-nca",
    ]


def test_nsigs_work_feeds_the_nstcg(secretariat):
    nstcg = coming("nstcg", days=60)
    services.submission_record(
        actor=secretariat, meeting=started("nsig"), kind="report", title="Progress on the NSA"
    )
    assert agenda(nstcg) == [("report", "NSIG: Progress on the NSA")]


def test_an_sggs_activity_comes_to_the_nttcg_and_a_threat_groups_report_to_its_sgg(secretariat):
    nttcg, sgg = coming("nttcg"), coming("sgg-economic-crime")
    services.submission_record(
        actor=secretariat, meeting=started("sgg-cyber-crime"), kind="activity",
        title="Ransomware disruption this quarter",
    )  # fmt: skip
    services.submission_record(
        actor=secretariat, meeting=started("tg-fraud"), kind="report", title="Fraud threat update"
    )
    assert agenda(nttcg) == [
        ("activity", "Cyber Crime Strategic Governance Group: Ransomware disruption this quarter")
    ]
    assert agenda(sgg) == [("report", "Fraud Threat Group: Fraud threat update")]


def test_a_group_that_sends_nothing_of_a_kind_cannot_record_it(secretariat):
    with pytest.raises(ValidationError) as error:
        services.submission_record(
            actor=secretariat, meeting=started("rttcg-eastern"), kind="recommendation", title="?"
        )
    assert "sends no recommendations" in error.value.message_dict["kind"][0]


def test_the_next_meeting_is_planned_from_the_cadence_when_not_yet_planned(secretariat):
    assert not group("nttcg").meetings.exists()
    services.submission_record(
        actor=secretariat, meeting=started("ntig"), kind="recommendation", title="Task the regions"
    )
    item = AgendaItem.objects.get()
    assert item.meeting.group.slug == "nttcg"
    assert item.meeting.planned


def test_a_submission_goes_onto_an_agenda_once(secretariat):
    submission = services.submission_record(
        actor=secretariat, meeting=started("ntig"), kind="recommendation", title="Task the regions"
    )
    nttcg = group("nttcg")
    _, created = services.planning._put_on_next_agenda(
        nttcg, after=submission.recorded_at, submission=submission, kind="recommendation",
        title="again", description="", marking="official",
    )  # fmt: skip
    assert not created
    assert AgendaItem.objects.filter(submission=submission).count() == 1


def test_the_feeds_are_data_citing_their_paragraphs():
    ntig = Feed.objects.get(source__slug="ntig", target__slug="nttcg", kind="recommendation")
    assert ntig.stated_in.startswith("OP Annex C ¶2")
    assert Feed.objects.filter(target__slug="dbm", kind="report").count() == 10  # 9 regions + NCA
    assert not Feed.objects.filter(source__region__code="london").exists()
