"""The force-area page (issue 13 §4, PCC §15): a chief officer reads the results in their
force's area, the requests both ways and the NCA's role, as far as they may see; the PCC
office reads counts of OFFICIAL records in the forces its body governs, and no record."""

import pytest

from directory.choices import Marking
from tasking.choices import ResultKind
from tests.delivery.conftest import month_label, months_ago
from tests.delivery.pages import assert_table_and_csv_agree, charts_of
from tests.delivery.records import operation, result

pytestmark = pytest.mark.django_db

PAGE = "/delivery/force-area/"


def test_a_chief_officer_reads_the_results_in_their_area_they_may_see(client, kent_chief_officer):
    kents = operation("Kent raid", "Kent Police")
    last_month = months_ago(1).date()
    result(kents, on=last_month, force="Kent Police", people=2)
    result(kents, on=last_month, force="Essex Police", people=3)
    result(operation("NCA raid"), on=last_month, force="Kent Police", people=7)
    client.force_login(kent_chief_officer)

    response = client.get(PAGE)

    assert response.status_code == 200
    charts = charts_of(response)
    assert set(charts) == {
        "people", "assets", "disruptions", "roles", "requests", "deadlines", "decisions"
    }  # fmt: skip
    assert dict(charts["people"].rows)[month_label(1)] == [2, 0, 0]
    assert_table_and_csv_agree(client, PAGE, response, "people")


def test_the_pcc_office_counts_only_official_results_in_its_own_forces_and_no_record(
    client, kent_pcc_office, essex_pcc_office
):
    nca = operation("Operation Lantern")
    last_month = months_ago(1).date()
    official = result(nca, ResultKind.ARREST, on=last_month, force="Kent Police", people=2)
    result(nca, on=last_month, force="Kent Police", people=5, marking=Marking.OFFICIAL_SENSITIVE)
    result(operation("Operation Shade", marking=Marking.SECRET), on=last_month,
           force="Kent Police", people=11)  # fmt: skip
    result(nca, on=last_month, force="Essex Police", people=3)
    client.force_login(kent_pcc_office)

    response = client.get(PAGE)

    assert response.status_code == 200
    charts = charts_of(response)
    assert set(charts) == {"people", "assets", "disruptions", "roles"}
    assert dict(charts["people"].rows)[month_label(1)] == [2, 0, 0]
    assert [force.name for force in response.context["forces"]] == ["Kent Police"]
    page = response.content.decode()
    assert "Operation Lantern" not in page
    assert official.get_absolute_url() not in page
    assert "PCC" in page
    assert_table_and_csv_agree(client, PAGE, response, "people")
    client.force_login(essex_pcc_office)
    assert dict(charts_of(client.get(PAGE))["people"].rows)[month_label(1)] == [3, 0, 0]


def test_a_bad_period_is_refused_naming_its_field(client, kent_chief_officer):
    client.force_login(kent_chief_officer)
    response = client.get(PAGE, {"ends_day": "1", "ends_month": "1", "ends_year": "2999"})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["ends"]


def test_the_page_reads_the_same_queries_for_one_result_or_many(
    client, kent_chief_officer, kent_pcc_office, django_assert_num_queries
):
    kents = operation("Kent raid", "Kent Police")
    result(kents, on=months_ago(1).date(), force="Kent Police")
    for reader, queries in ((kent_chief_officer, CHIEF_QUERIES), (kent_pcc_office, PCC_QUERIES)):
        client.force_login(reader)
        client.get(PAGE)
        with django_assert_num_queries(queries):
            client.get(PAGE)
    for months in range(1, 11):
        for kind in ResultKind.values:
            result(kents, kind, on=months_ago(months).date(), force="Kent Police")
    for reader, queries in ((kent_chief_officer, CHIEF_QUERIES), (kent_pcc_office, PCC_QUERIES)):
        client.force_login(reader)
        client.get(PAGE)
        with django_assert_num_queries(queries):
            client.get(PAGE)


# The person, their second factor and one query per chart.
CHIEF_QUERIES = 9
# The person, their second factor, the forces' summary and one query per chart.
PCC_QUERIES = 7
