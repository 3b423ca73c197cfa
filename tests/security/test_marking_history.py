"""Issue 9 §2: a record's history shows each past version only to a reader cleared for
that version's marking. A target that was SECRET and is now OFFICIAL does not show its
SECRET past to a reader vetted to OFFICIAL-SENSITIVE."""

import pytest

from directory.choices import Clearance, Marking, Role
from directory.history import record_history
from tasking import services
from tasking.models import TaskingRequest
from tests.conftest import person
from tests.factories import organisation

pytestmark = pytest.mark.django_db

SECRET_PURSUE = "Covert deployment against the supply line at Chatham docks."


@pytest.fixture
def kent_detective(db):
    return person("kent-dc", "Kent Police", Role.FORCE_OFFICER, clearance=Clearance.SC)


@pytest.fixture
def declassified_target(kent_detective):
    """Recorded SECRET with its covert plan, then sanitised and lowered to OFFICIAL."""
    target = services.target_create(
        actor=kent_detective,
        name="Medway Vipers",
        kind="group",
        marking=Marking.SECRET,
        pursue=SECRET_PURSUE,
    )
    return services.target_update(
        actor=kent_detective,
        target=target,
        pursue="Disrupted.",
        marking=Marking.OFFICIAL,
        marking_reason="The operation is over and sanitised.",
    )


def test_a_ctc_reader_sees_only_the_official_present_of_a_once_secret_target(
    client, kent_officer, declassified_target
):
    client.force_login(kent_officer)
    page = client.get(f"/tasking/targets/{declassified_target.pk}/").content.decode()
    assert "Disrupted." in page
    assert SECRET_PURSUE not in page
    assert "secret" not in [
        event.pgh_data["marking"]
        for event in record_history(user=kent_officer, record=declassified_target)
    ]


def test_an_sc_reader_sees_the_secret_past_and_why_it_was_lowered(
    client, kent_detective, declassified_target
):
    client.force_login(kent_detective)
    page = client.get(f"/tasking/targets/{declassified_target.pk}/").content.decode()
    assert SECRET_PURSUE in page
    assert "Marking lowered because: The operation is over and sanitised." in page


def test_the_selector_withholds_a_change_whose_before_side_is_above_the_reader(
    kent_officer, kent_detective, declassified_target
):
    """The lowering itself is an OFFICIAL version, but its "before" side is SECRET."""
    cleared = list(record_history(user=kent_detective, record=declassified_target))
    shown = list(record_history(user=kent_officer, record=declassified_target))
    assert [e.pgh_label for e in cleared] == ["update", "insert"]
    assert shown == []
    services.target_update(actor=kent_detective, target=declassified_target, priority="priority")
    shown = list(record_history(user=kent_officer, record=declassified_target))
    assert [(e.pgh_label, e.pgh_diff["priority"]) for e in shown] == [
        ("update", ["none", "priority"])
    ]


def test_a_request_timeline_goes_through_the_same_selector(client, kent_officer, tasking_officer):
    """Every reader of a record's history asks the one selector: an OFFICIAL request's
    timeline is shown whole."""
    request = services.request_create(
        actor=kent_officer,
        addressed_organisation=organisation("National Crime Agency"),
        summary="Surveillance team",
        how_this_assists="Arrests.",
    )
    services.request_submit(actor=kent_officer, request=request)
    assert TaskingRequest.objects.get(pk=request.pk).status == "submitted"
    client.force_login(kent_officer)
    page = client.get(f"/tasking/requests/{request.pk}/").content.decode()
    assert "Submitted" in page
