import datetime

import pytest
from django.utils import timezone

from directory.choices import Marking, Role
from priorities.models import Priority
from tasking import services
from tasking.choices import CommitmentTest, NcaRole, Urgency
from tasking.models import Operation
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


@pytest.fixture
def essex_officer(db):
    return person("essex-officer", "Essex Police", Role.FORCE_OFFICER)


@pytest.fixture
def secretariat(db):
    return person("secretariat", "National Crime Agency", Role.SECRETARIAT)


@pytest.fixture
def make_operation(tasking_officer, make_target):
    """An operation of `lead`, supported by `supporters`, serving Pursue and the
    highest-risk priority, in which the NCA supports; begun a year ago."""

    def make(lead="Kent Police", supporters=("Essex Police",), marking=Marking.OFFICIAL, **kw):
        target = make_target(tasking_officer, name=kw.pop("target", "The Kestrel Network"))
        operation = services.operation_create(
            actor=tasking_officer,
            target=target,
            name=kw.pop("name", "Operation Kestrel"),
            lead_organisation=organisation(lead),
            supporting_organisations=[organisation(name) for name in supporters],
            marking=marking,
        )
        operation.priorities.set(
            Priority.objects.in_force(timezone.localdate()).filter(
                code__in=["pursue-soc", "highest-risk"]
            )
        )
        Operation.objects.filter(pk=operation.pk).update(
            nca_role=kw.pop("nca_role", NcaRole.SUPPORT),
            created_at=timezone.now() - datetime.timedelta(days=365),
        )
        return Operation.objects.get(pk=operation.pk)

    return make


@pytest.fixture
def kent_operation(make_operation):
    return make_operation()
