"""The people and settings of the commitments' tests."""

import pytest

from commitments.models import CommitmentSettings
from directory.choices import Role
from tests.conftest import VerifiedAPIClient, person


@pytest.fixture(autouse=True)
def fortnight_window(db):
    """A due-soon window of 14 days and reports due every 91 days (the defaults), said
    here so that the dates in the tests read against them."""
    CommitmentSettings.objects.update_or_create(
        pk=1, defaults={"due_soon_days": 14, "circulation_days": 91}
    )


@pytest.fixture
def secretariat(db):
    return person("secretariat", "National Crime Agency", Role.SECRETARIAT)


@pytest.fixture
def analyst(db):
    return person("analyst", "National Intelligence Hub", Role.ANALYST)


@pytest.fixture
def api_client_for():
    def signed_in(user):
        client = VerifiedAPIClient()
        client.force_authenticate(user)
        return client

    return signed_in
