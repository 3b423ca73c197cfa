"""The commitments page: grouped national, regional and by governing body; the same
number of queries with few records and many; the filters' errors on the page."""

import datetime

import pytest
from django.utils import timezone

from directory.models import Region
from engagement.choices import EventKind
from tests.factories import (
    circulated_report,
    engagement_event,
    held_meeting,
    organisation,
    request_to_nca,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def some_evidence(analyst, dg, kent_officer, bodies, days):
    """Records of every kind the page names as evidence, for `bodies` and on `days`."""
    eastern = Region.objects.get(code="eastern")
    for day in days:
        held_meeting("nstcg", day)
        held_meeting("rstcg-eastern", day)
        engagement_event(EventKind.REGIONAL_MEETING, day, region=eastern, senior_officer=dg)
        request_to_nca(kent_officer, at(day + datetime.timedelta(days=3)))
        for body in bodies:
            circulated_report(analyst, organisation(body), at(day))
        engagement_event(EventKind.ENGAGEMENT_DAY, day)


def test_the_page_keeps_its_query_count_with_many_records(
    client, tasking_officer, analyst, dg, kent_officer, django_assert_num_queries
):
    client.force_login(tasking_officer)
    client.get("/commitments/")  # the session's first request records the sign-in's use
    some_evidence(
        analyst, dg, kent_officer, ["Police and Crime Commissioner for Kent"], [D(2026, 3, 2)]
    )
    with django_assert_num_queries(QUERIES) as few:
        response = client.get("/commitments/?on_day=10&on_month=3&on_year=2026")
    assert response.status_code == 200
    assert "as it stands on 10 March 2026" in response.content.decode()
    some_evidence(
        analyst,
        dg,
        kent_officer,
        ["Police and Crime Commissioner for Kent", "Police, Fire and Crime Commissioner for Essex"],
        [D(2026, 3, 3), D(2026, 3, 4), D(2026, 3, 5)],
    )
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/commitments/?on_day=10&on_month=3&on_year=2026").status_code == 200


QUERIES = 15


def test_the_page_groups_commitments_and_says_their_status_and_source(client, tasking_officer):
    client.force_login(tasking_officer)
    text = client.get("/commitments/").content.decode()
    for heading in ("National", "Regional", "Governing bodies"):
        assert f'<h2 class="govuk-heading-m">{heading}</h2>' in text
    assert "The NSTCG meets every six months" in text
    assert "govuk-tag--red" in text
    assert "Missed" in text
    assert "OP Annex C" in text


def test_a_pcc_office_sees_its_own_body_and_not_anothers(client, kent_pcc_office):
    client.force_login(kent_pcc_office)
    text = client.get("/commitments/").content.decode()
    assert "Police and Crime Commissioner for Kent" in text
    assert "Essex" not in text


def test_a_filter_it_does_not_take_is_an_error_on_the_page(client, tasking_officer):
    client.force_login(tasking_officer)
    response = client.get("/commitments/?scope=county")
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_the_secretariat_changes_the_window_and_the_period(client, secretariat):
    from commitments.models import CommitmentSettings

    client.force_login(secretariat)
    assert "Change how soon" in client.get("/commitments/").content.decode()
    response = client.post(
        "/commitments/settings/", {"due_soon_days": "21", "circulation_days": "60"}
    )
    assert response.status_code == 302
    row = CommitmentSettings.current()
    assert (row.due_soon_days, row.circulation_days) == (21, 60)


def test_a_window_out_of_bounds_is_refused_on_its_field(client, secretariat):
    client.force_login(secretariat)
    response = client.post(
        "/commitments/settings/", {"due_soon_days": "91", "circulation_days": "60"}
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_a_rocu_officer_may_not_change_the_settings(client, south_east_rocu_officer):
    client.force_login(south_east_rocu_officer)
    assert "Change how soon" not in client.get("/commitments/").content.decode()
    assert client.get("/commitments/settings/").status_code == 403
