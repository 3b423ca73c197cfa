"""Targets, requests and operations carry the NCA's priorities they serve, each in force
on its day; an operation that serves none waits for the Director General's decision to
pursue it outside them, recorded with its reason and whether the Home Office was
consulted (PCC Annex A). Each rule both ways, through the services, the pages and the
API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from directory.choices import Clearance, Role
from notifications.choices import Kind
from notifications.models import Notification
from priorities.models import Priority
from tasking import panels, rules, selectors, services
from tasking.choices import Outcome
from tasking.models import Capability, OutsidePriorities, TaskingRequest
from tests.conftest import VerifiedAPIClient, person
from tests.factories import date_boxes, organisation
from tests.tasking.conftest import answers

pytestmark = pytest.mark.django_db

CONFIRM = {"confirm": "yes"}
WHY = "A one-off inquiry the Home Office asked for; no priority covers it."


def in_force(code):
    return Priority.objects.in_force(timezone.localdate()).get(code=code)


@pytest.fixture
def pursue():
    return in_force("pursue-soc")


@pytest.fixture
def enablers():
    return in_force("enablers")


@pytest.fixture
def retired():
    """A priority whose only version ended years ago."""
    return Priority.objects.create(
        code="retired-priority",
        kind="operational",
        title="A priority of 2015 since dropped",
        set_by="Director General",
        source="PCC Annex A ¶3",
        starts_on=datetime.date(2015, 8, 1),
        ends_on=datetime.date(2016, 3, 31),
    )


@pytest.fixture
def ddg(db):
    return person(
        "ddg", "National Crime Agency", Role.DEPUTY_DIRECTOR_GENERAL, clearance=Clearance.DV
    )


@pytest.fixture
def kent_target(kent_detective, make_target):
    return make_target(kent_detective)


def operation(actor, target, name="Operation Quay", **fields):
    return services.operation_create(
        actor=actor,
        target=target,
        name=name,
        lead_organisation=organisation("Kent Police"),
        **fields,
    )


def api(user):
    client = VerifiedAPIClient()
    client.force_authenticate(user)
    return client


# --- each chosen priority is in force on the day ------------------------------------------


def test_a_priority_in_force_today_is_accepted(pursue):
    rules.check_priorities_in_force([pursue], timezone.localdate())


def test_a_priority_no_longer_in_force_is_refused_naming_priorities(retired):
    with pytest.raises(ValidationError) as refused:
        rules.check_priorities_in_force([retired], timezone.localdate())
    assert "A priority of 2015 since dropped" in refused.value.message_dict["priorities"][0]


def test_a_target_serves_the_priorities_chosen_on_its_page(client, kent_detective, pursue):
    client.force_login(kent_detective)
    form = client.get("/tasking/targets/new/").content.decode()
    assert "Which of the NCA&#x27;s priorities this serves" in form
    assert "Strategic priorities" in form
    assert "Operational priorities" in form
    response = client.post(
        "/tasking/targets/new/",
        {
            "name": "The Medway Vipers",
            "kind": "group",
            "priority": "priority",
            "sophistication": "moderate",
            "marking": "official",
            "priorities": [pursue.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    target = selectors.target_list(user=kent_detective).get(name="The Medway Vipers")
    assert list(target.priorities.all()) == [pursue]
    page = client.get(target.get_absolute_url()).content.decode()
    assert "Priorities it serves" in page
    assert pursue.title in page


def test_the_target_page_and_the_api_refuse_a_retired_priority_alike(
    client, kent_detective, retired
):
    client.force_login(kent_detective)
    response = client.post(
        "/tasking/targets/new/",
        {
            "name": "The Medway Vipers",
            "kind": "group",
            "priority": "priority",
            "sophistication": "moderate",
            "marking": "official",
            "priorities": [retired.pk],
        },
    )
    assert response.status_code == 400
    assert "Not in force then: “A priority of 2015 since dropped”" in response.content.decode()
    answer = api(kent_detective).post(
        "/api/targets/",
        {"name": "The Medway Vipers", "kind": "group", "priorities": [retired.pk]},
        format="json",
    )
    assert answer.status_code == 400
    assert (
        "Not in force then: “A priority of 2015 since dropped”"
        in (answer.json()["errors"]["priorities"][0])
    )


def test_the_api_shows_a_targets_priorities_by_id_code_and_title(kent_detective, pursue):
    answer = api(kent_detective).post(
        "/api/targets/",
        {"name": "The Medway Vipers", "kind": "group", "priorities": [pursue.pk]},
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    assert answer.json()["priorities"] == [
        {"id": pursue.pk, "code": "pursue-soc", "title": pursue.title}
    ]


def test_more_than_twenty_priorities_is_a_400_naming_them(kent_detective, pursue):
    answer = api(kent_detective).post(
        "/api/targets/",
        {"name": "The Medway Vipers", "kind": "group", "priorities": [pursue.pk] * 21},
        format="json",
    )
    assert answer.status_code == 400
    assert "at most 20" in answer.json()["errors"]["priorities"][0]


def test_a_changed_target_keeps_a_priority_it_served_before_it_ended(
    kent_detective, make_target, retired, pursue
):
    """What a target served is kept as it was on its day: only a newly chosen priority
    must be in force."""
    target = make_target(kent_detective)
    target.priorities.set([retired])
    services.target_update(actor=kent_detective, target=target, priorities=[retired, pursue])
    assert set(target.priorities.all()) == {retired, pursue}


# --- requests: anyone suggests, the desk confirms ------------------------------------------


def test_a_rocu_officer_may_suggest_priorities_and_the_desk_confirms_others(
    south_east_rocu_officer, tasking_officer, make_request, pursue, enablers
):
    request = make_request(south_east_rocu_officer, priorities=[pursue])
    services.request_submit(actor=south_east_rocu_officer, request=request)
    services.request_decide(
        actor=tasking_officer,
        request=request,
        outcome=Outcome.SUPPORT,
        rationale="Specialist surveillance the region does not have.",
        tests=answers("specialist_capability"),
        priorities=[pursue, enablers],
    )
    assert set(request.priorities.all()) == {pursue, enablers}


def test_a_request_without_priorities_is_taken_and_the_suggestion_stands_if_not_changed(
    south_east_rocu_officer, tasking_officer, make_request, pursue
):
    unsure = make_request(south_east_rocu_officer)
    assert list(unsure.priorities.all()) == []
    request = make_request(south_east_rocu_officer, priorities=[pursue])
    services.request_submit(actor=south_east_rocu_officer, request=request)
    answer = api(tasking_officer).post(
        f"/api/tasking-requests/{request.pk}/decide/",
        {
            "decision": "support",
            "rationale": "Specialist surveillance.",
            "tests": answers("specialist_capability"),
        },
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    assert [p["code"] for p in answer.json()["priorities"]] == ["pursue-soc"]


def test_the_desk_confirming_a_retired_priority_is_refused_on_page_and_api_alike(
    client, south_east_rocu_officer, tasking_officer, make_request, retired
):
    request = make_request(south_east_rocu_officer)
    services.request_submit(actor=south_east_rocu_officer, request=request)
    answer = api(tasking_officer).post(
        f"/api/tasking-requests/{request.pk}/decide/",
        {
            "decision": "support",
            "rationale": "Specialist surveillance.",
            "tests": answers("specialist_capability"),
            "priorities": [retired.pk],
        },
        format="json",
    )
    assert answer.status_code == 400
    said = answer.json()["errors"]["priorities"][0]
    client.force_login(tasking_officer)
    page = client.post(
        f"/tasking/requests/{request.pk}/decision/",
        {
            "outcome": "support",
            "rationale": "Specialist surveillance.",
            "specialist_capability": "on",
            "priorities": [retired.pk],
        },
    )
    assert page.status_code == 400
    assert said in page.content.decode().replace("&#x27;", "'")
    assert request.decisions.count() == 0


def test_the_request_page_says_the_priorities_are_a_suggestion_until_decided(
    client, south_east_rocu_officer, make_request, pursue
):
    request = make_request(south_east_rocu_officer, priorities=[pursue])
    client.force_login(south_east_rocu_officer)
    page = client.get(request.get_absolute_url()).content.decode()
    assert pursue.title in page
    assert "Suggested by the requester" in page


# --- an operation serves a priority, or the DG decides -------------------------------------


def test_an_operation_serving_a_priority_is_within_them_and_the_dg_is_not_told(
    kent_detective, kent_target, dg, pursue
):
    quay = operation(kent_detective, kent_target, priorities=[pursue])
    rules.check_operation_within_priorities(quay, day=timezone.localdate())
    assert not Notification.objects.filter(kind=Kind.OUTSIDE_PRIORITIES).exists()


def test_an_operation_serving_none_awaits_the_dg_who_is_told_once(
    kent_detective, kent_target, dg, ddg
):
    quay = operation(kent_detective, kent_target)
    with pytest.raises(ValidationError) as refused:
        rules.check_operation_within_priorities(quay, day=timezone.localdate())
    assert "Director General" in refused.value.message_dict["priorities"][0]
    told = Notification.objects.filter(kind=Kind.OUTSIDE_PRIORITIES)
    assert [n.recipient for n in told] == [dg]
    assert told.get().link == f"/tasking/operations/{quay.pk}/outside-priorities/"


def test_the_dg_is_not_told_of_an_operation_above_their_clearance(
    kent_detective, kent_target, tasking_officer
):
    low_dg = person(
        "acting-dg", "National Crime Agency", Role.DIRECTOR_GENERAL, clearance=Clearance.BPSS
    )
    services.operation_create(
        actor=tasking_officer,
        target=kent_target,
        name="Operation Sextant",
        lead_organisation=organisation("National Crime Agency"),
        marking="secret",
    )
    assert not Notification.objects.filter(recipient=low_dg).exists()


def test_an_operation_with_a_retired_priority_is_refused_on_page_and_api_alike(
    client, kent_detective, kent_target, retired
):
    answer = api(kent_detective).post(
        "/api/operations/",
        {
            "name": "Operation Quay",
            "target": kent_target.pk,
            "lead_organisation": organisation("Kent Police").pk,
            "priorities": [retired.pk],
        },
        format="json",
    )
    assert answer.status_code == 400
    said = answer.json()["errors"]["priorities"][0]
    client.force_login(kent_detective)
    page = client.post(
        f"/tasking/targets/{kent_target.pk}/operations/new/",
        {
            "name": "Operation Quay",
            "lead_organisation": organisation("Kent Police").pk,
            "marking": "official",
            "priorities": [retired.pk],
        },
    )
    assert page.status_code == 400
    assert said in page.content.decode()


def test_only_the_director_general_decides_to_pursue_an_operation_outside_the_priorities(
    dg, ddg, tasking_officer, kent_detective
):
    rules.check_may_decide_outside_priorities(dg)
    for other in (ddg, tasking_officer, kent_detective):
        with pytest.raises(PermissionDenied):
            rules.check_may_decide_outside_priorities(other)


def test_the_deputy_is_refused_by_service_page_and_api(client, ddg, kent_detective, kent_target):
    quay = operation(kent_detective, kent_target)
    with pytest.raises(PermissionDenied):
        services.outside_priorities_decide(
            actor=ddg, operation=quay, reason=WHY, home_office_consulted=True
        )
    client.force_login(ddg)
    assert client.get(f"/tasking/operations/{quay.pk}/outside-priorities/").status_code == 403
    answer = api(ddg).post(
        f"/api/operations/{quay.pk}/outside-priorities/",
        {"reason": WHY, "home_office_consulted": True},
        format="json",
    )
    assert answer.status_code == 403
    assert not OutsidePriorities.objects.exists()


def test_the_dg_decides_on_the_page_after_checking_and_lands_on_the_panel(
    client, dg, kent_detective, kent_target
):
    quay = operation(kent_detective, kent_target)
    client.force_login(dg)
    detail = client.get(quay.get_absolute_url()).content.decode()
    assert "Outside the priorities" in detail
    assert "awaits the Director General's decision" in detail
    url = f"/tasking/operations/{quay.pk}/outside-priorities/"
    assert f'href="{url}"' in detail
    today = timezone.localdate()
    answers_given = {
        "reason": WHY,
        "home_office_consulted": "yes",
        **date_boxes("decided_on", today),
    }
    checking = client.post(url, answers_given)
    assert checking.status_code == 200
    assert "Check your answers before you record the decision" in checking.content.decode()
    assert not OutsidePriorities.objects.exists()
    landed = client.post(url, {**answers_given, **CONFIRM}, follow=True).content.decode()
    assert "govuk-panel--confirmation" in landed
    assert "Operation Quay is pursued outside the priorities." in landed
    assert "Pursued outside the priorities" in landed
    assert WHY.replace("'", "&#x27;") in landed
    decision = OutsidePriorities.objects.get()
    assert (decision.operation, decision.decided_by, decision.decided_on) == (quay, dg, today)
    assert decision.home_office_consulted is True
    rules.check_operation_within_priorities(quay, day=today)


def test_a_second_decision_is_refused_alike_on_page_and_api(
    client, dg, kent_detective, kent_target
):
    quay = operation(kent_detective, kent_target)
    services.outside_priorities_decide(
        actor=dg, operation=quay, reason=WHY, home_office_consulted=False
    )
    answer = api(dg).post(
        f"/api/operations/{quay.pk}/outside-priorities/",
        {"reason": WHY, "home_office_consulted": True},
        format="json",
    )
    assert answer.status_code == 400
    said = answer.json()["errors"]["operation"][0]
    assert "already decided" in said
    client.force_login(dg)
    page = client.post(
        f"/tasking/operations/{quay.pk}/outside-priorities/",
        {"reason": WHY, "home_office_consulted": "yes"},
    )
    assert page.status_code == 400
    assert "already decided" in page.content.decode()
    assert OutsidePriorities.objects.count() == 1


def test_an_operation_serving_a_priority_needs_no_decision(dg, kent_detective, kent_target, pursue):
    quay = operation(kent_detective, kent_target, priorities=[pursue])
    with pytest.raises(ValidationError) as refused:
        services.outside_priorities_decide(
            actor=dg, operation=quay, reason=WHY, home_office_consulted=True
        )
    assert "nothing to decide" in refused.value.message_dict["operation"][0]


def test_the_decision_needs_a_reason_and_a_day_not_in_the_future(dg, kent_detective, kent_target):
    quay = operation(kent_detective, kent_target)
    with pytest.raises(ValidationError) as refused:
        services.outside_priorities_decide(
            actor=dg, operation=quay, reason="  ", home_office_consulted=True
        )
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.outside_priorities_decide(
            actor=dg,
            operation=quay,
            reason=WHY,
            home_office_consulted=True,
            decided_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert "decided_on" in refused.value.message_dict


def test_the_api_records_the_decision_and_shows_it_on_the_operation(
    dg, kent_detective, kent_target
):
    quay = operation(kent_detective, kent_target)
    before = api(kent_detective).get(f"/api/operations/{quay.pk}/").json()
    assert before["awaits_outside_priorities_decision"] is True
    assert before["outside_priorities"] is None
    answer = api(dg).post(
        f"/api/operations/{quay.pk}/outside-priorities/",
        {"reason": WHY, "home_office_consulted": True},
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["awaits_outside_priorities_decision"] is False
    assert body["outside_priorities"]["reason"] == WHY
    assert body["outside_priorities"]["home_office_consulted"] is True


def test_the_reason_is_bounded(dg, kent_detective, kent_target):
    quay = operation(kent_detective, kent_target)
    answer = api(dg).post(
        f"/api/operations/{quay.pk}/outside-priorities/",
        {"reason": "x" * 10_001, "home_office_consulted": True},
        format="json",
    )
    assert answer.status_code == 400
    assert "reason" in answer.json()["errors"]


def test_a_partner_who_sees_the_operation_cannot_decide_it(kent_detective, kent_target):
    quay = operation(kent_detective, kent_target)
    answer = api(kent_detective).post(
        f"/api/operations/{quay.pk}/outside-priorities/",
        {"reason": WHY, "home_office_consulted": True},
        format="json",
    )
    assert answer.status_code == 403


# --- the DG's home page ----------------------------------------------------------------


def test_the_dg_sees_the_operations_awaiting_their_decision_until_decided(
    dg, tasking_officer, kent_detective, kent_target
):
    today = timezone.localdate()
    quay = operation(kent_detective, kent_target)
    operation(kent_detective, kent_target, name="Operation Tern")
    [need] = [n for n in panels.needs(dg, today=today) if "outside the priorities" in n.title]
    assert need.title == "2 operations outside the priorities wait for your decision"
    assert need.link == f"/tasking/operations/{quay.pk}/outside-priorities/"
    assert not [n for n in panels.needs(tasking_officer, today=today) if "outside" in n.title]
    services.outside_priorities_decide(
        actor=dg, operation=quay, reason=WHY, home_office_consulted=True
    )
    [need] = [n for n in panels.needs(dg, today=today) if "outside the priorities" in n.title]
    assert need.title == "1 operation outside the priorities waits for your decision"


def test_once_decided_the_dgs_notices_of_it_read_as_done_and_the_others_stay(
    dg, kent_detective, kent_target
):
    quay = operation(kent_detective, kent_target)
    tern = operation(kent_detective, kent_target, name="Operation Tern")
    services.outside_priorities_decide(
        actor=dg, operation=quay, reason=WHY, home_office_consulted=False
    )
    unread = Notification.objects.filter(kind=Kind.OUTSIDE_PRIORITIES, read_at__isnull=True)
    assert [n.link for n in unread] == [f"/tasking/operations/{tern.pk}/outside-priorities/"]


def test_a_requests_capabilities_and_priorities_read_alike_in_its_list_its_answer_and_on_create(
    kent_detective, pursue, enablers
):
    """The list gathers them in its own query; each reads as the relations hold them:
    capabilities by id in the catalogue's order, priorities by id, code and title."""
    chosen = list(Capability.objects.order_by("-name")[:3])
    created = api(kent_detective).post(
        "/api/tasking-requests/",
        {
            "addressed_organisation": organisation("National Crime Agency").pk,
            "summary": "Surveillance support on an armed robbery team",
            "how_this_assists": "Armed surveillance we do not have would let us arrest them.",
            "capabilities": [capability.pk for capability in chosen],
            "priorities": [enablers.pk, pursue.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    request = TaskingRequest.objects.get(pk=created.json()["id"])
    capabilities = [capability.pk for capability in request.capabilities.all()]
    priorities = [{"id": p.pk, "code": p.code, "title": p.title} for p in request.priorities.all()]
    assert sorted(capabilities) == sorted(capability.pk for capability in chosen)
    assert [p["code"] for p in priorities] == ["pursue-soc", "enablers"]
    listed = api(kent_detective).get("/api/tasking-requests/").json()["results"]
    answered = api(kent_detective).get(f"/api/tasking-requests/{request.pk}/").json()
    for shown in (created.json(), answered, *[row for row in listed if row["id"] == request.pk]):
        assert (shown["capabilities"], shown["priorities"]) == (capabilities, priorities)
    assert [row["id"] for row in listed].count(request.pk) == 1
