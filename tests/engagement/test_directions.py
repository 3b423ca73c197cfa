import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InternalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activity.models import ActivityEntry
from directory.choices import Marking, Role
from directory.models import Organisation
from engagement import services
from engagement.models import Direction, PccNotice
from notifications.choices import Kind
from notifications.models import Notification
from tests.conftest import VerifiedAPIClient, person
from tests.engagement.conftest import issue, voluntary_request
from tests.engagement.test_views import direction_form
from tests.factories import organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return VerifiedAPIClient()


def post_direction(api, user, **overrides):
    api.force_authenticate(user)
    body = {
        "kind": "directed_tasking",
        "recipient_organisation": organisation("Kent Police").pk,
        "summary": "Provide a surveillance team for Operation Larch.",
        "voluntary_ground": "not_in_time",
        "voluntary_arrangements_failure": "Kent could not release a team in time.",
        "marking": "official_sensitive",
        **overrides,
    }
    return api.post("/api/directions/", body, format="json")


# --- issuing ---------------------------------------------------------------------------


def test_the_dg_directs_kents_chief_officer_and_the_kent_pcc_is_owed_a_notice(
    dg, kent_pcc_office, essex_pcc_office
):
    direction = issue(dg)
    notice = PccNotice.objects.get(direction=direction)
    assert direction.addressee == "the chief officer of Kent Police"
    assert direction.eligibility.code == "england-and-wales-chief-officer"
    assert notice.governing_body == organisation("Police and Crime Commissioner for Kent")
    assert notice.force == organisation("Kent Police")
    assert notice.delivered_at is not None
    assert notice.acknowledgement_due_on is not None
    told = Notification.objects.filter(kind=Kind.PCC_NOTICE, link=notice.get_absolute_url())
    assert [n.recipient for n in told] == [kent_pcc_office]


def test_the_notice_goes_to_whoever_governs_the_force_that_day(dg):
    """Greater Manchester's PCC functions passed to the Mayor (DOMAIN.md)."""
    notice = issue(dg, "Greater Manchester Police").pcc_notice
    assert notice.governing_body == organisation("Mayor of Greater Manchester")


def test_a_direction_to_btps_chief_constable_notifies_the_police_authority(dg):
    direction = issue(
        dg, "British Transport Police", secretary_of_state_consent_reference="SoS-T/14"
    )
    assert direction.secretary_of_state_consent_reference == "SoS-T/14"
    assert direction.pcc_notice.governing_body == organisation("British Transport Police Authority")


def test_a_direction_to_border_force_owes_no_pcc_notice(dg):
    direction = issue(dg, "Border Force", kind="direction_to_assist")
    assert not PccNotice.objects.filter(direction=direction).exists()
    assert not Notification.objects.exists()


def test_a_direction_is_written_to_the_activity_feed_in_the_same_transaction(dg):
    direction = issue(dg)
    entry = ActivityEntry.objects.get(
        source_type="engagement.direction", source_id=str(direction.pk)
    )
    assert entry.kind == "direction"
    assert entry.marking == Marking.OFFICIAL_SENSITIVE
    assert entry.summary == (
        f"Directed tasking {direction.reference} issued: the chief officer of Kent Police"
    )


def test_a_direction_without_a_governing_body_that_day_is_not_issued(dg):
    organisation("Kent Police").governance_terms.all().delete()
    with pytest.raises(ValidationError) as refused:
        issue(dg)
    assert (
        "no body governing Kent Police" in refused.value.message_dict["recipient_organisation"][0]
    )
    assert not Direction.objects.exists()


@pytest.mark.parametrize(
    "role",
    [Role.DEPUTY_DIRECTOR_GENERAL, Role.DIRECTOR, Role.TASKING_OFFICER, Role.ANALYST, Role.ADMIN],
)
def test_only_the_director_general_issues_a_direction(role):
    officer = person(f"nca-{role}", "National Crime Agency", role)
    with pytest.raises(PermissionDenied, match="Director General"):
        issue(officer)
    assert not Direction.objects.exists()


def test_the_voluntary_request_that_failed_is_linked(dg, tasking_officer):
    request = voluntary_request(
        tasking_officer, "Kent Police", via="Eastern Region Special Operations Unit"
    )
    direction = issue(dg, related_request=request)
    assert direction.related_request == request


def test_a_request_to_the_rocu_it_was_routed_through_may_be_linked_to_a_direction(
    dg, tasking_officer
):
    request = voluntary_request(
        tasking_officer, "Essex Police", via="Eastern Region Special Operations Unit"
    )
    with pytest.raises(ValidationError) as refused:
        issue(dg, related_request=request)
    assert (
        "is not a voluntary request the NCA made to Kent Police"
        in (refused.value.message_dict["related_request"][0])
    )


def test_a_request_to_the_forces_rocu_the_channel_op_21_prescribes_may_be_cited(
    dg, tasking_officer
):
    request = voluntary_request(tasking_officer, "Eastern Region Special Operations Unit")
    assert issue(dg, related_request=request).related_request == request


PAST = datetime.timedelta(days=-1)


@pytest.mark.parametrize(
    ("status", "due_in", "ground"),
    [
        ("declined", None, "refused"),
        ("withdrawn", None, "not_in_time"),
        ("submitted", PAST, "not_in_time"),
        ("under_assessment", PAST, "not_in_time"),
    ],
)
def test_a_request_that_failed_may_be_cited(dg, tasking_officer, status, due_in, ground):
    """OP §9, PCC §6: declined, withdrawn, or unanswered past its deadline."""
    due_at = timezone.now() + due_in if due_in else None
    request = voluntary_request(tasking_officer, status=status, due_at=due_at)
    direction = issue(dg, related_request=request, voluntary_ground=ground)
    assert (direction.related_request, direction.voluntary_ground) == (request, ground)


@pytest.mark.parametrize(
    ("status", "due_in"),
    [
        ("accepted", None),
        ("in_progress", None),
        ("completed", None),
        ("submitted", None),
        ("submitted", datetime.timedelta(days=1)),
        ("under_assessment", datetime.timedelta(days=1)),
    ],
)
def test_an_accepted_or_still_open_request_is_no_ground_for_a_direction(
    dg, tasking_officer, status, due_in
):
    due_at = timezone.now() + due_in if due_in else None
    request = voluntary_request(tasking_officer, status=status, due_at=due_at)
    with pytest.raises(ValidationError) as refused:
        issue(dg, related_request=request)
    [message] = refused.value.message_dict["related_request"]
    assert "only a voluntary request that failed" in message
    assert not Direction.objects.exists()


def test_the_ground_refused_needs_the_request_that_was_refused(dg, tasking_officer):
    with pytest.raises(ValidationError) as refused:
        issue(dg, voluntary_ground="refused")
    assert "related_request" in refused.value.message_dict
    withdrawn = voluntary_request(tasking_officer, status="withdrawn")
    with pytest.raises(ValidationError) as refused:
        issue(dg, voluntary_ground="refused", related_request=withdrawn)
    assert "was not refused" in refused.value.message_dict["voluntary_ground"][0]
    assert issue(dg, voluntary_ground="no_time_to_ask").related_request is None


def test_a_partners_request_to_the_nca_is_not_the_voluntary_request_that_failed(dg, kent_officer):
    request = voluntary_request(kent_officer, "National Crime Agency", direction="to_nca")
    with pytest.raises(ValidationError) as refused:
        issue(dg, related_request=request)
    assert "related_request" in refused.value.message_dict


# --- never edited; varied or revoked by a linked record -------------------------------


def test_the_database_refuses_to_edit_or_delete_an_issued_direction(dg):
    direction = issue(dg, "Border Force")
    for sql in (
        "UPDATE engagement_direction SET summary = 'Something else' WHERE id = %s",
        "DELETE FROM engagement_direction WHERE id = %s",
    ):
        with (
            pytest.raises(InternalError, match="Cannot update or delete"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [direction.pk])
    assert Direction.objects.get(pk=direction.pk).summary.startswith("Provide a surveillance")


def test_the_database_refuses_to_rewrite_a_notice_or_its_delivery(dg):
    notice = issue(dg).pcc_notice
    for change in (
        {"text": "Nothing happened."},
        {"governing_body": organisation("Police, Fire and Crime Commissioner for Essex")},
        {"delivered_at": None},
    ):
        with pytest.raises(InternalError, match="Cannot update"), transaction.atomic():
            PccNotice.objects.filter(pk=notice.pk).update(**change)


def test_a_variation_is_a_new_record_linked_to_the_direction_and_the_pcc_is_told(dg):
    direction = issue(dg)
    variation = services.direction_vary(
        actor=dg,
        direction=direction,
        summary="Two weeks, not four.",
        reason="The operation was shortened.",
    )
    assert (variation.action, variation.amends, variation.kind) == (
        "variation",
        direction,
        direction.kind,
    )
    assert variation.pcc_notice.governing_body == organisation(
        "Police and Crime Commissioner for Kent"
    )
    assert "has varied a directed tasking" in variation.pcc_notice.text
    direction.refresh_from_db()
    assert direction.summary.startswith("Provide a surveillance team")


def test_a_revoked_direction_is_not_revoked_or_varied_again(dg):
    direction = issue(dg)
    services.direction_revoke(actor=dg, direction=direction, reason="Kent found a team.")
    for change in (
        lambda: services.direction_revoke(actor=dg, direction=direction, reason="Again."),
        lambda: services.direction_vary(actor=dg, direction=direction, summary="x", reason="y"),
    ):
        with pytest.raises(ValidationError, match="has been revoked"):
            change()


def test_the_database_holds_one_revocation_per_direction(dg):
    direction = issue(dg)
    revocation = services.direction_revoke(actor=dg, direction=direction, reason="Done.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Direction.objects.create(
            **{
                field.attname: getattr(revocation, field.attname)
                for field in Direction._meta.concrete_fields
                if field.name != "id"
            }
        )


def test_a_variation_or_revocation_says_why(dg):
    direction = issue(dg)
    with pytest.raises(ValidationError) as refused:
        services.direction_revoke(actor=dg, direction=direction, reason=" ")
    assert "Say why" in refused.value.message_dict["reason"][0]


def test_only_the_dg_varies_or_revokes(dg, ddg):
    direction = issue(dg)
    with pytest.raises(PermissionDenied):
        services.direction_revoke(actor=ddg, direction=direction, reason="Not mine to do.")


def test_a_variation_to_btp_needs_fresh_consent(dg):
    direction = issue(
        dg, "British Transport Police", secretary_of_state_consent_reference="SoS-T/14"
    )
    with pytest.raises(ValidationError) as refused:
        services.direction_vary(actor=dg, direction=direction, summary="Wider.", reason="Spread.")
    assert "secretary_of_state_consent_reference" in refused.value.message_dict


# --- the API: the public contract ------------------------------------------------------


def test_post_directions_issues_one_and_answers_201_with_it(api, dg):
    response = post_direction(api, dg)
    assert response.status_code == 201
    body = response.json()
    direction = Direction.objects.get(pk=body["id"])
    assert body["kind"] == "directed_tasking"
    assert body["recipient_organisation"] == organisation("Kent Police").pk
    assert body["eligibility"] == "england-and-wales-chief-officer"
    assert body["pcc_notice"] == direction.pcc_notice.pk
    assert body["marking"] == "official_sensitive"


def test_post_directions_links_the_failed_request_by_id(api, dg, tasking_officer):
    request = voluntary_request(tasking_officer, via="Eastern Region Special Operations Unit")
    response = post_direction(api, dg, related_request=request.pk)
    assert response.status_code == 201
    assert response.json()["related_request"] == request.pk
    assert response.json()["voluntary_ground"] == "not_in_time"


def test_post_directions_refuses_an_accepted_request_naming_related_request(
    api, dg, tasking_officer
):
    request = voluntary_request(tasking_officer, status="accepted")
    response = post_direction(api, dg, related_request=request.pk)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["related_request"]
    assert not Direction.objects.exists()


def test_post_directions_names_a_missing_or_unknown_ground(api, dg):
    for ground in (None, "they_said_no"):
        response = post_direction(api, dg, voluntary_ground=ground)
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["voluntary_ground"]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"recipient_organisation": "Police Scotland"}, "recipient_organisation",
         "may not direct Police Scotland"),
        ({"recipient_organisation": "Civil Nuclear Constabulary"}, "recipient_organisation",
         "s.5(5)(a)"),
        ({"recipient_organisation": "British Transport Police"},
         "secretary_of_state_consent_reference", "consent of the Secretary of State for Transport"),
        ({"voluntary_arrangements_failure": ""}, "voluntary_arrangements_failure",
         "could not be made in time (OP §9, PCC §6)"),
        ({"related_request": "TR-999999"}, "related_request", "No tasking request"),
    ],
)  # fmt: skip
def test_post_directions_answers_400_naming_the_rule(api, dg, overrides, field, words):
    if "recipient_organisation" in overrides:
        overrides["recipient_organisation"] = organisation(overrides["recipient_organisation"]).pk
    response = post_direction(api, dg, **overrides)
    assert response.status_code == 400
    assert words in response.json()["errors"][field][0]
    assert not Direction.objects.exists()


@pytest.mark.parametrize(
    "fixture", ["ddg", "tasking_officer", "kent_chief_officer", "kent_pcc_office"]
)
def test_post_directions_answers_403_to_anyone_but_the_dg(api, request, fixture):
    response = post_direction(
        api, request.getfixturevalue(fixture), voluntary_arrangements_failure=""
    )
    assert response.status_code == 403
    assert "Director General" in response.json()["detail"]


def test_the_dg_varies_and_revokes_through_the_api(api, dg):
    direction = issue(dg)
    api.force_authenticate(dg)
    varied = api.post(
        f"/api/directions/{direction.pk}/vary/",
        {"summary": "Two weeks.", "reason": "Shortened."},
        format="json",
    )
    assert (varied.status_code, varied.json()["action"], varied.json()["amends"]) == (
        201,
        "variation",
        direction.pk,
    )
    revoked = api.post(
        f"/api/directions/{direction.pk}/revoke/", {"reason": "Done."}, format="json"
    )
    assert revoked.status_code == 201
    assert api.get(f"/api/directions/{direction.pk}/").json()["revoked"] is True
    again = api.post(f"/api/directions/{direction.pk}/revoke/", {"reason": "Again."}, format="json")
    assert again.status_code == 400


def test_the_api_offers_no_way_to_edit_or_delete_a_direction(api, dg):
    direction = issue(dg)
    api.force_authenticate(dg)
    for method in ("put", "patch", "delete"):
        assert getattr(api, method)(f"/api/directions/{direction.pk}/", {}).status_code == 405


# --- who reads directions -----------------------------------------------------------------


def test_the_dgs_office_reads_every_direction_and_a_chief_officer_only_their_own(
    api, dg, ddg, tasking_officer, kent_chief_officer, essex_chief_officer
):
    kent = issue(dg)
    essex = issue(dg, "Essex Police")
    for reader in (dg, ddg, tasking_officer):
        api.force_authenticate(reader)
        assert {row["id"] for row in api.get("/api/directions/").json()["results"]} == {
            kent.pk,
            essex.pk,
        }
    api.force_authenticate(kent_chief_officer)
    assert [row["id"] for row in api.get("/api/directions/").json()["results"]] == [kent.pk]
    assert api.get(f"/api/directions/{essex.pk}/").status_code == 404
    api.force_authenticate(essex_chief_officer)
    assert api.get(f"/api/directions/{kent.pk}/").status_code == 404


def test_analysts_pcc_offices_and_force_officers_read_no_direction(
    api, dg, nca_analyst, kent_pcc_office, kent_officer
):
    direction = issue(dg)
    for reader in (nca_analyst, kent_pcc_office, kent_officer):
        api.force_authenticate(reader)
        assert api.get("/api/directions/").json()["count"] == 0
        assert api.get(f"/api/directions/{direction.pk}/").status_code == 404


def test_a_direction_above_the_readers_clearance_does_not_exist_for_them(api, dg, tasking_officer):
    direction = issue(dg, marking=Marking.TOP_SECRET)
    api.force_authenticate(tasking_officer)  # SC
    assert api.get(f"/api/directions/{direction.pk}/").status_code == 404


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


# One of them writes the response's entry in the access log (issue 9 §5).
@pytest.mark.parametrize(
    ("path", "expected"), [("/engagement/directions/", 5), ("/api/directions/", 5)]
)
def test_the_directions_lists_keep_a_constant_number_of_queries(client, dg, path, expected):
    client.force_login(dg)
    issue(dg)
    client.get(path)
    assert _queries(client, path) == expected
    for _ in range(5):
        issue(dg, "Essex Police")
        issue(dg, "Border Force")
    assert _queries(client, path) == expected


# --- an organisation that no longer exists is not directed (issue 12 §8) -----------------


def _kent_police_ends(day):
    Organisation.objects.filter(name="Kent Police").update(valid_to=day)


def test_a_force_is_directed_on_its_last_day(api, dg):
    _kent_police_ends(timezone.localdate())
    assert post_direction(api, dg).status_code == 201


def test_a_direction_to_a_force_that_has_ceased_answers_400_and_writes_nothing(api, dg):
    _kent_police_ends(timezone.localdate() - datetime.timedelta(days=1))
    response = post_direction(api, dg)
    assert response.status_code == 400
    assert (
        "Kent Police ceased to exist after"
        in (response.json()["errors"]["recipient_organisation"][0])
    )
    assert not Direction.objects.exists()
    assert not PccNotice.objects.exists()


def test_the_direction_form_offers_only_organisations_existing_today(client, dg):
    kent = organisation("Kent Police")
    client.force_login(dg)
    assert f'value="{kent.pk}"' in client.get("/engagement/directions/new/").content.decode()
    _kent_police_ends(timezone.localdate() - datetime.timedelta(days=1))
    assert f'value="{kent.pk}"' not in client.get("/engagement/directions/new/").content.decode()
    response = client.post("/engagement/directions/new/", {**direction_form(), "confirm": "yes"})
    assert response.status_code == 400
    assert 'href="#id_recipient_organisation"' in response.content.decode()
    assert not Direction.objects.exists()
