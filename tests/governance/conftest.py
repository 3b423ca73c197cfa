"""The people of the cycle (the secretariat, the chairs, the members) and meetings of
the groups. The governance structure itself is reference data, loaded for the session
with every app's (tests/conftest.py)."""

import datetime

import pytest
from django.utils import timezone

from directory.choices import Clearance, Role
from governance.models import GovernanceGroup, Meeting
from tests.conftest import person

NCA = "National Crime Agency"


@pytest.fixture
def committed_governance(committed_reference_data):
    """For transactional tests, which empty the database when they end."""
    assert GovernanceGroup.objects.exists()


@pytest.fixture
def secretariat(db):
    return person("secretariat", NCA, Role.SECRETARIAT)


@pytest.fixture
def ddg(db):
    return person("ddg", NCA, Role.DEPUTY_DIRECTOR_GENERAL, clearance=Clearance.DV)


@pytest.fixture
def hub_deputy_director(db):
    """The Deputy Director of the National Intelligence Hub, who chairs the NTIG."""
    return person("hub-dd", "National Intelligence Hub", Role.DIRECTOR, clearance=Clearance.DV)


def group(slug: str) -> GovernanceGroup:
    return GovernanceGroup.objects.select_related("cadence", "region").get(slug=slug)


def meeting_of(slug: str, *, starts_at: datetime.datetime, minutes: int = 120) -> Meeting:
    """A meeting of the group at `starts_at`, planned as the cycle would plan it."""
    found, _ = Meeting.objects.get_or_create(
        group=group(slug),
        starts_at=starts_at,
        defaults={"ends_at": starts_at + datetime.timedelta(minutes=minutes)},
    )
    return found


_test_started = {}


@pytest.fixture(autouse=True)
def _one_instant_per_test():
    """`started` and `coming` count from the instant the test began, so that asking twice
    for the same meeting gives the same meeting, whichever second the test has reached."""
    _test_started["at"] = timezone.now().replace(microsecond=0)
    yield
    _test_started.clear()


def started(slug: str, hours_ago: float = 1) -> Meeting:
    """A meeting of the group that began `hours_ago` before the test did."""
    return meeting_of(slug, starts_at=_test_started["at"] - datetime.timedelta(hours=hours_ago))


def coming(slug: str, days: float = 7) -> Meeting:
    """A meeting of the group `days` after the test began."""
    return meeting_of(slug, starts_at=_test_started["at"] + datetime.timedelta(days=days))


def member(slug: str, *people) -> None:
    for someone in people:
        group(slug).memberships.get_or_create(person=someone)
