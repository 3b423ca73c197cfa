"""The meetings page: today's meetings and those to come first, past ones a tab away,
filters by group, region and days typed in the date boxes, and a past meeting nobody
recorded said to be so."""

import datetime
import re

import pytest
from django.utils import timezone

from governance.choices import MeetingStatus
from governance.models import Meeting
from tests.factories import date_boxes
from tests.governance.conftest import coming, started

pytestmark = pytest.mark.django_db

URL = "/governance/meetings/"


def rows(client, query=None, status=200) -> list[str]:
    """The meetings the page lists, in order, as their links."""
    response = client.get(URL, query or {})
    assert response.status_code == status, response.content[:2000]
    return re.findall(r'href="(/governance/meetings/\d+/)"', response.content.decode())


@pytest.fixture
def meetings(db):
    return {
        "last_month": started("nttcg", hours_ago=24 * 30),
        "last_week": started("nttcg", hours_ago=24 * 7),
        "next_week": coming("nttcg", days=7),
        "tomorrow": coming("rttcg-eastern", days=1),
        "next_month": coming("rttcg-south-east", days=30),
    }


def test_the_list_opens_on_the_meetings_to_come_soonest_first(client, tasking_officer, meetings):
    client.force_login(tasking_officer)
    expected = [meetings[k].get_absolute_url() for k in ("tomorrow", "next_week", "next_month")]
    assert rows(client) == expected


def test_past_meetings_are_a_tab_away_latest_first(client, tasking_officer, meetings):
    client.force_login(tasking_officer)
    page = client.get(URL).content.decode()
    assert 'href="?when=past"' in page
    assert rows(client, {"when": "past"}) == [
        meetings["last_week"].get_absolute_url(),
        meetings["last_month"].get_absolute_url(),
    ]
    past_page = client.get(URL, {"when": "past"}).content.decode()
    assert re.search(r'aria-current="page">Past meetings<', past_page)


def test_a_past_meeting_nobody_recorded_says_so(client, tasking_officer, meetings):
    Meeting.objects.filter(pk=meetings["last_month"].pk).update(status=MeetingStatus.CANCELLED)
    client.force_login(tasking_officer)
    page = client.get(URL, {"when": "past"}).content.decode()
    assert page.count("Not recorded") == 1  # last week's; last month's was cancelled
    assert "Cancelled" in page
    assert meetings["last_week"].status == MeetingStatus.SCHEDULED
    detail = client.get(meetings["last_week"].get_absolute_url()).content.decode()
    assert "Not recorded" in detail
    assert "Not recorded" not in client.get(URL).content.decode()


def test_the_list_filters_by_group_and_region(client, tasking_officer, meetings):
    client.force_login(tasking_officer)
    assert rows(client, {"group": "NTTCG"}) == [meetings["next_week"].get_absolute_url()]
    assert rows(client, {"region": "south-east"}) == [meetings["next_month"].get_absolute_url()]
    assert rows(client, {"when": "past", "group": "RTTCG"}) == []


def test_the_list_filters_by_days_typed_in_the_date_boxes(client, tasking_officer, meetings):
    client.force_login(tasking_officer)
    today = timezone.localdate()
    query = date_boxes("starts_from", today + datetime.timedelta(days=2)) | date_boxes(
        "starts_to", today + datetime.timedelta(days=8)
    )
    assert rows(client, query) == [meetings["next_week"].get_absolute_url()]
    two_weeks_ago = date_boxes("starts_from", today - datetime.timedelta(days=14))
    past = rows(client, {"when": "past", **two_weeks_ago})
    assert past == [meetings["last_week"].get_absolute_url()]


def test_a_date_missing_its_month_is_named_and_filters_nothing(client, tasking_officer, meetings):
    client.force_login(tasking_officer)
    response = client.get(URL, {"starts_from_day": "3", "starts_from_year": "2027"})
    page = response.content.decode()
    assert "The from date must include a month" in page
    assert 'href="#id_starts_from"' in page
    assert page.count("govuk-input--error") == 1
    assert 'govuk-input--width-2 govuk-input--error" id="id_starts_from_1"' in page
    assert len(rows(client, {"starts_from_day": "3", "starts_from_year": "2027"})) == 3
