"""An operation records its results as they happen (PCC §9, §14; issue 13 §2): each of
the rules both ways, the service and what it writes, who sees which results, and the
pages: the operation's Results, the form whose errors land on their fields at once, and
the results list."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from activity.choices import EntryKind
from activity.models import ActivityEntry
from directory.choices import Clearance, Marking, Role
from directory.models import Region
from priorities.models import Priority
from tasking import rules, selectors, services
from tasking.choices import NcaRole, ResultKind, Significance
from tasking.models import Operation, OperationResult, OutsidePriorities
from tests.conftest import person
from tests.factories import date_boxes, organisation

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR_AGO = TODAY - datetime.timedelta(days=365)
CONFIRM = {"confirm": "yes"}


def served(*codes):
    return Priority.objects.in_force(TODAY).filter(code__in=codes)


def pursue():
    return served("pursue-soc").get()


def arrests(actor, operation, **fields):
    return services.result_record(
        actor=actor,
        operation=operation,
        **{
            "kind": ResultKind.ARREST,
            "occurred_on": TODAY,
            "summary": "Three arrested at a Medway warehouse",
            "people": 3,
            "priority": pursue(),
            **fields,
        },
    )


def refused_fields(call) -> set[str]:
    with pytest.raises(ValidationError) as refused:
        call()
    return set(refused.value.message_dict)


# --- who records a result ------------------------------------------------------------------


def test_nca_tasking_officers_analysts_and_directors_record_results(kent_operation):
    for username, organisation_name, role in [
        ("tasking-2", "National Crime Agency", Role.TASKING_OFFICER),
        ("analyst", "National Intelligence Hub", Role.ANALYST),
        ("director", "Intelligence and Operations Directorate", Role.DIRECTOR),
    ]:
        rules.check_may_record_result(person(username, organisation_name, role), kent_operation)


def test_other_nca_staff_do_not_record_results(kent_operation, secretariat):
    with pytest.raises(PermissionDenied):
        rules.check_may_record_result(secretariat, kent_operation)


def test_the_lead_and_supporting_organisations_record_results(
    kent_operation, kent_officer, essex_officer
):
    rules.check_may_record_result(kent_officer, kent_operation)
    rules.check_may_record_result(essex_officer, kent_operation)


def test_an_organisation_not_taking_part_does_not_record_results(kent_operation, hampshire_officer):
    with pytest.raises(PermissionDenied):
        rules.check_may_record_result(hampshire_officer, kent_operation)


def test_a_pcc_office_does_not_record_results(kent_operation, kent_pcc_office):
    with pytest.raises(PermissionDenied):
        rules.check_may_record_result(kent_pcc_office, kent_operation)


# --- the figure each kind carries -------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "figures"),
    [
        (ResultKind.ARREST, {"people": 3}),
        (ResultKind.CONVICTION, {"people": 1}),
        (ResultKind.ASSETS_SEIZED, {"amount": Decimal("1250.50")}),
        (ResultKind.ASSETS_RESTRAINED, {"amount": Decimal("10000000000.00")}),
        (ResultKind.PREVENTION, {"significance": Significance.MAJOR}),
        (ResultKind.DISRUPTION, {"significance": Significance.MINOR}),
    ],
)
def test_each_kind_takes_its_own_figure(kind, figures):
    rules.check_result_figures(
        **{"kind": kind, "people": None, "amount": None, "significance": "", **figures}
    )


@pytest.mark.parametrize(
    ("kind", "figures", "named"),
    [
        (ResultKind.ARREST, {}, {"people"}),
        (ResultKind.CHARGE, {"people": 0}, {"people"}),
        (ResultKind.ARREST, {"people": 10_001}, {"people"}),
        (ResultKind.ARREST, {"people": 2, "amount": Decimal("5")}, {"amount"}),
        (ResultKind.ASSETS_SEIZED, {}, {"amount"}),
        (ResultKind.ASSETS_SEIZED, {"amount": Decimal("0")}, {"amount"}),
        (ResultKind.ASSETS_SEIZED, {"amount": Decimal("10000000000.01")}, {"amount"}),
        (ResultKind.ASSETS_SEIZED, {"amount": Decimal("1.005")}, {"amount"}),
        (ResultKind.ASSETS_SEIZED, {"amount": Decimal("9"), "significance": "major"},
         {"significance"}),
        (ResultKind.PREVENTION, {}, {"significance"}),
        (ResultKind.DISRUPTION, {"significance": "minor", "people": 4}, {"people"}),
        ("burglary", {"people": 1}, {"kind"}),
    ],
)  # fmt: skip
def test_a_figure_missing_out_of_bounds_or_of_another_kind_is_refused_naming_it(
    kind, figures, named
):
    arguments = {"kind": kind, "people": None, "amount": None, "significance": "", **figures}
    assert refused_fields(lambda: rules.check_result_figures(**arguments)) == named


# --- when it happened ----------------------------------------------------------------------


def test_a_result_happens_between_the_operation_beginning_and_today(kent_operation):
    rules.check_result_date(occurred_on=TODAY, operation=kent_operation, today=TODAY)
    rules.check_result_date(occurred_on=YEAR_AGO, operation=kent_operation, today=TODAY)


def test_a_result_in_the_future_is_refused(kent_operation):
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert refused_fields(
        lambda: rules.check_result_date(occurred_on=tomorrow, operation=kent_operation, today=TODAY)
    ) == {"occurred_on"}


def test_a_result_before_the_operation_began_is_refused(kent_operation):
    before = YEAR_AGO - datetime.timedelta(days=2)
    assert refused_fields(
        lambda: rules.check_result_date(occurred_on=before, operation=kent_operation, today=TODAY)
    ) == {"occurred_on"}


# --- the priority it serves ----------------------------------------------------------------


def check_priority(operation, priority, day=TODAY):
    rules.check_result_priority(
        priority=priority,
        occurred_on=day,
        served_codes={p.code for p in operation.priorities.all()},
        outside_priorities=OutsidePriorities.objects.filter(operation=operation).first(),
    )


def test_a_result_serves_a_priority_of_its_operation_in_force_on_its_day(kent_operation):
    check_priority(kent_operation, pursue())


def test_a_priority_the_operation_does_not_serve_is_refused(kent_operation):
    with pytest.raises(ValidationError) as refused:
        check_priority(kent_operation, served("international").get())
    assert "does not serve" in refused.value.message_dict["priority"][0]


def test_a_priority_not_in_force_on_the_day_is_refused(kent_operation):
    ended = Priority.objects.create(
        code="ended", kind="operational", title="An ended priority", set_by="Director General",
        source="PCC Annex A ¶3", starts_on=datetime.date(2015, 8, 1),
        ends_on=TODAY - datetime.timedelta(days=30),
    )  # fmt: skip
    kent_operation.priorities.add(ended)
    check_priority(kent_operation, ended, day=TODAY - datetime.timedelta(days=31))
    with pytest.raises(ValidationError) as refused:
        check_priority(kent_operation, ended)
    assert "was not in force" in refused.value.message_dict["priority"][0]


def test_no_priority_needs_the_dgs_decision_to_pursue_the_operation_outside_them(
    kent_operation, dg
):
    with pytest.raises(ValidationError) as refused:
        check_priority(kent_operation, None)
    assert "Director General" in refused.value.message_dict["priority"][0]
    OutsidePriorities.objects.create(
        operation=kent_operation,
        reason="A kidnap outside the priorities, within the NCA's functions.",
        home_office_consulted=True,
        decided_by=dg,
        decided_on=TODAY,
    )
    check_priority(kent_operation, None)


# --- its marking ---------------------------------------------------------------------------


def test_a_result_is_marked_no_lower_than_its_operation(make_operation, tasking_officer):
    sensitive = make_operation(marking=Marking.OFFICIAL_SENSITIVE)
    rules.check_result_marking(
        tasking_officer, marking=Marking.OFFICIAL_SENSITIVE, operation=sensitive
    )
    rules.check_result_marking(tasking_officer, marking=Marking.SECRET, operation=sensitive)
    assert refused_fields(
        lambda: rules.check_result_marking(
            tasking_officer, marking=Marking.OFFICIAL, operation=sensitive
        )
    ) == {"marking"}


def test_a_result_is_marked_within_its_recorders_clearance(kent_operation, kent_officer):
    assert refused_fields(
        lambda: rules.check_result_marking(
            kent_officer, marking=Marking.SECRET, operation=kent_operation
        )
    ) == {"marking"}


# --- whose result it is --------------------------------------------------------------------


def test_the_nca_records_the_lead_s_a_supporter_s_or_its_own_result(
    kent_operation, tasking_officer
):
    for owner in (
        "Kent Police",
        "Essex Police",
        "National Crime Agency",
        "Organised Crime Command",
    ):
        rules.check_result_owner(
            tasking_officer, owner=organisation(owner), operation=kent_operation
        )


def test_an_owner_not_taking_part_is_refused(kent_operation, tasking_officer):
    hampshire = organisation("Hampshire and Isle of Wight Constabulary")
    assert refused_fields(
        lambda: rules.check_result_owner(tasking_officer, owner=hampshire, operation=kent_operation)
    ) == {"owner"}


def test_a_partner_records_only_its_own_results(kent_operation, kent_officer):
    rules.check_result_owner(
        kent_officer, owner=organisation("Kent Police"), operation=kent_operation
    )
    assert refused_fields(
        lambda: rules.check_result_owner(
            kent_officer, owner=organisation("Essex Police"), operation=kent_operation
        )
    ) == {"owner"}


# --- where it happened ---------------------------------------------------------------------


def test_a_force_s_region_is_its_rocu_s_on_the_day():
    kent = organisation("Kent Police")
    assert rules.result_region(force=kent, region=None, occurred_on=TODAY).code == "eastern"
    in_2016 = rules.result_region(force=kent, region=None, occurred_on=datetime.date(2016, 6, 1))
    assert in_2016.code == "south-east"


def test_a_region_alone_is_kept_and_the_force_s_own_region_accepted():
    london = Region.objects.get(code="london")
    assert rules.result_region(force=None, region=london, occurred_on=TODAY) == london
    eastern = Region.objects.get(code="eastern")
    kent = organisation("Kent Police")
    assert rules.result_region(force=kent, region=eastern, occurred_on=TODAY) == eastern


def test_a_region_other_than_the_force_s_is_refused_naming_region():
    south_east = Region.objects.get(code="south-east")
    kent = organisation("Kent Police")
    assert refused_fields(
        lambda: rules.result_region(force=kent, region=south_east, occurred_on=TODAY)
    ) == {"region"}


def test_a_force_that_is_not_a_police_force_is_refused():
    hmrc = organisation("HM Revenue and Customs")
    assert refused_fields(
        lambda: rules.result_region(force=hmrc, region=None, occurred_on=TODAY)
    ) == {"force"}


# --- the service ---------------------------------------------------------------------------


def test_a_result_takes_the_recorder_s_organisation_and_the_operation_s_role(
    kent_operation, kent_officer
):
    result = arrests(kent_officer, kent_operation, force=organisation("Kent Police"))
    assert result.owner == organisation("Kent Police")
    assert result.nca_role == NcaRole.SUPPORT
    assert result.region.code == "eastern"
    assert result.recorded_by == kent_officer


def test_a_supporting_role_is_credited_as_support_whoever_owns_the_result(
    kent_operation, tasking_officer
):
    nca = organisation("National Crime Agency")
    supported = arrests(tasking_officer, kent_operation, owner=nca)
    coordinated = arrests(tasking_officer, kent_operation, owner=nca, nca_role=NcaRole.COORDINATE)
    assert (supported.nca_role, coordinated.nca_role) == (NcaRole.SUPPORT, NcaRole.COORDINATE)


def test_a_result_is_a_significant_event_in_the_feed_with_its_marking(
    kent_operation, tasking_officer
):
    result = arrests(tasking_officer, kent_operation, marking=Marking.OFFICIAL_SENSITIVE)
    entry = ActivityEntry.objects.get(source_type="tasking.operationresult", source_id=result.pk)
    assert entry.kind == EntryKind.SIGNIFICANT_EVENT
    assert entry.marking == Marking.OFFICIAL_SENSITIVE
    assert entry.organisation == organisation("National Crime Agency")
    assert entry.occurs_at <= timezone.now()


def test_yesterdays_result_counts_at_the_end_of_yesterday(kent_operation, tasking_officer):
    yesterday = TODAY - datetime.timedelta(days=1)
    result = arrests(tasking_officer, kent_operation, occurred_on=yesterday)
    entry = ActivityEntry.objects.get(source_id=result.pk, source_type="tasking.operationresult")
    assert timezone.localtime(entry.occurs_at).date() == yesterday
    assert timezone.localtime(entry.occurs_at).time() == datetime.time(23, 59, 59)


def test_the_service_refuses_every_rule_at_once_and_keeps_nothing(kent_operation, tasking_officer):
    with pytest.raises(ValidationError) as refused:
        services.result_record(
            actor=tasking_officer,
            operation=kent_operation,
            kind=ResultKind.ASSETS_SEIZED,
            occurred_on=TODAY + datetime.timedelta(days=3),
            summary=" ",
            people=2,
            owner=organisation("Hampshire and Isle of Wight Constabulary"),
            force=organisation("HM Revenue and Customs"),
        )
    assert set(refused.value.message_dict) == {
        "amount", "people", "occurred_on", "priority", "owner", "force", "summary",
    }  # fmt: skip
    assert not OperationResult.objects.exists()
    assert not ActivityEntry.objects.filter(kind=EntryKind.SIGNIFICANT_EVENT).exists()


def test_without_the_nca_s_role_decided_the_result_names_it(make_operation, tasking_officer):
    undecided = make_operation(nca_role="")
    assert refused_fields(lambda: arrests(tasking_officer, undecided)) == {"nca_role"}
    assert arrests(tasking_officer, undecided, nca_role=NcaRole.LEAD).nca_role == NcaRole.LEAD


def test_the_service_refuses_a_partner_not_taking_part(kent_operation, hampshire_officer):
    kent_operation.supporting_organisations.add(organisation("Surrey Police"))
    with pytest.raises((PermissionDenied, Operation.DoesNotExist)):
        arrests(hampshire_officer, kent_operation)


# --- who sees which results ----------------------------------------------------------------


@pytest.fixture
def three_results(make_operation, tasking_officer):
    """An OFFICIAL and a SECRET result on Kent's operation; one on Hampshire's."""
    kent = make_operation()
    hampshire = make_operation(
        lead="Hampshire and Isle of Wight Constabulary",
        supporters=(),
        name="Operation Solent",
        target="The Solent Ring",
    )
    return {
        "kent": arrests(tasking_officer, kent),
        "kent_secret": arrests(tasking_officer, kent, marking=Marking.SECRET),
        "hampshire": arrests(tasking_officer, hampshire),
    }


def visible(user):
    return set(selectors.result_list(user=user).values_list("pk", flat=True))


def test_the_nca_sees_every_result_within_clearance(three_results, tasking_officer):
    assert visible(tasking_officer) == {result.pk for result in three_results.values()}
    bpss = person("bpss", "National Intelligence Hub", Role.ANALYST, clearance=Clearance.BPSS)
    assert visible(bpss) == {three_results["kent"].pk, three_results["hampshire"].pk}


def test_kent_sees_the_results_of_operations_it_leads_or_supports_within_clearance(
    three_results, kent_officer, essex_officer
):
    assert visible(kent_officer) == {three_results["kent"].pk}  # CTC: not the SECRET one
    assert visible(essex_officer) == {three_results["kent"].pk, three_results["kent_secret"].pk}


def test_a_pcc_office_sees_no_results(three_results, kent_pcc_office):
    assert visible(kent_pcc_office) == set()


# --- the pages -----------------------------------------------------------------------------


def form_data(**overrides):
    data = {
        "kind": ResultKind.ARREST,
        "people": "3",
        "summary": "Three arrested at a Medway warehouse",
        "priority": str(pursue().pk),
        "owner": str(organisation("National Crime Agency").pk),
        "nca_role": NcaRole.SUPPORT,
        "marking": Marking.OFFICIAL,
        **date_boxes("occurred_on", TODAY),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_operation_page_lists_its_results_and_offers_to_record_one(
    client, kent_operation, tasking_officer
):
    arrests(tasking_officer, kent_operation, summary="Arrests at Chatham docks")
    client.force_login(tasking_officer)
    page = client.get(kent_operation.get_absolute_url()).content.decode()
    assert "Arrests at Chatham docks" in page
    assert "3 people" in page
    assert f"/tasking/operations/{kent_operation.pk}/results/new/" in page


def test_the_operation_page_offers_no_recording_to_those_who_may_not(
    client, kent_operation, secretariat
):
    client.force_login(secretariat)
    page = client.get(kent_operation.get_absolute_url()).content.decode()
    assert "Results" in page
    assert "/results/new/" not in page


def test_the_operation_page_is_marked_as_its_highest_result(
    client, kent_operation, tasking_officer
):
    arrests(tasking_officer, kent_operation, marking=Marking.SECRET)
    client.force_login(tasking_officer)
    response = client.get(kent_operation.get_absolute_url())
    assert response.context["page_marking"] == Marking.SECRET


def test_the_form_shows_every_refusal_on_its_field_at_once(client, kent_operation, tasking_officer):
    client.force_login(tasking_officer)
    response = client.post(
        f"/tasking/operations/{kent_operation.pk}/results/new/",
        form_data(
            amount="500",
            priority=str(served("international").get().pk),
            owner=str(organisation("Essex Police").pk),
            force=str(organisation("Kent Police").pk),
            region=str(Region.objects.get(code="london").pk),
            **date_boxes("occurred_on", TODAY + datetime.timedelta(days=2)),
        ),
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"amount", "occurred_on", "priority", "region"}


def test_the_form_refuses_the_priority_and_marking_on_their_fields(
    client, make_operation, tasking_officer
):
    sensitive = make_operation(marking=Marking.OFFICIAL_SENSITIVE)
    sensitive.priorities.set(served("highest-risk"))
    client.force_login(tasking_officer)
    response = client.post(
        f"/tasking/operations/{sensitive.pk}/results/new/", form_data(marking="official")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"priority", "marking"}
    page = response.content.decode()
    assert "There is a problem" in page


def test_a_result_is_checked_then_recorded_and_lands_on_the_operation(
    client, kent_operation, tasking_officer
):
    client.force_login(tasking_officer)
    path = f"/tasking/operations/{kent_operation.pk}/results/new/"
    check = client.post(path, form_data())
    assert check.status_code == 200
    assert "Check your answers before you record the result" in check.content.decode()
    assert not OperationResult.objects.exists()
    done = client.post(path, {**form_data(), **CONFIRM}, follow=True)
    [result] = OperationResult.objects.all()
    assert done.redirect_chain[-1][0] == kent_operation.get_absolute_url()
    assert "Arrests recorded on Operation Kestrel." in done.content.decode()
    assert (result.people, result.owner.name) == (3, "National Crime Agency")


def test_a_partner_s_form_has_no_owner_its_results_are_its_own(
    client, kent_operation, kent_officer
):
    client.force_login(kent_officer)
    path = f"/tasking/operations/{kent_operation.pk}/results/new/"
    assert "owner" not in client.get(path).context["form"].fields
    client.post(path, {**form_data(owner=None), **CONFIRM})
    assert OperationResult.objects.get().owner == organisation("Kent Police")


def test_the_form_is_refused_to_those_who_may_not_record(
    client, kent_operation, secretariat, hampshire_officer
):
    path = f"/tasking/operations/{kent_operation.pk}/results/new/"
    client.force_login(secretariat)
    assert client.get(path).status_code == 403
    client.force_login(hampshire_officer)
    assert client.get(path).status_code == 404


def test_the_results_page_filters_by_kind_priority_and_region(
    client, kent_operation, tasking_officer
):
    arrests(
        tasking_officer,
        kent_operation,
        summary="Arrests in Kent",
        force=organisation("Kent Police"),
    )
    services.result_record(
        actor=tasking_officer, operation=kent_operation, kind=ResultKind.PREVENTION,
        occurred_on=TODAY, summary="Warnings to hauliers", significance=Significance.MODERATE,
        priority=served("highest-risk").get(), region=Region.objects.get(code="london"),
    )  # fmt: skip
    client.force_login(tasking_officer)
    for query, shown, hidden in [
        ("?kind=prevention", "Warnings to hauliers", "Arrests in Kent"),
        ("?priority=pursue-soc", "Arrests in Kent", "Warnings to hauliers"),
        ("?region=eastern", "Arrests in Kent", "Warnings to hauliers"),
        (f"?operation={kent_operation.pk}&nca_role=support", "Arrests in Kent", "Nothing else"),
    ]:
        page = client.get(f"/tasking/results/{query}").content.decode()
        assert shown in page, query
        assert hidden not in page, query


def test_the_results_page_names_a_filter_it_cannot_take(client, tasking_officer):
    client.force_login(tasking_officer)
    response = client.get("/tasking/results/?region=atlantis")
    assert "Select a region from the list" in response.content.decode()


def test_the_results_page_keeps_its_query_count_whatever_its_rows(
    client, django_assert_num_queries, kent_operation, tasking_officer
):
    arrests(tasking_officer, kent_operation)
    client.force_login(tasking_officer)
    client.get("/tasking/results/")
    with django_assert_num_queries(QUERIES_ON_RESULTS_PAGE) as one:
        client.get("/tasking/results/")
    for day in range(1, 12):
        arrests(
            tasking_officer,
            kent_operation,
            occurred_on=TODAY - datetime.timedelta(days=day),
            force=organisation("Essex Police"),
        )
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get("/tasking/results/").content.decode().count("Three arrested") == 12


QUERIES_ON_RESULTS_PAGE = 7


def test_the_figures_pages_offer_results_to_nca_staff_and_partners_not_pcc_offices(
    client, tasking_officer, kent_officer, kent_pcc_office
):
    for user, offered in [(tasking_officer, True), (kent_officer, True), (kent_pcc_office, False)]:
        client.force_login(user)
        page = client.get("/commitments/").content.decode()
        assert ('href="/tasking/results/"' in page) is offered
