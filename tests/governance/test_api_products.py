"""Governance over the API (issue 12 §10): strategic products and their versions,
minutes, and what the groups send on, through the same services as the pages, so that
each rule answers the same whichever way it is reached."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.choices import Marking
from governance import services
from governance.models import AgendaItem, Minutes, ProductVersion, StrategicProduct, Submission
from tests.conftest import VerifiedAPIClient
from tests.factories import date_boxes
from tests.governance.conftest import started

pytestmark = pytest.mark.django_db
NEXT_YEAR = timezone.localdate() + datetime.timedelta(days=365)


def api(user):
    client = VerifiedAPIClient()
    client.force_authenticate(user)
    return client


def nsa():
    return StrategicProduct.objects.get(kind="nsa", group__slug="nstcg")


def refused(response, status, field=None):
    assert response.status_code == status, response.content
    if field is not None:
        return response.json()["errors"][field][0]
    return response.json()["detail"]


@pytest.fixture
def draft_nsa(secretariat):
    return services.product_version_create(
        actor=secretariat, product=nsa(), summary="This year's.", marking=Marking.OFFICIAL
    )


# --- strategic products ----------------------------------------------------------------


def test_the_nca_lists_the_strategic_products_with_the_versions_it_may_see(
    secretariat, draft_nsa, nca_bpss_analyst
):
    services.product_version_create(
        actor=secretariat, product=nsa(), summary="Secret.", marking=Marking.SECRET
    )
    response = api(nca_bpss_analyst).get("/api/strategic-products/?page_size=100")
    assert response.status_code == 200
    listed = {p["kind"] + (p["region"] or ""): p for p in response.json()["results"]}
    assert [v["number"] for v in listed["nsa"]["versions"]] == [1]  # not the SECRET one
    assert listed["nsa"]["group_code"] == "NSTCG"


def test_a_kent_officer_does_not_see_the_nstcgs_products(kent_officer):
    response = api(kent_officer).get(f"/api/strategic-products/{nsa().pk}/")
    assert response.status_code == 404


def test_the_secretariat_adds_a_version_over_the_api(secretariat):
    response = api(secretariat).post(
        f"/api/strategic-products/{nsa().pk}/versions/",
        {"summary": "Next year's.", "marking": "official"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["number"], response.json()["status"]) == (1, "draft")
    assert nsa().versions.get().agenda_items.get().kind == "for_preparation"


def test_a_tasking_officer_may_not_add_a_version(tasking_officer):
    response = api(tasking_officer).post(
        f"/api/strategic-products/{nsa().pk}/versions/",
        {"summary": "Next year's.", "marking": "official"},
        format="json",
    )
    assert "secretariat" in refused(response, 403)
    assert not ProductVersion.objects.exists()


def test_a_version_marked_above_the_secretariats_clearance_is_refused_naming_the_marking(
    secretariat,
):
    response = api(secretariat).post(
        f"/api/strategic-products/{nsa().pk}/versions/",
        {"summary": "Next year's.", "marking": "top_secret"},
        format="json",
    )
    refused(response, 400, "marking")
    assert not ProductVersion.objects.exists()


def test_a_version_without_a_summary_is_refused_naming_it(secretariat):
    response = api(secretariat).post(
        f"/api/strategic-products/{nsa().pk}/versions/",
        {"summary": "  ", "marking": "official"},
        format="json",
    )
    refused(response, 400, "summary")


def test_the_nsig_sends_the_nsa_on_and_the_nstcg_endorses_it_over_the_api(secretariat, draft_nsa):
    client = api(secretariat)
    prepared = client.post(
        f"/api/product-versions/{draft_nsa.pk}/prepare/",
        {"meeting": started("nsig").pk},
        format="json",
    )
    assert prepared.status_code == 200, prepared.content
    endorsed = client.post(
        f"/api/product-versions/{draft_nsa.pk}/endorse/",
        {"meeting": started("nstcg").pk, "review_on": NEXT_YEAR.isoformat()},
        format="json",
    )
    assert endorsed.status_code == 200, endorsed.content
    assert (endorsed.json()["status"], endorsed.json()["review_on"]) == (
        "endorsed", NEXT_YEAR.isoformat(),
    )  # fmt: skip


def test_only_the_nsig_develops_the_nsa_over_the_api(secretariat, draft_nsa):
    response = api(secretariat).post(
        f"/api/product-versions/{draft_nsa.pk}/prepare/",
        {"meeting": started("nttcg").pk},
        format="json",
    )
    assert "NSIG" in refused(response, 400, "meeting")
    draft_nsa.refresh_from_db()
    assert draft_nsa.prepared_at is None


def test_the_nsa_not_yet_developed_is_refused_the_same_on_the_page_and_over_the_api(
    secretariat, draft_nsa, client
):
    meeting = started("nstcg")
    response = api(secretariat).post(
        f"/api/product-versions/{draft_nsa.pk}/endorse/",
        {"meeting": meeting.pk, "review_on": NEXT_YEAR.isoformat()},
        format="json",
    )
    message = refused(response, 400, "meeting")
    assert "developed through the NSIG" in message
    client.force_login(secretariat)
    page = client.post(
        f"/governance/product-versions/{draft_nsa.pk}/endorse/",
        {"meeting": str(meeting.pk), **date_boxes("review_on", NEXT_YEAR), "confirm": "yes"},
    )
    assert page.status_code == 400
    assert message.split(" (")[0] in page.content.decode()
    draft_nsa.refresh_from_db()
    assert draft_nsa.status == "draft"


def test_a_review_date_before_the_endorsement_is_refused_naming_it(secretariat, draft_nsa):
    services.product_version_prepare(actor=secretariat, version=draft_nsa, meeting=started("nsig"))
    response = api(secretariat).post(
        f"/api/product-versions/{draft_nsa.pk}/endorse/",
        {"meeting": started("nstcg").pk, "review_on": "2000-01-01"},
        format="json",
    )
    refused(response, 400, "review_on")


def test_a_tasking_officer_sees_the_version_but_may_not_endorse_it(
    secretariat, draft_nsa, tasking_officer
):
    services.product_version_prepare(actor=secretariat, version=draft_nsa, meeting=started("nsig"))
    response = api(tasking_officer).post(
        f"/api/product-versions/{draft_nsa.pk}/endorse/",
        {"meeting": started("nstcg").pk, "review_on": NEXT_YEAR.isoformat()},
        format="json",
    )
    refused(response, 403)
    draft_nsa.refresh_from_db()
    assert draft_nsa.status == "draft"


def test_a_kent_officer_endorsing_the_nsa_is_told_it_does_not_exist(draft_nsa, kent_officer):
    response = api(kent_officer).post(
        f"/api/product-versions/{draft_nsa.pk}/endorse/",
        {"meeting": 1, "review_on": NEXT_YEAR.isoformat()},
        format="json",
    )
    refused(response, 404)


def test_a_version_above_the_readers_clearance_is_not_found(secretariat, nca_bpss_analyst):
    secret = services.product_version_create(
        actor=secretariat, product=nsa(), summary="Secret.", marking=Marking.SECRET
    )
    assert api(nca_bpss_analyst).get(f"/api/product-versions/{secret.pk}/").status_code == 404
    assert api(secretariat).get(f"/api/product-versions/{secret.pk}/").status_code == 200


# --- minutes ---------------------------------------------------------------------------


@pytest.fixture
def nttcg_meeting(ddg):
    return started("nttcg")


def test_the_secretariat_drafts_circulates_and_the_chair_approves_minutes_over_the_api(
    secretariat, ddg, nttcg_meeting
):
    url = f"/api/meetings/{nttcg_meeting.pk}/minutes/"
    drafted = api(secretariat).post(url, {"text": "Agreed.", "marking": "official"}, format="json")
    assert (drafted.status_code, drafted.json()["status"]) == (200, "draft")
    circulated = api(secretariat).post(url + "circulate/")
    assert (circulated.status_code, circulated.json()["status"]) == (200, "circulated")
    approved = api(ddg).post(url + "approve/")
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")
    read = api(ddg).get(f"/api/minutes/{approved.json()['id']}/")
    assert read.json()["text"] == "Agreed."


def test_approved_minutes_are_refused_naming_the_text(secretariat, ddg, nttcg_meeting):
    services.minutes_save(actor=secretariat, meeting=nttcg_meeting, text="A.", marking="official")
    services.minutes_circulate(actor=secretariat, meeting=nttcg_meeting)
    services.minutes_approve(actor=ddg, meeting=nttcg_meeting)
    response = api(secretariat).post(
        f"/api/meetings/{nttcg_meeting.pk}/minutes/",
        {"text": "Changed.", "marking": "official"},
        format="json",
    )
    refused(response, 400, "text")
    assert Minutes.objects.get().text == "A."


def test_a_tasking_officer_may_not_draft_minutes(tasking_officer, nttcg_meeting):
    response = api(tasking_officer).post(
        f"/api/meetings/{nttcg_meeting.pk}/minutes/",
        {"text": "Agreed.", "marking": "official"},
        format="json",
    )
    refused(response, 403)
    assert not Minutes.objects.exists()


def test_minutes_not_drafted_cannot_be_circulated(secretariat, nttcg_meeting):
    response = api(secretariat).post(f"/api/meetings/{nttcg_meeting.pk}/minutes/circulate/")
    refused(response, 400, "minutes")


def test_only_the_chair_approves_the_minutes(secretariat, nttcg_meeting):
    services.minutes_save(actor=secretariat, meeting=nttcg_meeting, text="A.", marking="official")
    response = api(secretariat).post(f"/api/meetings/{nttcg_meeting.pk}/minutes/approve/")
    refused(response, 403)
    assert Minutes.objects.get().status == "draft"


def test_draft_minutes_are_not_found_by_an_nca_officer_who_is_not_the_chair(
    secretariat, tasking_officer, nttcg_meeting
):
    minutes = services.minutes_save(
        actor=secretariat, meeting=nttcg_meeting, text="A.", marking="official"
    )
    assert api(tasking_officer).get(f"/api/minutes/{minutes.pk}/").status_code == 404
    assert api(secretariat).get(f"/api/minutes/{minutes.pk}/").status_code == 200


def test_a_kent_officer_minuting_the_nttcg_is_told_it_does_not_exist(kent_officer, nttcg_meeting):
    response = api(kent_officer).post(
        f"/api/meetings/{nttcg_meeting.pk}/minutes/",
        {"text": "Agreed.", "marking": "official"},
        format="json",
    )
    refused(response, 404)


# --- what the groups send on -------------------------------------------------------------


def test_the_secretariat_records_the_ntigs_recommendation_for_the_nttcg(secretariat):
    ntig = started("ntig")
    response = api(secretariat).post(
        "/api/submissions/",
        {"meeting": ntig.pk, "kind": "recommendation", "title": "Task the OCC", "priority": 1},
        format="json",
    )
    assert response.status_code == 201, response.content
    on_agenda = AgendaItem.objects.get(submission=Submission.objects.get())
    assert on_agenda.meeting.group.code == "NTTCG"
    listed = api(secretariat).get("/api/submissions/").json()["results"]
    assert [s["title"] for s in listed] == ["Task the OCC"]


def test_a_group_sends_on_only_what_it_feeds_the_same_on_the_page_and_over_the_api(
    secretariat, client
):
    nstcg = started("nstcg")
    response = api(secretariat).post(
        "/api/submissions/",
        {"meeting": nstcg.pk, "kind": "recommendation", "title": "Task the OCC"},
        format="json",
    )
    message = refused(response, 400, "kind")
    assert "sends no recommendations" in message
    client.force_login(secretariat)
    page = client.post(
        f"/governance/meetings/{nstcg.pk}/send-on/",
        {"kind": "recommendation", "title": "Task the OCC", "marking": "official"},
    )
    assert page.status_code == 400
    assert message.split(" (")[0] in page.content.decode()
    assert not Submission.objects.exists()


def test_a_priority_below_one_is_refused_naming_it(secretariat):
    response = api(secretariat).post(
        "/api/submissions/",
        {"meeting": started("ntig").pk, "kind": "recommendation", "title": "T", "priority": 0},
        format="json",
    )
    refused(response, 400, "priority")


def test_a_tasking_officer_may_not_record_what_a_group_sends_on(tasking_officer):
    response = api(tasking_officer).post(
        "/api/submissions/",
        {"meeting": started("ntig").pk, "kind": "recommendation", "title": "T"},
        format="json",
    )
    refused(response, 403)


def test_a_meeting_that_does_not_exist_is_refused_naming_it(secretariat):
    response = api(secretariat).post(
        "/api/submissions/",
        {"meeting": 999999, "kind": "recommendation", "title": "T"},
        format="json",
    )
    refused(response, 400, "meeting")


def test_a_kent_officer_lists_no_submissions_of_the_ntig(secretariat, kent_officer):
    services.submission_record(
        actor=secretariat, meeting=started("ntig"), kind="recommendation", title="Task the OCC"
    )
    assert api(kent_officer).get("/api/submissions/").json()["count"] == 0
    assert api(secretariat).get("/api/submissions/").json()["count"] == 1


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_products_list_keeps_a_constant_number_of_queries(secretariat):
    client = api(secretariat)
    url = "/api/strategic-products/?page_size=100"
    services.product_version_create(
        actor=secretariat, product=nsa(), summary="First.", marking=Marking.OFFICIAL
    )  # one version, so that its priorities are read as with many
    _queries(client, url)
    before = _queries(client, url)
    for _ in range(4):
        services.product_version_create(
            actor=secretariat, product=nsa(), summary="Again.", marking=Marking.OFFICIAL
        )
    assert _queries(client, url) == before
