import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from directory.choices import Marking
from engagement import services
from engagement.models import IntelligenceReport, ReportReadReceipt
from engagement.selectors import current_pcc_bodies
from notifications.choices import Kind
from notifications.models import Notification
from tests.conftest import VerifiedAPIClient
from tests.factories import organisation

pytestmark = pytest.mark.django_db

KENT_PCC = "Police and Crime Commissioner for Kent"
ESSEX_PCC = "Police, Fire and Crime Commissioner for Essex"


@pytest.fixture
def api():
    return VerifiedAPIClient()


def publish(analyst, **overrides):
    values = {
        "title": "County lines into the Medway towns",
        "summary": "Three groups from London supply crack cocaine along the A2.",
        "marking": Marking.OFFICIAL_SENSITIVE,
        "handling_instruction": "For the PCC and the office's cleared staff.",
        "source_evaluation": "2",
        "intelligence_assessment": "B",
        "handling_code": "P",
        "audience": "chosen",
        "governing_bodies": [organisation(KENT_PCC)],
        **overrides,
    }
    return services.intelligence_report_publish(actor=analyst, **values)


def test_an_analyst_publishes_to_every_pcc_body(nca_analyst):
    report = publish(nca_analyst, audience="all", governing_bodies=[])
    bodies = set(report.governing_bodies.all())
    assert bodies == set(current_pcc_bodies())
    # Abolished offices kept for history are not PCCs today.
    assert organisation("Police and Crime Commissioner for Greater Manchester") not in bodies
    assert organisation("Mayor of Greater Manchester") in bodies


def test_an_analyst_publishes_to_a_regions_pccs(nca_analyst):
    eastern = organisation("Kent Police").region
    report = publish(nca_analyst, audience="region", region=eastern, governing_bodies=[])
    names = {body.name for body in report.governing_bodies.all()}
    assert {KENT_PCC, ESSEX_PCC} <= names
    assert "Police and Crime Commissioner for Surrey" not in names


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"audience": "region", "governing_bodies": []}, "region"),
        ({"governing_bodies": []}, "governing_bodies"),
        ({"governing_bodies": [organisation.__name__ and None]}, "governing_bodies"),
        ({"handling_code": "C"}, "handling_conditions"),
        ({"intelligence_assessment": "E"}, "intelligence_assessment"),
        ({"handling_instruction": " "}, "handling_instruction"),
        ({"marking": Marking.TOP_SECRET}, "marking"),
    ],
)
def test_a_report_that_breaks_a_rule_is_refused_naming_the_field(nca_analyst, overrides, field):
    if overrides.get("governing_bodies") == [None]:
        overrides["governing_bodies"] = [organisation("Kent Police")]
    with pytest.raises(ValidationError) as refused:
        publish(nca_analyst, **overrides)
    assert field in refused.value.message_dict
    assert not IntelligenceReport.objects.exists()


def test_only_nca_analysts_publish(tasking_officer, kent_pcc_office):
    for user in (tasking_officer, kent_pcc_office):
        with pytest.raises(PermissionDenied):
            publish(user)


def test_a_pcc_office_reads_only_what_was_circulated_to_it(
    api, nca_analyst, kent_pcc_office, essex_pcc_office
):
    to_kent = publish(nca_analyst)
    to_essex = publish(nca_analyst, governing_bodies=[organisation(ESSEX_PCC)])
    api.force_authenticate(kent_pcc_office)
    assert [row["id"] for row in api.get("/api/intelligence-reports/").json()["results"]] == [
        to_kent.pk
    ]
    assert api.get(f"/api/intelligence-reports/{to_essex.pk}/").status_code == 404
    body = api.get(f"/api/intelligence-reports/{to_kent.pk}/").json()
    assert body["grading"] == "2BP"
    assert "governing_bodies" not in body  # who else it went to is the NCA's to know


def test_a_pcc_office_reads_only_within_its_clearance(api, nca_analyst, kent_pcc_office):
    secret = publish(nca_analyst, marking=Marking.SECRET)
    api.force_authenticate(kent_pcc_office)  # BPSS
    assert api.get(f"/api/intelligence-reports/{secret.pk}/").status_code == 404


def test_the_first_opening_is_recorded_once_per_reader_and_shown_to_the_analyst(
    api, client, nca_analyst, kent_pcc_office
):
    report = publish(nca_analyst)
    api.force_authenticate(kent_pcc_office)
    api.get(f"/api/intelligence-reports/{report.pk}/")
    client.force_login(kent_pcc_office)
    client.get(f"/engagement/reports/{report.pk}/")
    receipt = ReportReadReceipt.objects.get()
    assert (receipt.reader, receipt.organisation) == (kent_pcc_office, organisation(KENT_PCC))
    api.force_authenticate(nca_analyst)
    body = api.get(f"/api/intelligence-reports/{report.pk}/").json()
    assert [r["reader"] for r in body["read_receipts"]] == [kent_pcc_office.pk]
    assert ReportReadReceipt.objects.count() == 1  # the analyst's opening is no receipt
    client.force_login(nca_analyst)
    page = client.get(f"/engagement/reports/{report.pk}/").content.decode()
    assert escape(str(kent_pcc_office)) in page
    assert "1 reader" in page


def test_the_chief_officer_reads_what_went_to_their_pcc(api, nca_analyst, kent_chief_officer):
    to_kent = publish(nca_analyst)
    to_essex = publish(nca_analyst, governing_bodies=[organisation(ESSEX_PCC)])
    api.force_authenticate(kent_chief_officer)
    assert api.get(f"/api/intelligence-reports/{to_kent.pk}/").status_code == 200
    assert api.get(f"/api/intelligence-reports/{to_essex.pk}/").status_code == 404


def test_post_intelligence_reports(api, nca_analyst, kent_pcc_office):
    api.force_authenticate(nca_analyst)
    body = {
        "title": "Firearms supply in the east",
        "summary": "Converted blank-firers from one workshop.",
        "marking": "official",
        "handling_instruction": "PCC offices only.",
        "source_evaluation": "1",
        "intelligence_assessment": "A",
        "handling_code": "C",
        "handling_conditions": "",
        "audience": "region",
        "region": "eastern",
    }
    refused = api.post("/api/intelligence-reports/", body, format="json")
    assert refused.status_code == 400
    assert "record them" in refused.json()["errors"]["handling_conditions"][0]
    body["handling_conditions"] = "Not to be shared beyond the PCC's office."
    created = api.post("/api/intelligence-reports/", body, format="json")
    assert created.status_code == 201
    assert organisation(KENT_PCC).pk in created.json()["governing_bodies"]
    api.force_authenticate(kent_pcc_office)
    assert api.post("/api/intelligence-reports/", body, format="json").status_code == 403


def test_a_published_report_is_never_edited(api, nca_analyst):
    report = publish(nca_analyst)
    api.force_authenticate(nca_analyst)
    assert api.patch(f"/api/intelligence-reports/{report.pk}/", {"title": "x"}).status_code == 405


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


# One of them writes the response's entry in the access log (issue 9 §5).
@pytest.mark.parametrize(
    ("path", "expected"), [("/engagement/reports/", 5), ("/api/intelligence-reports/", 5)]
)
def test_report_lists_keep_a_constant_number_of_queries(
    client, nca_analyst, kent_pcc_office, path, expected
):
    publish(nca_analyst)
    client.force_login(kent_pcc_office)
    client.get(path)
    assert _queries(client, path) == expected
    for _ in range(5):
        publish(nca_analyst)
        publish(nca_analyst, audience="all", governing_bodies=[])
    assert _queries(client, path) == expected


def test_the_pcc_offices_it_is_circulated_to_are_told(
    nca_analyst, kent_pcc_office, essex_pcc_office
):
    report = publish(nca_analyst)
    [told] = Notification.objects.filter(kind=Kind.REPORT_CIRCULATED)
    assert told.recipient == kent_pcc_office
    assert told.marking == Marking.OFFICIAL_SENSITIVE
    assert told.link == report.get_absolute_url()
    assert told.text.endswith("County lines into the Medway towns")
