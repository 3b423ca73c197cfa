import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.choices import Role
from directory.models import Organisation
from tasking import services
from tasking.choices import CommitmentTest, Outcome, Urgency
from tasking.models import Capability, Target, TaskingRequest
from tests.conftest import person
from tests.factories import organisation

pytestmark = pytest.mark.django_db
SUPPORT_TESTS = {t: t == CommitmentTest.SPECIALIST_CAPABILITY for t in CommitmentTest.values}


def populate(nca_officer, kent_officer, count, first=0):
    """`count` of each: a Kent target with an operation, a submitted request to the NCA
    decided "support", and an overlap alert between Kent and Hampshire."""
    hampshire = person("hants", "Hampshire and Isle of Wight Constabulary", Role.FORCE_OFFICER)
    nca = organisation("National Crime Agency")
    for n in range(first, first + count):
        target = services.target_create(
            actor=kent_officer, name=f"Group {n} Kestrels", kind="group", aliases=[f"K{n}"]
        )
        services.target_create(actor=hampshire, name=f"Group {n} Kestrel", kind="group")
        services.operation_create(
            actor=kent_officer, target=target, name=f"Operation Keel {n}",
            lead_organisation=organisation("Kent Police"),
        )  # fmt: skip
        request = services.request_create(
            actor=kent_officer, addressed_organisation=nca, summary=f"Support {n}",
            how_this_assists="It would.", capabilities=Capability.objects.all()[:2],
        )  # fmt: skip
        services.request_submit(actor=kent_officer, request=request)
        services.request_decide(
            actor=nca_officer, request=request, outcome=Outcome.SUPPORT, rationale="x",
            tests=SUPPORT_TESTS,
        )  # fmt: skip
        waiting = services.request_create(
            actor=kent_officer, addressed_organisation=nca, summary=f"Waiting {n}",
            how_this_assists="It would.", urgency=Urgency.URGENT,
        )  # fmt: skip
        services.request_submit(actor=kent_officer, request=waiting)


def html(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status
    return response.content.decode()


def test_the_desk_shows_overdue_first_then_the_most_urgent_then_the_oldest(
    client, tasking_officer, kent_officer
):
    nca = organisation("National Crime Agency")

    def submitted(summary, urgency, hours_ago):
        request = services.request_create(
            actor=kent_officer, addressed_organisation=nca, summary=summary,
            how_this_assists="It would.", urgency=urgency,
        )  # fmt: skip
        services.request_submit(actor=kent_officer, request=request)
        at = timezone.now() - datetime.timedelta(hours=hours_ago)
        standards = {"immediate": 2, "urgent": 24, "routine": 240}
        TaskingRequest.objects.filter(pk=request.pk).update(
            submitted_at=at, due_at=at + datetime.timedelta(hours=standards[urgency])
        )

    submitted("Routine, fresh", Urgency.ROUTINE, 1)
    submitted("Urgent, fresh", Urgency.URGENT, 1)
    submitted("Routine, overdue", Urgency.ROUTINE, 300)
    submitted("Immediate, fresh", Urgency.IMMEDIATE, 1)
    submitted("Urgent, older", Urgency.URGENT, 5)
    client.force_login(tasking_officer)
    page = html(client, "/tasking/desk/")
    order = [
        "Routine, overdue",
        "Immediate, fresh",
        "Urgent, older",
        "Urgent, fresh",
        "Routine, fresh",
    ]
    positions = [page.index(summary) for summary in order]
    assert positions == sorted(positions)
    assert page.count(">Overdue<") == 1


def test_a_partner_sees_only_its_own_requests(client, kent_officer, hmrc_officer, tasking_officer):
    populate(tasking_officer, kent_officer, 2)
    client.force_login(hmrc_officer)
    assert "0 requests" in html(client, "/tasking/requests/")
    client.force_login(kent_officer)
    page = html(client, "/tasking/requests/")
    assert "4 requests" in page
    assert "Our requests" in page


def test_a_new_request_without_how_it_assists_is_a_form_error_naming_the_field(
    client, south_east_rocu_officer
):
    client.force_login(south_east_rocu_officer)
    response = client.post(
        "/tasking/requests/new/",
        {"addressed_organisation": organisation("National Crime Agency").pk, "summary": "x",
         "how_this_assists": "", "urgency": "routine", "marking": "official"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert 'href="#id_how_this_assists">Say how the help asked for would assist' in page
    assert not TaskingRequest.objects.exists()


def test_a_rocu_officer_drafts_a_request_for_a_capability_from_the_catalogue(
    client, south_east_rocu_officer
):
    capability = Capability.objects.get(code="specialist-surveillance")
    client.force_login(south_east_rocu_officer)
    page = html(client, f"/tasking/capabilities/{capability.pk}/")
    assert "Ask for this capability" in page
    form = html(client, f"/tasking/requests/new/?capability={capability.pk}")
    assert f'value="{capability.pk}" checked' in form
    response = client.post(
        "/tasking/requests/new/",
        {"addressed_organisation": organisation("National Crime Agency").pk,
         "summary": "Surveillance", "how_this_assists": "Arrests.", "urgency": "urgent",
         "capabilities": [capability.pk], "marking": "official"},
    )  # fmt: skip
    request = TaskingRequest.objects.get()
    assert response["Location"] == f"/tasking/requests/{request.pk}/"
    assert list(request.capabilities.all()) == [capability]
    assert "Submit request" in html(client, response["Location"])


def test_departing_from_the_suggestion_shows_it_and_asks_why(
    client, south_east_rocu_officer, tasking_officer
):
    request = services.request_create(
        actor=south_east_rocu_officer, addressed_organisation=organisation("National Crime Agency"),
        summary="x", how_this_assists="y",
    )  # fmt: skip
    services.request_submit(actor=south_east_rocu_officer, request=request)
    client.force_login(tasking_officer)
    response = client.post(
        f"/tasking/requests/{request.pk}/decision/",
        {"specialist_capability": "on", "outcome": "lead", "rationale": "We should lead."},
    )
    page = response.content.decode()
    assert "The portal suggested “The NCA supports”: say why you decided “The NCA leads”" in page
    suggestion = client.post(
        f"/tasking/requests/{request.pk}/decision/",
        {"specialist_capability": "on", "outcome": "lead", "rationale": "x", "suggest": "1"},
    ).content.decode()
    assert "The portal suggests: The NCA supports" in suggestion
    request.refresh_from_db()
    assert request.status == "submitted"


def test_the_overlap_page_names_the_other_side_only_by_organisation_and_contact(
    client, kent_officer
):
    hampshire = person("hants", "Hampshire and Isle of Wight Constabulary", Role.FORCE_OFFICER)
    services.target_create(actor=kent_officer, name="Kestrel Network", kind="group")
    services.target_create(actor=hampshire, name="Kestrel Networks", kind="group")
    client.force_login(kent_officer)
    page = html(client, "/tasking/overlaps/")
    alert_url = page.split('href="/tasking/overlaps/')[1].split('"')[0]
    detail = html(client, f"/tasking/overlaps/{alert_url}")
    assert "Kestrel Network</a>" in detail  # their own record
    assert "Kestrel Networks" not in detail  # the other side's name
    assert "A record held by Hampshire and Isle of Wight Constabulary" in detail


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/tasking/desk/", 5),  # a bounded count, the page's ids in desk order, their rows
        ("/tasking/requests/", 4),
        ("/tasking/targets/", 6),
        ("/tasking/capabilities/", 3),
        ("/tasking/overlaps/", 4),
    ],
)
def test_list_pages_keep_a_constant_number_of_queries(
    client, tasking_officer, kent_officer, path, expected
):
    client.force_login(tasking_officer)
    populate(tasking_officer, kent_officer, 1)
    client.get(path)
    assert _queries(client, path) == expected
    populate(tasking_officer, kent_officer, 15, first=1)
    assert _queries(client, path) == expected


def test_detail_pages_keep_a_constant_number_of_queries(client, tasking_officer, kent_officer):
    populate(tasking_officer, kent_officer, 1)
    client.force_login(tasking_officer)
    request = TaskingRequest.objects.get(summary="Support 0")
    target = request.requesting_organisation.targets.first()
    paths = [f"/tasking/requests/{request.pk}/", f"/tasking/targets/{target.pk}/"]
    before = [(client.get(p), _queries(client, p))[1] for p in paths]
    populate(tasking_officer, kent_officer, 10, first=1)
    assert [_queries(client, p) for p in paths] == before


def test_an_empty_target_answers_400_with_a_summary_naming_and_linking_each_field(
    client, tasking_officer
):
    client.force_login(tasking_officer)
    response = client.post("/tasking/targets/new/", {})
    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_name">Enter the name</a>' in page
    assert '<a href="#id_kind">Select a kind</a>' in page
    assert '<a href="#id_priority">Select a priority</a>' in page
    assert "This field is required." not in page


TARGET = {"name": "Kestrel Network", "kind": "group", "priority": "priority",
          "sophistication": "moderate", "marking": "official"}  # fmt: skip


def test_a_target_named_by_punctuation_alone_is_refused_with_the_missing_kind_at_once(
    client, tasking_officer
):
    client.force_login(tasking_officer)
    response = client.post("/tasking/targets/new/", {**TARGET, "name": "!!!", "kind": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_kind">Select a kind</a>' in page
    assert "A target needs a name with at least one letter or digit." in page
    assert not Target.objects.exists()


def test_a_target_with_letters_in_its_name_is_recorded(client, tasking_officer):
    client.force_login(tasking_officer)
    response = client.post("/tasking/targets/new/", TARGET)
    assert response["Location"] == Target.objects.get(name="Kestrel Network").get_absolute_url()


def test_a_request_shows_a_missing_field_and_a_routing_refusal_in_the_same_round(
    client, tasking_officer
):
    client.force_login(tasking_officer)
    response = client.post(
        "/tasking/requests/new/",
        {"addressed_organisation": organisation("HM Revenue and Customs").pk, "summary": "",
         "direct_reason": "It is urgent.", "how_this_assists": "Arrests.",
         "urgency": "routine", "marking": "official"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_summary">Enter what you need' in page
    assert 'href="#id_direct_reason">A request to HM Revenue and Customs goes to it' in page
    assert not TaskingRequest.objects.exists()


def test_a_request_the_routing_rule_accepts_is_saved_in_one_round(client, tasking_officer):
    client.force_login(tasking_officer)
    response = client.post(
        "/tasking/requests/new/",
        {"addressed_organisation": organisation("Kent Police").pk, "summary": "Vehicle checks",
         "direct_reason": "It is urgent.", "how_this_assists": "Arrests.",
         "urgency": "routine", "marking": "official"},
    )  # fmt: skip
    assert response.status_code == 302
    assert TaskingRequest.objects.get().routed_via is None


def test_too_many_names_are_refused_with_the_missing_fields_in_the_same_round(
    client, south_east_rocu_officer
):
    client.force_login(south_east_rocu_officer)
    names = "\n".join(f"Name {n}" for n in range(51))
    response = client.post("/tasking/requests/new/", {"subject_names": names})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_summary">Enter what you need' in page
    assert 'href="#id_subject_names">Give at most 50 names here, not 51.' in page


def test_an_unexplained_departure_is_asked_for_with_a_missing_rationale_in_the_same_round(
    client, south_east_rocu_officer, tasking_officer
):
    request = services.request_create(
        actor=south_east_rocu_officer, addressed_organisation=organisation("National Crime Agency"),
        summary="x", how_this_assists="y",
    )  # fmt: skip
    services.request_submit(actor=south_east_rocu_officer, request=request)
    client.force_login(tasking_officer)
    path = f"/tasking/requests/{request.pk}/decision/"
    refused = client.post(path, {"specialist_capability": "on", "outcome": "lead"})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert 'href="#id_rationale">Enter the rationale' in page
    assert "say why you decided “The NCA leads” instead" in page
    explained = client.post(
        path,
        {"specialist_capability": "on", "outcome": "lead", "rationale": "We lead.",
         "departure_reason": "The group is about to move abroad."},
    )  # fmt: skip
    assert explained.status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted"


def test_the_request_form_offers_only_organisations_existing_today(client, tasking_officer):
    """An organisation whose last day has passed is not offered, and posting it anyway is
    a form error on the field (issue 12 §8)."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    hmrc = organisation("HM Revenue and Customs")
    client.force_login(tasking_officer)
    answers = {
        "addressed_organisation": hmrc.pk, "summary": "Financial checks",
        "how_this_assists": "Arrests.", "urgency": "routine", "marking": "official",
    }  # fmt: skip
    assert f'value="{hmrc.pk}"' in client.get("/tasking/requests/new/").content.decode()
    Organisation.objects.filter(pk=hmrc.pk).update(valid_to=yesterday)
    assert f'value="{hmrc.pk}"' not in client.get("/tasking/requests/new/").content.decode()
    response = client.post("/tasking/requests/new/", answers)
    assert response.status_code == 400
    assert 'href="#id_addressed_organisation">Select who you are asking from the list' in (
        response.content.decode()
    )
    assert not TaskingRequest.objects.exists()
    Organisation.objects.filter(pk=hmrc.pk).update(valid_to=timezone.localdate())
    assert client.post("/tasking/requests/new/", answers).status_code == 302
