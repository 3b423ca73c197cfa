import pytest

from directory.choices import Role
from tasking import services
from tasking.choices import CommitmentTest, Urgency
from tests.conftest import person
from tests.factories import organisation

NO_TESTS = dict.fromkeys(CommitmentTest.values, False)


def answers(*names):
    return {**NO_TESTS, **dict.fromkeys(names, True)}


@pytest.fixture
def kent_detective(db):
    return person("kent-detective", "Kent Police", Role.FORCE_OFFICER)


@pytest.fixture
def hampshire_officer(db):
    return person("hants", "Hampshire and Isle of Wight Constabulary", Role.FORCE_OFFICER)


@pytest.fixture
def make_target(db):
    def make(actor, name="The Kestrel Network", **fields):
        return services.target_create(
            actor=actor, name=name, kind=fields.pop("kind", "group"), **fields
        )

    return make


@pytest.fixture
def make_request(db):
    """A draft request from a partner to the NCA, or from the NCA to a partner."""

    def make(actor, addressed="National Crime Agency", **fields):
        return services.request_create(
            actor=actor,
            addressed_organisation=organisation(addressed),
            summary=fields.pop("summary", "Surveillance support on an armed robbery team"),
            how_this_assists=fields.pop(
                "how_this_assists", "Armed surveillance we do not have would let us arrest them."
            ),
            urgency=fields.pop("urgency", Urgency.URGENT),
            **fields,
        )

    return make
