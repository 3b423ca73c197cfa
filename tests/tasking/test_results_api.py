"""`POST /api/operations/{id}/results/` and `GET /api/results/` (issue 13 §2): 201 with
the result, 400 naming each field refused, 404 for an operation or result not the
caller's, and the list's filters and bounds."""

import datetime

import pytest
from django.utils import timezone

from directory.choices import Marking, Role
from priorities.models import Priority
from tasking.choices import NcaRole, ResultKind, Significance
from tasking.models import Operation, OperationResult, OutsidePriorities
from tests.conftest import VerifiedAPIClient, person
from tests.factories import organisation
from tests.tasking.test_results import arrests, served

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def api_for(user):
    api = VerifiedAPIClient()
    api.force_login(user)
    return api


def body(**overrides):
    return {
        "kind": ResultKind.ASSETS_SEIZED,
        "occurred_on": TODAY.isoformat(),
        "summary": "Cash seized at Dover",
        "marking": Marking.OFFICIAL,
        "amount": "125000.50",
        "priority": served("pursue-soc").get().pk,
        **overrides,
    }


def post(user, operation, data):
    return api_for(user).post(f"/api/operations/{operation.pk}/results/", data, format="json")


def test_recording_a_result_answers_201_with_it(kent_operation, kent_officer):
    response = post(kent_officer, kent_operation, body(force=organisation("Kent Police").pk))
    assert response.status_code == 201, response.json()
    answer = response.json()
    assert answer["amount"] == "125000.50"
    assert answer["owner"] == organisation("Kent Police").pk
    assert answer["nca_role"] == NcaRole.SUPPORT
    assert answer["region"] == "eastern"
    assert answer["priority_code"] == "pursue-soc"
    assert answer["operation"] == kent_operation.pk
    assert OperationResult.objects.get().recorded_by == kent_officer


def test_a_figure_of_another_kind_is_a_400_naming_it(kent_operation, tasking_officer):
    response = post(
        tasking_officer, kent_operation, body(kind=ResultKind.PREVENTION, significance="")
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"amount", "significance"}
    assert not OperationResult.objects.exists()


def test_every_rule_refused_is_named_at_once(kent_operation, tasking_officer):
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = post(
        tasking_officer,
        kent_operation,
        body(
            occurred_on=tomorrow,
            priority=served("international").get().pk,
            owner=organisation("Surrey Police").pk,
            region="london",
            force=organisation("Kent Police").pk,
        ),
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"occurred_on", "priority", "owner", "region"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "burglary"),
        ("amount", "10000000000.01"),
        ("amount", "12.345"),
        ("people", 10_001),
        ("significance", "huge"),
        ("nca_role", "observe"),
        ("region", "atlantis"),
        ("priority", 99_999_999),
        ("summary", "x" * 301),
        ("summary", 42),
        ("occurred_on", "last tuesday"),
        ("marking", "top_secret"),
    ],
)
def test_a_bad_value_is_a_400_naming_its_field(kent_operation, kent_officer, field, value):
    response = post(kent_officer, kent_operation, body(**{field: value}))
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_an_operation_not_yours_is_a_404(kent_operation, hampshire_officer, kent_pcc_office):
    for outsider in (hampshire_officer, kent_pcc_office):
        assert post(outsider, kent_operation, body()).status_code == 404
    assert not OperationResult.objects.exists()


def test_nca_staff_who_do_not_record_results_get_a_403(kent_operation, secretariat):
    assert post(secretariat, kent_operation, body()).status_code == 403


# --- reading -------------------------------------------------------------------------------


@pytest.fixture
def results(make_operation, tasking_officer):
    kent = make_operation()
    hampshire = make_operation(
        lead="Hampshire and Isle of Wight Constabulary",
        supporters=(),
        name="Operation Solent",
        target="The Solent Ring",
        nca_role=NcaRole.LEAD,
    )
    return {
        "kent": arrests(tasking_officer, kent, force=organisation("Kent Police")),
        "kent_secret": arrests(
            tasking_officer,
            kent,
            marking=Marking.SECRET,
            occurred_on=TODAY - datetime.timedelta(days=40),
        ),
        "hampshire": arrests(
            tasking_officer,
            hampshire,
            kind=ResultKind.DISRUPTION,
            people=None,
            significance=Significance.MAJOR,
            priority=served("highest-risk").get(),
            force=organisation("Hampshire and Isle of Wight Constabulary"),
        ),
    }


def listed(user, query=""):
    response = api_for(user).get(f"/api/results/{query}")
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_kent_lists_only_results_of_operations_it_takes_part_in_within_clearance(
    results, kent_officer, essex_officer, kent_pcc_office, tasking_officer
):
    assert listed(tasking_officer) == {r.pk for r in results.values()}
    assert listed(kent_officer) == {results["kent"].pk}
    assert listed(essex_officer) == {results["kent"].pk, results["kent_secret"].pk}
    assert listed(kent_pcc_office) == set()


def test_a_result_not_yours_is_a_404(results, kent_officer):
    api = api_for(kent_officer)
    assert api.get(f"/api/results/{results['kent'].pk}/").status_code == 200
    assert api.get(f"/api/results/{results['kent_secret'].pk}/").status_code == 404
    assert api.get(f"/api/results/{results['hampshire'].pk}/").status_code == 404


def test_the_list_filters_by_priority_region_since_and_the_rest(results, tasking_officer):
    kent, secret, hampshire = results["kent"], results["kent_secret"], results["hampshire"]
    since = (TODAY - datetime.timedelta(days=7)).isoformat()
    for query, expected in [
        ("?priority=pursue-soc", {kent.pk, secret.pk}),
        ("?priority=highest-risk", {hampshire.pk}),
        ("?region=eastern", {kent.pk}),
        ("?region=south-east", {hampshire.pk}),
        (f"?since={since}", {kent.pk, hampshire.pk}),
        ("?kind=disruption", {hampshire.pk}),
        (f"?operation={kent.operation_id}", {kent.pk, secret.pk}),
        (f"?force={organisation('Kent Police').pk}", {kent.pk}),
        ("?nca_role=lead", {hampshire.pk}),
    ]:
        assert listed(tasking_officer, query) == expected, query


@pytest.mark.parametrize(
    "query",
    ["priority=unheard-of", "region=atlantis", "since=yesterday", "kind=burglary",
     "operation=1.5", "force=abc", "nca_role=observe", "since="],
)  # fmt: skip
def test_a_filter_it_cannot_take_is_a_400_naming_it(tasking_officer, query):
    response = api_for(tasking_officer).get(f"/api/results/?{query}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [query.split("=")[0]]


def test_a_priority_filter_finds_every_version_of_it(results, tasking_officer):
    """A priority reworded keeps its code: results of either version are found by it."""
    assert Priority.objects.filter(code="pursue-soc").count() == 1
    assert listed(tasking_officer, "?priority=pursue-soc") == {
        results["kent"].pk,
        results["kent_secret"].pk,
    }


def test_the_list_keeps_its_query_count_whatever_its_rows(
    make_operation, tasking_officer, django_assert_num_queries
):
    operation = make_operation()
    arrests(tasking_officer, operation)
    api = api_for(tasking_officer)
    api.get("/api/results/")
    with django_assert_num_queries(QUERIES_ON_RESULTS_API) as one:
        api.get("/api/results/")
    for day in range(1, 9):
        arrests(tasking_officer, operation, occurred_on=TODAY - datetime.timedelta(days=day))
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(api.get("/api/results/").json()["results"]) == 9


QUERIES_ON_RESULTS_API = 4


def test_a_partner_officer_of_a_supporting_agency_records_its_own_result(
    make_operation, tasking_officer
):
    operation = make_operation(supporters=("HM Revenue and Customs",))
    hmrc = person("hmrc-officer", "HM Revenue and Customs", Role.PARTNER_OFFICER)
    response = post(hmrc, operation, body())
    assert response.status_code == 201, response.json()
    assert response.json()["owner"] == organisation("HM Revenue and Customs").pk


def test_an_operation_pursued_outside_the_priorities_records_results_without_one(
    kent_operation, tasking_officer, dg
):
    assert set(post(tasking_officer, kent_operation, body(priority=None)).json()["errors"]) == {
        "priority"
    }
    OutsidePriorities.objects.create(
        operation=kent_operation,
        reason="A kidnap outside the priorities, within the NCA's functions.",
        home_office_consulted=False,
        decided_by=dg,
        decided_on=TODAY,
    )
    response = post(tasking_officer, kent_operation, body(priority=None))
    assert response.status_code == 201, response.json()
    assert (response.json()["priority"], response.json()["priority_code"]) == (None, "")


def test_a_result_of_an_operation_marked_above_the_reader_is_hidden_with_it(
    make_operation, tasking_officer, kent_officer, nca_bpss_analyst
):
    """An operation marked up after its results were recorded keeps them out of sight of
    those who may no longer see it: a result never shows an operation its reader may not."""
    operation = make_operation()
    result = arrests(tasking_officer, operation, force=organisation("Kent Police"))
    assert result.pk in listed(kent_officer)
    assert result.pk in listed(nca_bpss_analyst)
    Operation.objects.filter(pk=operation.pk).update(marking=Marking.SECRET)
    assert result.pk not in listed(kent_officer)
    assert result.pk not in listed(nca_bpss_analyst)
    assert api_for(kent_officer).get(f"/api/results/{result.pk}/").status_code == 404
    assert result.pk in listed(tasking_officer)
