"""Tasking tells people what happened, through the one notification centre: the
requester of what became of their request, the NCA desk of a request arriving, both
owners of a possible overlap; each once, in the change's own transaction, and in words
bounded by the reader."""

import datetime

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.choices import Clearance, Marking, Role
from directory.home import days_from
from notifications.choices import Delivery, Kind
from notifications.models import Notification, OutboxEmail
from notifications.rules import GENERIC_TEXT
from notifications.tasks import deliver_email, send_unsent_emails
from tasking import panels, services
from tasking.choices import Outcome, Urgency
from tasking.models import DeconflictionAlert, TaskingRequest
from tests.celery_broker import broker
from tests.conftest import VerifiedAPIClient, person
from tests.factories import organisation
from tests.tasking.conftest import answers
from tests.workers import finished_tasks, wait_for, wait_until_run

pytestmark = pytest.mark.django_db

SUPPORT_TESTS = answers("specialist_capability")  # the portal suggests "support"


def told(user, kind=None) -> list[Notification]:
    notifications = Notification.objects.filter(recipient=user).order_by("pk")
    return list(notifications.filter(kind=kind) if kind else notifications)


def addressed(user):
    """Give a person an e-mail address (the people of the domain have none by default)."""
    user.email = f"{user.username}@example.gov.uk"
    user.save(update_fields=["email"])


def decide(actor, request, outcome=Outcome.SUPPORT):
    return services.request_decide(
        actor=actor,
        request=request,
        outcome=outcome,
        rationale="Specialist surveillance the ROCU lacks.",
        tests=SUPPORT_TESTS,
        departure_reason="" if outcome == Outcome.SUPPORT else "The desk's judgement.",
    )


@pytest.fixture
def se_rocu_colleague(db):
    return person("se-rocu-2", "South East Regional Organised Crime Unit", Role.ROCU_OFFICER)


@pytest.fixture
def submitted(south_east_rocu_officer, make_request):
    """The South East ROCU officer's request to the NCA, submitted."""

    def make(**fields):
        request = make_request(south_east_rocu_officer, **fields)
        return services.request_submit(actor=south_east_rocu_officer, request=request)

    return make


# --- the requester ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "said"),
    [
        (Outcome.LEAD, "the NCA leads"),
        (Outcome.SUPPORT, "the NCA supports"),
        (Outcome.COORDINATE, "the NCA coordinates"),
        (Outcome.DECLINE, "the NCA declines it"),
    ],
)
def test_the_requester_is_told_what_the_nca_decided(
    outcome, said, submitted, south_east_rocu_officer, tasking_officer
):
    request = submitted()
    decide(tasking_officer, request, outcome)
    [notification] = told(south_east_rocu_officer, Kind.REQUEST_DECIDED)
    assert notification.text == f"Your request {request.reference} is decided: {said}."
    assert notification.link == f"/tasking/requests/{request.pk}/"
    assert notification.marking == Marking.OFFICIAL
    assert notification.delivery == Delivery.AT_ONCE


def test_only_the_requester_hears_of_the_decision_never_their_colleagues_or_another_force(
    submitted, south_east_rocu_officer, se_rocu_colleague, kent_officer, tasking_officer
):
    decide(tasking_officer, submitted())
    assert len(told(south_east_rocu_officer, Kind.REQUEST_DECIDED)) == 1
    assert told(se_rocu_colleague) == []
    assert told(kent_officer) == []
    assert told(tasking_officer, Kind.REQUEST_DECIDED) == []


def test_a_refused_second_decision_tells_nobody(
    submitted, south_east_rocu_officer, tasking_officer, dg
):
    request = submitted()
    decide(tasking_officer, request)
    before = Notification.objects.count()
    with pytest.raises(ValidationError, match="cannot be decided"):
        decide(dg, request, Outcome.LEAD)
    assert Notification.objects.count() == before
    assert len(told(south_east_rocu_officer, Kind.REQUEST_DECIDED)) == 1


def test_the_requester_is_told_when_their_request_is_taken_under_assessment(
    submitted, south_east_rocu_officer, tasking_officer
):
    request = submitted()
    services.request_assess(actor=tasking_officer, request=request)
    [notification] = told(south_east_rocu_officer, Kind.REQUEST_ASSESSED)
    assert notification.text == f"The NCA is assessing your request {request.reference}."
    with pytest.raises(ValidationError):
        services.request_assess(actor=tasking_officer, request=request)
    assert len(told(south_east_rocu_officer)) == 1


def test_the_nca_requester_is_told_when_the_partner_answers(
    tasking_officer, kent_officer, eastern_rocu_officer, make_request
):
    request = make_request(tasking_officer, addressed="Kent Police")
    services.request_submit(actor=tasking_officer, request=request)
    assert told(tasking_officer) == []  # an NCA request does not arrive at the NCA desk
    services.request_respond(actor=kent_officer, request=request, accept=False, reason="Busy.")
    [notification] = told(tasking_officer, Kind.REQUEST_ANSWERED)
    assert notification.text == f"Kent Police declined your request {request.reference}."
    assert told(kent_officer) == []
    assert told(eastern_rocu_officer) == []


# --- the NCA desk ----------------------------------------------------------------------


def test_a_routine_request_arrives_at_every_active_member_of_the_desk_and_nobody_else(
    submitted, south_east_rocu_officer, tasking_officer, dg, nca_bpss_analyst, kent_officer
):
    retired = person("retired-desk", "National Crime Agency", Role.TASKING_OFFICER)
    retired.is_active = False
    retired.save()
    request = submitted(urgency=Urgency.ROUTINE)
    for officer in (tasking_officer, dg):
        [notification] = told(officer)
        assert notification.kind == Kind.REQUEST_ARRIVED
        assert notification.text == (
            f"A routine request, {request.reference}, arrived from "
            "South East Regional Organised Crime Unit."
        )
    for nobody in (retired, nca_bpss_analyst, kent_officer, south_east_rocu_officer):
        assert told(nobody) == []


def test_an_urgent_request_is_a_kind_of_its_own_emailed_at_once(submitted, tasking_officer):
    addressed(tasking_officer)
    request = submitted(urgency=Urgency.IMMEDIATE)
    [notification] = told(tasking_officer)
    assert notification.kind == Kind.REQUEST_ARRIVED_URGENT
    assert notification.text.startswith(f"An immediate request, {request.reference}, arrived")
    assert notification.delivery == Delivery.AT_ONCE
    assert notification.email is not None


def test_a_secret_request_arrives_only_at_desk_officers_cleared_to_open_it(
    submitted, tasking_officer
):
    bpss_desk = person(
        "bpss-desk", "National Crime Agency", Role.TASKING_OFFICER, clearance=Clearance.BPSS
    )
    addressed(tasking_officer)
    request = submitted(marking=Marking.SECRET)
    [notification] = told(tasking_officer)
    assert notification.marking == Marking.SECRET
    assert told(bpss_desk) == []
    # Marked above OFFICIAL, it leaves the portal without its words.
    email = OutboxEmail.objects.get(notifications=notification)
    assert request.reference not in email.subject + email.body
    assert GENERIC_TEXT in email.body


def test_a_requester_whose_clearance_lapsed_reads_only_the_generic_line_of_a_secret_request(
    submitted, south_east_rocu_officer, tasking_officer
):
    request = submitted(marking=Marking.SECRET)
    south_east_rocu_officer.clearance_review_on = timezone.localdate() - datetime.timedelta(1)
    south_east_rocu_officer.save()
    decide(tasking_officer, request)
    [notification] = told(south_east_rocu_officer, Kind.REQUEST_DECIDED)
    assert notification.marking == Marking.SECRET
    [row] = api_for(south_east_rocu_officer).get("/api/notifications/").json()["results"]
    assert row["text"] == f"{GENERIC_TEXT}."
    assert row["link"] == request.get_absolute_url()


# --- both owners of a possible overlap -------------------------------------------------


def test_both_owners_of_an_overlap_are_told_once_each_of_the_other_only_by_organisation(
    make_target, kent_officer, south_east_rocu_officer, se_rocu_colleague, hmrc_officer
):
    make_target(kent_officer, name="Medway Vipers")
    ours = make_target(south_east_rocu_officer, name="The Medway Vipers")
    alert = DeconflictionAlert.objects.get()
    [raising] = told(south_east_rocu_officer, Kind.DECONFLICTION_OVERLAP)
    [matched] = told(kent_officer, Kind.DECONFLICTION_OVERLAP)
    assert raising.text == (
        "Possible overlap: your target may overlap with a record held by Kent Police. "
        "The alert says whom to contact."
    )
    assert matched.text == (
        "Possible overlap: your target may overlap with a record held by "
        "South East Regional Organised Crime Unit. The alert says whom to contact."
    )
    for notification in (raising, matched):
        assert "Vipers" not in notification.text
        assert notification.link == alert.get_absolute_url()
    # The same overlap found again (an alias added) is the same alert: nobody is told twice.
    services.target_update(actor=south_east_rocu_officer, target=ours, aliases=["Vipers of Medway"])
    assert DeconflictionAlert.objects.count() == 1
    assert Notification.objects.filter(kind=Kind.DECONFLICTION_OVERLAP).count() == 2
    assert told(se_rocu_colleague) == []
    assert told(hmrc_officer) == []


def test_an_overlap_found_by_a_request_tells_its_requester_by_reference(
    make_target, make_request, kent_officer, south_east_rocu_officer
):
    make_target(kent_officer, name="Medway Vipers")
    request = make_request(south_east_rocu_officer, subject_names=["Medway Vipers"])
    services.request_submit(actor=south_east_rocu_officer, request=request)
    [raising] = told(south_east_rocu_officer, Kind.DECONFLICTION_OVERLAP)
    assert raising.text.startswith(f"Possible overlap: your request {request.reference} may")
    assert len(told(kent_officer, Kind.DECONFLICTION_OVERLAP)) == 1


def test_an_overlap_with_a_secret_record_is_told_to_the_other_owner_without_its_words(
    make_target, kent_officer, tasking_officer
):
    make_target(tasking_officer, name="Thames Cartel", marking=Marking.SECRET)
    make_target(kent_officer, name="Thames Cartel")
    [notification] = told(kent_officer, Kind.DECONFLICTION_OVERLAP)
    assert notification.marking == Marking.SECRET
    [row] = api_for(kent_officer).get("/api/notifications/").json()["results"]
    assert row["text"] == f"{GENERIC_TEXT}."
    [nca_side] = told(tasking_officer, Kind.DECONFLICTION_OVERLAP)
    assert nca_side.text.endswith("a record held by Kent Police. The alert says whom to contact.")


def test_an_operation_whose_lead_recorded_no_target_is_answered_for_by_its_writers(
    make_target, tasking_officer, kent_officer, south_east_rocu_officer
):
    """The NCA recorded Kent's target: Kent's officers who write records answer for it."""
    kent = organisation("Kent Police")
    target = make_target(tasking_officer, name="Gravesend Crew", responsible_organisation=kent)
    services.operation_create(
        actor=tasking_officer, target=target, name="Larkspur", lead_organisation=kent
    )
    make_target(south_east_rocu_officer, name="Larkspur")
    assert len(told(kent_officer, Kind.DECONFLICTION_OVERLAP)) == 1
    assert told(tasking_officer, Kind.DECONFLICTION_OVERLAP) == []


# --- the home page panel ---------------------------------------------------------------


def test_the_home_page_counts_waiting_decided_and_to_answer_apart_in_one_query_each(
    submitted, south_east_rocu_officer, tasking_officer, make_request, client
):
    decided = decide(tasking_officer, submitted())
    waiting = submitted()
    nca_asks = make_request(tasking_officer, addressed="South East Regional Organised Crime Unit")
    services.request_submit(actor=tasking_officer, request=nca_asks)
    today = timezone.localdate()
    noon = days_from(today)[0] + datetime.timedelta(hours=12)
    TaskingRequest.objects.filter(pk=nca_asks.pk).update(due_at=noon)
    # The content types the permission grants name are looked up once per process.
    panels.at_a_glance(south_east_rocu_officer, today=today)
    panels.needs(south_east_rocu_officer, today=today)
    with CaptureQueriesContext(connection) as queries:
        waiting_glance, decided_glance = panels.at_a_glance(south_east_rocu_officer, today=today)
    assert len(queries) == 1
    assert (waiting_glance.count, decided_glance.count) == (1, 1)
    with CaptureQueriesContext(connection) as queries:
        found = panels.needs(south_east_rocu_officer, today=today)
    assert len(queries) == 2  # the NCA's requests falling due, and the open overlaps
    assert [(need.title, need.due_on) for need in found] == [("1 NCA request due today", today)]
    client.force_login(south_east_rocu_officer)
    page = client.get("/").content.decode()
    assert "<strong>1</strong> of your requests waits for the NCA&#x27;s decision" in page
    assert "?direction=to_nca&amp;recently_decided=true" in page
    assert "<strong>1</strong> decided by the NCA in the last 30 days" in page
    listed = client.get("/tasking/requests/?direction=to_nca&recently_decided=true")
    assert decided.reference in listed.content.decode()
    assert waiting.reference not in listed.content.decode()


# --- end to end: the portal, and one e-mail through a real SMTP server -------------------


def api_for(user):
    api = VerifiedAPIClient()
    api.force_login(user)
    return api


@pytest.mark.django_db(transaction=True)
def test_a_requester_is_told_of_the_decision_in_the_portal_and_by_one_email(
    committed_reference_data, own_redis, smtp
):
    rocu = person("se-rocu", "South East Regional Organised Crime Unit", Role.ROCU_OFFICER,
                  email="se-rocu@serocu.example")  # fmt: skip
    desk = person("tasking", "National Crime Agency", Role.TASKING_OFFICER)
    with broker(own_redis.url) as app:
        # The worker is stopped while the request is made and decided.
        made = api_for(rocu).post(
            "/api/tasking-requests/",
            {"addressed_organisation": organisation("National Crime Agency").pk,
             "summary": "Armed surveillance", "how_this_assists": "Would let us arrest them.",
             "urgency": "urgent"},
            format="json",
        )  # fmt: skip
        pk = made.json()["id"]
        assert api_for(rocu).post(f"/api/tasking-requests/{pk}/submit/").status_code == 200
        decided = api_for(desk).post(
            f"/api/tasking-requests/{pk}/decide/",
            {"decision": "support", "rationale": "Specialist surveillance they lack.",
             "tests": SUPPORT_TESTS},
            format="json",
        )  # fmt: skip
        assert decided.status_code == 200, decided.json()
        reference = f"TR-{pk:06d}"
        # In the portal at once, over the API and on the notifications page.
        portal = api_for(rocu)
        [row] = portal.get("/api/notifications/?unread=true").json()["results"]
        assert (row["kind"], row["text"], row["link"]) == (
            Kind.REQUEST_DECIDED,
            f"Your request {reference} is decided: the NCA supports.",
            f"/tasking/requests/{pk}/",
        )
        page = portal.get("/notifications/").content.decode()
        assert "1 notification, 1 unread" in page
        assert f'href="/tasking/requests/{pk}/">Your request {reference} is decided' in page
        assert own_redis.queued() == 1  # the e-mail waits for a worker
        assert smtp.messages == []

        outbox = OutboxEmail.objects.get(recipient=rocu)
        with (
            finished_tasks() as finished,
            start_worker(app, perform_ping_check=False, shutdown_timeout=20),
        ):
            wait_for(lambda: len(smtp.to("se-rocu@serocu.example")) == 1)
            # A late duplicate of its task and the sweeper send nothing again.
            wait_until_run(finished, deliver_email.delay(outbox.pk), send_unsent_emails.delay())

    [sent] = smtp.to("se-rocu@serocu.example")
    assert sent["Message-ID"] == outbox.message_id
    assert sent["Subject"] == f"NCA portal: {reference} is decided"
    assert f"Your request {reference} is decided: the NCA supports." in sent.get_payload()
    assert f"/tasking/requests/{pk}/" in sent.get_payload()
    outbox.refresh_from_db()
    assert outbox.sent_at is not None
