"""GET /api/commitments/: its shape, its filters and the questions it refuses."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import circulated_report, organisation

pytestmark = pytest.mark.django_db
KENT_PCC = "Police and Crime Commissioner for Kent"


def test_each_commitment_has_its_code_title_source_scope_status_due_date_and_evidence(
    api_client_for, kent_pcc_office, analyst
):
    at = timezone.make_aware(datetime.datetime(2026, 3, 1, 12))
    report = circulated_report(analyst, organisation(KENT_PCC), at)
    response = api_client_for(kent_pcc_office).get(
        "/api/commitments/", {"on": "2026-04-01", "scope": "governing_body"}
    )
    assert response.status_code == 200
    [kent] = response.json()
    assert kent == {
        "code": "report-circulation",
        "title": "Key intelligence reports circulated to the PCC periodically",
        "source": "PCC §19",
        "scope": {"kind": "governing_body", "id": organisation(KENT_PCC).pk, "name": KENT_PCC},
        "status": "met",
        "due_on": "2026-05-31",
        "evidence": [
            {
                "label": "Key intelligence report circulated on 1 March 2026",
                "link": report.get_absolute_url(),
            }
        ],
        "note": "",
    }


def test_the_status_filter_keeps_only_that_status(api_client_for, tasking_officer):
    response = api_client_for(tasking_officer).get("/api/commitments/", {"status": "missed"})
    assert response.status_code == 200
    assert response.json()
    assert {row["status"] for row in response.json()} == {"missed"}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"on": "yesterday"}, "on"),
        ({"on": "1999-12-31"}, "on"),
        ({"status": "late"}, "status"),
        ({"status": ""}, "status"),
        ({"scope": "county"}, "scope"),
    ],
)
def test_a_bad_question_is_a_400_naming_the_field(api_client_for, tasking_officer, query, field):
    response = api_client_for(tasking_officer).get("/api/commitments/", query)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_signed_out_callers_get_a_401(client):
    assert client.get("/api/commitments/").status_code == 401
