import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from activity.models import ActivityEntry
from directory.choices import Marking
from tasking import services
from tasking.choices import CommitmentTest, Outcome, RequestStatus, Urgency
from tasking.models import Decision, DeconflictionAlert, Operation, TaskingRequest
from tests.factories import organisation
from tests.tasking.conftest import answers

pytestmark = pytest.mark.django_db
T = CommitmentTest


def decide(request, actor, outcome, *met, **extra):
    return services.request_decide(
        actor=actor,
        request=request,
        outcome=outcome,
        rationale=extra.pop("rationale", "Judged on the evidence."),
        tests=answers(*met),
        **extra,
    )


def test_a_rocu_officer_drafts_and_submits_a_request_to_the_nca(
    south_east_rocu_officer, make_request
):
    request = make_request(south_east_rocu_officer)
    assert (request.status, request.direction) == (RequestStatus.DRAFT, "to_nca")
    assert request.requesting_organisation.short_name == "SEROCU"
    services.request_submit(actor=south_east_rocu_officer, request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    assert request.due_at == request.submitted_at + datetime.timedelta(hours=24)
    entry = ActivityEntry.objects.get(
        source_type="tasking.taskingrequest", source_id=str(request.pk)
    )
    assert (entry.kind, entry.urgent) == ("request", True)


def test_how_this_assists_is_required(south_east_rocu_officer, make_request):
    with pytest.raises(ValidationError) as refused:
        make_request(south_east_rocu_officer, how_this_assists="  ")
    assert "how_this_assists" in refused.value.message_dict
    assert not TaskingRequest.objects.exists()


def test_only_the_requesting_organisation_submits_or_withdraws(
    south_east_rocu_officer, eastern_rocu_officer, make_request
):
    request = make_request(south_east_rocu_officer)
    with pytest.raises(TaskingRequest.DoesNotExist):  # not theirs: as if it did not exist
        services.request_submit(actor=eastern_rocu_officer, request=request)
    services.request_withdraw(actor=south_east_rocu_officer, request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN


def test_a_request_cannot_be_withdrawn_once_decided(
    south_east_rocu_officer, tasking_officer, make_request
):
    request = make_request(south_east_rocu_officer)
    services.request_submit(actor=south_east_rocu_officer, request=request)
    decide(request, tasking_officer, Outcome.SUPPORT, T.SPECIALIST_CAPABILITY)
    with pytest.raises(ValidationError, match="accepted cannot be withdrawn"):
        services.request_withdraw(actor=south_east_rocu_officer, request=request)


def test_the_tasking_desk_decides_support_and_the_decision_is_logged(
    south_east_rocu_officer, tasking_officer, make_request
):
    request = make_request(south_east_rocu_officer)
    services.request_submit(actor=south_east_rocu_officer, request=request)
    services.request_assess(actor=tasking_officer, request=request)
    decide(request, tasking_officer, Outcome.SUPPORT, T.SPECIALIST_CAPABILITY)
    request.refresh_from_db()
    assert (request.status, request.nca_role) == (RequestStatus.ACCEPTED, "support")
    decision = Decision.objects.get(request=request)
    assert (decision.sequence, decision.suggested_outcome, decision.departs_from_suggestion) == (
        1,
        "support",
        False,
    )
    assert decision.decision_maker == tasking_officer
    assert ActivityEntry.objects.filter(kind="decision").count() == 1


def test_a_partner_cannot_decide_on_a_request_to_the_nca(south_east_rocu_officer, make_request):
    request = make_request(south_east_rocu_officer)
    services.request_submit(actor=south_east_rocu_officer, request=request)
    with pytest.raises(PermissionDenied):
        decide(request, south_east_rocu_officer, Outcome.SUPPORT, T.SPECIALIST_CAPABILITY)


def test_departing_from_the_suggestion_without_a_reason_writes_nothing(
    south_east_rocu_officer, tasking_officer, make_request
):
    request = make_request(south_east_rocu_officer)
    services.request_submit(actor=south_east_rocu_officer, request=request)
    with pytest.raises(ValidationError) as refused:
        decide(request, tasking_officer, Outcome.LEAD, T.SPECIALIST_CAPABILITY)
    assert "departure_reason" in refused.value.message_dict
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    assert not Decision.objects.exists()
    decide(
        request, tasking_officer, Outcome.LEAD, T.SPECIALIST_CAPABILITY,
        departure_reason="The group is displacing across regions; only we can follow it.",
    )  # fmt: skip
    assert Decision.objects.get().departs_from_suggestion


def test_every_commitment_test_must_be_answered(
    south_east_rocu_officer, tasking_officer, make_request
):
    request = make_request(south_east_rocu_officer)
    services.request_submit(actor=south_east_rocu_officer, request=request)
    with pytest.raises(ValidationError, match="missing: urgent_action"):
        services.request_decide(
            actor=tasking_officer, request=request, outcome="support", rationale="x",
            tests={T.PRIORITY_TARGET: True, T.SPECIALIST_CAPABILITY: True,
                   T.BEYOND_PARTNER_CAPABILITY: False},
        )  # fmt: skip


def test_a_decision_records_when_it_was_made_and_when_it_was_entered(
    south_east_rocu_officer, tasking_officer, make_request
):
    request = make_request(south_east_rocu_officer)
    services.request_submit(actor=south_east_rocu_officer, request=request)
    made = timezone.now() - datetime.timedelta(hours=3)
    decide(request, tasking_officer, Outcome.SUPPORT, T.SPECIALIST_CAPABILITY, decided_at=made)
    decision = Decision.objects.get()
    assert decision.decided_at == made
    assert decision.recorded_at > made


def test_the_decision_log_cannot_be_rewritten(
    south_east_rocu_officer, tasking_officer, make_request
):
    request = make_request(south_east_rocu_officer)
    services.request_submit(actor=south_east_rocu_officer, request=request)
    decide(request, tasking_officer, Outcome.SUPPORT, T.SPECIALIST_CAPABILITY)
    for statement in (
        "UPDATE tasking_decision SET outcome = 'lead'",
        "DELETE FROM tasking_decision",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


def test_a_declined_request_gives_its_reason(
    south_east_rocu_officer, tasking_officer, make_request
):
    request = make_request(south_east_rocu_officer)
    services.request_submit(actor=south_east_rocu_officer, request=request)
    decide(
        request, tasking_officer, Outcome.DECLINE, rationale="Within the force's own capability."
    )
    request.refresh_from_db()
    assert (request.status, request.response_reason) == (
        RequestStatus.DECLINED,
        "Within the force's own capability.",
    )


def test_an_nca_request_to_kent_goes_through_ersou_who_may_answer_it(
    tasking_officer, eastern_rocu_officer, south_east_rocu_officer, make_request
):
    request = make_request(tasking_officer, addressed="Kent Police")
    assert request.routed_via.short_name == "ERSOU"
    services.request_submit(actor=tasking_officer, request=request)
    with pytest.raises(TaskingRequest.DoesNotExist):
        services.request_respond(actor=south_east_rocu_officer, request=request, accept=True)
    services.request_respond(actor=eastern_rocu_officer, request=request, accept=True)
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED


# --- targets and deconfliction ---------------------------------------------------------


def test_a_target_is_created_with_its_aliases(kent_detective, make_target):
    target = make_target(kent_detective, aliases=["Kestrels", "The Hawk Crew"], priority="priority")
    assert sorted(target.aliases) == ["Kestrels", "The Hawk Crew"]
    assert target.responsible_organisation.name == "Kent Police"


def test_a_partner_cannot_record_a_target_for_another_organisation(kent_detective, make_target):
    with pytest.raises(ValidationError, match="your own organisation"):
        make_target(kent_detective, responsible_organisation=organisation("Essex Police"))


def test_a_pcc_office_cannot_record_targets(kent_pcc_office, make_target):
    with pytest.raises(PermissionDenied):
        make_target(kent_pcc_office)


def test_a_similar_name_in_another_organisation_alerts_both_owners(
    kent_detective, hampshire_officer, make_target
):
    kent = make_target(kent_detective, name="Kestrel Network", marking=Marking.OFFICIAL_SENSITIVE)
    hants = make_target(hampshire_officer, name="The Késtrel Network")
    alert = DeconflictionAlert.objects.get()
    assert (alert.raised_by_target, alert.matched_target) == (hants, kent)
    assert alert.marking == Marking.OFFICIAL_SENSITIVE
    assert {alert.raising_organisation.name, alert.matched_organisation.name} == {
        "Kent Police",
        "Hampshire and Isle of Wight Constabulary",
    }


def test_the_same_organisations_own_records_raise_no_alert(kent_detective, make_target):
    make_target(kent_detective, name="Kestrel Network")
    make_target(kent_detective, name="Kestrel Network Two")
    assert not DeconflictionAlert.objects.exists()


def test_an_alias_added_later_is_checked_and_alerts_once(
    kent_detective, hampshire_officer, make_target
):
    make_target(kent_detective, name="Kestrel Network")
    hants = make_target(hampshire_officer, name="Solent Boys")
    assert not DeconflictionAlert.objects.exists()
    services.target_update(actor=hampshire_officer, target=hants, aliases=["Kestrel network"])
    services.target_update(actor=hampshire_officer, target=hants, aliases=["Kestrel network"])
    assert DeconflictionAlert.objects.count() == 1


def test_a_submitted_request_about_a_known_name_alerts_the_owner(
    kent_detective, south_east_rocu_officer, make_target, make_request
):
    make_target(kent_detective, name="Kestrel Network")
    request = make_request(south_east_rocu_officer, subject_names=["Kestrell Network"])
    assert not DeconflictionAlert.objects.exists()
    services.request_submit(actor=south_east_rocu_officer, request=request)
    alert = DeconflictionAlert.objects.get()
    assert (alert.raised_by_request, alert.matched_organisation.name) == (request, "Kent Police")


# --- the three examples of OP §18 ---------------------------------------------------------


def test_op18_the_cvit_lead_moves_from_the_force_to_the_nca(
    tasking_officer, kent_detective, make_target
):
    target = make_target(kent_detective, name="Thames Estuary CViT team", priority="priority")
    kent = organisation("Kent Police")
    operation = services.operation_create(
        actor=kent_detective, target=target, name="Operation Gatehouse", lead_organisation=kent
    )
    first = services.operation_decide(
        actor=tasking_officer, operation=operation, outcome=Outcome.SUPPORT,
        lead_organisation=kent,
        rationale="Force-led; the NCA gives armed surveillance and technical collection.",
        tests=answers(T.PRIORITY_TARGET, T.SPECIALIST_CAPABILITY),
        departure_reason="The force has the investigation in hand.",
    )  # fmt: skip
    second = services.operation_decide(
        actor=tasking_officer, operation=operation, outcome=Outcome.LEAD,
        lead_organisation=organisation("National Crime Agency"),
        rationale="The robberies have displaced across several regions.",
        tests=answers(T.PRIORITY_TARGET, T.BEYOND_PARTNER_CAPABILITY),
        context={"several_jurisdictions": True},
    )  # fmt: skip
    operation.refresh_from_db()
    assert (operation.nca_role, operation.lead_organisation.name) == (
        "lead",
        "National Crime Agency",
    )
    assert [d.sequence for d in operation.decisions.all()] == [1, 2]
    assert second.supersedes == first
    assert Decision.objects.get(pk=first.pk).outcome == "support"  # kept, not erased


def test_op18_the_malware_case_is_handed_to_a_rocu_with_nca_support(tasking_officer, make_target):
    target = make_target(tasking_officer, name="Grabber malware fraud", kind="vulnerability",
                         priority="high_priority")  # fmt: skip
    nca = organisation("National Crime Agency")
    rocu = organisation("North West Regional Organised Crime Unit")
    operation = services.operation_create(
        actor=tasking_officer, target=target, name="Operation Loom", lead_organisation=nca
    )
    services.operation_decide(
        actor=tasking_officer, operation=operation, outcome=Outcome.LEAD, lead_organisation=nca,
        rationale="A High Priority Vulnerability beyond partners.",
        tests=answers(T.PRIORITY_TARGET, T.BEYOND_PARTNER_CAPABILITY, T.SPECIALIST_CAPABILITY),
    )  # fmt: skip
    services.operation_decide(
        actor=tasking_officer, operation=operation, outcome=Outcome.SUPPORT, lead_organisation=rocu,
        rationale="The frauds are concentrated in the North West: the ROCU leads, we support.",
        tests=answers(T.SPECIALIST_CAPABILITY),
    )  # fmt: skip
    operation.refresh_from_db()
    assert (operation.nca_role, operation.lead_organisation) == ("support", rocu)
    assert list(operation.decisions.values_list("outcome", flat=True)) == ["lead", "support"]


def test_op18_hmrc_leads_the_money_laundering_case_and_the_nca_coordinates(
    tasking_officer, make_target
):
    target = make_target(tasking_officer, name="High-end laundering network", priority="priority")
    hmrc = organisation("HM Revenue and Customs")
    operation = services.operation_create(
        actor=tasking_officer, target=target, name="Operation Ledger",
        lead_organisation=organisation("Essex Police"),
    )  # fmt: skip
    services.operation_decide(
        actor=tasking_officer, operation=operation, outcome=Outcome.COORDINATE,
        lead_organisation=hmrc,
        rationale="Several forces and the Islands investigate; predicate tax offences: HMRC leads.",
        tests=answers(T.PRIORITY_TARGET), context={"several_jurisdictions": True},
    )  # fmt: skip
    operation.refresh_from_db()
    assert (operation.nca_role, operation.lead_organisation) == ("coordinate", hmrc)


def test_only_the_nca_records_its_role_in_an_operation(kent_detective, make_target):
    target = make_target(kent_detective)
    kent = organisation("Kent Police")
    operation = services.operation_create(
        actor=kent_detective, target=target, name="Operation Keel", lead_organisation=kent
    )
    with pytest.raises(PermissionDenied):
        services.operation_decide(
            actor=kent_detective, operation=operation, outcome="support", lead_organisation=kent,
            rationale="x", tests=answers(T.SPECIALIST_CAPABILITY),
        )  # fmt: skip


def test_when_the_nca_leads_the_lead_is_the_nca(tasking_officer, kent_detective, make_target):
    target = make_target(kent_detective)
    kent = organisation("Kent Police")
    operation = services.operation_create(
        actor=kent_detective, target=target, name="Operation Keel", lead_organisation=kent
    )
    with pytest.raises(ValidationError, match="the lead is the NCA"):
        services.operation_decide(
            actor=tasking_officer, operation=operation, outcome="lead", lead_organisation=kent,
            rationale="x", tests=answers(T.PRIORITY_TARGET, T.BEYOND_PARTNER_CAPABILITY),
        )  # fmt: skip
    with pytest.raises(ValidationError, match="lead, support or coordinate"):
        services.operation_decide(
            actor=tasking_officer, operation=operation, outcome="decline", lead_organisation=kent,
            rationale="x", tests=answers(),
        )  # fmt: skip


def test_immediate_requests_are_due_soonest(south_east_rocu_officer, make_request):
    request = make_request(south_east_rocu_officer, urgency=Urgency.IMMEDIATE)
    services.request_submit(actor=south_east_rocu_officer, request=request)
    request.refresh_from_db()
    assert request.due_at - request.submitted_at == datetime.timedelta(hours=2)


def test_when_the_lead_moves_the_former_lead_stays_in_support(
    tasking_officer, kent_detective, make_target
):
    target = make_target(kent_detective, name="Thames Estuary CViT team", priority="priority")
    kent = organisation("Kent Police")
    operation = services.operation_create(
        actor=kent_detective, target=target, name="Operation Gatehouse", lead_organisation=kent
    )
    services.operation_decide(
        actor=tasking_officer, operation=operation, outcome=Outcome.LEAD,
        lead_organisation=organisation("National Crime Agency"), rationale="Displaced.",
        tests=answers(T.PRIORITY_TARGET, T.BEYOND_PARTNER_CAPABILITY),
    )  # fmt: skip
    assert list(operation.supporting_organisations.all()) == [kent]
    assert Operation.objects.restrict(kent_detective).filter(pk=operation.pk).exists()
