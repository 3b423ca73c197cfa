"""The priorities page and a priority's page (issue 13 §4): per priority in force, the
operations serving it, the requests citing it and its results, each counted for the
reader; a priority's results by month, alike in its chart, table and CSV."""

import datetime

import pytest
from django.utils import timezone

from directory.choices import Marking
from tasking.choices import NcaRole, ResultKind
from tests.delivery.conftest import month_label, months_ago
from tests.delivery.pages import assert_table_and_csv_agree, charts_of
from tests.delivery.records import operation, result
from tests.factories import date_boxes

pytestmark = pytest.mark.django_db

PAGE = "/delivery/priorities/"
PURSUE = f"{PAGE}pursue-soc/"


def row_of(response, code="pursue-soc"):
    return next(row for row in response.context["rows"] if row.priority.code == code)


def test_the_dg_reads_each_priority_s_operations_and_results_by_role(client, dg):
    raid = operation("Raid", priorities=["pursue-soc"])
    today = timezone.localdate()
    result(raid, ResultKind.ARREST, on=today, people=4)
    result(raid, ResultKind.ARREST, on=today, people=1, nca_role=NcaRole.SUPPORT)
    client.force_login(dg)

    response = client.get(PAGE)

    assert response.status_code == 200
    pursue = row_of(response)
    assert (pursue.operations, pursue.tally.people["arrest"]) == (1, 5)
    assert pursue.tally.roles == {"lead": 1, "support": 1}
    page = response.content.decode()
    assert "5 arrested" in page
    assert "1 led<br>1 supported<br>0 coordinated" in page


def test_a_kent_officer_s_priorities_count_only_kent_s_operations_within_clearance(
    client, kent_officer
):
    kents = operation("Kent raid", "Kent Police", priorities=["pursue-soc"])
    today = timezone.localdate()
    result(kents, on=today, people=2)
    result(kents, on=today, people=5, marking=Marking.SECRET)
    result(operation("NCA raid", priorities=["pursue-soc"]), on=today, people=7)
    client.force_login(kent_officer)

    pursue = row_of(client.get(PAGE))

    assert (pursue.operations, pursue.tally.people["arrest"]) == (1, 2)


def test_the_priorities_of_another_day_are_shown_and_a_day_to_come_is_refused(client, dg):
    client.force_login(dg)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    assert client.get(PAGE, date_boxes("on", datetime.date(2016, 1, 1))).status_code == 200
    refused = client.get(PAGE, date_boxes("on", tomorrow))

    assert refused.status_code == 400
    assert refused.context["form"].errors == {"on": ["The day must be today or in the past"]}


def test_the_priorities_page_reads_the_same_queries_for_one_result_or_many(
    client, dg, django_assert_num_queries
):
    client.force_login(dg)
    today = timezone.localdate()
    result(operation("Raid", priorities=["pursue-soc"]), on=today)
    client.get(PAGE)
    with django_assert_num_queries(PRIORITIES_QUERIES):
        client.get(PAGE)
    for kind in ResultKind.values:
        result(operation(f"Raid {kind}", priorities=["highest-risk"]), kind, on=today)
    with django_assert_num_queries(PRIORITIES_QUERIES):
        client.get(PAGE)


# The person, their second factor, and the four of priorities_delivery.
PRIORITIES_QUERIES = 6


# --- one priority ----------------------------------------------------------------------


def test_a_priority_s_results_by_month_agree_in_chart_table_and_csv(client, dg):
    raid = operation("Raid", priorities=["pursue-soc"])
    result(raid, ResultKind.ARREST, on=months_ago(2).date(), people=3)
    result(raid, ResultKind.CONVICTION, on=months_ago(1).date(), people=2)
    result(raid, ResultKind.ASSETS_SEIZED, on=months_ago(1).date(), amount=1200)
    result(raid, ResultKind.PREVENTION, on=months_ago(3).date(), significance="moderate")
    elsewhere = operation("Elsewhere", priorities=["capabilities"])
    result(elsewhere, on=months_ago(1).date(), serving="capabilities")
    client.force_login(dg)

    response = client.get(PURSUE)

    assert response.status_code == 200
    charts = charts_of(response)
    assert dict(charts["people"].rows)[month_label(2)] == [3, 0, 0]
    assert dict(charts["people"].rows)[month_label(1)] == [0, 0, 2]
    assert dict(charts["assets"].rows)[month_label(1)] == [1200, 0]
    assert charts["disruptions"].totals == [0, 1, 0]
    assert charts["roles"].totals == [4, 0, 0]
    for name in charts:
        assert_table_and_csv_agree(client, PURSUE, response, name)


def test_a_partner_s_priority_page_counts_only_its_own_operations(client, kent_officer):
    last_month = months_ago(1).date()
    result(operation("Kent raid", "Kent Police", priorities=["pursue-soc"]), on=last_month)
    result(operation("NCA raid", priorities=["pursue-soc"]), on=last_month)
    client.force_login(kent_officer)

    response = client.get(PURSUE)

    assert charts_of(response)["roles"].totals == [1, 0, 0]
    assert response.context["activity"]["operations"] == 1


def test_a_priority_that_does_not_exist_is_not_found_and_a_bad_period_is_refused(client, dg):
    client.force_login(dg)
    assert client.get(f"{PAGE}no-such-priority/").status_code == 404
    refused = client.get(PURSUE, {"starts_day": "31", "starts_month": "2", "starts_year": "2025"})
    assert refused.status_code == 400
    assert list(refused.context["form"].errors) == ["starts"]


def test_a_priority_s_page_reads_the_same_queries_for_one_result_or_many(
    client, dg, django_assert_num_queries
):
    client.force_login(dg)
    raid = operation("Raid", priorities=["pursue-soc"])
    result(raid, on=months_ago(1).date())
    client.get(PURSUE)
    with django_assert_num_queries(PRIORITY_QUERIES):
        client.get(PURSUE)
    for months in range(1, 11):
        for kind in ResultKind.values:
            result(raid, kind, on=months_ago(months).date())
    with django_assert_num_queries(PRIORITY_QUERIES):
        client.get(PURSUE)


# The person, their second factor, the priority, its activity and one per chart.
PRIORITY_QUERIES = 8
