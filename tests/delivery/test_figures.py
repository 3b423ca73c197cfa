"""The figures of delivery (issue 13 §1-2, §4), counted in the database for a reader:
each counts only what the reader may see, and costs the same queries whatever the rows."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from delivery import figures
from delivery.figures import QUARTER, YEAR, ReportingPeriod
from directory.charts import Period
from directory.choices import Marking
from tasking.choices import NcaRole, ResultKind
from tests.delivery.records import operation, priority, request_citing, result

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 20)
YEAR_TO_TODAY = Period.last_months(12, today=TODAY)
MAY_DAY = timezone.make_aware(datetime.datetime(2026, 5, 1, 12))


def delivery_of(user, code="pursue-soc", day=TODAY):
    rows = figures.priorities_delivery(user=user, day=day, period=YEAR_TO_TODAY)
    return next(row for row in rows if row.priority.code == code)


def test_each_priority_counts_its_operations_requests_and_results_by_kind_and_role(
    dg, kent_officer
):
    raid = operation("Raid", priorities=["pursue-soc"])
    operation("Sweep", priorities=["pursue-soc", "highest-risk"])
    operation("Closed", priorities=["pursue-soc"], active=False)
    request_citing("pursue-soc", kent_officer, submitted_at=MAY_DAY)
    request_citing("pursue-soc", kent_officer, submitted_at=timezone.now())
    result(raid, ResultKind.ARREST, on=TODAY, people=3)
    result(raid, ResultKind.CONVICTION, on=TODAY, people=1, nca_role=NcaRole.SUPPORT)
    result(raid, ResultKind.ASSETS_SEIZED, on=TODAY, amount="2500.40")
    result(raid, ResultKind.DISRUPTION, on=TODAY, significance="minor")
    result(raid, ResultKind.ARREST, on=TODAY - datetime.timedelta(days=400), people=9)

    pursue = delivery_of(dg)

    assert (pursue.operations, pursue.requests) == (2, 1)
    assert pursue.tally.people == {"arrest": 3, "conviction": 1}
    assert pursue.tally.pounds == {"assets_seized": 2500}
    assert pursue.tally.disruptions == {"major": 0, "moderate": 0, "minor": 1}
    assert pursue.tally.roles == {"lead": 3, "support": 1}
    assert delivery_of(dg, "highest-risk").operations == 1


def test_a_kent_officer_counts_only_kent_operations_and_what_their_clearance_allows(
    dg, kent_officer
):
    kents = operation("Kent raid", "Kent Police", priorities=["pursue-soc"])
    nca_only = operation("NCA raid", priorities=["pursue-soc"])
    result(kents, ResultKind.ARREST, on=TODAY, people=2)
    result(kents, ResultKind.ARREST, on=TODAY, people=5, marking=Marking.SECRET)
    result(nca_only, ResultKind.ARREST, on=TODAY, people=7)

    kent = delivery_of(kent_officer)

    assert kent.operations == 1
    assert kent.tally.people == {"arrest": 2}
    assert delivery_of(dg).tally.people == {"arrest": 14}


def test_the_priorities_figures_cost_four_queries_with_one_result_or_many(
    dg, django_assert_num_queries
):
    raid = operation("Raid", priorities=["pursue-soc"])
    result(raid, on=TODAY)
    with django_assert_num_queries(4):
        figures.priorities_delivery(user=dg, day=TODAY, period=YEAR_TO_TODAY)
    for kind in ResultKind.values:
        result(operation(f"Raid {kind}", priorities=["capabilities"]), kind, on=TODAY)
    with django_assert_num_queries(4):
        figures.priorities_delivery(user=dg, day=TODAY, period=YEAR_TO_TODAY)


def test_a_priority_s_activity_counts_every_operation_once_whatever_its_versions(dg, kent_officer):
    pursue = priority("pursue-soc")
    operation("Raid", priorities=["pursue-soc"])
    request_citing("pursue-soc", kent_officer, submitted_at=timezone.now())
    period = Period.last_months(12, today=timezone.localdate())

    activity = figures.priority_activity(user=dg, priority=pursue, period=period)

    assert (activity["operations"], activity["requests"]) == (1, 1)


def test_a_priority_s_charts_add_up_people_pounds_disruptions_and_roles_each_month(dg):
    raid = operation("Raid", priorities=["pursue-soc"])
    result(raid, ResultKind.ARREST, on=datetime.date(2026, 4, 2), people=3)
    result(raid, ResultKind.ARREST, on=datetime.date(2026, 4, 30), people=2)
    result(raid, ResultKind.ASSETS_RESTRAINED, on=datetime.date(2026, 3, 1), amount="99.60")
    result(raid, ResultKind.PREVENTION, on=datetime.date(2026, 3, 1), significance="moderate")
    result(raid, ResultKind.CHARGE, on=datetime.date(2026, 5, 1), nca_role=NcaRole.COORDINATE)
    results = figures.priority_results(user=dg, priority=priority("pursue-soc"))
    charts = {
        name: count(YEAR_TO_TODAY)
        for name, count in figures.result_charts(results, about="against it").items()
    }

    def month(chart, label):
        return dict(zip(
            (one.name for one in chart.series), dict(chart.rows)[label], strict=True
        ))  # fmt: skip

    assert month(charts["people"], "Apr 2026") == {
        "People arrested": 5, "People charged": 0, "People convicted": 0
    }  # fmt: skip
    assert month(charts["assets"], "Mar 2026")["Assets restrained (£)"] == 100
    assert month(charts["disruptions"], "Mar 2026") == {"Major": 0, "Moderate": 1, "Minor": 0}
    assert month(charts["roles"], "May 2026")["The NCA coordinated"] == 1
    assert charts["roles"].totals == [4, 0, 1]
    assert "5 arrested" in charts["people"].description


# --- the Key Performance Questions -----------------------------------------------------


def test_the_last_full_quarter_is_of_the_financial_year():
    assert ReportingPeriod.last_full_quarter(today=TODAY) == ReportingPeriod(QUARTER, 2025, 4)
    assert ReportingPeriod(QUARTER, 2025, 4).starts == datetime.date(2026, 1, 1)
    assert ReportingPeriod(QUARTER, 2025, 4).ends == datetime.date(2026, 3, 31)
    assert ReportingPeriod(QUARTER, 2025, 4).previous == ReportingPeriod(QUARTER, 2025, 3)
    assert ReportingPeriod(QUARTER, 2026, 1).previous == ReportingPeriod(QUARTER, 2025, 4)
    assert ReportingPeriod(YEAR, 2025).ends == datetime.date(2026, 3, 31)
    assert ReportingPeriod.last_full_quarter(today=datetime.date(2026, 7, 1)) == (
        ReportingPeriod(QUARTER, 2026, 1)
    )


def answer_to(answers, number):
    return next(answer for answer in answers if answer.question.number == number)


def test_each_question_is_answered_for_the_period_against_the_one_before_with_its_evidence(dg):
    raid = operation("Raid", priorities=["pursue-soc"])
    big = result(raid, ResultKind.ARREST, on=datetime.date(2026, 2, 1), people=6)
    small = result(raid, ResultKind.CHARGE, on=datetime.date(2026, 3, 31), people=1)
    result(raid, ResultKind.ARREST, on=datetime.date(2025, 12, 31), people=4)
    result(raid, ResultKind.ARREST, on=datetime.date(2026, 4, 1), people=50)
    seized = result(raid, ResultKind.ASSETS_SEIZED, on=datetime.date(2026, 1, 5), amount=900)

    answers = figures.performance_answers(user=dg, period=ReportingPeriod(QUARTER, 2025, 4))

    justice = answer_to(answers, 1)
    arrested = next(f for f in justice.figures if f.label == "People arrested")
    assert (arrested.now, arrested.before, arrested.change) == (6, 4, 2)
    assert justice.counted == 2
    assert justice.evidence == [big, small]
    assets = answer_to(answers, 2)
    assert assets.evidence == [seized]
    assert next(f for f in assets.figures if f.label == "Assets seized (£)").now == 900


def test_the_evidence_is_the_weightiest_results_up_to_its_limit(dg):
    raid = operation("Raid")
    made = [
        result(raid, ResultKind.ARREST, on=datetime.date(2026, 2, 1), people=n) for n in (1, 5, 3)
    ]

    answers = figures.performance_answers(
        user=dg, period=ReportingPeriod(QUARTER, 2025, 4), evidence_limit=2
    )

    assert answer_to(answers, 1).evidence == [made[1], made[2]]
    assert answer_to(answers, 1).counted == 3


def test_a_kent_officer_s_answers_count_only_what_kent_may_see(kent_officer):
    kents = operation("Kent raid", "Kent Police")
    result(kents, ResultKind.ARREST, on=datetime.date(2026, 2, 1), people=2)
    result(operation("NCA raid"), ResultKind.ARREST, on=datetime.date(2026, 2, 1), people=7)
    result(kents, ResultKind.ARREST, on=datetime.date(2026, 2, 1), marking=Marking.SECRET)

    justice = answer_to(
        figures.performance_answers(user=kent_officer, period=ReportingPeriod(QUARTER, 2025, 4)),
        1,
    )

    assert justice.counted == 1
    assert justice.figures[0].now == 2


def test_the_answers_cost_three_queries_with_one_result_or_many(dg, django_assert_num_queries):
    period = ReportingPeriod(QUARTER, 2025, 4)
    result(operation("Raid"), on=datetime.date(2026, 2, 1))
    with django_assert_num_queries(3):
        figures.performance_answers(user=dg, period=period)
    for kind in ResultKind.values:
        result(operation(f"Raid {kind}"), kind, on=datetime.date(2026, 2, 1))
    with django_assert_num_queries(3):
        figures.performance_answers(user=dg, period=period)


# --- force areas -----------------------------------------------------------------------


def test_a_chief_officer_s_force_area_counts_the_results_there_they_may_see(
    kent_chief_officer,
):
    kents = operation("Kent raid", "Kent Police")
    result(kents, on=TODAY, force="Kent Police", people=2)
    result(kents, on=TODAY, force="Essex Police", people=3)
    result(operation("NCA raid"), on=TODAY, force="Kent Police", people=7)

    results = figures.force_area_results(user=kent_chief_officer)

    assert [one.people for one in results] == [2]


def test_a_pcc_office_counts_only_official_results_in_its_own_forces(
    kent_pcc_office, essex_pcc_office
):
    secret_operation = operation("Secret raid", marking=Marking.SECRET)
    nca = operation("NCA raid")
    counted = result(nca, on=TODAY, force="Kent Police")
    result(nca, on=TODAY, force="Kent Police", marking=Marking.OFFICIAL_SENSITIVE)
    result(secret_operation, on=TODAY, force="Kent Police")
    result(nca, on=TODAY, force="Essex Police")

    assert list(figures.governed_force_results(user=kent_pcc_office, day=TODAY)) == [counted]
    assert counted not in figures.governed_force_results(user=essex_pcc_office, day=TODAY)


def test_only_a_pcc_office_reads_its_forces_summary(kent_chief_officer):
    with pytest.raises(PermissionDenied):
        figures.governed_force_results(user=kent_chief_officer, day=TODAY)


def test_a_figure_reads_its_change_in_words():
    assert figures.Figure("Assets seized (£)", 1000, 2200, pounds=True).change_shown == (
        "down £1,200"
    )
    assert figures.Figure("People arrested", 1500, 2).change_shown == "up 1,498"
    assert figures.Figure("People arrested", 3, 3).change_shown == "no change"
