"""The Key Performance Questions page (issue 13 §1-2): each question in force answered for
a quarter or a financial year against the one before, with its evidence linked, counting
only what the reader may see."""

import datetime

import pytest

from directory.choices import Marking
from tasking.choices import ResultKind
from tests.delivery.records import operation, result

pytestmark = pytest.mark.django_db

PAGE = "/delivery/performance-questions/"
Q4_2025 = {"length": "quarter", "year": "2025", "quarter": "4"}  # January to March 2026


def answer_to(response, number):
    return next(a for a in response.context["answers"] if a.question.number == number)


def test_each_question_is_answered_for_the_quarter_against_the_one_before_with_evidence(client, dg):
    raid = operation("Operation Vulcan")
    arrest = result(raid, ResultKind.ARREST, on=datetime.date(2026, 2, 3), people=6)
    result(raid, ResultKind.ARREST, on=datetime.date(2025, 11, 3), people=2)
    client.force_login(dg)

    response = client.get(PAGE, Q4_2025)

    assert response.status_code == 200
    justice = answer_to(response, 1)
    arrested = justice.figures[0]
    assert (arrested.label, arrested.now, arrested.before) == ("People arrested", 6, 2)
    assert justice.evidence == [arrest]
    page = response.content.decode()
    assert "Quarter 4 of 2025 to 2026: 1 January 2026 to 31 March 2026" in page
    assert "up 4" in page
    assert f'href="{arrest.get_absolute_url()}"' in page


def test_a_year_is_answered_against_the_year_before(client, dg):
    raid = operation("Raid")
    result(raid, ResultKind.CHARGE, on=datetime.date(2025, 4, 1), people=3)
    result(raid, ResultKind.CHARGE, on=datetime.date(2025, 3, 31), people=5)
    client.force_login(dg)

    response = client.get(PAGE, {"length": "year", "year": "2025"})

    charged = answer_to(response, 1).figures[1]
    assert (charged.label, charged.now, charged.before, charged.change) == (
        "People charged", 3, 5, -2
    )  # fmt: skip
    assert "down 2" in response.content.decode()


def test_a_kent_officer_s_answers_and_evidence_hold_only_what_kent_may_see(client, kent_officer):
    kents = result(operation("Kent raid", "Kent Police"), on=datetime.date(2026, 2, 3))
    result(operation("NCA raid"), on=datetime.date(2026, 2, 3))
    result(operation("Kent secret", "Kent Police"), on=datetime.date(2026, 2, 3),
           marking=Marking.SECRET)  # fmt: skip
    client.force_login(kent_officer)

    justice = answer_to(client.get(PAGE, Q4_2025), 1)

    assert (justice.counted, justice.evidence) == (1, [kents])


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"length": "quarter", "year": "2025", "quarter": "5"}, "quarter"),
        ({"length": "fortnight"}, "length"),
        ({"year": "1999"}, "year"),
        ({"year": "2100"}, "year"),
        ({"year": "many"}, "year"),
    ],
)
def test_a_period_the_page_does_not_take_is_refused_naming_its_field(client, dg, query, field):
    client.force_login(dg)
    response = client.get(PAGE, query)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]


def test_the_page_reads_the_same_queries_for_one_result_or_many(
    client, dg, django_assert_num_queries
):
    client.force_login(dg)
    result(operation("Raid"), on=datetime.date(2026, 2, 3))
    client.get(PAGE, Q4_2025)
    with django_assert_num_queries(QUERIES):
        client.get(PAGE, Q4_2025)
    for n in range(12):
        for kind in ResultKind.values:
            result(operation(f"Raid {n} {kind}"), kind, on=datetime.date(2026, 1, 1 + n))
    with django_assert_num_queries(QUERIES):
        response = client.get(PAGE, Q4_2025)
    assert len(answer_to(response, 1).evidence) == 10


# The person, their second factor and the three of performance_answers.
QUERIES = 5
