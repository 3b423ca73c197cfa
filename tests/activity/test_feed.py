import datetime

import pytest
from django.utils import timezone

from activity.choices import EntryKind
from activity.selectors import activity_between
from activity.services import activity_record
from directory.choices import Marking
from tests.factories import organisation

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def feed(kent_officer):
    kent = organisation("Kent Police")
    essex = organisation("Essex Police")
    return [
        activity_record(
            kind=EntryKind.SIGNIFICANT_EVENT, summary="Kent seizure", occurs_at=NOW,
            marking=Marking.OFFICIAL_SENSITIVE, organisation=kent, source=kent,
        ),
        activity_record(
            kind=EntryKind.PLANNED_OPERATION, summary="Essex warrant", occurs_at=NOW,
            marking=Marking.OFFICIAL, organisation=essex,
        ),
        activity_record(
            kind=EntryKind.INTELLIGENCE_DEMAND, summary="Covert demand", occurs_at=NOW,
            marking=Marking.SECRET, urgent=True,
        ),
    ]  # fmt: skip


def summaries(user, start=NOW - datetime.timedelta(hours=1), end=NOW + datetime.timedelta(hours=1)):
    return {entry.summary for entry in activity_between(user=user, start=start, end=end)}


def test_the_nca_sees_the_whole_feed_within_its_clearance(feed, tasking_officer, nca_bpss_analyst):
    assert summaries(tasking_officer) == {"Kent seizure", "Essex warrant", "Covert demand"}
    assert summaries(nca_bpss_analyst) == {"Kent seizure", "Essex warrant"}


def test_a_partner_sees_only_its_own_organisations_entries(feed, kent_officer, essex_pcc_office):
    assert summaries(kent_officer) == {"Kent seizure"}
    assert summaries(essex_pcc_office) == set()


def test_an_entry_names_its_source(feed):
    assert (feed[0].source_type, feed[0].source_id) == (
        "directory.organisation",
        str(organisation("Kent Police").pk),
    )


def test_the_window_is_half_open(feed, tasking_officer):
    assert summaries(tasking_officer, start=NOW + datetime.timedelta(seconds=1)) == set()
    assert summaries(tasking_officer, end=NOW) == set()
