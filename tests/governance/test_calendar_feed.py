"""Each member's calendar feed: a secret address, their meetings only, nothing marked
above OFFICIAL."""

import pytest
from icalendar import Calendar

from directory.choices import Marking
from governance import services
from governance.models import CalendarToken
from tests.governance.conftest import coming, member

pytestmark = pytest.mark.django_db


def feed(client, token):
    return client.get(f"/governance/calendar/{token}.ics")


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return [c for c in Calendar.from_ical(response.content).walk() if c.name == "VEVENT"]


@pytest.fixture
def ntig_member(tasking_officer, secretariat):
    member("ntig", tasking_officer)
    meeting = coming("ntig")
    services.agenda_item_add(actor=secretariat, meeting=meeting, title="Firearms picture")
    services.agenda_item_add(
        actor=secretariat, meeting=meeting, title="Covert source handling", marking=Marking.SECRET
    )
    coming("nttcg")  # not a member: not in the feed, though the NCA may see it
    return tasking_officer


def test_a_member_subscribes_to_their_meetings_without_signing_in(client, ntig_member):
    token = services.calendar_token_issue(user=ntig_member)
    found = events(feed(client, token))
    assert [str(event["summary"]) for event in found] == ["NTIG meeting"]
    event = found[0]
    assert "Firearms picture" in str(event["description"])
    assert str(event["uid"]).startswith("governance-meeting-")
    assert event["dtstart"].dt.utcoffset().total_seconds() == 0


def test_nothing_marked_above_official_goes_into_the_calendar(client, ntig_member):
    token = services.calendar_token_issue(user=ntig_member)
    assert b"Covert" not in feed(client, token).content


def test_only_a_digest_of_the_token_is_kept(ntig_member):
    token = services.calendar_token_issue(user=ntig_member)
    assert token not in CalendarToken.objects.get(user=ntig_member).digest


def test_a_new_address_revokes_the_old_and_revoking_stops_the_feed(client, ntig_member):
    old = services.calendar_token_issue(user=ntig_member)
    new = services.calendar_token_issue(user=ntig_member)
    assert feed(client, old).status_code == 404
    assert feed(client, new).status_code == 200
    services.calendar_token_revoke(user=ntig_member)
    assert feed(client, new).status_code == 404


def test_a_guessed_token_finds_nothing(client):
    assert feed(client, "not-a-token").status_code == 404


def test_a_person_who_left_has_no_feed(client, ntig_member):
    token = services.calendar_token_issue(user=ntig_member)
    ntig_member.is_active = False
    ntig_member.save()
    assert feed(client, token).status_code == 404


def test_a_pcc_office_member_sees_the_meetings_it_may_see(client, kent_pcc_office):
    member("rttcg-eastern", kent_pcc_office)
    coming("rttcg-eastern")
    token = services.calendar_token_issue(user=kent_pcc_office)
    assert [str(e["summary"]) for e in events(feed(client, token))] == ["RTTCG Eastern meeting"]


def test_a_cancelled_meeting_shows_as_cancelled(client, ntig_member, secretariat):
    meeting = coming("ntig")
    coming("ntig", days=60)
    services.meeting_cancel(actor=secretariat, meeting=meeting, reason="No quorum")
    token = services.calendar_token_issue(user=ntig_member)
    statuses = [str(e["status"]) for e in events(feed(client, token))]
    assert statuses == ["CANCELLED", "CONFIRMED"]
