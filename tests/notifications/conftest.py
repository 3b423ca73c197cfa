"""The people of the notification centre's tests, each with an address to e-mail."""

import pytest

from directory.choices import Clearance, Role
from tests.conftest import person


@pytest.fixture
def kent_pcc(db):
    return person(
        "kent-pcc",
        "Police and Crime Commissioner for Kent",
        Role.PCC_OFFICE,
        clearance=Clearance.BPSS,
        email="kent-pcc@kent-pcc.example",
    )


@pytest.fixture
def essex_pcc(db):
    return person(
        "essex-pcc",
        "Police, Fire and Crime Commissioner for Essex",
        Role.PCC_OFFICE,
        clearance=Clearance.BPSS,
        email="essex-pcc@essex-pcc.example",
    )


@pytest.fixture
def se_rocu_officer(db):
    return person(
        "se-rocu",
        "South East Regional Organised Crime Unit",
        Role.ROCU_OFFICER,
        email="se-rocu@serocu.example",
    )
