"""Issue 9 §2: markings cannot slip. A full update without a field is refused rather than
filled with a default; lowering a marking is a deliberate act of the record's own
organisation, with a reason its history keeps; raising it is always allowed."""

import datetime

import pytest
from django.utils import timezone
from pghistory.models import Events

from directory.choices import Clearance, Marking, Role
from engagement import services as engagement_services
from governance import services as governance_services
from governance.models import GovernanceGroup
from tasking import services as tasking_services
from tasking.models import Target
from tests.conftest import VerifiedAPIClient, person
from tests.engagement.conftest import issue
from tests.governance.conftest import meeting_of

pytestmark = pytest.mark.django_db

NCA = "National Crime Agency"
HOUR = datetime.timedelta(hours=1)


def api(user):
    client = VerifiedAPIClient()
    client.force_login(user)
    return client


@pytest.fixture
def kent_detective(db):
    """A Kent Police officer with SC vetting, who records Kent's SECRET targets."""
    return person("kent-dc", "Kent Police", Role.FORCE_OFFICER, clearance=Clearance.SC)


@pytest.fixture
def secret_target(kent_detective):
    return tasking_services.target_create(
        actor=kent_detective,
        name="Medway Vipers",
        kind="group",
        aliases=["The Vipers", "Snake Crew"],
        marking=Marking.SECRET,
        pursue="Covert deployment against the Vipers' supply line.",
    )


def full_body(target, **changes):
    body = {
        "name": target.name, "kind": target.kind, "priority": target.priority,
        "aliases": target.aliases, "marking": target.marking, "threat_areas": [],
        "crime_types": [], "regions": [], "forces": [], "priorities": [], "international": False,
        "sophistication": target.sophistication,
        "responsible_organisation": target.responsible_organisation_id,
        "pursue": target.pursue, "prevent": "", "protect": "", "prepare": "", "active": True,
    }  # fmt: skip
    body.update(changes)
    return body


def last_change(record):
    return Events.objects.tracks(record).filter(pgh_label="update").latest("pgh_created_at")


# --- a full update names every field ------------------------------------------------------


def test_a_put_without_the_marking_is_a_400_naming_it_and_the_target_stays_secret(
    kent_detective, secret_target
):
    body = full_body(secret_target)
    del body["marking"]
    response = api(kent_detective).put(f"/api/targets/{secret_target.pk}/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["marking"]
    secret_target.refresh_from_db()
    assert secret_target.marking == Marking.SECRET
    assert sorted(secret_target.aliases) == ["Snake Crew", "The Vipers"]


def test_a_put_without_the_aliases_is_a_400_naming_them_and_they_are_kept(
    kent_detective, secret_target
):
    body = full_body(secret_target)
    del body["aliases"]
    response = api(kent_detective).put(f"/api/targets/{secret_target.pk}/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["aliases"]
    assert sorted(Target.objects.get(pk=secret_target.pk).aliases) == ["Snake Crew", "The Vipers"]


def test_an_empty_put_names_every_field_of_the_target(kent_detective, secret_target):
    response = api(kent_detective).put(f"/api/targets/{secret_target.pk}/", {}, format="json")
    assert response.status_code == 400
    assert {"marking", "aliases", "pursue", "forces", "priority"} <= set(response.json()["errors"])
    assert "marking_reason" not in response.json()["errors"]


def test_a_complete_put_replaces_the_target(kent_detective, secret_target):
    body = full_body(secret_target, aliases=["The Vipers"], marking=Marking.SECRET)
    response = api(kent_detective).put(f"/api/targets/{secret_target.pk}/", body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["aliases"] == ["The Vipers"]


def test_a_patch_changes_only_what_it_names(kent_detective, secret_target):
    response = api(kent_detective).patch(
        f"/api/targets/{secret_target.pk}/", {"priority": "high_priority"}, format="json"
    )
    assert response.status_code == 200, response.json()
    secret_target.refresh_from_db()
    assert (secret_target.marking, secret_target.priority) == (Marking.SECRET, "high_priority")
    assert sorted(secret_target.aliases) == ["Snake Crew", "The Vipers"]


# --- lowering is deliberate; raising is free ---------------------------------------------


def test_kent_lowers_its_own_target_only_with_a_reason(kent_detective, secret_target):
    url = f"/api/targets/{secret_target.pk}/"
    refused = api(kent_detective).patch(url, {"marking": "official"}, format="json")
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["marking_reason"]
    assert Target.objects.get(pk=secret_target.pk).marking == Marking.SECRET

    lowered = api(kent_detective).patch(
        url,
        {"marking": "official", "marking_reason": "The supply line has been dismantled."},
        format="json",
    )
    assert lowered.status_code == 200, lowered.json()
    change = last_change(secret_target)
    assert change.pgh_diff["marking"] == [Marking.SECRET, Marking.OFFICIAL]
    assert change.pgh_context["marking_lowered"] == {
        "by": kent_detective.pk,
        "from": Marking.SECRET,
        "to": Marking.OFFICIAL,
        "reason": "The supply line has been dismantled.",
    }


def test_the_nca_may_not_lower_a_kent_target_even_with_a_reason(tasking_officer, secret_target):
    response = api(tasking_officer).patch(
        f"/api/targets/{secret_target.pk}/",
        {"marking": "official", "marking_reason": "Looks harmless."},
        format="json",
    )
    assert response.status_code == 400
    assert "Only Kent Police" in response.json()["errors"]["marking"][0]
    assert Target.objects.get(pk=secret_target.pk).marking == Marking.SECRET


def test_the_nca_raises_a_kent_target_without_a_reason(tasking_officer, kent_detective):
    target = tasking_services.target_create(
        actor=kent_detective, name="Thanet Ring", kind="group", marking=Marking.OFFICIAL
    )
    response = api(tasking_officer).patch(
        f"/api/targets/{target.pk}/", {"marking": "secret"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert Target.objects.get(pk=target.pk).marking == Marking.SECRET


def test_nobody_raises_a_marking_above_their_own_clearance(kent_detective, secret_target):
    response = api(kent_detective).patch(
        f"/api/targets/{secret_target.pk}/", {"marking": "top_secret"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["marking"]


def test_the_target_page_asks_why_a_marking_is_lowered(client, kent_detective, secret_target):
    client.force_login(kent_detective)
    url = f"/tasking/targets/{secret_target.pk}/edit/"
    form = {
        "name": secret_target.name, "aliases": "The Vipers\nSnake Crew", "kind": "group",
        "priority": "none", "sophistication": "moderate", "marking": "official",
        "pursue": secret_target.pursue,
    }  # fmt: skip
    page = client.post(url, form)
    assert page.status_code == 400
    assert "lowering a marking needs a reason" in page.content.decode()
    assert Target.objects.get(pk=secret_target.pk).marking == Marking.SECRET

    done = client.post(url, {**form, "marking_reason": "Dismantled; now OFFICIAL."})
    assert done.status_code == 302
    assert last_change(secret_target).pgh_context["marking_lowered"]["reason"] == (
        "Dismantled; now OFFICIAL."
    )
    history = client.get(f"/tasking/targets/{secret_target.pk}/").content.decode()
    assert "Marking lowered because: Dismantled; now OFFICIAL." in history


# --- governance: actions and minutes -----------------------------------------------------


def started(slug):
    """A meeting of the group that began an hour ago."""
    return meeting_of(slug, starts_at=timezone.now().replace(microsecond=0) - HOUR)


@pytest.fixture
def secretariat(db):
    return person("secretariat", NCA, Role.SECRETARIAT)


def secret_action(secretariat, owner, slug="nttcg"):
    return governance_services.action_create(
        actor=secretariat,
        meeting=started(slug),
        description="Brief the regions on the new threat.",
        owner=owner,
        due_on=timezone.localdate() + datetime.timedelta(days=14),
        marking=Marking.SECRET,
    )


def test_the_secretariat_lowers_an_nca_groups_action_only_with_a_reason(
    secretariat, tasking_officer
):
    action = secret_action(secretariat, tasking_officer)
    url = f"/api/actions/{action.pk}/"
    refused = api(secretariat).patch(url, {"marking": "official"}, format="json")
    assert (refused.status_code, list(refused.json()["errors"])) == (400, ["marking_reason"])
    lowered = api(secretariat).patch(
        url, {"marking": "official", "marking_reason": "Briefed openly."}, format="json"
    )
    assert lowered.status_code == 200, lowered.json()
    assert last_change(action).pgh_context["marking_lowered"]["reason"] == "Briefed openly."


def test_only_a_regional_groups_rocu_lowers_its_actions(secretariat, tasking_officer):
    regional = GovernanceGroup.objects.exclude(host_organisation__name=NCA).first()
    action = secret_action(secretariat, tasking_officer, slug=regional.slug)
    response = api(secretariat).patch(
        f"/api/actions/{action.pk}/",
        {"marking": "official", "marking_reason": "Briefed openly."},
        format="json",
    )
    assert response.status_code == 400
    assert f"Only {regional.host_organisation.name}" in response.json()["errors"]["marking"][0]
    raised = api(secretariat).patch(
        f"/api/actions/{action.pk}/", {"marking": "secret"}, format="json"
    )
    assert raised.status_code == 200


def test_the_minutes_page_asks_why_their_marking_is_lowered(client, secretariat):
    meeting = started("nttcg")
    governance_services.minutes_save(
        actor=secretariat, meeting=meeting, text="Discussed the threat.", marking=Marking.SECRET
    )
    client.force_login(secretariat)
    url = f"/governance/meetings/{meeting.pk}/minutes/"
    page = client.post(url, {"text": "Discussed the threat.", "marking": "official"})
    assert page.status_code == 400
    assert "lowering a marking needs a reason" in page.content.decode()
    assert meeting.minutes.__class__.objects.get(meeting=meeting).marking == Marking.SECRET
    done = client.post(
        url, {"text": "Discussed.", "marking": "official", "marking_reason": "Sanitised."}
    )
    assert done.status_code == 302
    assert last_change(meeting.minutes).pgh_context["marking_lowered"]["to"] == Marking.OFFICIAL


# --- engagement: a variation of a direction ----------------------------------------------


def test_a_variation_marked_lower_than_its_direction_needs_a_reason_it_keeps(dg):
    direction = issue(dg, marking=Marking.SECRET)
    url = f"/api/directions/{direction.pk}/vary/"
    body = {"summary": "Two weeks, not four.", "reason": "Shortened.", "marking": "official"}
    refused = api(dg).post(url, body, format="json")
    assert (refused.status_code, list(refused.json()["errors"])) == (400, ["marking_reason"])
    varied = api(dg).post(url, {**body, "marking_reason": "The operation is public."})
    assert varied.status_code == 201, varied.json()
    assert varied.json()["marking"] == Marking.OFFICIAL
    assert (
        "Marking lowered from SECRET to OFFICIAL: The operation is public."
        in (varied.json()["reason"])
    )


def test_a_variation_keeps_its_directions_marking_unless_told(dg):
    direction = issue(dg, marking=Marking.SECRET)
    variation = engagement_services.direction_vary(
        actor=dg, direction=direction, summary="Two weeks.", reason="Shortened."
    )
    assert variation.marking == Marking.SECRET


def test_the_vary_page_asks_why_a_direction_is_marked_lower(client, dg):
    direction = issue(dg, marking=Marking.SECRET)
    client.force_login(dg)
    url = f"/engagement/directions/{direction.pk}/vary/"
    form = {
        "summary": "Two weeks, not four.",
        "reason": "Shortened.",
        "marking": "official",
        "confirm": "yes",
    }
    page = client.post(url, form)
    assert page.status_code in (200, 400)
    assert "lowering a marking needs a reason" in page.content.decode()
    assert not direction.amendments.exists()
    done = client.post(url, {**form, "marking_reason": "The operation is public."})
    assert done.status_code == 302
    assert direction.amendments.get().marking == Marking.OFFICIAL
