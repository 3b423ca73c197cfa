"""Each commitment's status, met, due soon and missed, read on days set against dated
records (issue 13 §3)."""

import datetime

import pytest
from django.utils import timezone

from commitments.catalogue import measure_all
from commitments.selectors import day_of
from directory.models import Region
from engagement.choices import EventKind
from governance.models import Cadence
from tests.engagement.conftest import delivered_notice
from tests.factories import (
    circulated_report,
    engagement_event,
    held_meeting,
    organisation,
    request_to_nca,
)

pytestmark = pytest.mark.django_db
D = datetime.date
KENT_PCC = "Police and Crime Commissioner for Kent"


def entry(code, on, scope_name="National"):
    found = [e for e in measure_all(day_of(on)) if e.code == code and e.scope_name == scope_name]
    assert len(found) == 1, found
    return found[0]


def at(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# --- cadences (OP Annex C) --------------------------------------------------------------


def test_the_nstcg_is_met_for_six_months_after_it_meets():
    held_meeting("nstcg", D(2026, 1, 14))
    nstcg = entry("nstcg-cadence", D(2026, 3, 1))
    assert (nstcg.status, nstcg.due_on) == ("met", D(2026, 7, 14))
    assert [e.label for e in nstcg.evidence] == ["NSTCG held on 14 January 2026"]


def test_the_nstcg_is_due_soon_within_the_window_when_no_meeting_is_planned():
    held_meeting("nstcg", D(2026, 1, 14))
    assert entry("nstcg-cadence", D(2026, 7, 5)).status == "due_soon"


def test_a_planned_meeting_keeps_the_nstcg_met_within_the_window():
    held_meeting("nstcg", D(2026, 1, 14))
    held_meeting("nstcg", D(2026, 7, 13), status="scheduled")
    assert entry("nstcg-cadence", D(2026, 7, 5)).status == "met"


def test_the_nstcg_is_missed_once_six_months_pass_without_a_held_meeting():
    held_meeting("nstcg", D(2026, 1, 14))
    held_meeting("nstcg", D(2026, 7, 13), status="cancelled")
    nstcg = entry("nstcg-cadence", D(2026, 7, 15))
    assert (nstcg.status, nstcg.due_on) == ("missed", D(2026, 7, 14))


def test_a_meeting_held_after_the_day_does_not_count_on_it():
    held_meeting("ntig", D(2026, 1, 7))
    held_meeting("ntig", D(2026, 2, 25))
    assert entry("ntig-cadence", D(2026, 2, 15)).status == "due_soon"
    assert entry("ntig-cadence", D(2026, 2, 26)).status == "met"


def test_the_dbm_is_met_while_held_daily_and_missed_the_day_after_a_day_without():
    held_meeting("dbm", D(2026, 3, 2))
    held_meeting("dbm", D(2026, 3, 3), status="scheduled")
    assert entry("dbm-cadence", D(2026, 3, 3)).status == "met"
    assert entry("dbm-cadence", D(2026, 3, 4)).status == "missed"


def test_each_region_has_its_own_rstcg_and_a_meeting_elsewhere_does_not_count():
    held_meeting("rstcg-eastern", D(2026, 1, 20))
    assert entry("rstcg-cadence", D(2026, 3, 1), "Eastern").status == "met"
    assert entry("rstcg-cadence", D(2026, 3, 1), "South East").status == "missed"


def test_an_rtig_without_a_cadence_is_listed_with_no_cadence_set():
    Cadence.objects.filter(group__slug="rtig-eastern").delete()
    rtig = entry("rtig-cadence", D(2026, 3, 1), "Eastern")
    assert (rtig.status, rtig.due_on) == ("not_set", None)
    assert "no cadence" in rtig.note


def test_an_rtig_with_its_cadence_set_is_measured_against_it():
    held_meeting("rtig-eastern", D(2026, 2, 12))
    rtig = entry("rtig-cadence", D(2026, 2, 20), "Eastern")
    assert (rtig.status, rtig.due_on) == ("met", D(2026, 3, 12))


# --- the engagement day (PCC §17) -------------------------------------------------------


def test_the_engagement_day_is_met_for_a_year_after_it_is_held():
    engagement_event(EventKind.ENGAGEMENT_DAY, D(2025, 10, 1), endorsed_on=D(2025, 8, 1))
    day = entry("engagement-day", D(2026, 6, 1))
    assert (day.status, day.due_on) == ("met", D(2026, 10, 1))


def test_the_engagement_day_is_due_soon_then_missed_when_the_next_is_not_planned():
    engagement_event(EventKind.ENGAGEMENT_DAY, D(2025, 10, 1), endorsed_on=D(2025, 8, 1))
    assert entry("engagement-day", D(2026, 9, 25)).status == "due_soon"
    assert entry("engagement-day", D(2026, 10, 2)).status == "missed"


def test_the_engagement_day_planned_in_time_is_met():
    engagement_event(EventKind.ENGAGEMENT_DAY, D(2025, 10, 1), endorsed_on=D(2025, 8, 1))
    engagement_event(EventKind.ENGAGEMENT_DAY, D(2026, 9, 30), endorsed_on=D(2026, 8, 1))
    day = entry("engagement-day", D(2026, 9, 25))
    assert day.status == "met"
    assert [e.label for e in day.evidence] == [
        "Engagement day held for 1 October 2025",
        "Engagement day planned for 30 September 2026",
    ]


def test_no_engagement_day_held_or_planned_is_missed():
    day = entry("engagement-day", D(2026, 6, 1))
    assert (day.status, day.due_on) == ("missed", None)


# --- regional meetings (PCC §18) --------------------------------------------------------


def test_a_region_met_within_the_year_is_met_and_missed_after_it(dg):
    eastern = Region.objects.get(code="eastern")
    engagement_event(EventKind.REGIONAL_MEETING, D(2025, 11, 3), region=eastern, senior_officer=dg)
    assert entry("regional-meeting", D(2026, 6, 1), "Eastern").status == "met"
    assert entry("regional-meeting", D(2026, 10, 27), "Eastern").status == "due_soon"
    missed = entry("regional-meeting", D(2026, 11, 4), "Eastern")
    assert (missed.status, missed.due_on) == ("missed", D(2026, 11, 3))


def test_a_region_never_met_is_missed():
    never = entry("regional-meeting", D(2026, 6, 1), "South East")
    assert (never.status, never.due_on) == ("missed", None)


# --- key intelligence reports circulated (PCC §19) --------------------------------------


def test_a_body_is_met_within_the_circulation_period_then_due_soon_then_missed(dg):
    circulated_report(dg, organisation(KENT_PCC), at(D(2026, 3, 1)))
    assert entry("report-circulation", D(2026, 4, 1), KENT_PCC).status == "met"
    assert entry("report-circulation", D(2026, 5, 20), KENT_PCC).status == "due_soon"
    missed = entry("report-circulation", D(2026, 6, 1), KENT_PCC)
    assert (missed.status, missed.due_on) == ("missed", D(2026, 5, 31))


def test_the_circulation_period_is_a_setting(dg):
    from commitments.models import CommitmentSettings

    circulated_report(dg, organisation(KENT_PCC), at(D(2026, 3, 1)))
    CommitmentSettings.objects.filter(pk=1).update(circulation_days=120)
    assert entry("report-circulation", D(2026, 6, 1), KENT_PCC).status == "met"


def test_a_report_to_another_body_does_not_count_for_kent(dg):
    essex = "Police, Fire and Crime Commissioner for Essex"
    circulated_report(dg, organisation(essex), at(D(2026, 3, 1)))
    assert entry("report-circulation", D(2026, 4, 1), essex).status == "met"
    assert entry("report-circulation", D(2026, 4, 1), KENT_PCC).status == "missed"


# --- notices acknowledged (PCC §20) -----------------------------------------------------


def test_a_notice_waiting_is_due_soon_and_missed_after_its_date(dg):
    notice = delivered_notice(dg)
    today = timezone.localdate()
    waiting = entry("notice-acknowledgement", today, KENT_PCC)
    assert (waiting.status, waiting.due_on) == ("due_soon", notice.acknowledgement_due_on)
    after = notice.acknowledgement_due_on + datetime.timedelta(days=1)
    assert entry("notice-acknowledgement", after, KENT_PCC).status == "missed"


def test_an_acknowledged_notice_is_met(dg, kent_pcc_office):
    from engagement.services import pcc_notice_acknowledge

    notice = delivered_notice(dg)
    pcc_notice_acknowledge(actor=kent_pcc_office, notice=notice)
    after = notice.acknowledgement_due_on + datetime.timedelta(days=1)
    met = entry("notice-acknowledgement", after, KENT_PCC)
    assert (met.status, met.due_on) == ("met", None)


# --- requests answered by their due date (OP §5) ----------------------------------------


def test_a_request_undecided_past_its_due_date_is_missed(kent_officer):
    request_to_nca(kent_officer, at(D(2026, 3, 10)))
    assert entry("request-deadlines", D(2026, 3, 5)).status == "due_soon"
    missed = entry("request-deadlines", D(2026, 3, 11))
    assert (missed.status, missed.due_on) == ("missed", D(2026, 3, 10))
    assert missed.evidence[0].label.endswith("due 10 March 2026")


def test_a_request_decided_in_time_is_met(kent_officer):
    request_to_nca(
        kent_officer, at(D(2026, 3, 10)), status="accepted", decided_at=at(D(2026, 3, 9))
    )
    assert entry("request-deadlines", D(2026, 3, 11)).status == "met"


def test_a_request_decided_late_was_missed_until_it_was_decided(kent_officer):
    request_to_nca(
        kent_officer, at(D(2026, 3, 10)), status="accepted", decided_at=at(D(2026, 3, 20))
    )
    assert entry("request-deadlines", D(2026, 3, 11)).status == "missed"
    assert entry("request-deadlines", D(2026, 3, 21)).status == "met"
