"""The requests and decisions page (issue 13 §4): request volumes both ways, answers
against their deadlines and the NCA's role decided, by month. Each chart's figures are
the same in its drawing's data, its table and its CSV; each counts only what its reader
may see; the period is bounded; the page's queries do not grow with the rows."""

import csv
import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from delivery import rules
from directory.choices import Marking
from tasking import services
from tasking.models import TaskingRequest
from tests.conftest import person
from tests.delivery.conftest import month_label, months_ago
from tests.factories import date_boxes, organisation

pytestmark = pytest.mark.django_db

PAGE = "/delivery/requests/"


def charts_of(response) -> dict:
    return {chart.name: chart for chart in response.context["charts"]}


def figures(chart) -> dict:
    """{period: {series name: value}} of the months that count anything."""
    return {
        period: {one.name: value for one, value in zip(chart.series, values, strict=True)}
        for period, values in chart.rows
        if any(values)
    }


def table_rows(html: str, name: str) -> list[list[str]]:
    """The body rows of a chart's table on the page: the period, then each figure."""
    section = html[html.index(f'id="{name}-heading"') :]
    section = section[: section.index("</section>")]
    body = section[section.index("<tbody") : section.index("</tbody>")]
    return [
        re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def csv_rows(client, name: str, query: dict | None = None) -> list[list[str]]:
    response = client.get(PAGE, {**(query or {}), "csv": name})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(response.content.decode().splitlines()))


def assert_table_and_csv_agree(client, response, name):
    chart = charts_of(response)[name]
    expected = [[period, *map(str, values)] for period, values in chart.rows]
    assert table_rows(response.content.decode(), name) == expected
    rows = csv_rows(client, name)
    assert rows[0] == [chart.period_heading, *(one.name for one in chart.series)]
    assert rows[1:] == expected


# --- requests received ---------------------------------------------------------------------


def test_requests_are_counted_each_month_both_ways_alike_in_the_chart_table_and_csv(
    client, tasking_officer, kent_officer, hmrc_officer, submitted
):
    submitted(kent_officer, months=2)
    submitted(hmrc_officer, months=2)
    submitted(hmrc_officer, months=1)
    submitted(tasking_officer, months=1, addressed="Kent Police")
    client.force_login(tasking_officer)

    response = client.get(PAGE)

    assert response.status_code == 200
    assert figures(charts_of(response)["requests"]) == {
        month_label(2): {"Partner to NCA": 2, "NCA to partner": 0},
        month_label(1): {"Partner to NCA": 1, "NCA to partner": 1},
    }
    assert "3 from partners to the NCA and 1 from the NCA to partners" in (
        charts_of(response)["requests"].description
    )
    assert_table_and_csv_agree(client, response, "requests")


def test_a_draft_is_not_a_request_received(client, tasking_officer, kent_officer):
    services.request_create(
        actor=kent_officer,
        addressed_organisation=organisation("National Crime Agency"),
        summary="Not sent yet",
        how_this_assists="It would.",
    )
    client.force_login(tasking_officer)
    assert figures(charts_of(client.get(PAGE))["requests"]) == {}


# --- answers against deadlines ---------------------------------------------------------------


def test_answers_are_counted_by_the_month_they_were_due(
    client, tasking_officer, kent_officer, hmrc_officer, submitted, decide
):
    on_time = submitted(kent_officer, months=3, due_in=5)
    decide(tasking_officer, on_time, "support", at=months_ago(3, day=12))
    late = submitted(hmrc_officer, months=3, due_in=5)
    decide(tasking_officer, late, "lead", at=months_ago(3, day=20))
    # Kent answers an NCA request after its deadline.
    asked = submitted(tasking_officer, months=2, addressed="Kent Police", due_in=3)
    services.request_respond(actor=kent_officer, request=asked, accept=True)
    submitted(kent_officer, months=1, due_in=2)  # still open, its deadline passed
    withdrawn = submitted(hmrc_officer, months=1, due_in=2)
    services.request_withdraw(actor=hmrc_officer, request=withdrawn)
    not_yet_due = submitted(hmrc_officer, months=1)
    TaskingRequest.objects.filter(pk=not_yet_due.pk).update(
        due_at=timezone.now() + datetime.timedelta(days=3)
    )
    client.force_login(tasking_officer)

    response = client.get(PAGE)

    assert figures(charts_of(response)["deadlines"]) == {
        month_label(3): {
            "Answered by the deadline": 1,
            "Answered late": 1,
            "Still open, overdue": 0,
        },
        month_label(2): {
            "Answered by the deadline": 0,
            "Answered late": 1,
            "Still open, overdue": 0,
        },
        month_label(1): {
            "Answered by the deadline": 0,
            "Answered late": 0,
            "Still open, overdue": 1,
        },
    }
    assert_table_and_csv_agree(client, response, "deadlines")


# --- decisions by role -------------------------------------------------------------------------


@pytest.fixture
def kent_operation(kent_officer):
    target = services.target_create(actor=kent_officer, name="The Medway Robbers", kind="group")
    return services.operation_create(
        actor=kent_officer,
        target=target,
        name="Operation Kestrel",
        lead_organisation=organisation("Kent Police"),
    )


def _operation_decision(actor, operation, outcome, at):
    lead = organisation("National Crime Agency" if outcome == "lead" else "Kent Police")
    return services.operation_decide(
        actor=actor,
        operation=operation,
        outcome=outcome,
        lead_organisation=lead,
        rationale="Judged on the evidence.",
        tests={"priority_target": True, "specialist_capability": True,
               "urgent_action": False, "beyond_partner_capability": False},
        departure_reason="Professional judgement on the evidence.",
        decided_at=at,
    )  # fmt: skip


def test_each_operation_or_request_counts_once_a_month_by_its_last_decision(
    client, tasking_officer, kent_officer, hmrc_officer, submitted, decide, kent_operation
):
    _operation_decision(tasking_officer, kent_operation, "support", months_ago(3))
    # Two decisions in one month: only the later, "lead", counts that month.
    _operation_decision(tasking_officer, kent_operation, "coordinate", months_ago(2, day=5))
    _operation_decision(tasking_officer, kent_operation, "lead", months_ago(2, day=20))
    decide(tasking_officer, submitted(hmrc_officer, months=2), "coordinate", at=months_ago(2))
    decide(tasking_officer, submitted(hmrc_officer, months=2), "decline", at=months_ago(2))
    client.force_login(tasking_officer)

    response = client.get(PAGE)

    assert figures(charts_of(response)["decisions"]) == {
        month_label(3): {"Leads": 0, "Supports": 1, "Coordinates": 0},
        month_label(2): {"Leads": 1, "Supports": 0, "Coordinates": 1},
    }
    assert_table_and_csv_agree(client, response, "decisions")


# --- what each reader may see --------------------------------------------------------------


def test_a_kent_officers_figures_count_only_what_kent_may_see(
    client, tasking_officer, kent_officer, hmrc_officer, submitted, decide, kent_operation
):
    submitted(kent_officer, months=2)
    decide(tasking_officer, submitted(hmrc_officer, months=2), "lead", at=months_ago(2))
    submitted(tasking_officer, months=1, addressed="Essex Police")
    _operation_decision(tasking_officer, kent_operation, "support", months_ago(1))
    client.force_login(kent_officer)

    drawn = charts_of(client.get(PAGE))

    assert figures(drawn["requests"]) == {
        month_label(2): {"Partner to NCA": 1, "NCA to partner": 0}
    }
    assert figures(drawn["decisions"]) == {
        month_label(1): {"Leads": 0, "Supports": 1, "Coordinates": 0}
    }
    assert [row[1:] for row in csv_rows(client, "requests")[1:] if row[1:] != ["0", "0"]] == [
        ["1", "0"]
    ]


def test_a_figure_never_counts_a_request_above_the_readers_clearance(
    client, tasking_officer, nca_bpss_analyst, hmrc_officer, submitted, decide
):
    secret = submitted(hmrc_officer, months=1, marking=Marking.SECRET)
    decide(tasking_officer, secret, "lead", at=months_ago(1, day=12))
    submitted(hmrc_officer, months=1)

    client.force_login(nca_bpss_analyst)
    drawn = charts_of(client.get(PAGE))
    assert sum(drawn["requests"].totals) == 1
    assert drawn["deadlines"].totals == [0, 0, 1]  # the OFFICIAL one, still open
    assert sum(drawn["decisions"].totals) == 0

    client.force_login(tasking_officer)
    drawn = charts_of(client.get(PAGE))
    assert sum(drawn["requests"].totals) == 2
    assert drawn["deadlines"].totals == [1, 0, 1]
    assert sum(drawn["decisions"].totals) == 1


def test_the_nca_and_partners_officers_may_read_the_figures_and_a_pcc_office_may_not(
    tasking_officer, kent_officer, hmrc_officer, kent_pcc_office
):
    for reader in (tasking_officer, kent_officer, hmrc_officer):
        rules.check_may_read_request_figures(reader)
    with pytest.raises(PermissionDenied):
        rules.check_may_read_request_figures(kent_pcc_office)


def test_a_pcc_office_is_refused_the_page_and_its_csv(client, kent_pcc_office):
    client.force_login(kent_pcc_office)
    assert client.get(PAGE).status_code == 403
    assert client.get(PAGE, {"csv": "requests"}).status_code == 403


# --- the period ------------------------------------------------------------------------------


def test_the_page_shows_the_last_12_months_unless_asked(client, tasking_officer):
    client.force_login(tasking_officer)
    chart = charts_of(client.get(PAGE))["requests"]
    assert chart.periods[0] == month_label(11)
    assert len(chart.periods) == 12


def test_a_chosen_period_is_counted_by_its_months_and_named_in_the_csv_file(
    client, tasking_officer, hmrc_officer, submitted
):
    submitted(hmrc_officer, months=4)
    submitted(hmrc_officer, months=2)
    starts, ends = months_ago(5, day=1).date(), months_ago(3, day=28).date()
    query = {**date_boxes("starts", starts), **date_boxes("ends", ends)}
    client.force_login(tasking_officer)

    chart = charts_of(client.get(PAGE, query))["requests"]
    download = client.get(PAGE, {**query, "csv": "requests"})

    assert chart.periods == (month_label(5), month_label(4), month_label(3))
    assert chart.totals == [1, 0]
    assert download["Content-Disposition"] == (
        f'attachment; filename="requests-and-decisions-requests-{starts:%Y-%m-%d}-to-'
        f'{ends:%Y-%m-%d}.csv"'
    )


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"starts_day": "31", "starts_month": "2", "starts_year": "2025"}, "starts",
         "The start date must be a real date"),
        ({"ends_day": "1", "ends_month": "1"}, "ends", "The end date must include a year"),
        ({"ends_day": "1", "ends_month": "1", "ends_year": "3026"}, "ends",
         "The end date must be today or in the past"),
        ({"starts_day": "1", "starts_month": "1", "starts_year": "1999"}, "starts",
         "The start date must be on or after 1 January 2000"),
        ({**date_boxes("starts", datetime.date(2025, 6, 1)),
          **date_boxes("ends", datetime.date(2025, 5, 1))}, "starts",
         "The start date must be on or before the end date"),
        ({**date_boxes("starts", datetime.date(2022, 1, 1)),
          **date_boxes("ends", datetime.date(2025, 1, 1))}, "starts",
         "The period must be 3 years or shorter: choose a later start date"),
    ],
)  # fmt: skip
def test_a_period_the_page_does_not_take_is_a_400_naming_the_date(
    client, tasking_officer, query, field, message
):
    client.force_login(tasking_officer)
    for asked in (query, {**query, "csv": "requests"}):
        response = client.get(PAGE, asked)
        assert response.status_code == 400
        assert response.context["form"].errors == {field: [message]}
        assert response.context["charts"] == []
        assert message in response.content.decode()


def test_a_csv_of_a_chart_the_page_does_not_have_is_a_404(client, tasking_officer):
    client.force_login(tasking_officer)
    assert client.get(PAGE, {"csv": "pie"}).status_code == 404


def test_a_period_of_exactly_3_years_is_taken(client, tasking_officer):
    ends = timezone.localdate()
    starts = datetime.date(ends.year - 3, ends.month, 1) + datetime.timedelta(days=31)
    client.force_login(tasking_officer)
    response = client.get(PAGE, {**date_boxes("starts", starts), **date_boxes("ends", ends)})
    assert response.status_code == 200
    assert len(charts_of(response)["requests"].periods) == 36


# --- the cost of the page -------------------------------------------------------------------


def test_the_page_reads_the_same_queries_for_one_row_or_many(
    client, tasking_officer, kent_officer, hmrc_officer, submitted, decide,
    django_assert_num_queries,
):  # fmt: skip
    client.force_login(tasking_officer)
    decide(tasking_officer, submitted(kent_officer, months=2), "lead", at=months_ago(2))
    client.get(PAGE)  # the session and content types, read once
    with django_assert_num_queries(QUERIES):
        client.get(PAGE)
    for months in range(1, 11):
        decide(tasking_officer, submitted(hmrc_officer, months=months), "support",
               at=months_ago(months, day=20))  # fmt: skip
        submitted(person(f"kent-{months}", "Kent Police", "force_officer"), months=months)
    with django_assert_num_queries(QUERIES):
        response = client.get(PAGE)
    assert sum(charts_of(response)["requests"].totals) == 21


# The person, their second factor, and one query for each of the three charts.
QUERIES = 5
